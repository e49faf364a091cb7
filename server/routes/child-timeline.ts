// POST /api/datasets/:name/child-timeline {childId}: one child's events, for analysts (a POST so that
// the identifier travels in the body, never in a URL that logs and browser histories keep). Every
// look-up is audited, found or not (and why not), with the child's keyed pseudonym, never the identifier.
// With the compute worker (server/compute/) the events come from its copy of the dataset, loaded there:
// loading a dataset of 150,741 events here stalled the event loop 150-262 ms (audit issue 12 item 5).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { DatasetParamsSchema } from '../../core/api-schemas.js';
import { formatDay } from '../../core/dates.js';
import { DISABILITY_CODES, ETHNICITY_CODES, EVENT_TYPES, SEX_CODES, SOURCE_CODES, outcomeName } from '../../core/events.js';
import { NO_DATE } from '../../core/children.js';
import type { LoadedDataset, Store } from '../db/store.js';
import type { ComputePool } from '../compute/compute-pool.js';
import { requesterOf } from '../compute/offload.js';
import { NotFoundError } from '../errors.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface ChildTimelineRoutesOptions {
  store: Store;
  /** the compute worker, which loads the dataset and reads the events; absent: this thread does */
  pool?: ComputePool | null;
}

export type ChildTimeline = ReturnType<typeof timelineOf>;

const BodySchema = z.strictObject({ childId: z.string().trim().min(1).max(64) });

const code = (codes: readonly string[], value: number): string | null => (value === 0 ? null : (codes[value - 1] ?? null));

/** The answer: the child at `index` in the loaded dataset, its attributes and events. */
export function timelineOf(name: string, { table, children }: Pick<LoadedDataset, 'table' | 'children'>, index: number) {
  const events = [];
  for (let i = table.childStart[index]!; i < table.childStart[index + 1]!; i++) {
    events.push({
      date: formatDay(table.day[i]!),
      event: EVENT_TYPES[table.type[i]!]!,
      outcome: outcomeName(table.outcome[i]!),
      source: code(SOURCE_CODES, table.source[i]!),
      episode: table.episode[i]! < 0 ? null : table.episode[i]!,
    });
  }
  const dob = children.dob[index]!;
  return {
    dataset: name,
    childId: table.childIds[index]!,
    dob: dob === NO_DATE ? null : formatDay(dob),
    sex: code(SEX_CODES, children.sex[index]!),
    ethnicity: code(ETHNICITY_CODES, children.ethnicity[index]!),
    disability: code(DISABILITY_CODES, children.disability[index]!),
    events,
  };
}

export const childTimelineRoutes: FastifyPluginAsync<ChildTimelineRoutesOptions> = async (parent, { store, pool = null }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/datasets/:name/child-timeline',
    { config: { access: 'analyst' }, schema: { params: DatasetParamsSchema, body: BodySchema } },
    async (request) => {
      const { name } = request.params;
      // Looked up in the compute worker when there is one: a scan of up to a million children's rows (audit a12e B3:
      // 117-171 ms of the service's event loop a lookup, 6.6 s for 40 at once).
      const index = pool !== null ? await pool.childIndex(name, request.body.childId, requesterOf(request)) : store.childIndex(name, request.body.childId);
      // Which child, as its keyed pseudonym (an admin finds a child's with `cli pseudonym`), never the identifier.
      const child = store.pseudonymOf(request.body.childId);
      const detail: Record<string, string> = { child };
      if (index === null) detail.reason = store.getDataset(name) === null ? 'no_such_dataset' : 'not_found';
      request.audit({ action: 'child_timeline', dataset: name, outcome: index === null ? 'failed' : 'ok', detail });
      if (index === null) throw new NotFoundError(`that child in dataset "${name}"`);
      const loaded = pool === null ? store.loadDataset(name) : null;
      const timeline = pool !== null ? await pool.timeline(name, index, requesterOf(request)) : loaded === null ? null : timelineOf(name, loaded, index);
      if (timeline === null) throw new NotFoundError(`that child in dataset "${name}"`);
      return timeline;
    },
  );
};
