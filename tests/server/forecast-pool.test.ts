// A forecast's dataset tasks (server/forecast-fit.ts: the fit, a back-test's fit, the placement mix, the
// care-only forecast) run in a worker thread that opens the database and loads the dataset itself: the
// same answers as on the request thread, which loads nothing (audit issue 12 item 5: a cold load there
// stalled the event loop 150-262 ms on 150,741 events).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDay } from '../../core/dates.js';
import { datasetTask, type DatasetTask } from '../../server/forecast-fit.js';
import { onDataset, runForecast, RunsWorkers, summariseRuns } from '../../server/forecast-pool.js';
import { summaryOf } from '../../server/forecast-summary.js';
import { runRange } from '../../core/forecast/forecast.js';
import type { FittedForecast } from '../../core/forecast/fit.js';
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

describe('forecast runs, however few, in a worker thread', { timeout: 120_000 }, () => {
  let server: TestServer;
  // one fit at the data's last date, shared by every case (each case only runs it)
  let model: FittedForecast;
  beforeAll(async () => {
    server = await startTestServerWith('kent', makeDataset(150, 8).csv);
    const map = server.app.maps.get('front-door')!.map;
    const asOf = parseDay(server.store.getDataset('kent')!.to!)!;
    ({ model } = datasetTask(server.store, 'kent', { kind: 'fit', map, asOf }) as { model: FittedForecast });
  });
  afterAll(async () => server.close());

  // Audit a12h F2: 20-39 runs ran on the request thread; 39 runs of 60 months on 1M events froze the service 5.7 s.
  it('20 and 39 runs go to a worker (through the slot given) and give the single-thread answer', async () => {
    for (const runs of [20, 39, 45]) {
      const options = { months: 24, runs, seed: 5 };
      let slots = 0;
      const sets = await runForecast(model, options, null, { threads: 2, slot: (task) => (slots++, task()) });
      expect(sets.workers, `${runs} runs`).toBe(runs < 40 ? 1 : 2);
      expect(slots, `${runs} runs`).toBe(sets.workers);
      expect(sets.base).toEqual(runRange(model, options, 0, runs));
    }
  });

  it('a slot that refuses (429) is passed on, not run in this thread instead', async () => {
    const { ComputeQueueFullError } = await import('../../server/compute/compute-pool.js');
    const refuse = () => Promise.reject(new ComputeQueueFullError(64));
    await expect(runForecast(model, { months: 6, runs: 20, seed: 1 }, null, { slot: refuse })).rejects.toMatchObject({ statusCode: 429 });
  });

  it('kept workers give the same answers, run again, end when idle past their time, and are all ended on close', async () => {
    const workers = new RunsWorkers(400);
    try {
      const options = { months: 12, runs: 45, seed: 9 };
      const first = await runForecast(model, options, null, { threads: 2, workers });
      expect(first.workers).toBe(2);
      expect(workers.idleCount).toBe(2);
      const again = await runForecast(model, { ...options, seed: 10 }, null, { threads: 2, workers });
      expect(workers.idleCount).toBe(2); // the same two, not two more
      expect(first.base).toEqual(runRange(model, options, 0, 45));
      expect(again.base).toEqual(runRange(model, { ...options, seed: 10 }, 0, 45));
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(workers.idleCount).toBe(0);
      await runForecast(model, options, null, { threads: 1, workers });
      expect(workers.idleCount).toBe(1);
    } finally {
      await workers.close();
    }
    expect(workers.idleCount).toBe(0);
  });

  // Audit a12i F1: the percentiles of 2,000 runs of 60 months stalled the service 0.17-0.43 s at a forecast's end.
  it('works out the answer from the runs in a worker, through the slot, as this thread would; here when the runs were', async () => {
    const options = { months: 12, runs: 40, seed: 3 };
    const workers = new RunsWorkers(1000);
    try {
      const sets = await runForecast(model, options, { levers: [{ lever: 'referral_nfa', multiplier: 1.5, from: '2030-01-01', phaseInMonths: 0 }] }, { threads: 2, workers });
      for (const body of [null, { levers: [{ lever: 'referral_nfa' as const, multiplier: 1.5, from: '2030-01-01', phaseInMonths: 0 }] }]) {
        const task = { model, options, base: sets.base, scen: body ? sets.scen : null, body };
        let slots = 0;
        const inWorker = await summariseRuns(task, sets.workers, { slot: (run) => (slots++, run()), workers });
        expect(slots).toBe(1);
        expect(inWorker).toEqual(summaryOf(task));
        slots = 0;
        expect(await summariseRuns(task, 0, { slot: (run) => (slots++, run()), workers })).toEqual(summaryOf(task));
        expect(slots).toBe(0);
      }
    } finally {
      await workers.close();
    }
  });
});
