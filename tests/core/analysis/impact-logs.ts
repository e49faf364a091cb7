// Synthetic event logs for the placebo and power checks of the impact verdict, written apart from the
// code under test and from synth/: it draws each day's referrals from a volume with a secular trend, a
// season (monthly factors), a weekday pattern and autocorrelated week-to-week noise, then each
// referral's path with rates that drift, have seasons of their own (a March dip in timeliness) and
// weekly noise; children come back (re-referrals) from a pool of earlier children. Optionally one
// rate steps at a date. The log is cut to [start, end] like a real extract: history before the start
// and follow-up after the end are lost.
import type { EventRecord } from '../../../core/event-table.js';

export interface RateSpec {
  /** the probability at the log's start */
  base: number;
  /** added per year (a secular trend) */
  drift?: number;
  /** added per year squared (a trend that bends) */
  curve?: number;
  /** added in each calendar month (index 0 = January) */
  season?: readonly number[];
}

export interface LogOptions {
  seed: number;
  /** referrals per week on average over the log */
  referralsPerWeek: number;
  /** first and last date of the extract, YYYY-MM-DD */
  start: string;
  end: string;
  /** relative change in volume per year */
  growthPerYear?: number;
  /** added to the log-volume per year squared (growth that speeds up or slows down) */
  volumeCurve?: number;
  /** volume factor per calendar month (mean near 1) */
  season?: readonly number[];
  /** volume factor per weekday, Monday first */
  weekday?: readonly number[];
  /** standard deviation and lag-1 correlation of the weekly log-volume noise */
  noiseSd?: number;
  noiseRho?: number;
  /** standard deviation of the weekly noise on each rate's logit */
  rateNoiseSd?: number;
  nfa?: RateSpec;
  within45?: RateSpec;
  s47?: RateSpec;
  icpc?: RateSpec;
  cpPlan?: RateSpec;
  /** share of referrals that are of a child referred before, and how many of those came within a year */
  returning?: number;
  /** one rate's probability replaced from `date` on */
  step?: { measure: 'referral_nfa' | 'assessment_within_45_wd' | 's47_to_icpc'; date: string; to: number };
  /** NFA at referral starts rising (or falling) from `date` on: `perYear` added to its probability per year since then */
  ramp?: { measure: 'referral_nfa'; date: string; perYear: number };
}

