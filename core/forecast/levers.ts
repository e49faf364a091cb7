// Scenario levers in plain units, validated with zod, compiled into the LeverEffects the simulation
// reads. Each lever acts from a date, optionally phased in linearly over some months. Rates and
// durations are multipliers (0.75 = cut by a quarter) or caps; demand grows by a percentage a year or
// follows a child-population table by age band, relative to the `from` date: each arrival stream as the
// bands its arrivals' ages come from (fit.ts ageShares), the table's total where ages are not known.
import { z } from 'zod';
import { strictObject } from '../zod.js';
import { addMonths, parseDay } from '../dates.js';
import { T } from './fit.js';
import type { LeverEffects } from './simulate.js';

export { strictObject };

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((s) => parseDay(s) !== null, 'an existing date');
const timing = { from: isoDay, phaseInMonths: z.number().int().min(0).max(120).default(0) };

export const RateLeverSchema = strictObject({
  lever: z.enum(['contact_to_referral', 'referral_nfa', 's47_rate', 'cp_plan_rate']),
  /** multiplies the rate: 0.75 cuts it by a quarter */
  multiplier: z.number().min(0).max(10),
  ...timing,
});
export const DurationLeverSchema = strictObject({
  lever: z.enum(['time_on_cp_plan', 'time_in_care', 'time_on_cin_plan']),
  multiplier: z.number().min(0).max(10).optional(),
  /** at least a day: a cap of 0 would end every period the day it began */
  capDays: z.number().int().min(1).optional(),
  ...timing,
  // One or the other, as the page offers them (audit a13c M1: both were taken, and applied one after the other).
}).superRefine((l, ctx) => {
  // neither: ask for one (audit a13d M3: this said "not both"); both: one only
  if (l.multiplier === undefined && l.capDays === undefined) ctx.addIssue({ code: 'custom', message: 'give a multiplier or capDays: the lever needs one of them' });
  else if (l.multiplier !== undefined && l.capDays !== undefined) ctx.addIssue({ code: 'custom', message: 'give a multiplier or capDays, not both' });
});
export const StepDownLeverSchema = strictObject({
  lever: z.literal('step_down_from_care'),
  /** share of the children looked after who step down each year, on top of what the data shows */
  sharePerYear: z.number().min(0).max(1),
  ...timing,
});
export const DemandLeverSchema = strictObject({
  lever: z.literal('demand_growth'),
  percentPerYear: z.number().min(-50).max(100).optional(),
  /** child population by age band and year: { "0_4": { "2025": 12000, "2030": 12500 }, … } */
  population: z
    .record(z.string(), z.record(z.string().regex(/^\d{4}$/, 'a year YYYY'), z.number().positive()).refine((years) => Object.keys(years).length > 0, 'an age band needs at least one year and its population'))
    .refine((bands) => Object.keys(bands).length > 0, 'a population table needs at least one age band with a year and its population')
    .superRefine((bands, ctx) => {
      for (const band of Object.keys(bands)) {
        if (ageBandRange(band) === null) ctx.addIssue({ code: 'custom', path: [band], message: `"${band}" is not an age band: give "0_4" (ages 0 to 4), "16_plus" or "16+" (16 to 17), or "under_1"` });
      }
      const overlap = overlapOf(Object.keys(bands));
      if (overlap) ctx.addIssue({ code: 'custom', message: `age bands overlap: ${overlap}` });
    })
    .optional(),
  ...timing,
}).refine((l) => (l.percentPerYear === undefined) !== (l.population === undefined), 'give percentPerYear or a population table');

const LEVER_SCHEMAS = [RateLeverSchema, DurationLeverSchema, StepDownLeverSchema, DemandLeverSchema] as const;
export const LEVER_NAMES: readonly string[] = [...RateLeverSchema.shape.lever.options, ...DurationLeverSchema.shape.lever.options, 'step_down_from_care', 'demand_growth'];

export const LeverSchema = z.discriminatedUnion('lever', [...LEVER_SCHEMAS], {
  error: (issue) => (issue.code === 'invalid_union' ? `unknown lever ${JSON.stringify((issue.input as { lever?: unknown } | undefined)?.lever ?? null)} (levers: ${LEVER_NAMES.join(', ')})` : undefined),
});

