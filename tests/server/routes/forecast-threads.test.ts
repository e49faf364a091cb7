// The service's forecast threads stay within one bound whoever asks (audit a12h F3: each uncached forecast
// started up to 4 threads of its own; six at once took the service from 25 to 49 threads and its RSS from
// 985 to 1,701 MB). Six forecasts at once from three people never have more than the bound's workers alive;
// every one is answered as when asked alone; and the runs' workers are kept for the next forecast (a worker's
// start cost every forecast 0.5-1.6 s when each started its own), never more of them than the bound.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastThreads } from '../../../server/forecast-pool.js';
import { makeDataset, startTestServerWith, type TestServer } from '../api/harness.js';

/** This process's threads now (Linux). */
const threadsNow = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
const settle = () => new Promise((resolve) => setTimeout(resolve, 500)); // threads of workers just ended gone

/** The threads one worker thread with tsx's loader (as the forecast's: its hooks run on a thread of their own) adds to this process. */
async function threadsPerWorker(): Promise<number> {
  await settle();
  const before = threadsNow();
  const boot = `const { parentPort } = await import('node:worker_threads'); (await import('tsx/esm/api')).register(); await import('node:path'); parentPort.postMessage('up'); setInterval(() => {}, 1000);`;
  const worker = new Worker(`(async () => { ${boot} })()`, { eval: true });
  await new Promise((resolve) => worker.once('message', resolve));
  const added = threadsNow() - before;
  await worker.terminate();
  return added;
}

describe('forecast threads', { timeout: 240_000 }, () => {
  let server: TestServer;
  beforeAll(async () => void (server = await startTestServerWith('kent', makeDataset(300, 8).csv)));
  afterAll(async () => server.close());

  /** The most threads alive while `work` runs. */
  async function peakDuring(work: () => Promise<unknown>): Promise<number> {
    let peak = threadsNow();
    const sampler = setInterval(() => (peak = Math.max(peak, threadsNow())), 5);
    try {
      await work();
    } finally {
      clearInterval(sampler);
    }
    return Math.max(peak, threadsNow());
  }
  const url = (seed: number) => `/api/datasets/kent/forecast?months=12&runs=200&seed=${seed}`;
  const ask = (seed: number, address = '127.0.0.1') => server.app.inject({ method: 'GET', url: url(seed), remoteAddress: address });

  it('six forecasts from three people at once keep within the bound\'s workers, each answered as when alone; the runs\' workers are kept and used again', async () => {
    const perWorker = await threadsPerWorker();
    expect(perWorker).toBeGreaterThan(0);
    await settle();
    const before = threadsNow();
    const bound = forecastThreads();
    // the model fitted (its worker ends) and one forecast's runs done: their workers are kept
    const first = await peakDuring(async () => expect((await ask(1)).statusCode).toBe(200));
    await settle();
    const kept = threadsNow() - before;
    expect(kept, `${kept} threads kept after one forecast, ${perWorker} per worker`).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(perWorker * bound);
    // a second forecast starts no thread: it runs on the kept workers
    const second = await peakDuring(async () => expect((await ask(2)).statusCode).toBe(200));
    expect(second - before, `first forecast's peak ${first - before}, kept ${kept}`).toBeLessThanOrEqual(kept);
    const alone = (await ask(12, '127.0.0.9')).json();
    let answers: Awaited<ReturnType<typeof server.app.inject>>[] = [];
    const peak = await peakDuring(async () => {
      answers = await Promise.all([10, 11, 13, 14, 15, 16].map((seed, k) => ask(seed, `127.0.0.${(k % 3) + 2}`)));
    });
    for (const res of answers) expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect((await ask(12)).json()).toEqual(alone);
    // before: 6 forecasts × min(cores, 4) workers each at once, each ended after its forecast
    expect(peak - before, `${peak - before} threads added at most, ${perWorker} per worker, bound ${bound} workers`).toBeLessThanOrEqual(perWorker * bound);
    expect(peak - before, 'the bound was reached: more than one worker at once').toBeGreaterThan(perWorker);
  });
});
