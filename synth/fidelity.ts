// How close a synthetic dataset is to the real one, side by side: every rate and median of metrics.md
// (computed by core/metrics so that the figures agree with the service), volumes year by year, the
// journey grammar (core/grammar.ts) on both, monthly volumes, attribute marginals and the duration
// distribution of each step (Kolmogorov–Smirnov distance), with an overall score: the share of checks
// that pass. `pass` is the verdict of issue 10: every rate, median, CP plan length band, count open at
// the end and yearly volume within tolerance, and no synthetic event that breaks the grammar.
import { AGE_BANDS, ageBandAt, ethnicityGroupOf, type ChildAttributes } from '../core/children.js';
import { civilFromDay, dayFromCivil, formatDay } from '../core/dates.js';
import { addMonths } from '../core/dates.js';
import { DISABILITY_CODES, ETHNICITY_GROUP_NAMES, EVENT_TYPES, EV, SEX_CODES } from '../core/events.js';
import type { EventTable } from '../core/event-table.js';
import { GRAMMAR_RULE_CODES, checkJourneys, type GrammarRule } from '../core/grammar.js';
import { RATE_KEYS, computeMetrics, prepareMetrics, type DurationSamples, type Metrics, type RateKey } from '../core/metrics.js';
import { rowsInProcessOrder } from '../core/same-day-order.js';
import { extractStart } from './extract.js';
import { MIN_CELL } from './model.js';

export interface Dataset {
  table: EventTable;
  children: ChildAttributes;
}

/** Pass thresholds. */
export const FIDELITY_TOLERANCE = {
  /** a rate may differ by this many percentage points, or by this many standard errors where sampling noise is larger */
  ratePoints: 2,
  rateStandardErrors: 3,
  /** contacts, referrals and events in each year: relative difference */
  yearlyVolume: 0.05,
  /** a median may differ by this fraction of the real one */
  medianRelative: 0.1,
  /**
   * Medians and yearly volumes also pass within this many standard errors of their difference (sampling
   * noise: order statistics for a median, the spread of counts over children for a volume), as rates do:
   * in a small council's data chance alone moves them more than the fixed tolerances.
   */
  noiseStandardErrors: 3,
  /** monthly volumes: mean absolute percentage error (or 2.5/sqrt(mean monthly count) when larger) */
  monthlyError: 0.2,
  /** attribute marginals: total variation distance */
  marginalDistance: 0.05,
  /** step durations: Kolmogorov–Smirnov distance (or the test's 1% critical value when larger) */
  ks: 0.1,
} as const;

const MEDIAN_KEYS = ['assessment_days_median', 's47_to_icpc_wd_median', 'cp_plan_days_median', 'cla_days_median'] as const;
const MONTHLY_EVENTS = ['contact', 'referral', 'assessment_start', 's47_start', 'icpc', 'cp_plan_start', 'cin_plan_start', 'cla_start'] as const;

/** A share of the real data against the synthetic (shareCheck): a rate or a CP-plan length band. */
export interface ShareCheck {
  real: number | null;
  synthetic: number | null;
  differencePoints: number | null;
  /** the denominators (real, synthetic) the standard error is taken from */
  denominators: [number, number];
  /** allowed difference: the larger of 2 points and 3 standard errors of the difference */
  tolerancePoints: number;
  pass: boolean;
}

