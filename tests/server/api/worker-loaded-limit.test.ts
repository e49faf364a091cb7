// JOURNEYS_MAX_LOADED_MB bounds the datasets every thread holds loaded, not only the service's own: the
// compute worker, which answers the views, metrics and stations, opened its store with the default 1 GiB
// whatever was set (audit a12d F2: with 50 MB set the service's memory was that of 1,024).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { openStore } from '../../../server/db/store.js';
import { makeDataset, uploadCsv } from './harness.js';

const MAPS_DIR = new URL('../../../maps', import.meta.url).pathname;

async function loadedAfterTwoDatasets(maxLoadedBytes?: number): Promise<{ views: string[]; service: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'worker-loaded-'));
  const store = openStore(join(dir, 'test.db'), maxLoadedBytes === undefined ? {} : { maxLoadedBytes });
  const app = await buildApp({ store, mapsDir: MAPS_DIR, clientDir: join(dir, 'none'), computeWorker: true });
  try {
    for (const name of ['first', 'second']) {
      expect((await uploadCsv(app, name, makeDataset(80, name.length).csv)).statusCode).toBe(201);
      expect((await app.inject({ method: 'GET', url: `/api/datasets/${name}/metrics` })).statusCode).toBe(200);
    }
    return { views: await app.computePools.views!.loaded(), service: store.maxLoadedBytes };
  } finally {
    await app.close();
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

it('the compute worker keeps loaded no more than the service was told to', async () => {
  const tiny = await loadedAfterTwoDatasets(1);
  expect(tiny.service).toBe(1);
  expect(tiny.views).toEqual([]);
  const roomy = await loadedAfterTwoDatasets();
  expect(roomy.views.sort()).toEqual(['first', 'second']);
}, 120_000);
