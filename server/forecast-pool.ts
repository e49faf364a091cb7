// Forecast runs split across worker threads (one per core, at most `threads`), each running its share
// of the seeds; merged in seed order, the result is identical to a single-thread run. Every run is in a
// worker, however few (audit a12h F2: 20-39 runs ran on the request thread, and 39 runs of 60 months on
// 1M events froze the service for 5.7 s). A `slot` (the service's ThreadGate) decides when each worker
// may start, so the service's forecast threads stay within a bound whoever asks. When workers cannot
// start (no TypeScript loader in this process), the runs happen in this thread instead; so do the dataset
// tasks (onDataset), which a worker otherwise loads the dataset for itself.
// Progress is counted in runs: `total` is the runs asked, twice with a scenario (it runs the baseline too).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FittedForecast } from '../core/forecast/fit.js';
import { mergeRuns, runRange, type ForecastOptions, type RunSet } from '../core/forecast/forecast.js';
import { compileScenario, type Scenario } from '../core/forecast/levers.js';
import type { Store } from './db/store.js';
import { ApiError } from './errors.js';
import { datasetTask, type DatasetAnswer, type DatasetTask } from './forecast-fit.js';
import type { RunsTask, WorkerMessage, WorkerTask } from './forecast-worker.js';
import { summaryOf, type SummaryTask } from './forecast-summary.js';
import type { ForecastResult } from '../core/forecast/forecast.js';
import type { ScenarioResult } from '../core/forecast/scenario.js';

const WORKER_URL = new URL('./forecast-worker.ts', import.meta.url);

export interface RunSets {
  base: RunSet;
  scen: RunSet | null;
  /** worker threads that ran it (0: this thread) */
  workers?: number;
}

/** Reports `done` of `total` runs (a scenario and its baseline count as two runs per seed). */
export type ProgressListener = (done: number, total: number) => void;

/** The runs a forecast does: its baseline's, and as many again for a scenario. */
export const runsToDo = (runs: number, scenario: Scenario | null) => runs * (scenario ? 2 : 1);

/** Runs a worker's whole life when the caller's bound allows (server/thread-gate.ts); by default at once. */
export type Slot = <T>(task: () => Promise<T>) => Promise<T>;
const atOnce: Slot = (task) => task();

/** The runs themselves failed (not the worker's start): running them here would fail the same way. */
class RunError extends Error {}

/** A forecast worker thread. It loads TypeScript through tsx's loader, registered before the worker module is imported. */
function bootWorker(): Worker {
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true });
}

