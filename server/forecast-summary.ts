// A forecast's answer from its runs: every month's percentiles across the runs, a scenario's baseline and
// difference and costs too. For 2,000 runs of 60 months it took 0.17-0.43 s, on the service's thread until
// 2026-12-07 (audit a12i F1): now a forecast worker's task (forecast-worker.ts), here when workers cannot start.
import type { FittedForecast } from '../core/forecast/fit.js';
import { summarise, type ForecastOptions, type ForecastResult, type RunSet } from '../core/forecast/forecast.js';
import { summariseScenario, type PlacementMix, type ScenarioBody, type ScenarioResult } from '../core/forecast/scenario.js';

export interface SummaryTask {
  kind: 'summary';
  model: FittedForecast;
  options: ForecastOptions;
  base: RunSet;
  scen: RunSet | null;
  /** the scenario's levers and costs (null: the baseline alone) */
  body: Pick<ScenarioBody, 'levers' | 'costs'> | null;
  mix?: PlacementMix;
}

export function summaryOf(task: Omit<SummaryTask, 'kind'>): ForecastResult | ScenarioResult {
  return task.body ? summariseScenario(task.model, task.options, task.base, task.scen!, task.body, task.mix) : summarise(task.model, task.options, task.base);
}
