// /api/datasets/:name/metrics: the figures of spec/metrics.md for a window. `prepareMetrics` runs once
// per loaded dataset version (kept with the dataset in the store, released with it); each window's
// result is kept in an LRU bounded by count and bytes. `X-Cache: hit|miss` says which. A request without
// exact counts (a viewer) gets them under the disclosure policy (core/disclosure/aggregates.ts).
import type { FastifyPluginAsync } from 'fastify';
import { MetricsQuerySchema, DatasetParamsSchema } from '../../core/api-schemas.js';
import { isYearsOnly, publishedSpan, publishMetrics } from '../../core/disclosure/aggregates.js';
import { computeMetricsWithBases, prepareMetrics, type Metrics, type MetricsBases, type PreparedMetrics } from '../../core/metrics.js';
import { publishMonthCells, type MonthCell } from '../../core/disclosure/month-cells.js';
import { monthWindows } from '../../core/analysis/windows.js';
import type { Store } from '../db/store.js';
import { NotFoundError } from '../errors.js';
import { Lru, jsonWeight } from '../lru.js';
import { datasetCaches } from '../dataset-caches.js';
import { datasetWindow } from './dataset-window.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface MetricsRoutesOptions {
  store: Store;
  /** how many (dataset version, window) results to keep; default 64 */
  cacheSize?: number;
  /** bytes of results to keep; default 16 MiB */
  cacheBytes?: number;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (parent, { store, cacheSize = 64, cacheBytes = 16 * 1024 ** 2 }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const results = new Lru<string, { metrics: Metrics; bases: MetricsBases }>(cacheSize, { maxWeight: cacheBytes, weigh: jsonWeight });
  datasetCaches(store).add('metrics', results);

  function preparedFor(name: string): PreparedMetrics {
    const prepared = store.derived(name, 'metrics.prepared', (dataset) => prepareMetrics(dataset.table));
    if (prepared === null) throw new NotFoundError(`dataset "${name}"`);
    return prepared;
  }

  app.get(
    '/api/datasets/:name/metrics',
    { schema: { params: DatasetParamsSchema, querystring: MetricsQuerySchema } },
    async (request, reply) => {
      const { name } = request.params;
      const info = store.getDataset(name);
      if (!info) throw new NotFoundError(`dataset "${name}"`);
      // Clipped to the dataset's span, as the views are (server/routes/dataset-window.ts).
      const { from, to } = datasetWindow(name, publishedSpan(info, request.exactCounts), request.query, undefined, request.exactCounts ? 'days' : 'months');

      const version = store.version(name);
      const key = `${name}\u0000${version}\u0000${from}\u0000${to}`;
      let result = results.get(key);
      void reply.header('x-cache', result ? 'hit' : 'miss');
      if (!result) {
        result = computeMetricsWithBases(preparedFor(name), { from, to });
        results.set(key, result);
      }
      // Exact for analysts (and with authentication off); a viewer's go through the disclosure policy.
      // A 1-4-child dataset's counts by the cohort policy (every count under 10, 0 too, [c]), as in its views.
      if (request.exactCounts || isYearsOnly(info, false)) {
        return publishMetrics(result.metrics, result.bases, request.exactCounts, isYearsOnly(info, request.exactCounts) ? 'cohort' : 'everyone');
      }
      // Any other viewer's: sums of the window's months, each rounded once (core/disclosure/month-cells.ts).
      const cells = store.derived(name, 'metrics.months', () => new Map<number, MonthCell>());
      if (cells === null) throw new NotFoundError(`dataset "${name}"`);
      const months = monthWindows(from, to).map((month) => {
        let cell = cells.get(month.from);
        if (!cell) cells.set(month.from, (cell = { from: month.from, ...computeMetricsWithBases(preparedFor(name), month) }));
        return cell;
      });
      return publishMonthCells(result, months, store.pseudonyms.draw, name);
    },
  );
};
