// GET /api/datasets/:name/views/impact?marker=ID|date=YYYY-MM-DD&weeks=26: before and after a change.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { impactOfChange, WEEKLY_COUNT_KEY, type ImpactResult } from '../../../core/analysis/impact.js';
import { makeTable } from '../../../core/analysis/view-table.js';
import { RATE_KEYS } from '../../../core/metrics.js';
import type { Store } from '../../db/store.js';
import { NotFoundError } from '../../errors.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { comparisonTables } from './comparison-tables.js';
import { round4 } from './format.js';
import { ImpactQuerySchema } from './schemas.js';
import { keyOf, type ViewResult, type ViewService } from './service.js';

export interface ImpactView extends ViewResult, ImpactResult {
  dataset: string;
  cohort: string;
  markerLabel: string | null;
}

const SERIES_KEYS = [...RATE_KEYS, WEEKLY_COUNT_KEY] as const;

export const impactRoutes: FastifyPluginAsync<{ service: ViewService; store: Store }> = async (parent, { service, store }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const selectMarker = store.db.prepare<[number, number], { day: number; label: string }>('SELECT day, label FROM markers WHERE id = ? AND dataset_id = ?');

  app.get('/api/datasets/:name/views/impact', { schema: { params: DatasetParamsSchema, querystring: ImpactQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { version } = service.dataset(name);
    let markerDay: number;
    let markerLabel: string | null = null;
    if (q.marker !== undefined) {
      const row = selectMarker.get(q.marker, store.datasetId(name)!);
      if (!row) throw new NotFoundError(`marker ${q.marker} of dataset "${name}"`);
      markerDay = row.day;
      markerLabel = row.label;
    } else markerDay = q.date!;
    const key = `impact|${name}|${version}|${keyOf({ marker: markerDay, weeks: q.weeks, seed: q.seed, cohort: q.cohort })}`;
    const { value, hit } = service.cached(key, (): ImpactView => {
      const { ctx } = service.context(name);
      const result = impactOfChange(ctx.prepared, ctx.indicators, markerDay, q.weeks, service.mask(ctx, q.cohort), { seed: q.seed });
      return {
        dataset: name,
        cohort: q.cohort?.key ?? '',
        markerLabel,
        ...result,
        tables: [
          ...comparisonTables(result.after, result.before, result.differences, 'After', 'Before'),
          makeTable(
            'regression',
            'Segmented regression of each weekly series: change in level and in trend at the marker',
            [
              ['series', 'Weekly series', 'text'], ['points', 'Weeks with a value', 'number'],
              ['level', 'Level change', 'number'], ['level_lower', 'Level change 95% CI lower', 'number'], ['level_upper', 'Level change 95% CI upper', 'number'],
              ['slope', 'Trend change per week', 'number'], ['slope_lower', 'Trend change 95% CI lower', 'number'], ['slope_upper', 'Trend change 95% CI upper', 'number'],
              ['verdict', 'Larger than the noise?', 'text'],
            ],
            SERIES_KEYS.map((k) => {
              const fit = result.regression[k];
              const c = fit?.coefficients;
              return {
                series: k,
                points: fit?.n ?? null,
                level: round4(c?.level_change.estimate), level_lower: round4(c?.level_change.lower), level_upper: round4(c?.level_change.upper),
                slope: round4(c?.slope_change.estimate), slope_lower: round4(c?.slope_change.lower), slope_upper: round4(c?.slope_change.upper),
                verdict: fit ? (fit.largerThanNoise ? 'yes' : 'no') : 'too few weeks with a value',
              };
            }),
          ),
          makeTable(
            'weekly',
            'Weekly series either side of the marker',
            [['week', 'Week beginning', 'date'], [WEEKLY_COUNT_KEY, 'Referrals', 'count'], ...RATE_KEYS.map((k) => [k, k, 'rate'] as const)],
            result.weeks.map((week, w) => ({ week, ...Object.fromEntries(SERIES_KEYS.map((k) => [k, k === WEEKLY_COUNT_KEY ? result.weekly[k][w]! : round4(result.weekly[k][w])])) })),
          ),
        ],
      };
    });
    return service.send(reply, value, q, `${name}-impact`, hit);
  });
};
