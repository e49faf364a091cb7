// /api/datasets/:name/metrics: the figures of spec/metrics.md for a window. `prepareMetrics` runs once
// per dataset version; each window's result is kept in a small LRU. `X-Cache: hit|miss` says which.
import type { FastifyPluginAsync } from 'fastify';
import { MetricsQuerySchema, DatasetParamsSchema } from '../../core/api-schemas.js';
import { formatDay, parseDay } from '../../core/dates.js';
import { computeMetrics, prepareMetrics, type Metrics, type PreparedMetrics } from '../../core/metrics.js';
import type { Store } from '../db/store.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { Lru } from '../lru.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface MetricsRoutesOptions {
  store: Store;
  /** how many (dataset version, window) results to keep; default 64 */
  cacheSize?: number;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (parent, { store, cacheSize = 64 }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const prepared = new Map<string, { version: number; prepared: PreparedMetrics }>();
  const results = new Lru<string, Metrics>(cacheSize);

  function preparedFor(name: string, version: number): PreparedMetrics {
    const cached = prepared.get(name);
    if (cached && cached.version === version) return cached.prepared;
    const loaded = store.loadDataset(name);
    if (!loaded) throw new NotFoundError(`dataset "${name}"`);
    const fresh = prepareMetrics(loaded.table);
    prepared.set(name, { version, prepared: fresh });
    return fresh;
  }

  app.get(
    '/api/datasets/:name/metrics',
    { schema: { params: DatasetParamsSchema, querystring: MetricsQuerySchema } },
    async (request, reply) => {
      const { name } = request.params;
      const info = store.getDataset(name);
      if (!info) {
        prepared.delete(name);
        throw new NotFoundError(`dataset "${name}"`);
      }
      const from = request.query.from ?? (info.from !== null ? parseDay(info.from) : null);
      const to = request.query.to ?? (info.to !== null ? parseDay(info.to) : null);
      if (from === null || to === null) throw new BadRequestError(`dataset "${name}" has no events: give both from and to`);
      if (from > to) throw new BadRequestError(`query.from: from must be on or before to (${formatDay(from)} is after ${formatDay(to)})`);

      const version = store.version(name);
      const key = `${name}\u0000${version}\u0000${from}\u0000${to}`;
      let metrics = results.get(key);
      void reply.header('x-cache', metrics ? 'hit' : 'miss');
      if (!metrics) {
        metrics = computeMetrics(preparedFor(name, version), { from, to });
        results.set(key, metrics);
      }
      return metrics;
    },
  );
};