export interface FidelityReport {
  /** the real data's whole span; `extractFrom`: where its extract begins when earlier data holds only journeys still open then (synth/extract.ts), else null */
  window: { from: string; to: string; extractFrom: string | null };
  real: { children: number; events: number };
  synthetic: { children: number; events: number };
  rates: Array<{ key: string } & ShareCheck>;
  medians: Array<{
    key: string; real: number | null; synthetic: number | null; relativeDifference: number | null;
    /** how many durations each median is taken over (real, synthetic) */
    samples: [number, number];
    /** allowed relative difference: the larger of 10% and 3 standard errors of the difference of the medians */
    toleranceRelative: number;
    pass: boolean;
  }>;
  /** shares of CP plans ended in the window by length (metrics.md), judged as the rates are */
  /** `denominators`: CP plans ended in the window (real, synthetic) */
  cpPlanBands: Array<{ band: string } & ShareCheck>;
  /**
   * Starts open at the window's end (metrics.md `open_at_end`), synthetic counts scaled by real children /
   * synthetic children; within 5%, or 3 standard errors of the difference (each count taken as Poisson).
   */
  openAtEnd: Array<{ stage: 'assessment' | 'cp_plan' | 'cla'; real: number; synthetic: number; relativeDifference: number | null; toleranceRelative: number; pass: boolean }>;
  /**
   * Contacts, referrals and all events in each 12 months from the window's start (a last part shorter than
   * six months joins the year before); synthetic counts scaled by real children / synthetic children.
   */
  volumes: Array<{
    from: string; to: string; measure: 'contacts' | 'referrals' | 'events'; real: number; synthetic: number; relativeDifference: number | null;
    /** allowed relative difference: the larger of 5% and 3 standard errors (counts summed over children, each child's count varying) */
    toleranceRelative: number;
    pass: boolean;
  }>;
  /** events that break the journey grammar, by rule, on each side (the synthetic side must have none) */
  grammar: { real: Record<GrammarRule, number>; synthetic: Record<GrammarRule, number>; realBreaks: number; syntheticBreaks: number; pass: boolean };
  /** synthetic volumes are scaled by real children / synthetic children; real months under MIN_CELL show null */
  monthly: { months: string[]; series: Array<{ event: string; real: (number | null)[]; synthetic: number[]; meanAbsoluteError: number | null; pass: boolean }> };
  marginals: Array<{ attribute: string; categories: Array<{ code: string; real: number; synthetic: number }>; totalVariation: number; pass: boolean }>;
  durations: Array<{ step: string; realSteps: number; syntheticSteps: number; ks: number; pass: boolean }>;
  checks: number;
  passed: number;
  /** passed / checks */
  score: number;
  /** every rate, median, CP plan band, count open at the end and yearly volume passes and the synthetic data break no grammar rule */
  pass: boolean;
}

/** The window compared by default: the real data's whole span, never less (a period left out is a period not checked). */
function defaultWindow(real: Dataset): { from: number; to: number } {
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < real.table.length; i++) {
    from = Math.min(from, real.table.day[i]!);
    to = Math.max(to, real.table.day[i]!);
  }
  return { from, to };
}

/**
 * Standard error of a median from its order statistics (distribution-free: the 95% interval of the
 * median is between the sorted values at n/2 ∓ 0.98·√n, 3.92 standard errors wide), the interval
 * widened by one unit for durations counted in whole days (ties would make it too narrow).
 */
export function medianStandardError(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Infinity;
  const sorted = Float64Array.from(values).sort();
  const half = 0.98 * Math.sqrt(n);
  const lo = Math.max(0, Math.floor(n / 2 - half));
  const hi = Math.min(n - 1, Math.ceil(n / 2 + half) - 1);
  return (sorted[hi]! - sorted[lo]! + 1) / 3.92;
}