/** mulberry32, kept here so the generator shares no code with the analysis. */
function prng(seed: number): () => number {
  let a = (seed * 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(r: () => number): number {
  let u = r();
  while (u === 0) u = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

function poisson(mean: number, r: () => number): number {
  if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = r();
  while (p > limit) {
    k++;
    p *= r();
  }
  return k;
}

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

function dateParts(text: string): { y: number; m: number; d: number } {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

/** Days since 1970-01-01 of a YYYY-MM-DD date, through Date.UTC (the analysis uses its own calendar). */
export function dayOf(text: string): number {
  const { y, m, d } = dateParts(text);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function monthOf(day: number): number {
  return new Date(day * 86_400_000).getUTCMonth();
}

/** 0 = Monday … 6 = Sunday. */
function weekdayOf(day: number): number {
  return (new Date(day * 86_400_000).getUTCDay() + 6) % 7;
}

/** Calendar days that hold `workingDays` weekdays after `day` (bank holidays ignored on purpose). */
function afterWorkingDays(day: number, workingDays: number): number {
  let d = day;
  let left = workingDays;
  while (left > 0) {
    d++;
    if (weekdayOf(d) < 5) left--;
  }
  return d;
}

export const SCHOOL_SEASON = [1.05, 1.08, 1.06, 0.95, 1.04, 1.02, 1.0, 0.72, 1.02, 1.1, 1.08, 0.88];
export const OFFICE_WEEK = [1.3, 1.15, 1.1, 1.1, 1.05, 0.15, 0.12];
/** timeliness falls in March (year-end pressure) and recovers in April */
export const MARCH_DIP = [0, 0, -0.1, 0.04, 0, 0, 0, -0.03, 0, 0, 0, -0.02];

function rateAt(spec: RateSpec, day: number, start: number): number {
  const years = (day - start) / 365.25;
  return spec.base + (spec.drift ?? 0) * years + (spec.curve ?? 0) * years * years + (spec.season?.[monthOf(day)] ?? 0);
}

export function generateLog(options: LogOptions): EventRecord[] {
  const r = prng(options.seed);
  const start = dayOf(options.start);
  const end = dayOf(options.end);
  const season = options.season ?? SCHOOL_SEASON;
  const weekday = options.weekday ?? OFFICE_WEEK;
  const weekdayMean = weekday.reduce((a, b) => a + b, 0) / 7;
  const growth = options.growthPerYear ?? 0.06;
  const noiseSd = options.noiseSd ?? 0.08;
  const rho = options.noiseRho ?? 0.5;
  const rateNoise = options.rateNoiseSd ?? 0.1;
  const nfa = options.nfa ?? { base: 0.07, drift: 0.005 };
  const within45 = options.within45 ?? { base: 0.84, drift: -0.01, season: MARCH_DIP };
  const s47 = options.s47 ?? { base: 0.22, drift: 0.01 };
  const icpc = options.icpc ?? { base: 0.32, drift: -0.01, season: [0, 0, 0, 0, 0, 0, 0.03, 0.03, 0, 0, 0, 0] };
  const cpPlan = options.cpPlan ?? { base: 0.86 };
  const returning = options.returning ?? 0.22;
  const stepDay = options.step ? dayOf(options.step.date) : Infinity;
  const rampDay = options.ramp ? dayOf(options.ramp.date) : Infinity;

  // The log starts mid-history: children referred in the two years before the extract exist, so
  // re-referrals look back into time the extract does not hold.
  const historyStart = start - 730;
  const records: EventRecord[] = [];
  const pool: Array<{ id: string; last: number }> = [];
  let children = 0;
  let noise = 0;
  let weekNoise: number[] = [];
  const push = (rec: EventRecord) => {
    if (rec.day >= start && rec.day <= end) records.push(rec);
  };

  for (let day = historyStart; day <= end; day++) {
    if ((day - historyStart) % 7 === 0) {
      noise = rho * noise + Math.sqrt(1 - rho * rho) * noiseSd * gaussian(r);
      weekNoise = [gaussian(r), gaussian(r), gaussian(r), gaussian(r)].map((z) => z * rateNoise);
    }
    const years = (day - start) / 365.25;
    const mean = (options.referralsPerWeek / 7) * Math.pow(1 + growth, years) * Math.exp((options.volumeCurve ?? 0) * years * years) * season[monthOf(day)]! * (weekday[weekdayOf(day)]! / weekdayMean) * Math.exp(noise);
    const count = poisson(mean, r);
    for (let k = 0; k < count; k++) {
      let child = '';
      if (pool.length > 50 && r() < returning) {
        // Most come back within a year or so: pick from the most recent part of the pool.
        const span = Math.max(1, Math.floor(pool.length * (r() < 0.6 ? 0.2 : 1)));
        const who = pool[pool.length - 1 - Math.floor(r() * span)]!;
        if (day - who.last > 14) {
          who.last = day;
          child = who.id;
        }
      }
      if (child === '') {
        child = `G${options.seed}-${children++}`;
        pool.push({ id: child, last: day });
        if (pool.length > 40_000) pool.splice(0, 10_000);
      }
      referralJourney(child, day);
    }
  }
  // File order is not date order in real extracts.
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  return records;

  function draw(spec: RateSpec, day: number, noiseIndex: number, replaced?: number): boolean {
    const p = replaced ?? rateAt(spec, day, start);
    return r() < expit(logit(Math.min(0.98, Math.max(0.02, p))) + weekNoise[noiseIndex]!);
  }

  function referralJourney(child: string, day: number): void {
    const contactDay = day - Math.floor(r() * 3);
    push({ child, type: 'contact', day: contactDay, outcome: r() < 0.7 ? 'referral' : null });
    const stepNfa =
      options.step?.measure === 'referral_nfa' && day >= stepDay
        ? options.step.to
        : options.ramp && day >= rampDay
          ? rateAt(nfa, day, start) + (options.ramp.perYear * (day - rampDay)) / 365.25
          : undefined;
    if (draw(nfa, day, 0, stepNfa)) {
      push({ child, type: 'referral', day, outcome: 'nfa' });
      return;
    }
    push({ child, type: 'referral', day, outcome: null });
    const aStart = day + Math.floor(r() * 4);
    push({ child, type: 'assessment_start', day: aStart });
    const step45 = options.step?.measure === 'assessment_within_45_wd' && aStart >= stepDay ? options.step.to : undefined;
    const onTime = draw(within45, aStart, 1, step45);
    const wd = onTime ? 5 + Math.floor(r() * 40) : 46 + Math.floor(r() * r() * 60);
    const aEnd = afterWorkingDays(aStart, wd);
    if (!draw(s47, day, 2)) {
      push({ child, type: 'assessment_end', day: aEnd, outcome: r() < 0.45 ? 'nfa' : 'cin' });
      return;
    }
    const strategy = aStart + Math.floor(r() * 10);
    push({ child, type: 'strategy_discussion', day: strategy });
    push({ child, type: 's47_start', day: strategy + Math.floor(r() * 2) });
    push({ child, type: 'assessment_end', day: aEnd, outcome: 'cin' });
    const stepIcpc = options.step?.measure === 's47_to_icpc' && strategy >= stepDay ? options.step.to : undefined;
    if (!draw(icpc, strategy, 3, stepIcpc)) {
      push({ child, type: 's47_end', day: strategy + 5 + Math.floor(r() * 20), outcome: r() < 0.5 ? 'cin' : 'nfa' });
      return;
    }
    const conference = afterWorkingDays(strategy, 8 + Math.floor(r() * r() * 30));
    push({ child, type: 's47_end', day: conference - 1, outcome: 'icpc' });
    const plan = r() < rateAt(cpPlan, conference, start);
    push({ child, type: 'icpc', day: conference, outcome: r() < 0.15 ? null : plan ? 'cp_plan' : 'no_plan' });
    if (plan) {
      const planStart = conference + (r() < 0.8 ? 0 : Math.floor(r() * 5));
      push({ child, type: 'cp_plan_start', day: planStart });
      push({ child, type: 'cp_plan_end', day: planStart + 60 + Math.floor(r() * 500) });
    }
  }
}

