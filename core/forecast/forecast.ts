// A forecast: N seeded runs of simulate.ts, summarised per month as quantiles, in the JSON shape the API
// serves: { asOf, months, series: { <event type> | open_<station>: { p2_5, p10, p25, p50, p75, p90, p97_5 } } }.
// Runs can be split across workers (runRange) and merged (mergeRuns) before summarising.
import { z } from 'zod';
import { formatDay } from '../dates.js';
import { ARRIVAL_TYPES, type FittedForecast } from './fit.js';
import type { IncompleteStock } from './incomplete-text.js';
import { monthLabel } from './months.js';
import { dataWarnings } from './warnings.js';
import { forecastGrid, NO_LEVERS, simulateRun, type Grid, type LeverEffects } from './simulate.js';

export const QUANTILES = { p2_5: 0.025, p10: 0.1, p25: 0.25, p50: 0.5, p75: 0.75, p90: 0.9, p97_5: 0.975 } as const;
export type QuantileKey = keyof typeof QUANTILES;
export type Band = Record<QuantileKey, number[]>;

export interface ForecastOptions {
  months: number;
  runs: number;
  seed: number;
}

/** Every run's values: measure → Float64Array(runs × months), run-major. */
export interface RunSet {
  runs: number;
  months: number;
  values: Record<string, Float64Array>;
}

export function measureNames(model: FittedForecast): string[] {
  return [...ARRIVAL_TYPES, ...model.stations.map((s) => `open_${s.id}`)];
}

/** Runs [from, to) of a forecast (a worker's share). */
export function runRange(model: FittedForecast, options: ForecastOptions, from: number, to: number, levers: LeverEffects = NO_LEVERS, onRun?: (done: number) => void): RunSet {
  const grid = forecastGrid(model.asOf, options.months);
  const names = measureNames(model);
  const runs = to - from;
  const values: Record<string, Float64Array> = {};
  for (const name of names) values[name] = new Float64Array(runs * options.months);
  for (let r = from; r < to; r++) {
    const result = simulateRun(model, grid, options.seed, r, levers);
    const offset = (r - from) * options.months;
    ARRIVAL_TYPES.forEach((t, a) => values[t]!.set(result.arrivals[a]!, offset));
    model.stations.forEach((s, k) => values[`open_${s.id}`]!.set(result.stocks[k]!, offset));
    onRun?.(r - from + 1);
  }
  return { runs, months: options.months, values };
}

export function mergeRuns(parts: RunSet[]): RunSet {
  const months = parts[0]!.months;
  const runs = parts.reduce((n, p) => n + p.runs, 0);
  const values: Record<string, Float64Array> = {};
  for (const name of Object.keys(parts[0]!.values)) {
    const all = new Float64Array(runs * months);
    let offset = 0;
    for (const p of parts) {
      all.set(p.values[name]!, offset);
      offset += p.runs * months;
    }
    values[name] = all;
  }
  return { runs, months, values };
}

/** Quantile of sorted values, linear between order statistics (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function bandsOf(values: Float64Array, runs: number, months: number): Band {
  const band = Object.fromEntries(Object.keys(QUANTILES).map((k) => [k, new Array<number>(months)])) as Band;
  const column = new Float64Array(runs);
  for (let m = 0; m < months; m++) {
    for (let r = 0; r < runs; r++) column[r] = values[r * months + m]!;
    column.sort();
    for (const [key, q] of Object.entries(QUANTILES)) band[key as QuantileKey][m] = Math.round(quantileSorted(column, q) * 100) / 100;
  }
  return band;
}

/**
 * The months before the forecast as the data recorded them (recorded.ts: the same counting as a
 * back-test's actuals), for drawing the forecast against the recent trend: up to HISTORY_MONTHS (24)
 * whole months ending the month before `months[0]`, fewer when the data starts later. `series` has a
 * value a month for every measure of the forecast's `series` (arrivals in the month; stocks at its end,
 * less `pastHorizon`, the periods open past the station's plausibility horizon then).
 */
export const ForecastHistorySchema = z.strictObject({
  months: z.array(z.string().regex(/^\d{4}-\d{2}$/)),
  series: z.record(z.string(), z.array(z.number().int().min(0))),
  pastHorizon: z.record(z.string().regex(/^open_/), z.array(z.number().int().min(0))),
});
export type ForecastHistory = z.infer<typeof ForecastHistorySchema>;

export interface ForecastResult {
  asOf: string;
  months: string[];
  /** children waiting at each period station at the end of asOf (what the map shows that day), less
   * those past the station's plausibility horizon */
  start: Record<string, number>;
  /** periods open on asOf past the station's horizon (the map's staleAfterDays): probably records never
   * closed; in neither `start` nor the forecast, nor a back-test's actual */
  pastHorizon: Record<string, number>;
  runs: number;
  seed: number;
  series: Record<string, Band>;
  /** the months before `months[0]` as recorded (ForecastHistorySchema) */
  history: ForecastHistory;
  /**
   * Stocks the data cannot hold whole (FittedForecast.incomplete): `open_<station>` → the first day its count is
   * complete, whether the count on asOf (the forecast's start) is short, whether its ends go unrecorded, and a
   * sentence saying so. Months of `history` before completeFrom are short too.
   */
  incomplete: Record<string, IncompleteStock>;
  /**
   * What the answer should be read with, in plain English (warnings.ts): a start stock holding periods an end
   * recorded under another episode would have closed; referrals the contact → referral lever cannot reach; and,
   * in a scenario, what its levers do that a chart does not say (scenario.ts leverWarnings)
   */
  warnings: string[];
}

export function summarise(model: FittedForecast, options: ForecastOptions, set: RunSet): ForecastResult {
  const grid: Grid = forecastGrid(model.asOf, options.months);
  const series: Record<string, Band> = {};
  for (const [name, values] of Object.entries(set.values)) series[name] = bandsOf(values, set.runs, set.months);
  return {
    asOf: formatDay(model.asOf),
    months: Array.from({ length: grid.months }, (_, m) => monthLabel(grid.firstMonth + m)),
    start: Object.fromEntries(Object.entries(model.start).map(([id, n]) => [`open_${id}`, n])),
    pastHorizon: Object.fromEntries(Object.entries(model.pastHorizon).map(([id, n]) => [`open_${id}`, n])),
    runs: set.runs,
    seed: options.seed,
    series,
    history: { months: model.recorded.months, series: model.recorded.values, pastHorizon: model.recorded.pastHorizon },
    incomplete: Object.fromEntries(model.incomplete.map((x) => [`open_${x.station}`, { completeFrom: formatDay(x.completeFrom), atStart: x.atStart, endsMissing: x.endsMissing, note: x.note }])),
    warnings: dataWarnings(model),
  };
}

/** The whole forecast in one thread (tests, the CLI, small runs). */
export function forecast(model: FittedForecast, options: ForecastOptions, levers: LeverEffects = NO_LEVERS): ForecastResult {
  return summarise(model, options, runRange(model, options, 0, options.runs, levers));
}
