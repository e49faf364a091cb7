// A forecast's fit as a task a worker thread runs (forecast-worker.ts) or, when workers cannot start,
// the request's own thread (forecast-pool.ts's fitOffThread).
import type { ChildAttributes } from '../core/children.js';
import type { EventTable } from '../core/event-table.js';
import { backtestBasis, type BacktestBasis } from '../core/forecast/backtest.js';
import { fitForecast, type FittedForecast } from '../core/forecast/fit.js';
import type { MapDefinition } from '../core/map-schema.js';

export interface FitTask {
  kind: 'fit';
  table: EventTable;
  /** the children's dates of birth give each arrival stream's ages (a population projection by age band) */
  children: ChildAttributes;
  map: MapDefinition;
  asOf: number;
  /** a back-test's months: the actuals after asOf are counted too */
  backtestMonths?: number;
}

export type FitAnswer = { model: FittedForecast } | BacktestBasis;

export function fitTask(task: FitTask): FitAnswer {
  return task.backtestMonths === undefined
    ? { model: fitForecast(task.table, task.map, task.asOf, task.children) }
    : backtestBasis(task.table, task.map, task.asOf, task.backtestMonths, task.children);
}
