// A forecast's dataset tasks (server/forecast-fit.ts: the fit, a back-test's fit, the placement mix, the
// care-only forecast) run in a worker thread that opens the database and loads the dataset itself: the
// same answers as on the request thread, which loads nothing (audit issue 12 item 5: a cold load there
// stalled the event loop 150-262 ms on 150,741 events).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDay } from '../../core/dates.js';
import { datasetTask, type DatasetTask } from '../../server/forecast-fit.js';
import { onDataset } from '../../server/forecast-pool.js';
import { makeDataset, startTestServerWith, type TestServer } from './api/harness.js';

describe('forecast dataset tasks in a worker thread', { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => void (server = await startTestServerWith('kent', makeDataset(150, 8).csv)));
  afterAll(async () => server.close());

  it('answers as this thread does, and this thread loads nothing', async () => {
    const map = server.app.maps.get('front-door')!.map;
    const asOf = parseDay(server.store.getDataset('kent')!.to!)! - 40;
    const tasks: DatasetTask[] = [
      { kind: 'fit', map, asOf },
      { kind: 'fit', map, backtestMonths: 6 },
      { kind: 'placementMix', asOf },
      { kind: 'careOnly', options: { asOf, months: 12, referenceFrom: asOf - 365 } },
    ];
    const version = server.store.version('kent');
    for (const task of tasks) {
      server.store.release();
      const load = vi.spyOn(server.store, 'loadDataset');
      const inWorker = await onDataset(server.store, 'kent', version, task);
      expect(load, task.kind).not.toHaveBeenCalled();
      load.mockRestore();
      expect(inWorker, task.kind).toEqual(datasetTask(server.store, 'kent', task));
    }
  });

  it('is a 404 when the dataset is gone or is no longer that version', async () => {
    const task: DatasetTask = { kind: 'placementMix', asOf: parseDay('2023-01-01')! };
    await expect(onDataset(server.store, 'kent', server.store.version('kent') + 1, task)).rejects.toMatchObject({ statusCode: 404 });
    await expect(onDataset(server.store, 'nope', 1, task)).rejects.toMatchObject({ statusCode: 404 });
  });
});
