// GET /api/datasets/:name/views/pathways: the episode-unrolled Sankey, and the two-point Sankey at
// GET …/views/two-point.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { unrollPathways, type Pathways } from '../../../core/analysis/pathways.js';
import { twoPointPathways, type TwoPointPathways } from '../../../core/analysis/two-point.js';
import { makeTable } from '../../../core/analysis/view-table.js';
import { addMonths, formatDay } from '../../../core/dates.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { round4 } from './format.js';
import { PathwaysQuerySchema, TwoPointQuerySchema } from './schemas.js';
import { keyOf, type ViewResult, type ViewService } from './service.js';

export interface PathwaysView extends ViewResult, Pathways {
  dataset: string;
  window: { from: string; to: string };
  cohort: string;
  map: string;
}

export interface TwoPointView extends ViewResult, Omit<TwoPointPathways, 'dateA' | 'dateB'> {
  dataset: string;
  a: string;
  b: string;
  cohort: string;
  map: string;
}

export const pathwaysRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get('/api/datasets/:name/views/pathways', { schema: { params: DatasetParamsSchema, querystring: PathwaysQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name);
    const window = service.window(info, q, 12);
    const map = service.map(q.map);
    const key = `pathways|${name}|${version}|${keyOf({ ...window, cohort: q.cohort, map: q.map, episodes: q.episodes, steps: q.steps })}`;
    const { value, hit } = service.cached(key, (): PathwaysView => {
      const { ctx } = service.context(name);
      const p = unrollPathways(ctx.steps(map), { ...window, maxEpisodes: q.episodes, maxSteps: q.steps, include: service.mask(ctx, q.cohort) });
      const names = new Map(p.nodes.map((n) => [n.id, n]));
      const label = (id: string) => {
        const n = names.get(id)!;
        return `${n.name} (${n.pre ? 'before ' : ''}episode ${n.episode}, step ${n.step})`;
      };
      return {
        dataset: name,
        window: { from: formatDay(window.from), to: formatDay(window.to) },
        cohort: q.cohort?.key ?? '',
        map: q.map,
        ...p,
        tables: [
          makeTable(
            'links',
            'Pathway links: trips from one step to the next',
            [['from', 'From', 'text'], ['to', 'To', 'text'], ['count', 'Trips', 'count'], ['share', 'Share of the source', 'rate'], ['kind', 'Kind', 'text']],
            p.links.map((l) => ({ from: label(l.source), to: label(l.target), count: l.count, share: round4(l.share), kind: l.between ? 'return (new episode)' : 'within episode' })),
          ),
          makeTable(
            'nodes',
            'Pathway steps: trips through each station at each step',
            [['station', 'Station', 'text'], ['episode', 'Episode', 'number'], ['pre', 'Before the episode', 'text'], ['step', 'Step', 'number'], ['trips', 'Trips', 'count']],
            p.nodes.map((n) => ({ station: n.name, episode: n.episode, pre: n.pre ? 'yes' : 'no', step: n.step, trips: n.value })),
          ),
        ],
      };
    });
    return service.send(reply, value, q, `${name}-pathways`, hit);
  });

  app.get('/api/datasets/:name/views/two-point', { schema: { params: DatasetParamsSchema, querystring: TwoPointQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name);
    const span = service.window(info, {});
    const b = q.b ?? span.to;
    const a = q.a ?? Math.max(span.from, addMonths(b, -12));
    const map = service.map(q.map);
    const key = `two-point|${name}|${version}|${keyOf({ a, b, cohort: q.cohort, map: q.map })}`;
    const { value, hit } = service.cached(key, (): TwoPointView => {
      const { ctx } = service.context(name);
      const { dateA: _a, dateB: _b, ...t } = twoPointPathways(ctx.steps(map), a, b, service.mask(ctx, q.cohort));
      const stationName = new Map(t.stations.map((s) => [s.id, s.name]));
      return {
        dataset: name,
        a: formatDay(a),
        b: formatDay(b),
        cohort: q.cohort?.key ?? '',
        map: q.map,
        ...t,
        tables: [
          makeTable(
            'two-point',
            `Where children were on ${formatDay(a)} and on ${formatDay(b)}`,
            [['from', `On ${formatDay(a)}`, 'text'], ['to', `On ${formatDay(b)}`, 'text'], ['count', 'Children', 'count'], ['share', `Share of those at the first station`, 'rate']],
            t.links.map((l) => ({ from: stationName.get(l.from)!, to: stationName.get(l.to)!, count: l.count, share: round4(l.share) })),
          ),
        ],
      };
    });
    return service.send(reply, value, q, `${name}-two-point`, hit);
  });
};
