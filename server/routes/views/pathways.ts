// GET /api/datasets/:name/views/pathways: the episode-unrolled Sankey, and the two-point Sankey at
// GET …/views/two-point, each with headline figures and through the disclosure policy (a node's trips
// are the sum of the links into it; a station's children the sum of the links out of it).
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { cohortLookBackNote, everLookBackNote } from '../../../core/analysis/cutoffs.js';
import { longDate, windowText } from '../../../core/analysis/date-text.js';
import { countHeadline, customHeadline, headlineTable, headlineWindow, rateHeadline, type HeadlineFigure } from '../../../core/analysis/headlines.js';
import { unrollPathways, type PathwayNode } from '../../../core/analysis/pathways.js';
import { endsMissingNote, runInOf, shortCountsNote, stockCompleteness } from '../../../core/analysis/run-in.js';
import { twoPointPathways, NOT_SEEN, type TwoPointDate, type TwoPointPathways } from '../../../core/analysis/two-point.js';
import { makeTable, type Cell, type ViewTable } from '../../../core/analysis/view-table.js';
import type { SumRelation } from '../../../core/disclosure/secondary.js';
import { addMonths, formatDay } from '../../../core/dates.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { round4 } from './format.js';
import { PathwaysQuerySchema, TwoPointQuerySchema } from './schemas.js';
import { keyOf, type ViewService } from './service.js';
import { clipDay, financialYearOf } from '../dataset-window.js';

type Rows = Array<Record<string, Cell>>;

export interface PathwaysView {
  dataset: string;
  window: { from: string; to: string };
  cohort: string;
  /** the cohort's previous referrals counted only from the data's first date (cutoffs.ts cohortLookBackNote), or null */
  cohortNote: string | null;
  map: string;
  headlines: Rows;
  nodes: Rows;
  links: Rows;
  leftOut: Rows;
}

export interface TwoPointView {
  dataset: string;
  a: string;
  b: string;
  cohort: string;
  /** as the pathways' cohortNote, from date a */
  cohortNote: string | null;
  map: string;
  headlines: Rows;
  links: Rows;
  atA: Rows;
  atB: Rows;
}

const STATION_KIND = "at this station (the map's count; a child at two stations counts at each)";
const OPEN_KIND = 'at a station (each child once)';
const ELSEWHERE_KIND = 'at no station';

const nodeLabel = (n: PathwayNode) => `${n.name} (${n.pre ? 'before ' : ''}episode ${n.episode}, step ${n.step})`;

/**
 * A viewer's two-point date: the data's last day for a date on or after it, else the last 31 March on or before the
 * date (the data's first day before the first such): a fixed handful of dates per dataset, so that no two answers
 * differ by a few days.
 */
export function viewerDay(day: number, span: { first: number; last: number }): number {
  if (day >= span.last) return span.last;
  // the financial year holding the next day starts the day after the last 31 March on or before this one
  const yearEnd = financialYearOf(day + 1).from! - 1;
  return Math.max(span.first, Math.min(yearEnd, span.last));
}

