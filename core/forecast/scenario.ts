// A scenario beside its baseline: both run on the same seeds (random.ts gives every child its own
// stream), so their per-run difference isolates what the levers do and has a tight interval. Costs turn
// month-end stocks into money per calendar quarter: weekly unit cost per station, inflated yearly.
import { z } from 'zod';
import { PLACEMENT_CODES } from '../placement-codes.js';
import { daysInMonth, formatDay, parseDay } from '../dates.js';
import { longDate } from '../analysis/date-text.js';
import { ARRIVAL_TYPES, T, type FittedForecast } from './fit.js';
import { bandsOf, runRange, summarise, type Band, type ForecastOptions, type ForecastResult, type RunSet } from './forecast.js';
import { agesUncovered, compileScenario, populationFlat, SCENARIO_SHAPE, strictObject, type Scenario } from './levers.js';
import { monthLabel } from './months.js';
import { drawRates, forecastGrid } from './simulate.js';

export const CostsSchema = strictObject({
  /** weekly cost of one child at each station, e.g. { "looked_after": 1200, "cp_plan": 250 } */
  weekly: z.record(z.string(), z.number().nonnegative()),
  /**
   * weekly cost of one looked-after child per SSDA903 placement type, e.g. { "U4": 600, "K2": 5500 }: the
   * children looked after each month shared out as the placement mix on the forecast date; those whose
   * placement has no cost here take weekly.looked_after, if given
   */
  weeklyPerPlacement: z
    .record(z.string(), z.number().nonnegative())
    .superRefine((costs, ctx) => {
      for (const code of Object.keys(costs)) {
        if (!(PLACEMENT_CODES as readonly string[]).includes(code)) ctx.addIssue({ code: 'custom', path: [code], message: `"${code}" is not an SSDA903 placement type (placement types: ${PLACEMENT_CODES.join(', ')})` });
      }
    })
    .optional(),
  /** percent a year, from the forecast date */
  inflationPerYear: z.number().min(-20).max(50).default(0),
});
export type Costs = z.infer<typeof CostsSchema>;

export const ScenarioBodySchema = strictObject({ ...SCENARIO_SHAPE, costs: CostsSchema.optional() });
export type ScenarioBody = z.infer<typeof ScenarioBodySchema>;

export interface CostResult {
  quarters: string[];
  /** the forecast months summed in each quarter ("YYYY-MM"): fewer than three in a quarter the forecast only
   * partly covers (its first and last), whose sum is of those months only */
  quarterMonths: string[][];
  /** cost_<station>, cost_placement_<code> (weeklyPerPlacement) and cost_total per quarter */
  series: Record<string, Band>;
  /** with weeklyPerPlacement: the mix the children looked after were shared out by */
  placementMix?: PlacementMix;
}

/** The share of the children looked after on `at` in each placement type (`not_recorded`: none given), carried forward. */
export interface PlacementMix {
  at: string;
  children: number;
  shares: Record<string, number>;
}

export interface ScenarioResult extends ForecastResult {
  /** the scenario's series are `series`; the baseline's and the per-run difference (scenario − baseline) beside them */
  baseline: Record<string, Band>;
  difference: Record<string, Band>;
  costs?: { scenario: CostResult; baseline: CostResult; difference: CostResult };
  /** what the answer should be read with: the data's (ForecastResult.warnings), then the levers' (leverWarnings) */
  warnings: string[];
}

/** Per-run difference of two run sets made on the same seeds. */
export function differenceOf(a: RunSet, b: RunSet): RunSet {
  const values: Record<string, Float64Array> = {};
  for (const [name, v] of Object.entries(a.values)) values[name] = v.map((x, i) => x - b.values[name]![i]!);
  return { runs: a.runs, months: a.months, values };
}

/**
 * Quarterly costs per run: month-end stock × weeks in the month × weekly cost × inflation. With costs per
 * placement type, each month's children looked after are shared out by `mix` (the placement types on the
 * forecast date): a type with a cost gives cost_placement_<code>, the rest take weekly.looked_after.
 */
