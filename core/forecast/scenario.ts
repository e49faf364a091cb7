// A scenario beside its baseline: both run on the same seeds (random.ts gives every child its own
// stream), so their per-run difference isolates what the levers do and has a tight interval. Costs turn
// month-end stocks into money per calendar quarter: weekly unit cost per station, inflated yearly.
import { z } from 'zod';
import { daysInMonth, formatDay } from '../dates.js';
import { T, type FittedForecast } from './fit.js';
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

/**
 * Levers that would change nothing on this model, each as `levers.K: why` (the API answers 400 with it,
 * the CLI stops with it): a lever whose rate the data up to the forecast date never shows happening (the
 * contact → referral conversion on data without contacts, as a CIN census has none), or whose station
 * has no periods. Run anyway, such a scenario would equal its baseline with no word why.
 */
export function inertLevers(model: FittedForecast, scenario: Pick<Scenario, 'levers'>): string[] {
  const upTo = formatDay(model.asOf);
  const periods = (station: string) => {
    const k = model.stations.findIndex((s) => s.id === station);
    return k < 0 ? 0 : model.durations[k]!.periods + (model.start[station] ?? 0);
  };
  const out: string[] = [];
  scenario.levers.forEach((lever, k) => {
    let why: string | null = null;
    const rate = RATE_OF_LEVER[lever.lever];
    if (rate) {
      const t = model.transitions[T[rate.transition]]!;
      if (t.events === 0) why = `it changes ${rate.what}, and the data up to ${upTo} has none${t.exposure === 0 ? ` (${rate.none})` : ''}, so it would change nothing`;
    }
    const station = STATION_OF_LEVER[lever.lever];
    if (station && periods(station) === 0) why = `the data up to ${upTo} has no ${station.replace(/_/g, ' ')} periods for it to act on, so it would change nothing`;
    if (why) out.push(`levers.${k}: ${lever.lever}: ${why}`);
  });
  return out;
}

const RATE_OF_LEVER: Record<string, { transition: keyof typeof T; what: string; none: string }> = {
  contact_to_referral: { transition: 'contact_referral', what: 'how many contacts are followed by a referral within 7 days', none: 'no contacts: referrals there arrive on their own' },
  referral_nfa: { transition: 'referral_nfa', what: 'how many referrals end with no further action at once', none: 'no referrals' },
  s47_rate: { transition: 'referral_s47', what: 'how many referrals lead to a section 47 enquiry', none: 'no referrals seen whole' },
  cp_plan_rate: { transition: 'icpc_cp_plan', what: 'how many initial child protection conferences lead to a CP plan', none: 'no conferences seen whole' },
};
const STATION_OF_LEVER: Record<string, string> = { time_on_cp_plan: 'cp_plan', time_in_care: 'looked_after', time_on_cin_plan: 'cin_plan', step_down_from_care: 'looked_after' };

export function forecastScenario(model: FittedForecast, options: ForecastOptions, body: ScenarioBody): ScenarioResult {
  const base = runRange(model, options, 0, options.runs);
  const scen = runRange(model, options, 0, options.runs, compileScenario(body as Scenario));
  return summariseScenario(model, options, base, scen, body.costs);
}
