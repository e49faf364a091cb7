// GET /api/datasets/:name/views/cohorts?a=COHORT&b=COHORT: two cohorts side by side on every metric.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../../core/api-schemas.js';
import { compareCohorts, type CohortComparison } from '../../../core/analysis/compare-cohorts.js';
import { formatDay } from '../../../core/dates.js';
import type { ZodTypeProvider } from '../../zod-provider.js';
import { comparisonTables } from './comparison-tables.js';
import { CohortsQuerySchema } from './schemas.js';
import { keyOf, type ViewResult, type ViewService } from './service.js';

export interface CohortsView extends ViewResult, CohortComparison {
  dataset: string;
  window: { from: string; to: string };
  cohortA: string;
  cohortB: string;
}

export const cohortsRoutes: FastifyPluginAsync<{ service: ViewService }> = async (parent, { service }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/datasets/:name/views/cohorts', { schema: { params: DatasetParamsSchema, querystring: CohortsQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const q = request.query;
    const { info, version } = service.dataset(name);
    const window = service.window(info, q, 12);
    const key = `cohorts|${name}|${version}|${keyOf({ ...window, a: q.a, b: q.b, seed: q.seed })}`;
    const { value, hit } = service.cached(key, (): CohortsView => {
      const { ctx } = service.context(name);
      const result = compareCohorts(ctx.prepared, ctx.indicators, window, service.mask(ctx, q.a), service.mask(ctx, q.b), { seed: q.seed });
      const cohortA = q.a?.key ?? '';
      const cohortB = q.b?.key ?? '';
      return {
        dataset: name,
        window: { from: formatDay(window.from), to: formatDay(window.to) },
        cohortA,
        cohortB,
        ...result,
        tables: comparisonTables(result.a, result.b, result.differences, `A (${cohortA || 'everyone'})`, `B (${cohortB || 'everyone'})`),
      };
    });
    return service.send(reply, value, q, `${name}-cohorts`, hit);
  });
};
