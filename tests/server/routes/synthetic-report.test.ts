// The synthetic report's caches are bounded by bytes as well as entries (audit issue 12 item 5): a model
// or result heavier than its budget is not kept, so the next request works it out again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetCaches } from '../../../server/dataset-caches.js';
import { syntheticReportRoutes } from '../../../server/routes/synthetic-report.js';
import { makeDataset, startTestServerWith, type TestServer } from '../api/harness.js';
import { routesAlone } from './routes-alone.js';

describe('synthetic report caches', { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => void (server = await startTestServerWith('kent', makeDataset(150, 8).csv)));
  afterAll(async () => server.close());

  it('keep nothing heavier than their bytes, and what fits', async () => {
    const caches = datasetCaches(server.store);
    const cases = [
      [{ models: 1000, results: 1000 }, {}],
      [{}, { 'synthetic-report models': 1, 'synthetic-report results': 1 }],
    ] as const;
    for (const [cacheBytes, kept] of cases) {
      const app = await routesAlone(syntheticReportRoutes, { store: server.store, cacheBytes });
      try {
        expect((await app.inject({ method: 'GET', url: '/api/datasets/kent/synthetic-report?seed=1' })).statusCode).toBe(200);
        expect((await app.inject({ method: 'GET', url: '/api/datasets/kent/synthetic-model' })).statusCode).toBe(200);
        expect(caches.holding('kent')).toEqual(kept);
      } finally {
        await app.close();
        caches.forget('kent');
      }
    }
  });
});
