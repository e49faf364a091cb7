// Durations in whole days as a share of same-day steps plus a quantile function of log(1 + days)
// for the rest, at QUANTILE_KNOTS evenly spaced probabilities, interpolated linearly when drawn.
import { QUANTILE_KNOTS, type Duration } from './model.js';
import type { Random } from './random.js';

const LAST = QUANTILE_KNOTS - 1;

/** Weighted quantile of sorted values (midpoint rule, clamped to the extremes). */
function weightedQuantile(values: Float64Array, cumulative: Float64Array, total: number, p: number): number {
  const target = p * total;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return values[lo]!;
}

/**
 * Weights that undo right-censoring of the durations themselves (Kaplan–Meier, weighted): each censored
 * observation's weight moves to the longer ones; what is left past the longest goes to the longest.
 */
function uncensoredWeights(days: readonly number[], weights: readonly number[], censored: readonly boolean[]): Float64Array {
  const order = days.map((_, i) => i).sort((a, b) => days[a]! - days[b]! || Number(censored[a]) - Number(censored[b]));
  const mass = new Float64Array(days.length);
  let atRisk = weights.reduce((s, w) => s + w, 0);
  if (atRisk <= 0) return mass;
  let survival = 1;
  let k = 0;
  while (k < order.length) {
    const d = days[order[k]!]!;
    let events = 0;
    let gone = 0;
    let j = k;
    for (; j < order.length && days[order[j]!] === d; j++) {
      const w = weights[order[j]!]!;
      if (censored[order[j]!]) gone += w;
      else events += w;
    }
    if (events > 0 && atRisk > 0) {
      const drop = (survival * events) / atRisk;
      for (let m = k; m < j; m++) if (!censored[order[m]!]) mass[order[m]!] = (drop * weights[order[m]!]!) / events;
      survival -= drop;
    }
    atRisk -= events + gone;
    k = j;
  }
  if (survival > 1e-12) mass[order[order.length - 1]!]! += survival;
  return mass;
}

/**
 * The Duration of observed day counts, optionally weighted (the fit weights steps to undo censoring of
 * the step itself), and optionally with durations that were cut short (`cut[i]`: the true one is at
 * least `days[i]`, as for a period of care ended by the 18th birthday).
 * `children` is the number of distinct children behind the observations.
 */
export function durationFromSamples(days: readonly number[], children: number, weights?: readonly number[], cut?: readonly boolean[]): Duration {
  if (cut?.some((c) => c)) weights = Array.from(uncensoredWeights(days, weights ?? days.map(() => 1), cut));
  let zeroWeight = 0;
  let total = 0;
  let count = 0;
  const logs = new Float64Array(days.length);
  const mass = new Float64Array(days.length);
  for (let i = 0; i < days.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (!(w > 0)) continue;
    total += w;
    if (days[i]! <= 0) zeroWeight += w;
    else {
      logs[count] = Math.log1p(days[i]!);
      mass[count++] = w;
    }
  }
  const logQuantiles = new Array<number>(QUANTILE_KNOTS).fill(Math.log1p(1));
  if (count > 0) {
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => logs[a]! - logs[b]!);
    const values = new Float64Array(count);
    const cumulative = new Float64Array(count);
    let sum = 0;
    for (let k = 0; k < count; k++) {
      values[k] = logs[order[k]!]!;
      cumulative[k] = sum += mass[order[k]!]!;
    }
    // The extreme knots sit at the 1st and 99th percentiles so that no knot is one child's exact value.
    for (let k = 0; k <= LAST; k++) {
      const p = 0.01 + (0.98 * k) / LAST;
      logQuantiles[k] = weightedQuantile(values, cumulative, sum, p);
    }
  }
  return { children, sameDay: total > 0 ? zeroWeight / total : 0, logQuantiles };
}

/**
 * A Duration from points of a cumulative distribution in days, [days, share at or below], as published
 * statistics give it. The first point may be [0, sameDayShare]; the last must reach 1.
 */
