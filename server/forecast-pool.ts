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

/** Starts a worker on `task`; resolves with its answer, passing on its progress. */
function inWorker<T>(task: WorkerTask, pick: (message: WorkerMessage) => T | undefined, onProgress: (done: number) => void = () => {}): Promise<T> {
  return new Promise((resolve, reject) => {
    // The worker loads TypeScript through tsx's loader, registered before the worker module is imported.
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
    const worker = new Worker(boot, { eval: true });
    // Settled once the thread has gone, so a bound on threads (the caller's slot) holds to the end.
    const settle = (done: () => void) => void worker.terminate().then(done, done);
    worker.on('message', (message: WorkerMessage) => {
      if ('done' in message) return onProgress(message.done);
      if ('error' in message) settle(() => reject(message.status === undefined ? new RunError(message.error) : new ApiError(message.status, message.code ?? 'NOT_FOUND', message.error)));
      else settle(() => resolve(pick(message)!));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.postMessage(task);
  });
}

const runInWorker = (task: Omit<RunsTask, 'kind'>, onProgress: (done: number) => void) =>
  inWorker<RunSets>({ kind: 'runs', ...task }, (m) => ('base' in m ? m : undefined), onProgress);

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

/** Worker threads a forecast may use: the cores, at most 4. */
export const forecastThreads = () => Math.max(1, Math.min(availableParallelism(), 4));

export async function runForecast(
  model: FittedForecast, options: ForecastOptions, scenario: Scenario | null,
  { threads = forecastThreads(), onProgress = () => {}, slot = atOnce }: { threads?: number; onProgress?: ProgressListener; slot?: Slot } = {},
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
        })),
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
