// Deleting a dataset releases it: no cache keeps an entry for it, and the JS heap after a full
// collection returns near where it was before the import (review v12d finding 5: RSS stayed at
// 1.26-1.30 GB after deleting all three imported datasets).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { datasetCaches } from '../../../server/dataset-caches.js';
import { makeDataset, startTestServer } from '../api/harness.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  // The loaded datasets are typed arrays: their bytes are outside the JS heap (arrayBuffers).
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const HEAVY = [
  'views/flow?from=0001-01-01&to=9999-12-31',
  'views/pathways?from=0001-01-01&to=9999-12-31',
  'views/rereferrals?from=1900-01-01&to=9999-12-31',
  'views/cohorts',
  'views/time-in-care',
  'metrics?from=0001-01-01&to=9999-12-31',
  'stations?map=front-door&at=2023-06-01',
  'moves?map=front-door',
  'views/impact?date=2023-01-01',
  'views/two-point',
  'synthetic-report?seed=1',
  'forecast?months=6&runs=20',
];

describe('deleting a dataset releases its memory', () => {
  it('leaves no cache entry for it, and the heap within a fifth of what the import added', async () => {
    const server = await startTestServer();
    try {
      const csv = makeDataset(6000, 3).csv;
      const use = async (name: string) => {
        expect((await server.app.inject({ method: 'POST', url: `/api/datasets/${name}`, headers: { 'content-type': 'text/csv' }, payload: csv })).statusCode).toBe(201);
        for (const path of HEAVY) {
          const res = await server.app.inject({ method: 'GET', url: `/api/datasets/${name}/${path}` });
          expect(res.statusCode, path).toBe(200);
        }
      };
      const drop = async (name: string) => {
        expect((await server.app.inject({ method: 'DELETE', url: `/api/datasets/${name}` })).statusCode).toBe(204);
        await server.store.purged();
      };
      // Once first, so that code, compiled maps and lasting structures are in place before the baseline.
      await use('warm');
      await drop('warm');
      const before = await heapAfterGc();
      await use('big');
      const loaded = await heapAfterGc();
      const caches = datasetCaches(server.store);
      expect(Object.keys(caches.holding('big')).sort()).toEqual(
        ['forecast answers', 'forecast models', 'metrics', 'moves', 'stations', 'synthetic-report models', 'synthetic-report results', 'views'],
      );
      await drop('big');
      expect(caches.holding('big')).toEqual({});
      const after = await heapAfterGc();
      console.log(`heapUsed + arrayBuffers MB: before ${(before / 2 ** 20).toFixed(1)}, loaded ${(loaded / 2 ** 20).toFixed(1)}, after delete ${(after / 2 ** 20).toFixed(1)}`);
      expect(loaded - before).toBeGreaterThan(6 * 2 ** 20); // the dataset and its caches are big enough to see
      expect(after - before).toBeLessThan((loaded - before) / 5);
    } finally {
      await server.close();
    }
  }, 300_000);
});