export function fidelityReport(real: Dataset, synthetic: Dataset, window?: { from: number; to: number }): FidelityReport {
  const { from, to } = window ?? defaultWindow(real);
  if (!(from <= to)) throw new RangeError('fidelity report: the real dataset has no events');
  const start = extractStart(real.table, real.children.dob);
  const extractFrom = start > from && start <= to ? start : null;
  const realSamples = {} as DurationSamples;
  const synSamples = {} as DurationSamples;
  const a = computeMetrics(prepareMetrics(real.table), { from, to }, null, realSamples);
  const b = computeMetrics(prepareMetrics(synthetic.table), { from, to }, null, synSamples);
  const rates = RATE_KEYS.map((key) => ({ key, ...shareCheck(a.rates[key], b.rates[key], [rateDenominator(a, key), rateDenominator(b, key)]) }));
  const medians = MEDIAN_KEYS.map((key) => {
    const r = a.durations[key];
    const s = b.durations[key];
    const relativeDifference = r === null || s === null ? null : r === 0 ? (s === 0 ? 0 : Infinity) : (s - r) / r;
    const se = Math.hypot(medianStandardError(realSamples[key]), medianStandardError(synSamples[key]));
    const toleranceRelative = Math.max(FIDELITY_TOLERANCE.medianRelative, r ? (FIDELITY_TOLERANCE.noiseStandardErrors * se) / r : 0);
    const samples: [number, number] = [realSamples[key].length, synSamples[key].length];
    return { key, real: r, synthetic: s, relativeDifference, samples, toleranceRelative, pass: relativeDifference === null ? r === s : Math.abs(relativeDifference) <= toleranceRelative };
  });
  const plansEnded: [number, number] = [realSamples.cp_plan_days_median.length, synSamples.cp_plan_days_median.length];
  const cpPlanBands = Object.keys(a.durations.cp_plan_bands).map((band) => ({
    band,
    ...shareCheck(a.durations.cp_plan_bands[band as keyof Metrics['durations']['cp_plan_bands']], b.durations.cp_plan_bands[band as keyof Metrics['durations']['cp_plan_bands']], plansEnded),
  }));
  const scale = real.table.childIds.length / Math.max(1, synthetic.table.childIds.length);
  const openAtEnd = (['assessment', 'cp_plan', 'cla'] as const).map((stage) => {
    const r = a.open_at_end[stage];
    const raw = b.open_at_end[stage];
    const s = raw * scale;
    const relativeDifference = r === 0 ? (s === 0 ? 0 : null) : (s - r) / r;
    const se = Math.sqrt(r + raw * scale * scale);
    const toleranceRelative = Math.max(FIDELITY_TOLERANCE.yearlyVolume, r > 0 ? (FIDELITY_TOLERANCE.noiseStandardErrors * se) / r : 0);
    const pass = r === 0 ? Math.abs(s) <= FIDELITY_TOLERANCE.noiseStandardErrors * se : Math.abs(relativeDifference!) <= toleranceRelative;
    return { stage, real: r, synthetic: Math.round(s), relativeDifference, toleranceRelative, pass };
  });
  const volumes = yearlyVolumes(real.table, synthetic.table, yearsAround(from, extractFrom ?? from, to));
  const grammar = grammarBreaks(real, synthetic);
  const monthly = monthlyVolumes(real.table, synthetic.table, from, to);
  const marginals = attributeMarginals(real, synthetic);
  const durations = stepDurations(real.table, synthetic.table);
  const all = [...rates, ...medians, ...cpPlanBands, ...openAtEnd, ...volumes, grammar, ...monthly.series, ...marginals, ...durations];
  const passed = all.filter((c) => c.pass).length;
  return {
    window: { from: formatDay(from), to: formatDay(to), extractFrom: extractFrom === null ? null : formatDay(extractFrom) },
    real: { children: real.table.childIds.length, events: real.table.length },
    synthetic: { children: synthetic.table.childIds.length, events: synthetic.table.length },
    rates,
    medians,
    cpPlanBands,
    openAtEnd,
    volumes,
    grammar,
    monthly,
    marginals,
    durations,
    checks: all.length,
    passed,
    score: all.length ? passed / all.length : 1,
    pass: rates.every((r) => r.pass) && medians.every((m) => m.pass) && cpPlanBands.every((c) => c.pass) && openAtEnd.every((o) => o.pass) && volumes.every((v) => v.pass) && grammar.pass,
  };
}

/**
 * A share of the real data against the synthetic: within 2 percentage points, or 3 standard errors of the
 * difference of two proportions (from the pooled proportion) where sampling noise is larger.
 */
