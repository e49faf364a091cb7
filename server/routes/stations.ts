// /api/datasets/:name/stations?map=ID&at=YYYY-MM-DD[&cohort=...]: each station's children waiting at
// the end of that day, their median and longest wait so far, and how many are past the station's
// target (core/whereabouts.ts); at the Section 47 station (front-door map) the same in two `parts`,
// enquiries open and children awaiting an ICPC. A date outside the data's first and last day is refused (a 400 naming them). The stays are built once per dataset version and map; a date is one
// pass over them, and recent answers are kept. A request without exact counts (a viewer) gets them under
// the disclosure policy (core/disclosure/aggregates.ts).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { strictObject } from '../../core/zod.js';
import { ChildWaitsResponseSchema, DatasetParamsSchema, DaySchema, DEFAULT_MAP_ID, MapIdSchema, StationChildrenResponseSchema, StationsResponseSchema } from '../../core/api-schemas.js';
import { disclosureNote, isYearsOnly, partitionSuppressStations, publishedSpan, publishStation, splitSuppressStations } from '../../core/disclosure/aggregates.js';
import { PARTITION_MAX_VALUES } from '../../core/disclosure/secondary.js';
import { COHORT_VALUES, formatCohort, narrowingDimensions, type CohortFilter } from '../../core/analysis/cohort.js';
import { countPolicyOf, type CountPolicy } from '../../core/disclosure/policy.js';
import { formatDay, parseDay } from '../../core/dates.js';
import { cohortLookBackNote, type DataSpan } from '../../core/analysis/cutoffs.js';
import { stockCompleteness } from '../../core/analysis/run-in.js';
import { childrenAt, stationsAt, unpairedOpenAt, waitsOfChild, type StationWaiting, type UnpairedOpen } from '../../core/whereabouts.js';
import { publishCountAs } from '../../core/disclosure/policy.js';
import { stationPeriodNouns, unpairedStationText } from '../../core/unpaired-text.js';
import type { Store } from '../db/store.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { MapsRegistry } from '../maps-registry.js';
import { jsonWeight, Lru } from '../lru.js';
import { datasetCaches } from '../dataset-caches.js';
import { createWhereaboutsCache } from '../whereabouts-cache.js';
import { responseSchema, type ZodTypeProvider } from '../zod-provider.js';
import { CohortSchema } from './views/schemas.js';
import { refuseCrossCohort } from './views/service.js';

/** Working days (the targets) are known from 1900 to 2199 (core/working-days.ts): a date past them is a 400, not a 500. */
const FIRST_DAY = parseDay('1900-01-01')!;
const LAST_DAY = parseDay('2199-12-31')!;

const mapDay = {
  map: MapIdSchema.default(DEFAULT_MAP_ID),
  at: DaySchema.refine((day) => day >= FIRST_DAY && day <= LAST_DAY, 'a date from 1900-01-01 to 2199-12-31'),
};
export const StationsQuerySchema = strictObject({ ...mapDay, cohort: CohortSchema.optional() });

/**
 * Refuses a map date outside the data (review v8f finding 1): after its last event nothing is known, so
 * an answer there would count every open step as still open and every wait as still growing (on a
 * test log, Assessment past target 828 instead of 693 ninety days on); before its first, nobody has
 * arrived. The refusal names the data's first and last day, as GET /api/datasets gives them to the
 * caller (a viewer of a dataset of 1 to 4 children gets the calendar years).
 */
function checkInData(store: Store, name: string, at: number, exact: boolean): CountPolicy {
  return checkSpan(store, name, at, exact).policy;
}

function checkSpan(store: Store, name: string, at: number, exact: boolean): { policy: CountPolicy; span: DataSpan } {
  const stored = store.getDataset(name);
  if (!stored) throw new NotFoundError(`dataset "${name}"`);
  // the span as the caller sees it: a viewer of 1 to 4 children's, whole calendar years, every day of
  // which is answered alike (every count under 10, 0 too, [c]: publishedSpan, isYearsOnly)
  const info = publishedSpan(stored, exact);
  if (info.from === null || info.to === null) throw new BadRequestError(`query.at: dataset "${name}" has no events, so no date has anyone on the map`);
  const first = parseDay(info.from)!;
  const last = parseDay(info.to)!;
  const coarse = isYearsOnly(stored, exact);
  if (at >= first && at <= last) return { policy: coarse ? 'cohort' : 'everyone', span: { first, last } };
  const span = coarse ? `from ${info.from.slice(0, 4)} to ${info.to.slice(0, 4)}` : `from ${info.from} (its first day) to ${info.to} (its last)`;
  throw new BadRequestError(`query.at: ${formatDay(at)} is ${at > last ? 'after' : 'before'} the data, which runs ${span}; nothing is known there`);
}

