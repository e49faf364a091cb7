// Scenario levers in plain units, validated with zod, compiled into the LeverEffects the simulation
// reads. Each lever acts from a date, optionally phased in linearly over some months. Rates and
// durations are multipliers (0.75 = cut by a quarter) or caps; demand grows by a percentage a year or
// follows a child-population table (total across the age bands given, relative to the `from` year).
import { z } from 'zod';
import { addMonths, parseDay } from '../dates.js';
import { T } from './fit.js';
import type { LeverEffects } from './simulate.js';

/** An object that refuses keys it does not know, naming them and the keys it takes (a misspelt
 * `multipler` beside `capDays` would otherwise be dropped without a word). */
export function strictObject<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (fields: ${allowed})` : undefined),
  });
}

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
  capDays: z.number().int().min(0).optional(),
  ...timing,
}).refine((l) => l.multiplier !== undefined || l.capDays !== undefined, 'give a multiplier or capDays');
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
    .record(z.string().min(1), z.record(z.string().regex(/^\d{4}$/, 'a year YYYY'), z.number().positive()).refine((years) => Object.keys(years).length > 0, 'an age band needs at least one year and its population'))
    .refine((bands) => Object.keys(bands).length > 0, 'a population table needs at least one age band with a year and its population')
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

export function compileScenario(scenario: Scenario): LeverEffects {
  const levers = scenario.levers.map((l) => ({ ...l, fromDay: parseDay(l.from)! }));
  return {
    rate(transition, day) {
      let m = 1;
      for (const l of levers) {
        if (!RATE_TRANSITIONS[l.lever]?.includes(transition) || !('multiplier' in l) || l.multiplier === undefined) continue;
        m *= 1 + (l.multiplier - 1) * ramp(l.fromDay, l.phaseInMonths, day);
      }
      return m;
    },
    demand(day) {
      let m = 1;
      for (const l of levers) {
        if (l.lever !== 'demand_growth' || day < l.fromDay) continue;
        const w = ramp(l.fromDay, l.phaseInMonths, day);
        if (l.percentPerYear !== undefined) m *= Math.pow(1 + l.percentPerYear / 100, ((day - l.fromDay) / 365.25) * w);
        else m *= 1 + (populationAt(l.population!, day) / populationAt(l.population!, l.fromDay) - 1) * w;
      }
      return m;
    },
    end(station, start, end, u) {
      let e = end;
      for (const l of levers) {
        if (l.lever === 'step_down_from_care') {
          if (station !== 'looked_after' || e <= l.fromDay || l.sharePerYear <= 0) continue;
          // An extra exit at a constant yearly hazard from the lever's date (half the phase-in later).
          const hazard = -Math.log(1 - Math.min(l.sharePerYear, 0.999)) / 365.25;
          const from = Math.max(start, addMonths(l.fromDay, Math.floor(l.phaseInMonths / 2)));
          const exit = Math.ceil(from - Math.log(1 - u) / hazard);
          if (exit < e) e = Math.max(exit, start + 1);
          continue;
        }
        if (l.lever !== 'time_on_cp_plan' && l.lever !== 'time_in_care' && l.lever !== 'time_on_cin_plan') continue;
        if (DURATION_STATION[l.lever] !== station || e <= l.fromDay) continue;
        const pivot = Math.max(start, l.fromDay);
        const w = ramp(l.fromDay, l.phaseInMonths, pivot);
        if (l.multiplier !== undefined) e = Math.max(pivot + 1, Math.round(pivot + (e - pivot) * (1 + (l.multiplier - 1) * w)));
        if (l.capDays !== undefined && e - start > l.capDays) e = Math.max(pivot + 1, Math.round(start + l.capDays + (e - start - l.capDays) * (1 - w)));
      }
      return e;
    },
  };
}

/** Total child population on a day, linear between the years given (flat beyond them). */
function populationAt(table: Record<string, Record<string, number>>, day: number): number {
  const year = 1970 + day / 365.2425;
  let total = 0;
  for (const band of Object.values(table)) {
    const points = Object.entries(band).map(([y, n]) => [Number(y), n] as const).sort((a, b) => a[0] - b[0]);
    if (year <= points[0]![0]) total += points[0]![1];
    else if (year >= points[points.length - 1]![0]) total += points[points.length - 1]![1];
    else {
      const k = points.findIndex(([y]) => y > year);
      const [y0, n0] = points[k - 1]!;
      const [y1, n1] = points[k]!;
      total += n0 + ((n1 - n0) * (year - y0)) / (y1 - y0);
    }
  }
  return total;
}
