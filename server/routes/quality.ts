// The data-quality report of a dataset's last import: GET /api/datasets/:name/quality (JSON, problems
// grouped by code, each marked new or not since the import before) and …/quality.csv (every problem).
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema } from '../../core/api-schemas.js';
import type { Store } from '../db/store.js';
import { NotFoundError } from '../errors.js';
import { groupByCode, problemsCsv } from '../import/quality/problems.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface QualityRoutesOptions {
  store: Store;
}

export const qualityRoutes: FastifyPluginAsync<QualityRoutesOptions> = async (parent, { store }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  const problemsOf = (name: string) => {
    const problems = store.qualityProblems(name);
    if (problems === null) throw new NotFoundError(`dataset "${name}"`);
    return problems;
  };

  app.get('/api/datasets/:name/quality', { schema: { params: DatasetParamsSchema } }, async (request) => {
    const problems = problemsOf(request.params.name);
    // Problems by file and row of the children's records: audited as a download, as the CSV is.
    request.audit({ action: 'export', dataset: request.params.name, outcome: 'ok', detail: { what: 'quality', problems: problems.length } });
    return { dataset: request.params.name, total: problems.length, byCode: groupByCode(problems), problems };
  });

  app.get('/api/datasets/:name/quality.csv', { schema: { params: DatasetParamsSchema } }, async (request, reply) => {
    const problems = problemsOf(request.params.name);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${request.params.name}-data-quality.csv"`)
      .send(problemsCsv(problems));
  });
};