export interface StationsRoutesOptions {
  store: Store;
  maps: MapsRegistry;
  /** answers kept (per dataset version, map, date and cohort). @default 512 */
  cacheSize?: number;
}

const response = { 200: responseSchema(StationsResponseSchema) };
const childrenResponse = { 200: responseSchema(StationChildrenResponseSchema) };
const StationChildrenParamsSchema = DatasetParamsSchema.extend({ station: z.string().regex(/^[a-z0-9_-]{1,64}$/) });
const childWaitsResponse = { 200: responseSchema(ChildWaitsResponseSchema) };
const ChildParamsSchema = DatasetParamsSchema.extend({ child: z.string().regex(/^(0|[1-9][0-9]{0,8})$/, { message: 'a child is its index in the dataset' }).transform(Number) });
const ChildWaitsQuerySchema = strictObject(mapDay);

/** Bytes of stations answers kept in memory. */
const ANSWERS_BYTES = 16 * 1024 ** 2;

export const stationsRoutes: FastifyPluginAsync<StationsRoutesOptions> = async (parent, { store, maps, cacheSize = 512 }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const cache = createWhereaboutsCache(store, maps);
  // bounded by bytes too (issue 12 item 5; audit a12c finding 5): each answer weighed once (a few kilobytes)
  const answers = new Lru<string, { at: string; stations: StationWaiting[]; unpaired: UnpairedOpen[] }>(cacheSize, { maxWeight: ANSWERS_BYTES, weigh: jsonWeight });
  datasetCaches(store).add('stations', answers);

  app.get(
    '/api/datasets/:name/stations',
    { schema: { params: DatasetParamsSchema, querystring: StationsQuerySchema, response } },
    async (request, reply) => {
      const { name } = request.params;
      const { map, at, cohort } = request.query;
      const exact = request.exactCounts;
      // a viewer's cohort narrows one dimension, as in the views (service.ts refuseCrossCohort)
      refuseCrossCohort(cohort, exact);
      const entry = cache.get(name, map);
      const { policy: datasetPolicy, span } = checkSpan(store, name, at, exact);
      const stationsOf = (filter: CohortFilter | undefined, cohortKey: string) => {
        const key = `${name}\u0000${entry.version}\u0000${map}\u0000${at}\u0000${cohortKey}`;
        let answer = answers.get(key);
        const hit = answer !== undefined;
        if (!answer) {
          const include = filter ? entry.mask(filter, cohortKey) : null;
          answer = { at: formatDay(at), stations: stationsAt(entry.whereabouts, at, include).stations, unpaired: unpairedOpenAt(entry.whereabouts, at, include) };
          answers.set(key, answer);
        }
        return { answer, hit };
      };
      const { answer, hit } = stationsOf(cohort?.filter, cohort?.key ?? '');
      void reply.header('x-cache', hit ? 'hit' : 'miss');
      // A viewer's through the disclosure policy, like the flow view's work in progress.
      // A cohort's under the cohort policy (no [c]: core/disclosure/policy.ts), as in the views.
      const policy = datasetPolicy === 'cohort' ? 'cohort' : countPolicyOf(cohort?.key);
      let stations = answer.stations.map((s) => publishStation(s, exact, policy));
      // a split station's parts (enquiry open, awaiting ICPC) beside its total, as the flow view's work in progress (aggregates.ts)
      if (!exact) stations = splitSuppressStations(stations, policy).stations;
      // and, for a cohort of one dimension, secondary suppression across that dimension's cohorts (aggregates.ts)
      const dimension = cohort ? narrowingDimensions(cohort.filter) : [];
      if (!exact && policy === 'cohort' && cohort && dimension.length === 1 && COHORT_VALUES[dimension[0]!].length <= PARTITION_MAX_VALUES) {
        const d = dimension[0]!;
        const chosen = new Set(cohort.filter[d]);
        const values = COHORT_VALUES[d].map((_, i) => {
          const filter: CohortFilter = { [d]: [i] };
          return stationsOf(filter, formatCohort(filter)).answer.stations;
        });
        stations = partitionSuppressStations(stations, values, COHORT_VALUES[d].map((_, i) => chosen.has(i))).stations;
      }
      // Whether each count may be short (core/analysis/run-in.ts): before its run-in after the data's first
      // day, or a station whose ends are missing; the same rule the flow view's work in progress marks.
      const runIn = entry.runIn(span);
      const nouns = stationPeriodNouns(maps.get(map)!.map);
      // whether anyone (not only the cohort) has such periods at each station: the sentence's condition below
      const anyonesUnpaired = (cohort ? stationsOf(undefined, '').answer : answer).unpaired;
      const marked = stations.map((st) => {
        const s = entry.whereabouts.stationIds.indexOf(st.id);
        const c = stockCompleteness(runIn, s, at);
        // Periods counted open though an end of their kind was recorded under another episode (whereabouts.ts
        // unpairedOpenAt, the count the forecast's warning gives): a viewer's under the same policy as `waiting`.
        // A cohort's 0 is [c] as every count under 10 is (COHORT_NOTE), as in the flow view's work in progress;
        // the sentence only where anyone's count is above 0, so a [c] says nothing of a cohort on a log with none.
        const u = answer.unpaired[s]!.waiting;
        const unpairedEnds = exact ? u : publishCountAs(u, policy);
        const anyone = anyonesUnpaired[s]!.waiting > 0;
        const noun = nouns.get(st.id);
        const unpairedNote = noun === undefined || !anyone ? null : unpairedStationText(unpairedEnds, st.waiting, noun, at);
        return { ...st, incomplete: !c.complete, endsMissing: c.endsMissing, note: c.note, unpairedEnds, unpairedNote };
      });
      return { at: answer.at, stations: marked, disclosure: disclosureNote(exact, policy), cohortNote: cohortLookBackNote(cohort?.filter, at, span.first) };
    },
  );

  // The children a station's number counts (same stays, same cohort), each by its index in the dataset
  // only: child-level, so an analyst's, like the moves. The map's station list reads it.
  app.get(
    '/api/datasets/:name/stations/:station/children',
    {
      config: { access: 'analyst' },
      schema: { params: StationChildrenParamsSchema, querystring: StationsQuerySchema, response: childrenResponse },
      // Child-level (each child's index and wait): audited like the moves. The hook runs on the service
      // even when the compute worker answered (server/compute/offload.ts); the worker's trail is a no-op.
      onResponse: async (request, reply) => {
        if (reply.statusCode !== 200) return;
        request.audit({ action: 'export', dataset: request.params.name, outcome: 'ok', detail: { what: 'station_children', station: request.params.station } });
      },
    },
    async (request) => {
      const { name, station } = request.params;
      const { map, at, cohort } = request.query;
      const entry = cache.get(name, map);
      const { span } = checkSpan(store, name, at, request.exactCounts);
      const s = entry.whereabouts.stationIds.indexOf(station);
      if (s < 0) throw new NotFoundError(`station "${station}" on map "${map}"`);
      const include = cohort ? entry.mask(cohort.filter, cohort.key) : null;
      return { at: formatDay(at), station, cohortNote: cohortLookBackNote(cohort?.filter, at, span.first), children: childrenAt(entry.whereabouts, s, at, include) };
    },
  );

  // One child's steps (by index) up to a date: each stay the stations count, begun, ended or open, and
  // how long, for the journey panel. Child-level, so an analyst's.
  app.get(
    '/api/datasets/:name/children/:child/waits',
    {
      config: { access: 'analyst' },
      schema: { params: ChildParamsSchema, querystring: ChildWaitsQuerySchema, response: childWaitsResponse },
      // One child's record, as the child timeline is: audited as a child-timeline view.
      onResponse: async (request, reply) => {
        // Refused by the access or Host/Origin checks (401, 403): counted in the trail by their tally, one
        // row a minute per kind; a row here for each would let anyone flood the trail (aud12).
        if (reply.statusCode === 401 || reply.statusCode === 403) return;
        // Which child, as its keyed pseudonym (see child-timeline.ts): one indexed row, nothing loaded.
        const child = store.childPseudonym(request.params.name, request.params.child);
        request.audit({ action: 'child_timeline', dataset: request.params.name, outcome: reply.statusCode === 200 ? 'ok' : 'failed', detail: { what: 'waits', child } });
      },
    },
    async (request) => {
      const { name, child } = request.params;
      const { map, at } = request.query;
      const entry = cache.get(name, map);
      checkInData(store, name, at, request.exactCounts);
      if (child >= entry.children) throw new NotFoundError(`child ${child} in dataset "${name}"`);
      const { stationIds } = entry.whereabouts;
      const steps = waitsOfChild(entry.whereabouts, child, at).map((w) => ({
        station: stationIds[w.station]!,
        since: formatDay(w.sinceDay),
        until: w.endDay === null ? null : formatDay(w.endDay),
        days: w.days,
        unpairedEnds: w.unpairedEnds.map(formatDay),
      }));
      return { at: formatDay(at), child, steps };
    },
  );
};
