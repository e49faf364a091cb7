// The re-referral view: the DfE 12-month re-referral rate and the 36-month prior-referral share over
// time (each calendar month, and rolling 12 months), the time since the previous referral, and the NFA
// rate of assessments by the child's number of previous referrals.
import { addMonths, civilFromDay } from '../dates.js';
import { EV, outcomeCode } from '../events.js';
import type { EventTable } from '../event-table.js';
import type { MetricsWindow, PreparedMetrics } from '../metrics.js';
import { addTally, emptyTally, tallyRate, tallyWindows, type RateIndicators, type RateTally } from './rate-indicators.js';
import { PREVIOUS_REFERRAL_GROUPS, previousReferralGroup, type CohortAnchors } from './cohort.js';
import { monthWindows, rollingWindows } from './windows.js';
import { wilsonInterval, type Interval } from './wilson.js';
import { completeness, type DataSpan } from './cutoffs.js';

export interface RatePoint {
  label: string;
  from: number;
  to: number;
  referrals: number;
  rereferrals12m: number;
  rate12m: number | null;
  ci12m: Interval | null;
  prior36m: number;
  share36m: number | null;
  ci36m: Interval | null;
  /** why the data's edges cut each rate short here (its look-back starts before the data), or null */
  incomplete12m: string | null;
  incomplete36m: string | null;
}

export interface RereferralSeries {
  monthly: RatePoint[];
  rolling12: RatePoint[];
}

function point(label: string, window: MetricsWindow, tally: RateTally, span: DataSpan | null, prepared: PreparedMetrics): RatePoint {
  const r12 = tallyRate(tally, 'rereferral_12m');
  const r36 = tallyRate(tally, 'prior_referral_36m');
  const note = (key: 'rereferral_12m' | 'prior_referral_36m') => (span ? completeness(key, window, span, prepared.calendar).note : null);
  return {
    label,
    from: window.from,
    to: window.to,
    referrals: r12.n,
    rereferrals12m: r12.k,
    rate12m: r12.rate,
    ci12m: wilsonInterval(r12.k, r12.n),
    prior36m: r36.k,
    share36m: r36.rate,
    ci36m: wilsonInterval(r36.k, r36.n),
    incomplete12m: note('rereferral_12m'),
    incomplete36m: note('prior_referral_36m'),
  };
}

/**
 * Monthly and rolling-12-month `rereferral_12m` and `prior_referral_36m`. A rolling window is the 12
 * calendar months ending with the month, so its counts are the sums of those months' counts: exactly
 * computeMetrics over the rolling window.
 */
export function rereferralSeries(
  prepared: PreparedMetrics, indicators: RateIndicators, from: number, to: number, include: Uint8Array | null = null, span: DataSpan | null = null,
): RereferralSeries {
  const months = monthWindows(from, to);
  const rolling = rollingWindows(from, to, 12);
  // Tally whole months from 11 months before the first, so every rolling window is a sum of 12.
  const firstMonth = rolling[0]?.from ?? from;
  const lastMonthEnd = rolling[rolling.length - 1]?.to ?? to;
  const whole = monthWindows(firstMonth, lastMonthEnd);
  const tallies = tallyWindows(prepared, indicators, whole, include);
  const offset = whole.length - months.length;
  const pointOf = (label: string, window: MetricsWindow, tally: RateTally): RatePoint => point(label, window, tally, span, prepared);
  // Monthly points are clipped to [from, to]: tally those windows on their own where clipped.
  const monthlyTallies = tallyWindows(prepared, indicators, months, include);
  return {
    monthly: months.map((m, i) => pointOf(m.label, m, monthlyTallies[i]!)),
    rolling12: rolling.map((w, i) => {
      const sum = emptyTally();
      for (let j = i + offset - 11; j <= i + offset; j++) addTally(sum, tallies[j]!);
      return pointOf(w.label, w, sum);
    }),
  };
}

