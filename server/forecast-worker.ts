// A worker thread's share of a forecast: runs [from, to) of the baseline and, with a scenario, of the
// scenario on the same seeds. Progress (runs done, a scenario's counting twice) is posted every few runs;
// results go back as transferred buffers.
import { parentPort } from 'node:worker_threads';
import type { FittedForecast } from '../core/forecast/fit.js';
import { runRange, type ForecastOptions, type RunSet } from '../core/forecast/forecast.js';
import { compileScenario, type Scenario } from '../core/forecast/levers.js';

export interface WorkerTask {
  model: FittedForecast;
  options: ForecastOptions;
  from: number;
  to: number;
  scenario: Scenario | null;
}

export type WorkerMessage = { done: number } | { base: RunSet; scen: RunSet | null } | { error: string };

parentPort!.on('message', (task: WorkerTask) => {
  try {
    const total = (task.to - task.from) * (task.scenario ? 2 : 1);
    let done = 0;
    const tick = () => {
      if (++done % 5 === 0 || done === total) parentPort!.postMessage({ done });
    };
    const base = runRange(task.model, task.options, task.from, task.to, undefined, tick);
    const scen = task.scenario ? runRange(task.model, task.options, task.from, task.to, compileScenario(task.scenario), tick) : null;
    const buffers = [base, scen].flatMap((s) => (s ? Object.values(s.values).map((v) => v.buffer as ArrayBuffer) : []));
    parentPort!.postMessage({ base, scen }, buffers);
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