export const SCENARIO_SHAPE = {
  name: z.string().min(1).max(80).optional(),
  levers: z.array(LeverSchema).max(20),
};
export const ScenarioSchema = strictObject(SCENARIO_SHAPE);
export type Scenario = z.infer<typeof ScenarioSchema>;
export type Lever = Scenario['levers'][number];

/** The ages [first, last] in whole years an age band's name covers, or null: "0_4", "16_plus", "16+", "under_1". */
export function ageBandRange(band: string): [number, number] | null {
  let m = /^(\d{1,2})_(\d{1,2})$/.exec(band);
  if (m) return Number(m[1]) <= Number(m[2]) && Number(m[2]) <= 17 ? [Number(m[1]), Number(m[2])] : null;
  m = /^(\d{1,2})(?:_plus|\+)$/.exec(band);
  if (m) return Number(m[1]) <= 17 ? [Number(m[1]), 17] : null;
  m = /^under_(\d{1,2})$/.exec(band);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 18 ? [0, Number(m[1]) - 1] : null;
  return null;
}

function overlapOf(bands: string[]): string | null {
  const owner = new Array<string | undefined>(18);
  for (const band of bands) {
    const range = ageBandRange(band);
    if (!range) continue;
    for (let age = range[0]; age <= range[1]; age++) {
      if (owner[age] !== undefined) return `"${owner[age]}" and "${band}" both hold age ${age}`;
      owner[age] = band;
    }
  }
  return null;
}

const RATE_TRANSITIONS: Record<string, number[]> = {
  contact_to_referral: [T.contact_referral],
  referral_nfa: [T.referral_nfa],
  s47_rate: [T.referral_s47],
  cp_plan_rate: [T.icpc_cp_plan],
};
const DURATION_STATION: Record<string, string> = { time_on_cp_plan: 'cp_plan', time_in_care: 'looked_after', time_on_cin_plan: 'cin_plan' };

/** 0 before `from`, rising linearly to 1 over the phase-in. */
function ramp(from: number, phaseInMonths: number, day: number): number {
  if (day < from) return 0;
  if (phaseInMonths === 0) return 1;
  const full = addMonths(from, phaseInMonths);
  return day >= full ? 1 : (day - from) / (full - from);
}

/**
 * The scenario's effects on a forecast from `asOf`. A lever acts on the simulated days only (asOf + 1 on):
 * the data up to asOf is what happened, so a lever dated earlier (a saved scenario re-run on newer data,
 * a policy already in force) changes nothing before asOf and counts its growth, its multiplier's pivot and
 * its step-down from asOf + 1, with its phase-in as far on as its own date makes it. Before, such a lever
 * rewrote the past at once: time on a CP plan ×0.5 from a year before asOf halved the CP plans open on
 * asOf within the first month, demand growth of 10% a year from five years back raised the first
 * month's contacts by 64%.
 */
export function compileScenario(scenario: Scenario, asOf: number): LeverEffects {
  const levers = scenario.levers.map((l) => ({ ...l, fromDay: parseDay(l.from)!, actsFrom: Math.max(parseDay(l.from)!, asOf + 1) }));
  return {
    rate(transition, day) {
      let m = 1;
      for (const l of levers) {
        if (!RATE_TRANSITIONS[l.lever]?.includes(transition) || !('multiplier' in l) || l.multiplier === undefined) continue;
        m *= 1 + (l.multiplier - 1) * ramp(l.fromDay, l.phaseInMonths, day);
      }
      return m;
    },
    demand(day, ages) {
      let m = 1;
      for (const l of levers) {
        if (l.lever !== 'demand_growth' || day < l.actsFrom) continue;
        const w = ramp(l.fromDay, l.phaseInMonths, day);
        if (l.percentPerYear !== undefined) m *= Math.pow(1 + l.percentPerYear / 100, ((day - l.actsFrom) / 365.25) * w);
        else m *= 1 + (populationGrowth(l.population!, l.actsFrom, day, ages) - 1) * w;
      }
      return m;
    },
    end(station, start, end, u) {
      let e = end;
      for (const l of levers) {
        if (l.lever === 'step_down_from_care') {
          if (station !== 'looked_after' || e <= l.actsFrom || l.sharePerYear <= 0) continue;
          // An extra exit at a constant yearly hazard from the lever's date (half the phase-in later), not before asOf + 1.
          const hazard = -Math.log(1 - Math.min(l.sharePerYear, 0.999)) / 365.25;
          const from = Math.max(start, l.actsFrom, addMonths(l.fromDay, Math.floor(l.phaseInMonths / 2)));
          const exit = Math.ceil(from - Math.log(1 - u) / hazard);
          if (exit < e) e = Math.max(exit, start + 1);
          continue;
        }
        if (l.lever !== 'time_on_cp_plan' && l.lever !== 'time_in_care' && l.lever !== 'time_on_cin_plan') continue;
        if (DURATION_STATION[l.lever] !== station || e <= l.actsFrom) continue;
        const pivot = Math.max(start, l.actsFrom);
        const w = ramp(l.fromDay, l.phaseInMonths, pivot);
        if (l.multiplier !== undefined) e = Math.max(pivot + 1, Math.round(pivot + (e - pivot) * (1 + (l.multiplier - 1) * w)));
        if (l.capDays !== undefined && e - start > l.capDays) e = Math.max(pivot + 1, Math.round(start + l.capDays + (e - start - l.capDays) * (1 - w)));
      }
      return e;
    },
  };
}