export function costRuns(model: FittedForecast, set: RunSet, costs: Costs, mix?: PlacementMix): { quarters: string[]; quarterMonths: string[][]; set: RunSet } {
  const grid = forecastGrid(model.asOf, set.months);
  const quarterOf: number[] = [];
  const quarters: string[] = [];
  const quarterMonths: string[][] = [];
  const factor: number[] = [];
  for (let m = 0; m < set.months; m++) {
    const month = grid.firstMonth + m;
    const label = `${Math.floor(month / 12)}-Q${Math.floor((month % 12) / 3) + 1}`;
    if (quarters[quarters.length - 1] !== label) {
      quarters.push(label);
      quarterMonths.push([]);
    }
    quarterOf.push(quarters.length - 1);
    quarterMonths[quarters.length - 1]!.push(monthLabel(month));
    const weeks = daysInMonth(Math.floor(month / 12), (month % 12) + 1) / 7;
    const years = (grid.ends[m]! - 15 - model.asOf) / 365.25;
    factor.push(weeks * Math.pow(1 + costs.inflationPerYear / 100, years));
  }
  const Q = quarters.length;
  const values: Record<string, Float64Array> = { cost_total: new Float64Array(set.runs * Q) };
  const perPlacement = Object.entries(costs.weeklyPerPlacement ?? {});
  if (perPlacement.length > 0 && !mix) throw new RangeError('costs.weeklyPerPlacement: no placement mix given');
  /** the share of the children looked after costed per placement type (the rest take weekly.looked_after) */
  const placed = perPlacement.reduce((sum, [code]) => sum + (mix!.shares[code] ?? 0), 0);
  const add = (key: string, station: string, weekly: number) => {
    const stocks = set.values[`open_${station}`];
    if (!stocks) throw new RangeError(`costs.weekly: no station "${station}" with a forecast stock (stations: ${model.stations.map((s) => s.id).join(', ')})`);
    const out = new Float64Array(set.runs * Q);
    for (let r = 0; r < set.runs; r++) {
      for (let m = 0; m < set.months; m++) out[r * Q + quarterOf[m]!]! += stocks[r * set.months + m]! * weekly * factor[m]!;
    }
    values[key] = out;
    for (let k = 0; k < out.length; k++) values.cost_total![k]! += out[k]!;
  };
  for (const [station, weekly] of Object.entries(costs.weekly)) add(`cost_${station}`, station, station === 'looked_after' ? weekly * (1 - placed) : weekly);
  for (const [code, weekly] of perPlacement) add(`cost_placement_${code}`, 'looked_after', weekly * (mix!.shares[code] ?? 0));
  return { quarters, quarterMonths, set: { runs: set.runs, months: Q, values } };
}

function costBands(quarters: string[], quarterMonths: string[][], set: RunSet, mix?: PlacementMix): CostResult {
  const series = Object.fromEntries(Object.entries(set.values).map(([k, v]) => [k, bandsOf(v, set.runs, set.months)]));
  return mix ? { quarters, quarterMonths, series, placementMix: mix } : { quarters, quarterMonths, series };
}

/** Summarises baseline and scenario run sets made on the same seeds (from one thread or merged from workers). */
export function summariseScenario(model: FittedForecast, options: ForecastOptions, base: RunSet, scen: RunSet, body: Pick<ScenarioBody, 'levers' | 'costs'>, mix?: PlacementMix): ScenarioResult {
  const costs = body.costs;
  const result = summarise(model, options, scen);
  const baseline = summarise(model, options, base).series;
  const difference = summarise(model, options, differenceOf(scen, base)).series;
  const warnings = [...result.warnings, ...leverWarnings(model, body as Pick<Scenario, 'levers'>, options)];
  if (!costs) return { ...result, baseline, difference, warnings };
  const used = Object.keys(costs.weeklyPerPlacement ?? {}).length > 0 ? mix : undefined;
  const b = costRuns(model, base, costs, used);
  const s = costRuns(model, scen, costs, used);
  return {
    ...result,
    baseline,
    difference,
    costs: {
      scenario: costBands(s.quarters, s.quarterMonths, s.set, used),
      baseline: costBands(b.quarters, b.quarterMonths, b.set, used),
      difference: costBands(s.quarters, s.quarterMonths, differenceOf(s.set, b.set), used),
    },
    warnings,
  };
}

