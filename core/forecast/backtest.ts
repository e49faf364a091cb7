// Back-testing: rewind the data by N months, forecast from there with the data up to that date only,
// and set the forecast against what happened: each month's actual arrivals and month-end stocks
// (stocks from "who is where" on the whole data, the numbers the map showed on those dates), and the
// share of months inside the 80% and 95% bands.
import type { EventTable } from '../event-table.js';
import { EVENT_TYPES } from '../events.js';
import type { MapDefinition } from '../map-schema.js';
import { buildWhereabouts, stationsAt } from '../whereabouts.js';
import { ARRIVAL_TYPES, fitForecast } from './fit.js';
import { forecast, type ForecastResult } from './forecast.js';
import { lastDayOfMonth, lastWholeMonth, monthOfDay } from './months.js';
import { forecastGrid } from './simulate.js';

export interface BacktestMeasure {
  actual: number[];
  /** share of months whose actual lies inside the 80% (p10–p90) and 95% (p2.5–p97.5) bands */
  inside80: number;
  inside95: number;
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

export function backtest(table: EventTable, map: MapDefinition, options: { monthsBack: number; runs: number; seed: number; asOf?: number }): Backtest {
  const asOf = options.asOf ?? rewoundAsOf(table, options.monthsBack);
  const months = options.monthsBack;
  const model = fitForecast(table, map, asOf);
  const result = forecast(model, { months, runs: options.runs, seed: options.seed });
  const grid = forecastGrid(asOf, months);
  const actual: Record<string, number[]> = {};
  for (const t of ARRIVAL_TYPES) actual[t] = new Array<number>(months).fill(0);
  for (let i = 0; i < table.length; i++) {
    const m = monthOfDay(table.day[i]!) - grid.firstMonth;
    if (m < 0 || m >= months) continue;
    const list = actual[EVENT_TYPES[table.type[i]!]!];
    if (list) list[m]!++;
  }
  const whereabouts = buildWhereabouts(table, map);
  for (const s of model.stations) actual[`open_${s.id}`] = Array.from(grid.ends, (end) => stationsAt(whereabouts, end).stations.find((w) => w.id === s.id)!.waiting);
  const measures: Record<string, BacktestMeasure> = {};
  for (const [name, values] of Object.entries(actual)) measures[name] = { actual: values, ...coverage(result, name, values) };
  return { forecast: result, measures };
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