export function durationFromCdf(points: ReadonlyArray<readonly [number, number]>, children = 0): Duration {
  const sameDay = points[0]![0] === 0 ? points[0]![1] : 0;
  const pts = points.filter(([d]) => d > 0).map(([d, f]) => [Math.log1p(d), (f - sameDay) / (1 - sameDay)] as const);
  if (pts[0]![0] > Math.log1p(1)) pts.unshift([Math.log1p(1), 0]);
  const logQuantiles: number[] = [];
  for (let k = 0; k <= LAST; k++) {
    const p = k / LAST;
    let j = 1;
    while (j < pts.length - 1 && pts[j]![1] < p) j++;
    const [x0, f0] = pts[j - 1]!;
    const [x1, f1] = pts[j]!;
    const t = f1 > f0 ? Math.min(1, Math.max(0, (p - f0) / (f1 - f0))) : 1;
    logQuantiles.push(x0 + t * (x1 - x0));
  }
  return { children, sameDay, logQuantiles };
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, ample for priors). */
function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  if (q < 0.02425 || q > 0.97575) {
    const r = Math.sqrt(-2 * Math.log(q < 0.5 ? q : 1 - q));
    const x = (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
    return q < 0.5 ? x : -x;
  }
  const r = q - 0.5;
  const s = r * r;
  return ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) /
    (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1);
}

/** A log-normal Duration of the positive steps (median days, log-scale spread), with a same-day share. */
export function durationLognormal(medianDays: number, sigma: number, sameDay = 0, children = 0): Duration {
  const logQuantiles: number[] = [];
  for (let k = 0; k <= LAST; k++) {
    const p = 0.01 + (0.98 * k) / LAST;
    logQuantiles.push(Math.log1p(Math.max(1, medianDays * Math.exp(sigma * probit(p)))));
  }
  return { children, sameDay, logQuantiles };
}

/** Draws whole days from a Duration. */
export function drawDays(sameDay: number, logQuantiles: ArrayLike<number>, random: Random): number {
  const u = random.next();
  if (u < sameDay) return 0;
  const pos = ((u - sameDay) / (1 - sameDay)) * LAST;
  const k = Math.min(LAST - 1, Math.floor(pos));
  const x = logQuantiles[k]! + (pos - k) * (logQuantiles[k + 1]! - logQuantiles[k]!);
  return Math.max(1, Math.round(Math.expm1(x)));
}

/**
 * Draws whole days from a Duration given that they are at least `atLeast` (the time already spent since
 * the anchor): the quantile function is sampled above the point where it reaches `atLeast`. Past the
 * largest value the Duration knows, the step comes at once (`atLeast`).
 */
export function drawDaysAtLeast(sameDay: number, logQuantiles: ArrayLike<number>, atLeast: number, random: Random): number {
  if (atLeast <= 0) return drawDays(sameDay, logQuantiles, random);
  // Days round to the nearest whole: values from atLeast - 0.5 up round to atLeast or more.
  const target = Math.log1p(atLeast - 0.5);
  if (target > logQuantiles[LAST]!) return atLeast;
  let k = 0;
  while (k < LAST - 1 && logQuantiles[k + 1]! < target) k++;
  const lo = logQuantiles[k]!;
  const hi = logQuantiles[k + 1]!;
  const from = target <= lo ? k : k + (hi > lo ? (target - lo) / (hi - lo) : 1);
  const pos = from + random.next() * (LAST - from);
  const j = Math.min(LAST - 1, Math.floor(pos));
  const x = logQuantiles[j]! + (pos - j) * (logQuantiles[j + 1]! - logQuantiles[j]!);
  return Math.max(atLeast, Math.round(Math.expm1(x)));
}

/** The median in days of a Duration (for summaries). */
export function durationMedian(d: Duration): number {
  if (d.sameDay >= 0.5) return 0;
  const pos = ((0.5 - d.sameDay) / (1 - d.sameDay)) * LAST;
  const k = Math.min(LAST - 1, Math.floor(pos));
  return Math.round(Math.expm1(d.logQuantiles[k]! + (pos - k) * (d.logQuantiles[k + 1]! - d.logQuantiles[k]!)));
}
