// A scenario beside its baseline: both run on the same seeds (random.ts gives every child its own
// stream), so their per-run difference isolates what the levers do and has a tight interval. Costs turn
// month-end stocks into money per calendar quarter: weekly unit cost per station, inflated yearly.
import { z } from 'zod';
import { daysInMonth } from '../dates.js';
import type { FittedForecast } from './fit.js';
import { bandsOf, runRange, summarise, type Band, type ForecastOptions, type ForecastResult, type RunSet } from './forecast.js';
import { compileScenario, SCENARIO_SHAPE, strictObject, type Scenario } from './levers.js';
import { forecastGrid } from './simulate.js';

export const CostsSchema = strictObject({
  /** weekly cost of one child at each station, e.g. { "looked_after": 1200, "cp_plan": 250 } */
  weekly: z.record(z.string(), z.number().nonnegative()),
  /** percent a year, from the forecast date */
  inflationPerYear: z.number().min(-20).max(50).default(0),
});
export type Costs = z.infer<typeof CostsSchema>;

export const ScenarioBodySchema = strictObject({ ...SCENARIO_SHAPE, costs: CostsSchema.optional() });
export type ScenarioBody = z.infer<typeof ScenarioBodySchema>;

export interface CostResult {
  quarters: string[];
  /** cost_<station> and cost_total per quarter */
  series: Record<string, Band>;
}

export interface ScenarioResult extends ForecastResult {
  /** the scenario's series are `series`; the baseline's and the per-run difference (scenario − baseline) beside them */
  baseline: Record<string, Band>;
  difference: Record<string, Band>;
  costs?: { scenario: CostResult; baseline: CostResult; difference: CostResult };
}

/** Per-run difference of two run sets made on the same seeds. */
export function differenceOf(a: RunSet, b: RunSet): RunSet {
  const values: Record<string, Float64Array> = {};
  for (const [name, v] of Object.entries(a.values)) values[name] = v.map((x, i) => x - b.values[name]![i]!);
  return { runs: a.runs, months: a.months, values };
}

/** Quarterly costs per run: month-end stock × weeks in the month × weekly cost × inflation. */
export function costRuns(model: FittedForecast, set: RunSet, costs: Costs): { quarters: string[]; set: RunSet } {
  const grid = forecastGrid(model.asOf, set.months);
  const quarterOf: number[] = [];
  const quarters: string[] = [];
  const factor: number[] = [];
  for (let m = 0; m < set.months; m++) {
    const month = grid.firstMonth + m;
    const label = `${Math.floor(month / 12)}-Q${Math.floor((month % 12) / 3) + 1}`;
    if (quarters[quarters.length - 1] !== label) quarters.push(label);
    quarterOf.push(quarters.length - 1);
    const weeks = daysInMonth(Math.floor(month / 12), (month % 12) + 1) / 7;
    const years = (grid.ends[m]! - 15 - model.asOf) / 365.25;
    factor.push(weeks * Math.pow(1 + costs.inflationPerYear / 100, years));
  }
  const Q = quarters.length;
  const values: Record<string, Float64Array> = { cost_total: new Float64Array(set.runs * Q) };
  for (const [station, weekly] of Object.entries(costs.weekly)) {
    const stocks = set.values[`open_${station}`];
    if (!stocks) throw new RangeError(`costs.weekly: no station "${station}" with a forecast stock (stations: ${model.stations.map((s) => s.id).join(', ')})`);
    const out = new Float64Array(set.runs * Q);
    for (let r = 0; r < set.runs; r++) {
      for (let m = 0; m < set.months; m++) out[r * Q + quarterOf[m]!]! += stocks[r * set.months + m]! * weekly * factor[m]!;
    }
    values[`cost_${station}`] = out;
    for (let k = 0; k < out.length; k++) values.cost_total![k]! += out[k]!;
  }
  return { quarters, set: { runs: set.runs, months: Q, values } };
}

function costBands(quarters: string[], set: RunSet): CostResult {
  return { quarters, series: Object.fromEntries(Object.entries(set.values).map(([k, v]) => [k, bandsOf(v, set.runs, set.months)])) };
}

/** Summarises baseline and scenario run sets made on the same seeds (from one thread or merged from workers). */
export function summariseScenario(model: FittedForecast, options: ForecastOptions, base: RunSet, scen: RunSet, costs?: Costs): ScenarioResult {
  const result = summarise(model, options, scen);
  const baseline = summarise(model, options, base).series;
  const difference = summarise(model, options, differenceOf(scen, base)).series;
  if (!costs) return { ...result, baseline, difference };
  const b = costRuns(model, base, costs);
  const s = costRuns(model, scen, costs);
  return {
    ...result,
    baseline,
    difference,
    costs: { scenario: costBands(s.quarters, s.set), baseline: costBands(b.quarters, b.set), difference: costBands(s.quarters, differenceOf(s.set, b.set)) },
  };
}

export function forecastScenario(model: FittedForecast, options: ForecastOptions, body: ScenarioBody): ScenarioResult {
  const base = runRange(model, options, 0, options.runs);
  const scen = runRange(model, options, 0, options.runs, compileScenario(body as Scenario));
  return summariseScenario(model, options, base, scen, body.costs);
}