/** Posts `task` to `worker`; resolves with its answer, passing on its progress. The worker is left as it is. */
function ask<T>(worker: Worker, task: WorkerTask, pick: (message: WorkerMessage) => T | undefined, onProgress: (done: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const off = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: WorkerMessage) => {
      if ('done' in message) return onProgress(message.done);
      off();
      if ('error' in message) reject(message.status === undefined ? new RunError(message.error) : new ApiError(message.status, message.code ?? 'NOT_FOUND', message.error));
      else resolve(pick(message)!);
    };
    const onError = (error: Error) => {
      off();
      reject(error);
    };
    const onExit = (code: number) => {
      off();
      reject(new Error(`the forecast worker stopped (exit code ${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}

/** `promise`, settled once `worker`'s thread has gone, so a bound on threads (the caller's slot) holds to the end. */
function afterExit<T>(worker: Worker, promise: Promise<T>): Promise<T> {
  const gone = () => worker.terminate().catch(() => undefined);
  return promise.then(
    async (value) => (await gone(), value),
    async (error: unknown) => {
      await gone();
      throw error;
    },
  );
}

/** Starts a worker of its own on `task`; resolves with its answer once the thread has gone. */
function inWorker<T>(task: WorkerTask, pick: (message: WorkerMessage) => T | undefined, onProgress: (done: number) => void = () => {}): Promise<T> {
  const worker = bootWorker();
  return afterExit(worker, ask(worker, task, pick, onProgress));
}

/**
 * Forecast worker threads kept for the runs of later forecasts: a worker's start (tsx's loader, the forecast
 * modules) took 0.5-1.6 s, paid by every forecast when each started its own (39 runs: 164 ms on the service's
 * thread, 695 ms in a new worker). Idle ones end after `idleMs` and do not keep the process alive. Used
 * only through a ThreadGate's places, so the threads alive, busy or idle, are never more than its capacity:
 * a worker is started only when none is idle. A worker that failed (not its runs) is not kept. Dataset
 * tasks do not use it: a worker that loaded a dataset would keep the heap it grew.
 */
export class RunsWorkers {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout | null }[] = [];
  private closed = false;

  constructor(private readonly idleMs = 60_000) {}

  async ask<T>(task: WorkerTask, pick: (message: WorkerMessage) => T | undefined, onProgress: (done: number) => void): Promise<T> {
    const kept = this.idle.pop();
    if (kept?.timer) clearTimeout(kept.timer);
    const worker = kept?.worker ?? bootWorker();
    worker.ref();
    let answer: T;
    try {
      answer = await ask(worker, task, pick, onProgress);
    } catch (error) {
      // the runs failed (the worker is sound) or the worker did
      if (error instanceof RunError || error instanceof ApiError) await this.keep(worker);
      else await worker.terminate().catch(() => undefined);
      throw error;
    }
    await this.keep(worker);
    return answer;
  }

  /** threads kept idle now */
  get idleCount(): number {
    return this.idle.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map(({ worker, timer }) => (timer && clearTimeout(timer), worker.terminate())));
  }

  private async keep(worker: Worker): Promise<void> {
    if (this.closed || this.idleMs <= 0) {
      await worker.terminate().catch(() => undefined);
      return;
    }
    worker.unref();
    const entry: { worker: Worker; timer: NodeJS.Timeout | null } = { worker, timer: null };
    entry.timer = setTimeout(() => {
      const i = this.idle.indexOf(entry);
      if (i >= 0) this.idle.splice(i, 1);
      void worker.terminate();
    }, this.idleMs);
    entry.timer.unref();
    this.idle.push(entry);
  }
}

const runsAnswer = (m: WorkerMessage) => ('base' in m ? m : undefined);
const runInWorker = (task: Omit<RunsTask, 'kind'>, onProgress: (done: number) => void, workers?: RunsWorkers) =>
  workers ? workers.ask<RunSets>({ kind: 'runs', ...task }, runsAnswer, onProgress) : inWorker<RunSets>({ kind: 'runs', ...task }, runsAnswer, onProgress);

/** A database another thread can open too (not one in memory). */
const sharedPath = (path: string): boolean => path !== '' && path !== ':memory:' && !path.startsWith('file::memory:');

/**
 * `task` (forecast-fit.ts: the fit, which reads every event and took seconds on the request thread; the
 * placement mix; the care-only forecast) on dataset `name` at its version `version`, in a worker thread
 * that loads the dataset itself: a cold dataset costs the request thread nothing (its load took 150-262 ms
 * there). When workers cannot start, or the database is in memory, here.
 */
export async function onDataset<T extends DatasetTask>(store: Store, name: string, version: number, task: T, slot: Slot = atOnce): Promise<DatasetAnswer<T>> {
  if (sharedPath(store.path)) {
    try {
      const source = { dbPath: store.path, keyFile: store.keyFile, name, version };
      return await slot(() => inWorker({ kind: 'dataset', source, task }, (m) => ('answer' in m ? (m.answer as DatasetAnswer<T>) : undefined)));
    } catch (error) {
      if (error instanceof RunError || error instanceof ApiError) throw error;
    }
  }
  return datasetTask(store, name, task, version);
}

/**
 * The forecast's answer from its runs (forecast-summary.ts: every month's percentiles, 0.17-0.43 s for 2,000
 * runs of 60 months), in a worker through `slot` (a kept one with `workers`), so the service's thread only
 * receives it (audit a12i F1). Here when the runs were (their workers could not start), or a worker cannot.
 */
export async function summariseRuns(
  task: Omit<SummaryTask, 'kind'>, ranIn: number | undefined, { slot = atOnce, workers }: { slot?: Slot; workers?: RunsWorkers } = {},
): Promise<ForecastResult | ScenarioResult> {
  if (ranIn === 0) return summaryOf(task);
  const whole: SummaryTask = { kind: 'summary', ...task };
  const answer = (m: WorkerMessage) => ('answer' in m ? (m.answer as ForecastResult | ScenarioResult) : undefined);
  try {
    return await slot(() => (workers ? workers.ask(whole, answer, () => {}) : inWorker(whole, answer)));
  } catch (error) {
    if (error instanceof RunError || error instanceof ApiError) throw error;
    return summaryOf(task);
  }
}

/** Worker threads a forecast may use: the cores, at most 4. */
export const forecastThreads = () => Math.max(1, Math.min(availableParallelism(), 4));

export async function runForecast(
  model: FittedForecast, options: ForecastOptions, scenario: Scenario | null,
  { threads = forecastThreads(), onProgress = () => {}, slot = atOnce, workers }: { threads?: number; onProgress?: ProgressListener; slot?: Slot; workers?: RunsWorkers } = {},
): Promise<RunSets> {
  const total = runsToDo(options.runs, scenario);
  const n = Math.max(1, Math.min(threads, Math.floor(options.runs / 20)));
  const counts = new Array<number>(n).fill(0);
  const bounds = Array.from({ length: n + 1 }, (_, k) => Math.round((options.runs * k) / n));
  try {
    const parts = await Promise.all(
      counts.map((_, k) =>
        slot(() => runInWorker({ model, options, from: bounds[k]!, to: bounds[k + 1]!, scenario }, (done) => {
          counts[k] = done;
          onProgress(counts.reduce((a, b) => a + b), total);
        }, workers)),
      ),
    );
    return { base: mergeRuns(parts.map((p) => p.base)), scen: scenario ? mergeRuns(parts.map((p) => p.scen!)) : null, workers: n };
  } catch (error) {
    // the runs failed, or the slot refused them (429): running them here would not do
    if (error instanceof RunError || error instanceof ApiError) throw error;
    // the workers could not start: fall through to this thread
    onProgress(0, total);
  }
  const base = runRange(model, options, 0, options.runs);
  const scen = scenario ? runRange(model, options, 0, options.runs, compileScenario(scenario, model.asOf)) : null;
  onProgress(total, total);
  return { base, scen, workers: 0 };
}
