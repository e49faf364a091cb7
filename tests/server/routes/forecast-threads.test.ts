// The service's forecast threads stay within one bound whoever asks (audit a12h F3: each uncached forecast
// started up to 4 threads of its own; six at once took the service from 25 to 49 threads and its RSS from
// 985 to 1,701 MB). Six forecasts at once, each of a new seed, never have more than the bound's threads
// alive; every one is answered, as it is when asked alone.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastThreads } from '../../../server/forecast-pool.js';
import { makeDataset, startTestServerWith, type TestServer } from '../api/harness.js';

/** This process's threads now (Linux). */
const threadsNow = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);

describe('forecast threads', { timeout: 240_000 }, () => {
  let server: TestServer;
  beforeAll(async () => void (server = await startTestServerWith('kent', makeDataset(300, 8).csv)));
  afterAll(async () => server.close());

  /** The most threads alive above `before` while `work` runs. */
  async function peakDuring(work: () => Promise<unknown>): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 500)); // the last workers' threads gone
    const before = threadsNow();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, threadsNow())), 5);
    try {
      await work();
    } finally {
      clearInterval(sampler);
    }
    return peak - before;
  }
  const url = (seed: number) => `/api/datasets/kent/forecast?months=12&runs=200&seed=${seed}`;

  it('six forecasts from three people at once keep within the service\'s forecast threads, each answered as when alone', async () => {
    // the model fitted and cached first: what follows is runs only
    expect((await server.app.inject({ method: 'GET', url: url(1) })).statusCode).toBe(200);
    // one worker's threads: 20 runs take one
    const oneWorker = await peakDuring(async () => expect((await server.app.inject({ method: 'GET', url: '/api/datasets/kent/forecast?months=12&runs=20&seed=2' })).statusCode).toBe(200));
    expect(oneWorker).toBeGreaterThan(0);
    const alone = (await server.app.inject({ method: 'GET', url: url(12), remoteAddress: '127.0.0.9' })).json();
    const seeds = [10, 11, 13, 14, 15, 16];
    let answers: Awaited<ReturnType<typeof server.app.inject>>[] = [];
    const added = await peakDuring(async () => {
      answers = await Promise.all(seeds.map((seed, k) => server.app.inject({ method: 'GET', url: url(seed), remoteAddress: `127.0.0.${(k % 3) + 2}` })));
    });
    for (const res of answers) expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: url(12) })).json()).toEqual(alone);
    // before: 6 forecasts × min(cores, 4) workers each at once; a worker's place is free only when its threads have gone
    const bound = forecastThreads();
    expect(added, `${added} threads added, ${oneWorker} per worker, bound ${bound} workers`).toBeLessThanOrEqual(oneWorker * bound);
    expect(added, 'the bound was reached: more than one worker at once').toBeGreaterThan(oneWorker);
  });
});
