// The forecast routes never load a dataset on the request thread: the fit, the back-test's fit, the
// placement mix and the care-only forecast load it in a worker thread (audit issue 12 item 5: a cold
// forecast stalled the service's event loop 63-274 ms on 150,741 events, 106-120 ms less CPU wait).
// Their answers are checked against fixed expectations in tests/server/api/forecast.test.ts and care-only.test.ts.
// Their caches are bounded by bytes as well as entries (item 5).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { datasetCaches } from '../../../server/dataset-caches.js';
import { forecastRoutes } from '../../../server/routes/forecast.js';
import { makeDataset, startTestServerWith, type TestServer } from '../api/harness.js';
import { routesAlone } from './routes-alone.js';

describe('forecast routes on a cold dataset', { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => void (server = await startTestServerWith('kent', makeDataset(150, 8).csv)));
  afterAll(async () => server.close());

  it('do not call store.loadDataset on the request thread', async () => {
    const load = vi.spyOn(server.store, 'loadDataset');
    try {
      for (const [method, url, payload] of [
        ['GET', '/api/datasets/kent/forecast?months=6&runs=20'],
        ['GET', '/api/datasets/kent/forecast/backtest?months=6&runs=20'],
        ['GET', '/api/datasets/kent/forecast/care-only?months=6'],
        ['POST', '/api/datasets/kent/forecast?months=6&runs=20', { levers: [], costs: { weekly: {}, weeklyPerPlacement: { U1: 700 } } }],
      ] as const) {
        const res = await server.app.inject({ method, url, ...(payload ? { payload } : {}) });
        // events alone give no placement types: costs per placement type are refused, after the mix is worked out
        expect(res.statusCode, `${url} ${res.body.slice(0, 200)}`).toBe(payload ? 400 : 200);
      }
      expect(load).not.toHaveBeenCalled();
    } finally {
      load.mockRestore();
    }
  });

  it('keep nothing heavier than their bytes in their caches, and what fits', async () => {
    const caches = datasetCaches(server.store);
    caches.forget('kent'); // what the service's own routes kept
    const cases = [
      [{ models: 1000, answers: 1000, careOnly: 100 }, {}],
      [{}, { 'forecast models': 1, 'forecast answers': 1, 'forecast care-only': 1 }],
    ] as const;
    for (const [cacheBytes, kept] of cases) {
      const app = await routesAlone(forecastRoutes, { store: server.store, maps: server.app.maps, cacheBytes });
      try {
        for (const url of ['/api/datasets/kent/forecast?months=6&runs=20', '/api/datasets/kent/forecast/care-only?months=6']) {
          expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
        }
        expect(caches.holding('kent')).toEqual(kept);
      } finally {
        await app.close();
        caches.forget('kent');
      }
    }
  });
});
