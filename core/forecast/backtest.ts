// Back-testing: rewind the data by N months, forecast from there with the data up to that date only,
// and set the forecast against what happened: each month's actual arrivals and month-end stocks
// (stocks from "who is where" on the whole data, the numbers the map showed on those dates), and the
// share of months inside the 80% and 95% bands.
import type { ChildAttributes } from '../children.js';
import type { EventTable } from '../event-table.js';
import type { MapDefinition } from '../map-schema.js';
import { buildWhereabouts } from '../whereabouts.js';
import { fitForecast, type FittedForecast } from './fit.js';
import { forecast, type ForecastResult } from './forecast.js';
import { lastDayOfMonth, lastWholeMonth } from './months.js';
import { recordedMonths } from './recorded.js';
import { forecastGrid } from './simulate.js';

export interface BacktestMeasure {
  actual: number[];
  /** share of months whose actual lies inside the 80% (p10–p90) and 95% (p2.5–p97.5) bands */
  inside80: number;
  inside95: number;
  /** stocks: periods open past the station's horizon at each month end (left out of `actual`, as out of the forecast) */
  pastHorizon?: number[];
}

export interface Backtest {
  forecast: ForecastResult;
  measures: Record<string, BacktestMeasure>;
}

/** The day N whole months before the data's last whole month ends. */
export function rewoundAsOf(table: EventTable, monthsBack: number): number {
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) if (table.day[i]! > last) last = table.day[i]!;
  return lastDayOfMonth(lastWholeMonth(last) - monthsBack);
}

/** What a back-test compares its forecast with: the model fitted to asOf and the months after it as they happened. */
export interface BacktestBasis {
  model: FittedForecast;
  actual: Record<string, number[]>;
  /** stocks: periods open past the station's horizon at each month end */
  pastHorizon: Record<string, number[]>;
}

/** The fit and the actuals (the slow part besides the runs; a server does it off its request thread). */
export function backtestBasis(table: EventTable, map: MapDefinition, asOf: number, months: number, children?: ChildAttributes): BacktestBasis {
  const model = fitForecast(table, map, asOf, children);
  // Stocks as the forecast counts them: what the map shows less the periods open past the horizon.
  const { values: actual, pastHorizon } = recordedMonths(table, buildWhereabouts(table, map), model.stations, forecastGrid(asOf, months).firstMonth, months);
  return { model, actual, pastHorizon };
}

/** The forecast set against the actuals. */
export function scoreBacktest(basis: Omit<BacktestBasis, 'model'>, result: ForecastResult): Backtest {
  const measures: Record<string, BacktestMeasure> = {};
  for (const [name, values] of Object.entries(basis.actual)) {
    const stale = basis.pastHorizon[name];
    measures[name] = { actual: values, ...coverage(result, name, values), ...(stale ? { pastHorizon: stale } : {}) };
  }
  return { forecast: result, measures };
}

export function backtest(table: EventTable, map: MapDefinition, options: { monthsBack: number; runs: number; seed: number; asOf?: number }): Backtest {
  const asOf = options.asOf ?? rewoundAsOf(table, options.monthsBack);
  const basis = backtestBasis(table, map, asOf, options.monthsBack);
  return scoreBacktest(basis, forecast(basis.model, { months: options.monthsBack, runs: options.runs, seed: options.seed }));
}

export function coverage(result: ForecastResult, name: string, actual: number[]): { inside80: number; inside95: number } {
  const band = result.series[name]!;
  let in80 = 0;
  let in95 = 0;
  actual.forEach((v, m) => {
    if (v >= band.p10[m]! && v <= band.p90[m]!) in80++;
    if (v >= band.p2_5[m]! && v <= band.p97_5[m]!) in95++;
  });
  return { inside80: in80 / actual.length, inside95: in95 / actual.length };
}
