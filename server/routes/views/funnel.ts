// GET /api/compare/funnel?rate=KEY&from&to: each dataset (council) a point of the rate against its
// volume, with exact binomial 95% and 99.8% limits around the pooled rate (Spiegelhalter 2005).
import type { FastifyPluginAsync } from 'fastify';
import { funnelCurve, funnelLimits, funnelPosition, type FunnelLimits, type FunnelPosition } from '../../../core/analysis/funnel.js';
import { tallyRate, tallyWindows } from '../../../core/analysis/rate-indicators.js';
import { makeTable } from '../../../core/analysis/view-table.js';
import { addMonths, formatDay, parseDay } from '../../../core/dates.js';
import type { Store } from '../../db/store.js';
import { BadRequestError } from '../../errors.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { round4 } from './format.js';
import { FunnelQuerySchema } from './schemas.js';
import { keyOf, type ViewResult, type ViewService } from './service.js';

export interface FunnelPoint {
  dataset: string;
  k: number;
  n: number;
  rate: number | null;
  limits: FunnelLimits | null;
  position: FunnelPosition | null;
}

export interface FunnelView extends ViewResult {
  rate: string;
  window: { from: string; to: string };
  cohort: string;
  /** pooled rate: all numerators over all denominators */
  target: number | null;
  method: 'exact binomial with interpolation (Spiegelhalter 2005, appendix A.1.1)';
  points: FunnelPoint[];
  curve: FunnelLimits[];
}

export const funnelRoutes: FastifyPluginAsync<{ service: ViewService; store: Store }> = async (parent, { service, store }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/compare/funnel', { schema: { querystring: FunnelQuerySchema } }, async (request, reply) => {
    const q = request.query;
    const datasets = store.listDatasets().filter((d) => d.to !== null && d.from !== null);
    if (datasets.length === 0) throw new BadRequestError('there are no datasets with events to compare');
    // Default window: the 12 months ending on the earliest last date, so every council is fully covered.
    const to = q.to ?? Math.min(...datasets.map((d) => parseDay(d.to!)!));
    const from = q.from ?? addMonths(to, -12) + 1;
    if (from > to) throw new BadRequestError(`query.from: from must be on or before to (${formatDay(from)} is after ${formatDay(to)})`);
    const versions = datasets.map((d) => `${d.name}:${store.version(d.name)}`).join(',');
    const key = `funnel|${versions}|${keyOf({ from, to, rate: q.rate, cohort: q.cohort })}`;
    const { value, hit } = service.cached(key, (): FunnelView => {
      const tallied = datasets.map((d) => {
        const { ctx } = service.context(d.name);
        const [tally] = tallyWindows(ctx.prepared, ctx.indicators, [{ from, to }], service.mask(ctx, q.cohort));
        return { dataset: d.name, ...tallyRate(tally!, q.rate) };
      });
      const totalK = tallied.reduce((s, t) => s + t.k, 0);
      const totalN = tallied.reduce((s, t) => s + t.n, 0);
      const target = totalN === 0 ? null : totalK / totalN;
      const points = tallied.map((t): FunnelPoint => {
        const limits = target === null || t.n === 0 ? null : funnelLimits(target, t.n);
        return { ...t, limits, position: limits && t.rate !== null ? funnelPosition(t.rate, limits) : null };
      });
      const maxN = Math.max(1, ...points.map((p) => p.n));
      return {
        rate: q.rate,
        window: { from: formatDay(from), to: formatDay(to) },
        cohort: q.cohort?.key ?? '',
        target,
        method: 'exact binomial with interpolation (Spiegelhalter 2005, appendix A.1.1)',
        points,
        curve: target === null ? [] : funnelCurve(target, maxN * 1.1),
        tables: [
          makeTable(
            'councils',
            `${q.rate} by council against its volume; pooled rate ${target === null ? 'n/a' : round4(target)}`,
            [
              ['dataset', 'Council (dataset)', 'text'], ['k', 'Numerator', 'count'], ['n', 'Denominator', 'count'], ['rate', 'Rate', 'rate'],
              ['lower998', '99.8% lower limit', 'rate'], ['lower95', '95% lower limit', 'rate'], ['upper95', '95% upper limit', 'rate'], ['upper998', '99.8% upper limit', 'rate'],
              ['position', 'Position', 'text'],
            ],
            points.map((p) => ({
              dataset: p.dataset, k: p.k, n: p.n, rate: round4(p.rate),
              lower998: round4(p.limits?.lower998), lower95: round4(p.limits?.lower95), upper95: round4(p.limits?.upper95), upper998: round4(p.limits?.upper998),
              position: p.position,
            })),
          ),
        ],
      };
    });
    return service.send(reply, value, q, `funnel-${q.rate}`, hit);
  });
};