export const pathwaysRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get('/api/datasets/:name/views/pathways', { schema: { params: DatasetParamsSchema, querystring: PathwaysQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name, request.exactCounts);
    const window = service.window(info, q, request.exactCounts, 12);
    const span = service.span(info);
    const map = service.map(q.map);
    const key = `pathways|${name}|${version}|${keyOf({ ...window, cohort: q.cohort, map: q.map, episodes: q.episodes, steps: q.steps })}`;
    return service.respond(request, reply, key, q, `${name}-pathways`, () => {
      const { ctx } = service.context(name);
      const include = service.mask(ctx, q.cohort);
      const steps = ctx.steps(map);
      const unroll = (w: { from: number; to: number }) => unrollPathways(steps, { ...w, maxEpisodes: q.episodes, maxSteps: q.steps, include });
      const p = unroll(window);
      const byId = new Map(p.nodes.map((n, i) => [n.id, i]));
      const hw = headlineWindow(window);
      const headlines = [
        countHeadline('trips', 'Trips starting (an episode, or the contacts before one)', (w) => (w.from === window.from && w.to === window.to ? p.trips : unroll(w).trips), hw, span),
        rateHeadline(ctx.prepared, ctx.indicators, 'referral_nfa', 'Referrals ending in no further action', hw, span, include),
        rateHeadline(ctx.prepared, ctx.indicators, 'referral_to_assessment', 'Referrals that led to an assessment', hw, span, include),
        rateHeadline(ctx.prepared, ctx.indicators, 'rereferral_12m', 'Re-referrals within 12 months', hw, span, include),
      ];
      const tables = [
        headlineTable(headlines, hw, span),
        makeTable(
          'nodes',
          `Pathway steps: trips through each station at each step, trips starting ${windowText(window.from, window.to)}`,
          [
            ['id', 'Node id', 'text', { hidden: true }],
            ['station', 'Station id', 'text', { hidden: true }],
            ['name', 'Station', 'text'],
            ['episode', 'Episode', 'id'],
            ['pre', 'Before the episode', 'text'],
            ['step', 'Step', 'id'],
            ['trips', 'Trips', 'count'],
          ],
          p.nodes.map((n) => ({ id: n.id, station: n.station, name: n.name, episode: n.episode, pre: n.pre ? 'yes' : 'no', step: n.step, trips: n.value })),
        ),
        makeTable(
          'links',
          'Pathway links: trips from one step to the next',
          [
            ['source', 'From id', 'text', { hidden: true }],
            ['target', 'To id', 'text', { hidden: true }],
            ['from', 'From', 'text'],
            ['to', 'To', 'text'],
            ['count', 'Trips', 'count'],
            ['source_trips', 'Trips at the first step', 'count', { hidden: true }],
            ['share', 'Share of the trips at the first step', 'rate', { basis: ['count', 'source_trips'] }],
            ['kind', 'Kind', 'text'],
          ],
          p.links.map((l) => ({
            source: l.source, target: l.target, from: nodeLabel(p.nodes[byId.get(l.source)!]!), to: nodeLabel(p.nodes[byId.get(l.target)!]!),
            count: l.count, source_trips: p.nodes[byId.get(l.source)!]!.value, share: round4(l.share), kind: l.between ? 'return (new episode)' : 'within episode',
          })),
        ),
        makeTable(
          'left-out',
          'Not drawn: later episodes and steps beyond the limits chosen',
          [['what', 'What', 'text'], ['count', 'Count', 'count']],
          [
            { what: `Trips of episode ${q.episodes + 1} or later`, count: p.leftOut.tripsBeyondMaxEpisodes },
            { what: `Steps after step ${q.steps} of a trip`, count: p.leftOut.stepsBeyondMaxSteps },
          ],
        ),
      ];
      // only the nodes and links with trips are listed (a cohort's row read 0 is left out: view-table.ts)
      markSparse(tables, { nodes: 'trips', links: 'count' });
      // a node's trips (after the first step) are the links into it
      const relations: SumRelation[] = p.nodes.flatMap((n, row) => {
        const into = p.links.flatMap((l, i) => (l.target === n.id ? [{ table: 'links', row: i, column: 'count' }] : []));
        return n.step === 1 || into.length === 0 ? [] : [{ total: { table: 'nodes', row, column: 'trips' }, parts: into }];
      });
      return {
        tables,
        relations,
        assemble: (published): PathwaysView => ({
          dataset: name,
          window: { from: formatDay(window.from), to: formatDay(window.to) },
          cohort: q.cohort?.key ?? '',
          cohortNote: cohortLookBackNote(q.cohort?.filter, window.from, span.first),
          map: q.map,
          headlines: published.rows('headlines'),
          nodes: published.rows('nodes'),
          links: published.rows('links'),
          leftOut: published.rows('left-out'),
        }),
      };
    });
  });

  app.get('/api/datasets/:name/views/two-point', { schema: { params: DatasetParamsSchema, querystring: TwoPointQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name, request.exactCounts);
    const span = service.span(info);
    // Both dates inside the data (a date before it is its first day, after it its last), as every window is. A
    // viewer's dates are a financial year's end (31 March) or the data's last day (viewerDay): with any two dates,
    // the children first seen between them, each count rounded once, pinned 177 of 188 day counts of 1 to 4 over a
    // year of pairs a day to 8 days apart (audit of 2026-12-06, F3).
    const inData = (day: number) => clipDay(day, span.first, span.last);
    const asked = (day: number) => (request.exactCounts ? inData(day) : viewerDay(day, span));
    const b = q.b === undefined ? span.last : asked(q.b);
    const a = q.a === undefined ? asked(Math.max(span.first, addMonths(b, -12))) : asked(q.a);
    const map = service.map(q.map);
    const key = `two-point|${name}|${version}|${keyOf({ a, b, cohort: q.cohort, map: q.map })}`;
    return service.respond(request, reply, key, q, `${name}-two-point`, () => {
      const { ctx } = service.context(name);
      const include = service.mask(ctx, q.cohort);
      const steps = ctx.steps(map);
      const where = ctx.whereabouts(map);
      const t = twoPointPathways(steps, where, a, b, include);
      const place = new Map(t.places.map((p) => [p.id, p]));
      // Places, not stations: a child the map counts at two stations has one place naming both.
      const openOn = (tp: TwoPointPathways): HeadlineFigure => ({ k: tp.atB.open, n: tp.children, value: tp.children === 0 ? null : tp.atB.open / tp.children, note: null });
      const newSinceA = (links: TwoPointPathways['links']): HeadlineFigure => {
        const k = links.filter((l) => l.from === NOT_SEEN).reduce((s, l) => s + l.count, 0);
        return { k, n: null, value: k, note: null };
      };
      const stillOpen = (tp: TwoPointPathways): HeadlineFigure => {
        const openPlace = new Set(tp.places.filter((p) => p.open).map((p) => p.id));
        const openAtA = tp.links.filter((l) => openPlace.has(l.from));
        const n = openAtA.reduce((s, l) => s + l.count, 0);
        const k = openAtA.filter((l) => openPlace.has(l.to)).reduce((s, l) => s + l.count, 0);
        return { k, n, value: n === 0 ? null : k / n, note: null };
      };
      const earlierB = addMonths(b, -12);
      const earlier = earlierB >= span.first ? twoPointPathways(steps, where, addMonths(a, -12), earlierB, include) : null;
      // Where a figure's look-back starts before the data (its first date a on or before the data's first
      // day), every child seen is "first seen" and nobody was open before: say so (review v9b finding 9b).
      const cut = (from: number) => (from <= span.first ? `Incomplete: it looks back to ${longDate(from)}, on or before the data's first date (${longDate(span.first)}), so children seen earlier are not in it.` : null);
      const noted = (f: HeadlineFigure, ...notes: Array<string | null>): HeadlineFigure => ({ ...f, note: f.note ?? joinNotes(...notes) });
      const nowCut = cut(a);
      const firstSeenCut = 'children seen before then count as first seen here';
      const earlierCut = cut(addMonths(a, -12));
      // Counts of children waiting on a day inside a station's run-in after the data's first day miss those
      // who arrived before it (core/analysis/run-in.ts, the map's and the flow view's rule); a station whose
      // ends are missing counts starts, not children waiting.
      const runIn = runInOf(where, map, span, ctx.table);
      const stockCut = (day: number): string | null =>
        shortCountsNote(
          `on ${longDate(day)}`,
          runIn.stations.filter((_, s) => stockCompleteness(runIn, s, day).runIn && map.stations[s]!.kind !== 'exit'),
          span.first,
          runIn.stations.filter((st) => st.endsMissing).map(endsMissingNote),
        );
      const stationNote = (day: number, id: string): string | null => {
        const s = map.stations.findIndex((st) => st.id === id);
        return s < 0 ? null : stockCompleteness(runIn, s, day).note;
      };
      const headlines = [
        customHeadline('children', `Children seen by ${longDate(b)}`, 'count', { k: t.children, n: null, value: t.children, note: b > span.last ? 'Incomplete: after the data\'s last date.' : nowCut }, earlier ? { k: earlier.children, n: null, value: earlier.children, note: earlierCut } : null),
        customHeadline('open_on_b', `Of those, waiting at a station of the map on ${longDate(b)}`, 'share', noted(openOn(t), nowCut, stockCut(b)), earlier ? noted(openOn(earlier), earlierCut, stockCut(earlierB)) : null),
        customHeadline('new_since_a', `Children first seen after ${longDate(a)}`, 'count', noted(newSinceA(t.links), nowCut ?? everLookBackNote(a, span.first, firstSeenCut)), earlier ? noted(newSinceA(earlier.links), earlierCut ?? everLookBackNote(addMonths(a, -12), span.first, firstSeenCut)) : null),
        customHeadline('still_open', `Of children waiting at a station on ${longDate(a)}, still waiting at one on ${longDate(b)}`, 'share', noted(stillOpen(t), nowCut, stockCut(a)), earlier ? noted(stillOpen(earlier), earlierCut, stockCut(addMonths(a, -12))) : null),
      ];
      const fromTotal = new Map<string, number>();
      for (const l of t.links) fromTotal.set(l.from, (fromTotal.get(l.from) ?? 0) + l.count);
      const exits = new Set(map.stations.filter((s) => s.kind === 'exit').map((s) => s.id));
      // Each date: the map's count at every station where children wait (the stations endpoint's
      // `children`, a child at two stations counted at each), the children counted at one or more (each
      // once), and the rest by the view's own places; the last two add up to every child in the view.
      const atDate = (d: TwoPointDate, day: number) => [
        ...d.stations.filter((s) => !exits.has(s.id)).map((s) => ({ id: s.id, stage: s.name, children: s.children, kind: STATION_KIND, incomplete: stationNote(day, s.id) })),
        { id: 'open', stage: 'Waiting at one station or more', children: d.open, kind: OPEN_KIND, incomplete: stockCut(day) },
        ...d.elsewhere.map((s) => ({ id: s.id, stage: s.name, children: s.children, kind: ELSEWHERE_KIND, incomplete: null })),
      ];
      const atColumns: Parameters<typeof makeTable>[2] = [['id', 'Stage id', 'text', { hidden: true }], ['stage', 'Stage', 'text'], ['children', 'Children', 'count'], ['kind', 'Counted as', 'text'], ['incomplete', 'Incomplete?', 'text']];
      const tables = [
        headlineTable(headlines, { from: a, to: b }, span),
        makeTable(
          'two-point',
          `Where children were on ${longDate(a)} and on ${longDate(b)}`,
          [
            ['from_id', 'From id', 'text', { hidden: true }],
            ['to_id', 'To id', 'text', { hidden: true }],
            ['from', `On ${longDate(a)}`, 'text'],
            ['to', `On ${longDate(b)}`, 'text'],
            ['count', 'Children', 'count'],
            ['from_total', `Children at that place on ${longDate(a)}`, 'count', { hidden: true }],
            ['share', 'Share of those at the first place', 'rate', { basis: ['count', 'from_total'] }],
          ],
          t.links.map((l) => ({ from_id: l.from, to_id: l.to, from: place.get(l.from)!.name, to: place.get(l.to)!.name, count: l.count, from_total: fromTotal.get(l.from)!, share: round4(l.share) })),
        ),
        makeTable('at-a', `Children at each station on ${longDate(a)} (the map's count), and where the others were`, atColumns, atDate(t.atA, a), stockCut(a) ?? undefined),
        makeTable('at-b', `Children at each station on ${longDate(b)} (the map's count), and where the others were`, atColumns, atDate(t.atB, b), stockCut(b) ?? undefined),
      ];
      markSparse(tables, { 'two-point': 'count', 'at-a': 'children', 'at-b': 'children' });
      // every station of the map is listed on each date whatever its count (the map lists them too): only the
      // places at no station, which exist when a child is there, are left out when they read [c]
      for (const t of tables) if (t.id === 'at-a' || t.id === 'at-b') t.alwaysListed = { column: 'kind', values: [STATION_KIND, OPEN_KIND] };
      return {
        tables,
        assemble: (published): TwoPointView => ({
          dataset: name,
          a: formatDay(a),
          b: formatDay(b),
          cohort: q.cohort?.key ?? '',
          cohortNote: cohortLookBackNote(q.cohort?.filter, a, span.first),
          map: q.map,
          headlines: published.rows('headlines'),
          links: published.rows('two-point'),
          atA: published.rows('at-a'),
          atB: published.rows('at-b'),
        }),
      };
    });
  });
};

export { NOT_SEEN };

function joinNotes(...notes: Array<string | null>): string | null {
  const kept = notes.filter((n): n is string => n !== null);
  return kept.length ? kept.join(' ') : null;
}

/** Says which count column each listed table's rows exist for (only rows where it is not 0 are listed). */
function markSparse(tables: ViewTable[], columns: Record<string, string>): void {
  for (const t of tables) if (t.id in columns) t.sparse = columns[t.id];
}
