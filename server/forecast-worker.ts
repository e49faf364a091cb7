// A worker thread's share of a forecast: runs [from, to) of the baseline and, with a scenario, of the
// scenario on the same seeds. Progress (runs done, a scenario's counting twice) is posted every few runs;
// results go back as transferred buffers. A `fit` task fits the model to a date (and, for a back-test,
// counts what happened after it), which reads every event of the dataset: off the request thread too.
import { parentPort } from 'node:worker_threads';
import type { FittedForecast } from '../core/forecast/fit.js';
import { runRange, type ForecastOptions, type RunSet } from '../core/forecast/forecast.js';
import { compileScenario, type Scenario } from '../core/forecast/levers.js';
import { fitTask, type FitAnswer, type FitTask } from './forecast-fit.js';

export interface RunsTask {
  kind: 'runs';
  model: FittedForecast;
  options: ForecastOptions;
  from: number;
  to: number;
  scenario: Scenario | null;
}

export type WorkerTask = RunsTask | FitTask;

export type WorkerMessage = { done: number } | { base: RunSet; scen: RunSet | null } | { fitted: FitAnswer } | { error: string };

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
    if (task.kind === 'fit') parentPort!.postMessage({ fitted: fitTask(task) });
    else runs(task);
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
