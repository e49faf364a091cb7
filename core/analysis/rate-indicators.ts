// Every rate of metrics.md is (events in the window that pass a test) / (events in the window), and
// each event's test reads the whole table but not the window. So the tests are run once per event
// here, and a series of windows is one pass that adds them up. tests/core/analysis/rate-indicators
// checks, on random data and random windows, that the sums equal computeMetrics to the last digit.
import { addMonths } from '../dates.js';
import { EV as EVENT_CODES, outcomeCode } from '../events.js';
import { RATE_KEYS, type MetricsWindow, type PreparedMetrics, type RateKey } from '../metrics.js';

const EV = EVENT_CODES; // a local alias: module imports are read through a getter in hot loops
const RATE = Object.fromEntries(RATE_KEYS.map((k, i) => [k, 1 << i])) as Record<RateKey, number>;
const OUTCOME_REFERRAL = outcomeCode('referral');
const OUTCOME_NFA = outcomeCode('nfa');
const OUTCOME_CP_PLAN = outcomeCode('cp_plan');

export interface RateIndicators {
  /** per event row: bit r set when the row counts in the denominator of RATE_KEYS[r] */
  readonly den: Uint16Array;
  /** per event row: bit r set when it also counts in the numerator */
  readonly num: Uint16Array;
}

export function rateIndicators(prepared: PreparedMetrics): RateIndicators {
  const { table, pairedStart, linkedIcpc, calendar } = prepared;
  const { type, day, outcome, episode } = table;
  const den = new Uint16Array(table.length);
  const num = new Uint16Array(table.length);
  const has = (lo: number, hi: number, eventType: number, from: number, to: number, ep = -2): boolean => {
    for (let j = lo; j < hi; j++) {
      const d = day[j]!;
      if (d > to) return false;
      if (d >= from && type[j] === eventType && (ep === -2 || episode[j] === ep)) return true;
    }
    return false;
  };
  for (let c = 0; c < table.childIds.length; c++) {
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    let episodesWithAssessment: Set<number> | null = null;
    let firstCpPlanStart = 0x7fffffff;
    for (let i = lo; i < hi; i++) {
      if (type[i] === EV.assessment_start && episode[i]! >= 0) (episodesWithAssessment ??= new Set()).add(episode[i]!);
      if (type[i] === EV.cp_plan_start && day[i]! < firstCpPlanStart) firstCpPlanStart = day[i]!;
    }
    for (let i = lo; i < hi; i++) {
      const d = day[i]!;
      const o = outcome[i]!;
      let dn = 0;
      let nm = 0;
      switch (type[i]) {
        case EV.contact:
          dn = RATE.contact_to_referral;
          if (o === OUTCOME_REFERRAL || (o === 0 && has(lo, hi, EV.referral, d, d + 7))) nm = dn;
          break;
        case EV.referral:
          dn = RATE.referral_nfa | RATE.rereferral_12m | RATE.prior_referral_36m | RATE.referral_to_assessment;
          if (o === OUTCOME_NFA) nm |= RATE.referral_nfa;
          if (has(lo, hi, EV.referral, addMonths(d, -12), d - 1)) nm |= RATE.rereferral_12m;
          if (has(lo, hi, EV.referral, addMonths(d, -36), d - 1)) nm |= RATE.prior_referral_36m;
          if (episodesWithAssessment?.has(episode[i]!)) nm |= RATE.referral_to_assessment;
          break;
        case EV.assessment_end: {
          const start = pairedStart[i]!;
          if (start < 0) break;
          dn = RATE.assessment_within_45_wd;
          if (calendar.between(day[start]!, d) <= 45) nm = dn;
          break;
        }
        case EV.s47_start:
          dn = RATE.s47_to_icpc;
          if (linkedIcpc[i]! >= 0) nm = dn;
          break;
        case EV.icpc:
          dn = RATE.icpc_to_cp_plan;
          if (o === OUTCOME_CP_PLAN || (o === 0 && has(lo, hi, EV.cp_plan_start, d, d + 7, episode[i]!))) nm = dn;
          break;
        case EV.cp_plan_start:
          dn = RATE.cp_plan_second_or_subsequent;
          if (firstCpPlanStart < d) nm = dn;
          break;
      }
      den[i] = dn;
      num[i] = nm;
    }
  }
  return { den, num };
}

/** k (numerator) and n (denominator) of each rate, indexed like RATE_KEYS. */
export interface RateTally {
  k: number[];
  n: number[];
}

export function emptyTally(): RateTally {
  return { k: new Array<number>(RATE_KEYS.length).fill(0), n: new Array<number>(RATE_KEYS.length).fill(0) };
}

export function addTally(into: RateTally, other: RateTally): void {
  for (let r = 0; r < RATE_KEYS.length; r++) {
    into.k[r]! += other.k[r]!;
    into.n[r]! += other.n[r]!;
  }
}

export function tallyRate(tally: RateTally, key: RateKey): { k: number; n: number; rate: number | null } {
  const r = RATE_KEYS.indexOf(key);
  const n = tally.n[r]!;
  return { k: tally.k[r]!, n, rate: n === 0 ? null : tally.k[r]! / n };
}

/**
 * Tallies per window, for windows sorted by date and not overlapping (months, weeks), in one pass.
 * `include` (per row) restricts to a cohort.
 */
export function tallyWindows(
  prepared: PreparedMetrics, indicators: RateIndicators, windows: readonly MetricsWindow[], include: Uint8Array | null = null,
): RateTally[] {
  const tallies = windows.map(() => emptyTally());
  if (windows.length === 0) return tallies;
  const { day } = prepared.table;
  const first = windows[0]!.from;
  const last = windows[windows.length - 1]!.to;
  // Day → window index, through a lookup array over the span (a few thousand days at most).
  const slot = new Int32Array(last - first + 1).fill(-1);
  windows.forEach((w, k) => {
    for (let d = Math.max(w.from, first); d <= w.to; d++) slot[d - first] = k;
  });
  for (let i = 0; i < day.length; i++) {
    const dn = indicators.den[i]!;
    if (dn === 0) continue;
    const d = day[i]!;
    if (d < first || d > last || (include && include[i] === 0)) continue;
    const k = slot[d - first]!;
    if (k < 0) continue;
    const t = tallies[k]!;
    const nm = indicators.num[i]!;
    for (let r = 0; r < RATE_KEYS.length; r++) {
      const bit = 1 << r;
      if (dn & bit) {
        t.n[r]!++;
        if (nm & bit) t.k[r]!++;
      }
    }
  }
  return tallies;
}