function shareCheck(r: number | null, s: number | null, denominators: [number, number]): ShareCheck {
  const differencePoints = r === null || s === null ? null : (s - r) * 100;
  const pooled = r === null || s === null ? 0 : (r * denominators[0] + s * denominators[1]) / (denominators[0] + denominators[1]);
  const se = denominators[0] > 0 && denominators[1] > 0 ? Math.sqrt(pooled * (1 - pooled) * (1 / denominators[0] + 1 / denominators[1])) * 100 : 0;
  const tolerancePoints = Math.max(FIDELITY_TOLERANCE.ratePoints, FIDELITY_TOLERANCE.rateStandardErrors * se);
  return { real: r, synthetic: s, differencePoints, denominators, tolerancePoints, pass: differencePoints === null ? r === s : Math.abs(differencePoints) <= tolerancePoints };
}

/** The denominator of a rate (metrics.md), from the counts: what its standard error rests on. */
function rateDenominator(m: Metrics, key: RateKey): number {
  const c = m.counts;
  switch (key) {
    case 'contact_to_referral': return c.contact ?? 0;
    case 'assessment_within_45_wd': return c.assessment_end ?? 0;
    case 's47_to_icpc': return c.s47_start ?? 0;
    case 'icpc_to_cp_plan': return c.icpc ?? 0;
    case 'cp_plan_second_or_subsequent': return c.cp_plan_start ?? 0;
    default: return c.referral ?? 0;
  }
}

/** 12-month periods from `from` (a last part shorter than six months joins the period before). */
export function yearsOf(from: number, to: number): Array<[number, number]> {
  const years: Array<[number, number]> = [];
  let start = from;
  while (start <= to) {
    const end = Math.min(to, addMonths(start, 12) - 1);
    years.push([start, end]);
    start = end + 1;
  }
  if (years.length > 1 && addMonths(years[years.length - 1]![0], 6) > to + 1) {
    const last = years.pop()!;
    years[years.length - 1]![1] = last[1];
  }
  return years;
}

/**
 * 12-month periods over [from, to] lined up on `anchor` (an extract's start): yearsOf from it on, and
 * back from it to `from` (a first part shorter than six months joins the period after it).
 */
export function yearsAround(from: number, anchor: number, to: number): Array<[number, number]> {
  const before: Array<[number, number]> = [];
  let end = anchor - 1;
  while (end >= from) {
    const start = Math.max(from, addMonths(end + 1, -12));
    before.unshift([start, end]);
    end = start - 1;
  }
  if (before.length > 1 && addMonths(before[0]![0], 6) > before[0]![1] + 1) {
    const first = before.shift()!;
    before[0]![0] = first[0];
  }
  return [...before, ...yearsOf(anchor, to)];
}

function yearlyVolumes(real: EventTable, synthetic: EventTable, years: Array<[number, number]>): FidelityReport['volumes'] {
  const from = years[0]![0];
  const to = years[years.length - 1]![1];
  const scale = real.childIds.length / Math.max(1, synthetic.childIds.length);
  /** per year and measure: the count, and the sum over children of each child's count squared (its variance, children being independent) */
  const tally = (table: EventTable): { counts: number[][]; squares: number[][] } => {
    const counts = years.map(() => [0, 0, 0]);
    const squares = years.map(() => [0, 0, 0]);
    const child = years.map(() => [0, 0, 0]);
    for (let c = 0; c < table.childIds.length; c++) {
      for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
        const d = table.day[i]!;
        if (d < from || d > to) continue;
        let y = 0;
        while (d > years[y]![1]) y++;
        const row = child[y]!;
        row[2]!++;
        if (table.type[i] === EV.contact) row[0]!++;
        else if (table.type[i] === EV.referral) row[1]!++;
      }
      for (let y = 0; y < years.length; y++) {
        for (let k = 0; k < 3; k++) {
          const n = child[y]![k]!;
          if (n === 0) continue;
          counts[y]![k]! += n;
          squares[y]![k]! += n * n;
          child[y]![k] = 0;
        }
      }
    }
    return { counts, squares };
  };
  const r = tally(real);
  const s = tally(synthetic);
  const measures = ['contacts', 'referrals', 'events'] as const;
  return years.flatMap(([start, end], y) => measures.map((measure, k) => {
    const realCount = r.counts[y]![k]!;
    const synCount = Math.round(s.counts[y]![k]! * scale);
    const relativeDifference = realCount === 0 ? (synCount === 0 ? null : Infinity) : (synCount - realCount) / realCount;
    const se = Math.sqrt(r.squares[y]![k]! + scale * scale * s.squares[y]![k]!);
    const toleranceRelative = Math.max(FIDELITY_TOLERANCE.yearlyVolume, realCount > 0 ? (FIDELITY_TOLERANCE.noiseStandardErrors * se) / realCount : 0);
    return { from: formatDay(start), to: formatDay(end), measure, real: realCount, synthetic: synCount, relativeDifference, toleranceRelative, pass: relativeDifference === null || Math.abs(relativeDifference) <= toleranceRelative };
  }));
}

