// Right-censoring. A dataset stops on its last date, so a step still under way then (a plan not yet
// ended, a child not yet back) is censored: counting only finished steps would make long steps look
// rare, and the generator, cut at its own end date, would then shorten them twice. The Aalen–Johansen
// estimator weights each finished step by the chance of being still at risk when it happened.
import { wholeDayOrder } from './durations.js';

/**
 * Weight of each observation (0 for censored ones) such that, per cause, the weights sum to the
 * cumulative incidence of that cause by the largest time seen, and their spread over t is the
 * estimated distribution of t given that cause. `t[i]`: days until the step, or until censoring;
 * `censored[i]`: 1 when observation i is censored; `entry[i]` (optional): days before which observation
 * i was not under watch (left truncation: a step under way when the data began is only there because it
 * lasted that long, so it counts in the risk set from then on).
 */
export function incidenceWeights(t: ArrayLike<number>, censored: Uint8Array, entry?: ArrayLike<number>, sorted = sortedTimes(t, entry)): Float64Array {
  const n = t.length;
  // At equal times, steps come before censorings (the usual convention): each block of equal times is taken
  // whole (its steps leave the risk set after it, with its censorings), so the order within a block does not
  // matter, and a cell's order by time serves every censoring of it (a cell's weights are taken up to four
  // times: steps, the birthday's share, the tail).
  const { order, entries } = sorted;
  const weights = new Float64Array(n);
  let left = 0;
  let entered = entries ? 0 : n;
  let survival = 1;
  let k = 0;
  while (k < n) {
    const time = t[order[k]!]!;
    if (entries) while (entered < n && entries[entered]! <= time) entered++;
    const atRisk = entered - left;
    let events = 0;
    let gone = 0;
    let j = k;
    for (; j < n && t[order[j]!] === time; j++) {
      if (censored[order[j]!]) gone++;
      else events++;
    }
    if (events > 0 && atRisk > 0) {
      const w = survival / atRisk;
      for (let m = k; m < j; m++) if (!censored[order[m]!]) weights[order[m]!] = w;
      survival *= 1 - events / atRisk;
    }
    left += events + gone;
    k = j;
  }
  return weights;
}

/**
 * The Kaplan–Meier median of times `t` (censored where `censored[i]` is 1, entering at `entry[i]`) in a given time
 * order, or null when the estimate never reaches a half. The order within a tie changes nothing: a tie's steps
 * share one weight, so the running sum and the time it returns are the same in any order.
 */
export function medianOf(t: ArrayLike<number>, censored: Uint8Array, entry: ArrayLike<number> | undefined, sorted: SortedTimes): number | null {
  const weights = incidenceWeights(t, censored, entry, sorted);
  let sum = 0;
  for (const i of sorted.order) {
    if (weights[i]! > 0 && (sum += weights[i]!) >= 0.5) return t[i]!;
  }
  return null;
}

/** A cell's observations in time order, and its entries sorted (null when all are 0): what its weights need sorted. */
export interface SortedTimes {
  order: Uint32Array;
  entries: Float64Array | null;
}

/**
 * The sorts incidenceWeights needs, made once for a cell whose weights are taken under several censorings
 * (synth/cells.ts: steps, the birthday's share, the tail).
 * Entries in time order: an observation joins the risk set at its entry. Entries of states begun before
 * an extract are half days (never a step's time); an entry of 0 is at risk from the start, same-day steps
 * (time 0) included: joining only after it gave every same-day step of a cell that also held a state
 * begun before the extract no weight (review of issue 10, F7: a CP plan ending on the day the child came
 * into care, or a plan starting at its conference, never happened so in the copy of such a log).
 */
export function sortedTimes(t: ArrayLike<number>, entry?: ArrayLike<number>): SortedTimes {
  let entries: Float64Array | null = null;
  if (entry) {
    let any = false;
    for (let i = 0; i < entry.length && !any; i++) any = entry[i]! > 0;
    if (any) entries = Float64Array.from(entry).sort();
  }
  return { order: timeOrder(t), entries };
}

/**
 * Indices by increasing t (ties in index order): by wholeDayOrder (a counting or packed numeric sort) when
 * every t is a whole number of days, as the fit's are; a sort with a comparator function was a tenth of the
 * fit's time. The weights do not depend on the order within a time.
 */
function timeOrder(t: ArrayLike<number>): Uint32Array {
  const whole = wholeDayOrder(t, t.length);
  if (whole !== null) return whole;
  const order = new Uint32Array(t.length);
  for (let i = 0; i < t.length; i++) order[i] = i;
  order.sort((a, b) => t[a]! - t[b]! || a - b);
  return order;
}