/** Histogram bins of whole calendar months since the previous referral: [lo, hi) months; hi null = open. */
export const MONTH_BINS: ReadonlyArray<readonly [number, number | null]> = [
  [0, 1], [1, 3], [3, 6], [6, 12], [12, 18], [18, 24], [24, 36], [36, 48], [48, 60], [60, null],
];

/** Whole calendar months from day a to day b (b ≥ a): the largest m with addMonths(a, m) ≤ b. */
export function wholeMonthsBetween(a: number, b: number): number {
  const ca = civilFromDay(a);
  const cb = civilFromDay(b);
  let m = (cb.year - ca.year) * 12 + (cb.month - ca.month);
  if (addMonths(a, m) > b) m--;
  return m;
}

export interface TimeSinceHistogram {
  referrals: number;
  /** referrals with no earlier referral of the child */
  firstReferrals: number;
  bins: Array<{ label: string; fromMonths: number; toMonths: number | null; count: number; share: number | null }>;
}

/** For referrals in the window: whole months since the child's latest earlier referral (any date). */
export function timeSincePreviousReferral(table: EventTable, window: MetricsWindow, include: Uint8Array | null = null): TimeSinceHistogram {
  const counts = new Array<number>(MONTH_BINS.length).fill(0);
  let referrals = 0;
  let firstReferrals = 0;
  const NONE = -0x80000000;
  for (let c = 0; c < table.childIds.length; c++) {
    // `earlier` is the latest referral date strictly before `current`, the date being looked at.
    let current = NONE;
    let earlier = NONE;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      if (table.type[i] !== EV.referral) continue;
      const d = table.day[i]!;
      if (d > current) {
        earlier = current;
        current = d;
      }
      if (d < window.from || d > window.to || (include && include[i] === 0)) continue;
      referrals++;
      if (earlier === NONE) firstReferrals++;
      else binOf(counts, wholeMonthsBetween(earlier, d));
    }
  }
  const withPrevious = referrals - firstReferrals;
  return {
    referrals,
    firstReferrals,
    bins: MONTH_BINS.map(([lo, hi], k) => ({
      label: hi === null ? `${lo}+ months` : `${lo}–${hi} months`,
      fromMonths: lo,
      toMonths: hi,
      count: counts[k]!,
      share: withPrevious === 0 ? null : counts[k]! / withPrevious,
    })),
  };
}

function binOf(counts: number[], months: number): void {
  const k = MONTH_BINS.findIndex(([lo, hi]) => months >= lo && (hi === null || months < hi));
  counts[k]!++;
}

export interface NfaByPrevious {
  groups: Array<{ previousReferrals: string; assessments: number; nfa: number; rate: number | null; ci: Interval | null }>;
}

const NFA = outcomeCode('nfa');

/**
 * Assessments ended in the window (authorised `assessment_end`s) with outcome `nfa`, by the number of
 * the child's referrals dated before the assessment's episode began (0, 1, 2, 3+), with Wilson 95% CIs.
 */
export function nfaByPreviousReferrals(
  table: EventTable, anchors: CohortAnchors, window: MetricsWindow, include: Uint8Array | null = null,
): NfaByPrevious {
  const assessments = [0, 0, 0, 0];
  const nfa = [0, 0, 0, 0];
  for (let i = 0; i < table.length; i++) {
    if (table.type[i] !== EV.assessment_end) continue;
    const d = table.day[i]!;
    if (d < window.from || d > window.to || (include && include[i] === 0)) continue;
    const g = previousReferralGroup(anchors.previousReferrals[i]!);
    assessments[g]!++;
    if (table.outcome[i] === NFA) nfa[g]!++;
  }
  return {
    groups: PREVIOUS_REFERRAL_GROUPS.map((label, g) => ({
      previousReferrals: label,
      assessments: assessments[g]!,
      nfa: nfa[g]!,
      rate: assessments[g] === 0 ? null : nfa[g]! / assessments[g]!,
      ci: wilsonInterval(nfa[g]!, assessments[g]!),
    })),
  };
}