function grammarBreaks(real: Dataset, synthetic: Dataset): FidelityReport['grammar'] {
  const r = checkJourneys(real.table, real.children.dob, real.children.dobMonthOnly);
  const s = checkJourneys(synthetic.table, synthetic.children.dob, synthetic.children.dobMonthOnly);
  const total = (counts: Record<GrammarRule, number>): number => GRAMMAR_RULE_CODES.reduce((sum, rule) => sum + counts[rule], 0);
  return { real: r.counts, synthetic: s.counts, realBreaks: total(r.counts), syntheticBreaks: total(s.counts), pass: total(s.counts) === 0 };
}

function monthlyVolumes(real: EventTable, synthetic: EventTable, from: number, to: number): FidelityReport['monthly'] {
  const first = civilFromDay(from);
  const last = civilFromDay(to);
  const monthCount = (last.year - first.year) * 12 + last.month - first.month + 1;
  const months = Array.from({ length: monthCount }, (_, k) => formatDay(dayFromCivil(first.year, first.month + k, 1)).slice(0, 7));
  const scale = real.childIds.length / Math.max(1, synthetic.childIds.length);
  const tally = (table: EventTable): number[][] => {
    const counts = MONTHLY_EVENTS.map(() => new Array<number>(monthCount).fill(0));
    for (let i = 0; i < table.length; i++) {
      const d = table.day[i]!;
      if (d < from || d > to) continue;
      const e = MONTHLY_EVENTS.indexOf(EVENT_TYPES[table.type[i]!] as (typeof MONTHLY_EVENTS)[number]);
      if (e < 0) continue;
      const c = civilFromDay(d);
      counts[e]![(c.year - first.year) * 12 + c.month - first.month]!++;
    }
    return counts;
  };
  const r = tally(real);
  const s = tally(synthetic);
  const series = MONTHLY_EVENTS.map((event, e) => {
    const realRow = r[e]!.map((n) => (n < MIN_CELL ? null : n));
    const synRow = s[e]!.map((n) => Math.round(n * scale * 10) / 10);
    const errors = realRow.flatMap((n, k) => (n === null ? [] : [Math.abs(synRow[k]! - n) / n]));
    const meanAbsoluteError = errors.length ? errors.reduce((x, y) => x + y, 0) / errors.length : null;
    // Small monthly counts are noisy on both sides: allow about two Poisson standard errors.
    const known = realRow.filter((n): n is number => n !== null);
    const mean = known.reduce((x, y) => x + y, 0) / Math.max(1, known.length);
    const tolerance = Math.max(FIDELITY_TOLERANCE.monthlyError, 2.5 / Math.sqrt(Math.max(1, mean)));
    return { event, real: realRow, synthetic: synRow, meanAbsoluteError, pass: meanAbsoluteError === null || meanAbsoluteError <= tolerance };
  });
  return { months, series: series.filter((row) => row.real.some((n) => n !== null)) };
}