/** A band's child population on a day, linear between the years given (flat beyond them). */
function bandAt(years: Record<string, number>, day: number): number {
  const year = 1970 + day / 365.2425;
  const points = Object.entries(years).map(([y, n]) => [Number(y), n] as const).sort((a, b) => a[0] - b[0]);
  if (year <= points[0]![0]) return points[0]![1];
  if (year >= points[points.length - 1]![0]) return points[points.length - 1]![1];
  const k = points.findIndex(([y]) => y > year);
  const [y0, n0] = points[k - 1]!;
  const [y1, n1] = points[k]!;
  return n0 + ((n1 - n0) * (year - y0)) / (y1 - y0);
}

/**
 * How much a stream's arrivals grow from `from` to `day`: each age's share of its arrivals (`ages`, per
 * whole year 0 … 17 and a last slot for unknown or older) grows as its band's population; ages 0 to 17 in no
 * band given are held at today's number (the table says nothing of them: a table of the under-1s alone made every
 * age grow as the under-1s, contacts ×2.70 where under-1s are 5% of them, audit a13f F2; leverWarnings says so);
 * the last slot as the stream's known ages do; a stream with no known ages as the table's total.
 */
function populationGrowth(table: Record<string, Record<string, number>>, from: number, day: number, ages?: ArrayLike<number>): number {
  let before = 0;
  let after = 0;
  const growthOfAge = new Float64Array(18);
  const bands = Object.entries(table).map(([band, years]) => ({ range: ageBandRange(band)!, g0: bandAt(years, from), g1: bandAt(years, day) }));
  for (const b of bands) {
    before += b.g0;
    after += b.g1;
  }
  const total = after / before;
  if (!ages) return total;
  growthOfAge.fill(1);
  for (const b of bands) for (let age = b.range[0]; age <= b.range[1]; age++) growthOfAge[age] = b.g1 / b.g0;
  let g = 0;
  let share = 0;
  for (let age = 0; age < 18; age++) {
    g += (ages[age] ?? 0) * growthOfAge[age]!;
    share += ages[age] ?? 0;
  }
  // no arrival of a known age (no dates of birth): the table's total, as for a stream whose ages are not known
  return share > 0 ? g / share : total;
}

/**
 * Whether a population table grows nothing between `from` and `to` (days): every band's population is the same on
 * both days and at every year it gives between them. A band given for one year only, or for years all before
 * `from` or all after `to`, is flat there (bandAt holds it beyond its years), so such a table changes no arrival
 * (audit a13g: a table whose only year was 2030 changed nothing, with no word).
 */
export function populationFlat(table: Record<string, Record<string, number>>, from: number, to: number): boolean {
  const y0 = 1970 + from / 365.2425;
  const y1 = 1970 + to / 365.2425;
  return Object.values(table).every((years) => {
    const level = bandAt(years, from);
    if (bandAt(years, to) !== level) return false;
    return Object.entries(years).every(([year, n]) => Number(year) <= y0 || Number(year) >= y1 || n === level);
  });
}

/** The whole years 0 to 17 that no band of `table` covers. */
export function agesUncovered(table: Record<string, Record<string, number>>): number[] {
  const covered = new Uint8Array(18);
  for (const band of Object.keys(table)) {
    const range = ageBandRange(band);
    if (range) for (let age = range[0]; age <= Math.min(17, range[1]); age++) covered[age] = 1;
  }
  return [...covered.keys()].filter((age) => !covered[age]);
}
