// A worker thread's share of a forecast: runs [from, to) of the baseline and, with a scenario, of the
// scenario on the same seeds. Progress (runs done, a scenario's counting twice) is posted every few runs;
// results go back as transferred buffers. A dataset task (forecast-fit.ts: the fit, the placement mix,
// the care-only forecast) opens the service's database, loads the dataset there and works on it: the
// request thread neither loads the dataset nor sends its events.
import { parentPort } from 'node:worker_threads';
import type { FittedForecast } from '../core/forecast/fit.js';
import { runRange, type ForecastOptions, type RunSet } from '../core/forecast/forecast.js';
import { compileScenario, type Scenario } from '../core/forecast/levers.js';
import { summaryOf, type SummaryTask } from './forecast-summary.js';
import { openStore } from './db/store.js';
import { datasetTask, type DatasetSource, type DatasetTask } from './forecast-fit.js';

export interface RunsTask {
  kind: 'runs';
  model: FittedForecast;
  options: ForecastOptions;
  from: number;
  to: number;
  scenario: Scenario | null;
}

export interface OnDatasetTask {
  kind: 'dataset';
  source: DatasetSource;
  task: DatasetTask;
}

export type WorkerTask = RunsTask | OnDatasetTask | SummaryTask;
export type { SummaryTask };

/** `status`: an error's HTTP status when it is a 4xx (the dataset is gone), passed on as such */
export type WorkerMessage = { done: number } | { base: RunSet; scen: RunSet | null } | { answer: unknown } | { error: string; status?: number; code?: string };

function onDataset({ source, task }: OnDatasetTask): unknown {
  const store = openStore(source.dbPath, { keyFile: source.keyFile, sharedWithService: true });
  try {
    return datasetTask(store, source.name, task, source.version);
  } finally {
    store.close();
  }
}

function runs(task: RunsTask): void {
  const total = (task.to - task.from) * (task.scenario ? 2 : 1);
  let done = 0;
  const tick = () => {
    if (++done % 5 === 0 || done === total) parentPort!.postMessage({ done });
  };
  const base = runRange(task.model, task.options, task.from, task.to, undefined, tick);
  const scen = task.scenario ? runRange(task.model, task.options, task.from, task.to, compileScenario(task.scenario, task.model.asOf), tick) : null;
  const buffers = [base, scen].flatMap((s) => (s ? Object.values(s.values).map((v) => v.buffer as ArrayBuffer) : []));
  parentPort!.postMessage({ base, scen }, buffers);
}

parentPort!.on('message', (task: WorkerTask) => {
  try {
    if (task.kind === 'dataset') parentPort!.postMessage({ answer: onDataset(task) });
    else if (task.kind === 'summary') parentPort!.postMessage({ answer: summaryOf(task) });
    else runs(task);
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    const client = status !== undefined && status < 500 ? { status, code: (error as { code?: string }).code } : {};
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error), ...client });
  }
});