function attributeMarginals(real: Dataset, synthetic: Dataset): FidelityReport['marginals'] {
  const describe = (d: Dataset): Record<string, string[]> => {
    const out: Record<string, string[]> = { age_band_at_first_event: [], sex: [], ethnicity_group: [], disability: [] };
    const { table, children } = d;
    for (let c = 0; c < table.childIds.length; c++) {
      const firstDay = table.day[table.childStart[c]!]!;
      out.age_band_at_first_event!.push(AGE_BANDS[ageBandAt(children.dob[c]!, firstDay)]!);
      out.sex!.push(children.sex[c] ? SEX_CODES[children.sex[c]! - 1]! : 'blank');
      out.ethnicity_group!.push(children.ethnicity[c] ? ETHNICITY_GROUP_NAMES[ethnicityGroupOf(children.ethnicity[c]!) - 1]! : 'blank');
      out.disability!.push(children.disability[c] ? DISABILITY_CODES[children.disability[c]! - 1]! : 'blank');
    }
    return out;
  };
  const r = describe(real);
  const s = describe(synthetic);
  return Object.keys(r).map((attribute) => {
    const share = (values: string[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const v of values) m.set(v, (m.get(v) ?? 0) + 1 / values.length);
      return m;
    };
    const rs = share(r[attribute]!);
    const ss = share(s[attribute]!);
    const codes = [...new Set([...rs.keys(), ...ss.keys()])].sort();
    const categories = codes.map((code) => ({ code, real: rs.get(code) ?? 0, synthetic: ss.get(code) ?? 0 }));
    const totalVariation = categories.reduce((t, c) => t + Math.abs(c.real - c.synthetic), 0) / 2;
    return { attribute, categories, totalVariation, pass: totalVariation <= FIDELITY_TOLERANCE.marginalDistance };
  });
}

/** Days between consecutive events of a child, by step `from -> to`, with the children behind each. */
function stepSamples(table: EventTable): Map<string, { days: number[]; children: Set<number> }> {
  const out = new Map<string, { days: number[]; children: Set<number> }>();
  for (let c = 0; c < table.childIds.length; c++) {
    // A child's rows in the process's order: by date, and one date's rows as the grammar takes them
    // (core/same-day-order.ts). In file order, a log written shuffled gave pairs no process has
    // ("assessment_start -> referral" at 0 days: audit a10j's log C, 38 of 86 steps past the bound).
    const rows = rowsInProcessOrder(table.childStart[c]!, table.childStart[c + 1]!, table.day, table.type, table.outcome);
    for (let k = 1; k < rows.length; k++) {
      const i = rows[k]!;
      const previous = rows[k - 1]!;
      if (table.type[i] === EV.contact) continue; // a new contact starts a trip: its gap is a return, not a step
      const key = `${EVENT_TYPES[table.type[previous]!]} -> ${EVENT_TYPES[table.type[i]!]}`;
      let entry = out.get(key);
      if (!entry) out.set(key, (entry = { days: [], children: new Set() }));
      entry.days.push(table.day[i]! - table.day[previous]!);
      entry.children.add(c);
    }
  }
  return out;
}

/** Two-sample Kolmogorov–Smirnov distance. */
export function ksDistance(x: readonly number[], y: readonly number[]): number {
  const a = Float64Array.from(x).sort();
  const b = Float64Array.from(y).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

function stepDurations(real: EventTable, synthetic: EventTable): FidelityReport['durations'] {
  const r = stepSamples(real);
  const s = stepSamples(synthetic);
  const out: FidelityReport['durations'] = [];
  for (const [step, entry] of r) {
    if (entry.children.size < 5 * MIN_CELL) continue; // too few to say anything, and small cells stay out
    const other = s.get(step)?.days ?? [];
    const ks = other.length ? ksDistance(entry.days, other) : 1;
    // Pass under the practical bound, or within the 1% critical value of the two-sample test.
    const critical = other.length ? 1.63 * Math.sqrt((entry.days.length + other.length) / (entry.days.length * other.length)) : 0;
    out.push({ step, realSteps: entry.days.length, syntheticSteps: other.length, ks, pass: ks <= Math.max(FIDELITY_TOLERANCE.ks, critical) });
  }
  return out.sort((x, y) => y.realSteps - x.realSteps);
}