/** Why costs per placement type cannot be used with this mix (no child looked after on the date has a placement type), or null. */
export function placementCostRefusal(costs: Costs | undefined, mix: PlacementMix): string | null {
  if (Object.keys(costs?.weeklyPerPlacement ?? {}).length === 0) return null;
  if (mix.children === 0) return `costs.weeklyPerPlacement: no child is looked after on ${mix.at} to take a placement mix from`;
  if ((mix.shares.not_recorded ?? 0) >= 1) return `costs.weeklyPerPlacement: none of the ${mix.children} children looked after on ${mix.at} has a placement type in the data (no SSDA903 or Annex A episodes), so costs per placement type would cost nobody; use costs.weekly.looked_after`;
  return null;
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

/**
 * What a scenario's answer should be read with. A duration cap (\`capDays\`) with no phase-in ends, on the day it
 * acts from, every period then open for the cap or longer: that is the lever's meaning, but the stock falls
 * off a cliff in the first month (on the demo, care capped at 365 days from 2025-04-01 took April's children
 * looked after from 127 to 36), which the answer says rather than leaving it to be read off a chart.
 */
export function leverWarnings(model: FittedForecast, scenario: Pick<Scenario, 'levers'>, runs?: Pick<ForecastOptions, 'runs' | 'seed'> & Partial<Pick<ForecastOptions, 'months'>>): string[] {
  const out: string[] = [...clampWarnings(model, scenario, runs), ...placeWarnings(model, scenario, runs?.months), ...populationWarnings(model, scenario, runs?.months)];
  scenario.levers.forEach((lever) => {
    if (!('capDays' in lever) || lever.capDays === undefined || (lever.phaseInMonths ?? 0) > 0) return;
    const station = STATION_OF_LEVER[lever.lever]!;
    const s = model.stations.findIndex((x) => x.id === station);
    const actsFrom = Math.max(parseDay(lever.from)!, model.asOf + 1);
    let open = 0;
    let atOnce = 0;
    for (let i = 0; i < model.openStays.length; i += 2) {
      if (model.openStays[i] !== s) continue;
      open++;
      // levers.ts end(): with the whole cap in force, a period open on the day it acts from and already
      // capDays long by the next day ends that next day.
      if (model.openStays[i + 1]! + lever.capDays <= actsFrom + 1) atOnce++;
    }
    if (atOnce === 0) return;
    const words = CAP_WORDS[station]!;
    const later = actsFrom > model.asOf + 1 ? ' and still open then' : '';
    const days = `${lever.capDays} day${lever.capDays === 1 ? '' : 's'}`;
    out.push(
      `${words.lever} capped at ${days} from ${longDate(actsFrom)} with no phase-in: ${atOnce} of the ${open} ${words.open} on ${longDate(model.asOf)}${later} ` +
        `are then ${days} long or more and end that day, so ${words.stock} falls within the first month. To bring the cap in gradually, phase it in over some months (phaseInMonths).`,
    );
  });
  return out;
}

/**
 * Levers that cannot mean what they say (audit a13f): one dated after the forecast's last day changes nothing in it;
 * the same lever given twice acts twice (the multipliers multiply), which a form's second row may not mean.
 */
function placeWarnings(model: FittedForecast, scenario: Pick<Scenario, 'levers'>, months?: number): string[] {
  const out: string[] = [];
  const last = months ? forecastGrid(model.asOf, months).to : Infinity;
  const seen = new Map<string, number>();
  scenario.levers.forEach((lever, k) => {
    const from = parseDay(lever.from)!;
    if (from > last) out.push(`levers.${k}: ${lever.lever} acts from ${longDate(from)}, after the forecast's last day (${longDate(last)}): it changes nothing in this forecast.`);
    const before = seen.get(lever.lever);
    if (before !== undefined) out.push(`levers.${k}: ${lever.lever} is given twice (levers.${before} too): both act, one on top of the other.`);
    else seen.set(lever.lever, k);
  });
  return out;
}

/** A population table that leaves ages out holds those ages' arrivals at today's number (levers.ts populationGrowth): said, with their share of contacts. */
function populationWarnings(model: FittedForecast, scenario: Pick<Scenario, 'levers'>, months?: number): string[] {
  const contacts = model.ageShares[ARRIVAL_TYPES.indexOf('contact')];
  const last = months ? forecastGrid(model.asOf, months).to : null;
  return scenario.levers.flatMap((lever, k) => {
    if (lever.lever !== 'demand_growth' || !lever.population) return [];
    // Growth is measured from the day the lever acts (levers.ts compileScenario: actsFrom).
    const from = Math.max(parseDay(lever.from)!, model.asOf + 1);
    if (last !== null && from <= last && populationFlat(lever.population, from, last)) {
      return [`levers.${k}: the population table gives the same population for every band from ${longDate(from)} to the forecast's last day (${longDate(last)}) (a band given for one year only, or only for years before or after that time, is held flat), so it changes nothing in this forecast. Give each band its population for two or more years across the forecast.`];
    }
    const ages = agesUncovered(lever.population);
    if (ages.length === 0) return [];
    const share = contacts ? ages.reduce((sum, age) => sum + (contacts[age] ?? 0), 0) : null;
    const shareText = share === null ? '' : ` (${Math.round(share * 1000) / 10}% of the contacts in the last fitted year)`;
    return [`levers.${k}: the population table gives no band for ${agesText(ages)}: arrivals of children of ${ages.length === 1 ? 'that age' : 'those ages'}${shareText} are held at today's number, not grown. Give a band for every age to grow them too.`];
  });
}

/** Whole years as runs, "ages 1 to 17" or "age 0 and ages 5 to 9". */
function agesText(ages: number[]): string {
  const runs: Array<[number, number]> = [];
  for (const age of ages) {
    const last = runs[runs.length - 1];
    if (last && last[1] === age - 1) last[1] = age;
    else runs.push([age, age]);
  }
  return runs.map(([a, b]) => (a === b ? `age ${a}` : `ages ${a} to ${b}`)).join(' and ');
}

/**
 * A rate multiplied past 1 is held at 1 (simulate.ts): ×10 on contacts followed by a referral at 0.35 makes every
 * contact a referral, ×2.9, not ×10 (audit a13d M2). Per rate the levers multiply (all of them together, at full
 * phase-in), how many of the runs' fitted probabilities (simulate.ts drawRates, the same draws the runs make) it
 * takes past 1, said in plain words; none when no run's is.
 */
function clampWarnings(model: FittedForecast, scenario: Pick<Scenario, 'levers'>, options?: Pick<ForecastOptions, 'runs' | 'seed'>): string[] {
  const out: string[] = [];
  const byRate = new Map<string, { multiplier: number; levers: string[] }>();
  for (const lever of scenario.levers) {
    const rate = RATE_OF_LEVER[lever.lever];
    if (!rate || !('multiplier' in lever) || lever.multiplier === undefined) continue;
    const known = byRate.get(rate.transition) ?? { multiplier: 1, levers: [] };
    known.multiplier *= lever.multiplier;
    known.levers.push(`${lever.lever} ×${lever.multiplier}`);
    byRate.set(rate.transition, known);
  }
  const draws = options ? Array.from({ length: options.runs }, (_, r) => drawRates(model, options.seed, r)) : [];
  for (const [transition, { multiplier, levers }] of byRate) {
    if (multiplier <= 1) continue;
    const t = T[transition as keyof typeof T];
    const fitted = model.transitions[t]!;
    const rate = fitted.exposure > 0 ? fitted.events / fitted.exposure : 0;
    const over = draws.filter((p) => p[t]! * multiplier > 1).length;
    if (over === 0 && rate * multiplier <= 1) continue;
    const what = Object.values(RATE_OF_LEVER).find((x) => x.transition === transition)!.probability;
    const runsText = options ? `in ${over.toLocaleString('en-GB')} of the ${options.runs.toLocaleString('en-GB')} runs' fitted probabilities` : 'in the fitted probability';
    const acts = rate > 0 ? ` Where it is, the probability is held at 1, so the lever acts as about ×${Math.round(Math.min(multiplier, 1 / rate) * 100) / 100} there, not ×${Math.round(multiplier * 100) / 100}.` : '';
    out.push(
      `${levers.join(' and ')} takes ${what} (fitted ${Math.round(rate * 1000) / 1000}) past 1 ` +
        `(×${Math.round(multiplier * 100) / 100} = ${Math.round(rate * multiplier * 100) / 100}) ${runsText}.${acts}`,
    );
  }
  return out;
}

/** How a cap warning names the lever, the periods it ends and the stock that falls, per station. */
const CAP_WORDS: Record<string, { lever: string; open: string; stock: string }> = {
  looked_after: { lever: 'Time in care', open: 'periods of care open', stock: 'the number of children looked after' },
  cp_plan: { lever: 'Time on a CP plan', open: 'CP plans open', stock: 'the number of CP plans' },
  cin_plan: { lever: 'Time on a CIN plan', open: 'CIN plans open', stock: 'the number of CIN plans' },
};

const RATE_OF_LEVER: Record<string, { transition: keyof typeof T; what: string; none: string; probability: string }> = {
  contact_to_referral: { transition: 'contact_referral', what: 'how many contacts are followed by a referral within 7 days', none: 'no contacts: referrals there arrive on their own', probability: 'the probability that a contact is followed by a referral within 7 days' },
  referral_nfa: { transition: 'referral_nfa', what: 'how many referrals end with no further action at once', none: 'no referrals', probability: 'the probability that a referral ends with no further action at once' },
  s47_rate: { transition: 'referral_s47', what: 'how many referrals lead to a section 47 enquiry', none: 'no referrals seen whole', probability: 'the probability that a referral leads to a section 47 enquiry' },
  cp_plan_rate: { transition: 'icpc_cp_plan', what: 'how many initial child protection conferences lead to a CP plan', none: 'no conferences seen whole', probability: 'the probability that an initial child protection conference leads to a CP plan' },
};
const STATION_OF_LEVER: Record<string, string> = { time_on_cp_plan: 'cp_plan', time_in_care: 'looked_after', time_on_cin_plan: 'cin_plan', step_down_from_care: 'looked_after' };

export function forecastScenario(model: FittedForecast, options: ForecastOptions, body: ScenarioBody, mix?: PlacementMix): ScenarioResult {
  const base = runRange(model, options, 0, options.runs);
  const scen = runRange(model, options, 0, options.runs, compileScenario(body as Scenario, model.asOf));
  return summariseScenario(model, options, base, scen, body, mix);
}
