// Durations in whole days as a share of same-day steps plus a quantile function of log(1 + days)
// for the rest, at QUANTILE_KNOTS evenly spaced probabilities, interpolated linearly when drawn.
import { MAX_QUANTILE_KNOTS, MIN_CELL, QUANTILE_KNOTS, type Duration } from './model.js';
import type { Random } from './random.js';

const LAST = QUANTILE_KNOTS - 1;

/** Knots for `observations` durations: one per MIN_CELL of them, between QUANTILE_KNOTS and MAX_QUANTILE_KNOTS. */
export function knotsFor(observations: number): number {
  return Math.max(QUANTILE_KNOTS, Math.min(MAX_QUANTILE_KNOTS, Math.floor(observations / MIN_CELL) + 1));
}

/**
 * The largest gap, as a share of the non-same-day durations, between the days the knots would draw
 * (interpolated, rounded to whole days) and the days observed: past it, more knots (see durationFromSamples).
 */
const MISFIT = 0.015;

/**
 * Knots at `knots` evenly spaced probabilities, as log(1 + days) of the sorted `days`; the extreme ones at the 1st
 * and 99th percentiles, so that no knot is one child's exact value.
 */
function quantilesAt(knots: number, days: Float64Array, cumulative: Float64Array, total: number): number[] {
  const last = knots - 1;
  const out = new Array<number>(knots);
  for (let k = 0; k <= last; k++) out[k] = Math.log1p(weightedQuantile(days, cumulative, total, 0.01 + (0.98 * k) / last));
  return out;
}

/**
 * The largest difference between the observed distribution of log(1 + days) (sorted `values`, running
 * weights `cumulative` of `total`) and the one the knots give by linear interpolation, both taken at whole
 * days (a draw rounds to one), over the 1st to 99th percentiles the knots span: what interpolation alone misses.
 */
function interpolationGap(knots: readonly number[], values: Float64Array, cumulative: Float64Array, total: number): number {
  const last = knots.length - 1;
  /** share drawn below log(1 + days) = x: the probability at x on the knots' scale (0.01 to 0.99) */
  const drawnBelow = (x: number): number => {
    if (x <= knots[0]!) return 0.01;
    if (x >= knots[last]!) return 0.99;
    let k = 0;
    while (k < last - 1 && knots[k + 1]! <= x) k++;
    const span = knots[k + 1]! - knots[k]!;
    const pos = k + (span > 0 ? (x - knots[k]!) / span : 1);
    return 0.01 + (0.98 * pos) / last;
  };
  let gap = 0;
  for (let j = 0; j < values.length; j++) {
    if (j + 1 < values.length && values[j + 1] === values[j]) continue;
    const observed = cumulative[j]! / total;
    if (observed < 0.01 || observed > 0.99) continue;
    // days ≤ d are drawn as x < log(1 + d + 0.5)
    const d = Math.round(Math.expm1(values[j]!));
    gap = Math.max(gap, Math.abs(observed - drawnBelow(Math.log1p(d + 0.5))));
  }
  return gap;
}

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
 * With `entered` (days after the anchor on which the step's state was entered: the duration was at least
 * that, or it would not have been seen from the state), the product-limit counts an observation at risk only
 * from then on (Lynden-Bell's delayed entry). Without it a step drawn at least `entered` days on (the
 * generator's daysAtLeastAt) was conditioned twice: care that outlasted a CP plan, drawn from the lengths
 * of care that outlasted a plan, ran a median 388 days where the log's ran 332 (trips-growth logs 5-8).
 */
function uncensoredWeights(days: readonly number[], weights: readonly number[], censored: readonly boolean[], entered?: readonly number[]): Float64Array {
  // (the indices to sort made by a loop, not by days.map: the array map made in V8's optimised code differed from the
  // interpreter's, and the code bailed out on it; the loops in functions of their own, as tally's: cells.ts)
  const order = wholeDayOrder(days, days.length, censored) ?? indices(days.length).sort((a, b) => days[a]! - days[b]! || Number(censored[a]) - Number(censored[b]));
  const mass = new Float64Array(days.length);
  const total = sumOf(weights);
  if (total <= 0) return mass;
  // Entries in order of the day entered; without them every observation is at risk from day 0.
  const byEntry = entered ? wholeDayOrder(entered, entered.length) ?? indices(days.length).sort((a, b) => entered[a]! - entered[b]!) : null;
  const survival = productLimit(days, weights, censored, order, mass, total, entered, byEntry);
  if (survival > 1e-12) mass[order[order.length - 1]!]! += survival;
  return mass;
}

/** 0, 1, …, n − 1. */
function indices(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i);
  return out;
}

/** The sum of `values`, in their order. */
function sumOf(values: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

/**
 * uncensoredWeights' product-limit over the observations in `order` (entering in `byEntry`'s order, or all at day 0
 * when null): each step's share of the mass into `mass`; returns the survival left past the longest.
 */
function productLimit(
  days: readonly number[], weights: readonly number[], censored: readonly boolean[], order: ArrayLike<number>, mass: Float64Array, total: number,
  entered: readonly number[] | undefined, byEntry: ArrayLike<number> | null,
): number {
  let nextEntry = 0;
  let atRisk = byEntry ? 0 : total;
  // A risk set of a few early entrants would take the whole mass at its first end (a hazard of 1): the
  // product-limit's known weakness under delayed entry, bounded by counting at least this many at risk.
  const leastAtRisk = byEntry ? Math.min(5, total / 10) : 0;
  let survival = 1;
  let k = 0;
  while (k < order.length) {
    const d = days[order[k]!]!;
    if (byEntry) while (nextEntry < byEntry.length && entered![byEntry[nextEntry]!]! <= d) atRisk += weights[byEntry[nextEntry++]!]!;
    let events = 0;
    let gone = 0;
    let j = k;
    for (; j < order.length && days[order[j]!] === d; j++) {
      const w = weights[order[j]!]!;
      if (censored[order[j]!]) gone += w;
      else events += w;
    }
    const risk = Math.max(atRisk, leastAtRisk, events);
    if (events > 0 && risk > 0) {
      const drop = (survival * events) / risk;
      for (let m = k; m < j; m++) if (!censored[order[m]!]) mass[order[m]!] = (drop * weights[order[m]!]!) / events;
      survival -= drop;
    }
    atRisk -= events + gone;
    k = j;
  }
  return survival;
}

/** Largest count and largest day for which wholeDayOrder packs (day, flag, index) into a double exactly (below 2^53). */
const PACKED_INDEX = 2 ** 21;
const PACKED_DAYS = 2 ** 30;

/**
 * Indices 0..n-1 by increasing `days` (then `flag` false before true, then index: the order a stable sort
 * with that comparator gives); null when a day is not a whole number in range (a span's days with its age
 * band's shift taken off), for the caller's comparator sort. Days in a range not much wider than there are
 * of them (most of the fit's cells and steps) take a counting sort; others one numeric sort of packed
 * doubles. Comparator sorts of every fitted duration's samples and every cell's times were a seventh of the fit.
 */
export function wholeDayOrder(days: ArrayLike<number>, n: number, flag?: readonly boolean[]): Uint32Array | null {
  if (n >= PACKED_INDEX) return null;
  // Each index's key (day, then flag) taken once (a key function called twice per index was a fifth of this).
  // (each loop in a function of its own: a loop here was compiled on stack (OSR) and that code, entered on every
  // later call, gave up after its loop each time)
  const key = new Float64Array(n);
  const longest = dayKeys(days, n, key);
  if (longest < 0) return null;
  if (flag) flagKeys(flag, n, key);
  // (a counting sort's cost grows with the range, a sort's with the count: the fit's many small cells and steps,
  // their days spread over years, took counting sorts over thousands of empty days, a twentieth of the fit)
  return longest <= 6 * n + 64 ? countingOrder(key, n, longest) : packedOrder(key, n);
}

/** key[i] = 2·days[i] for i < n; returns the largest day, or -1 when a day is not a whole number in range. */
function dayKeys(days: ArrayLike<number>, n: number, key: Float64Array): number {
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const d = days[i]!;
    if (!(Number.isInteger(d) && d >= 0 && d < PACKED_DAYS)) return -1;
    if (d > longest) longest = d;
    key[i] = d * 2;
  }
  return longest;
}

/** key[i] + 1 where flag[i]. */
function flagKeys(flag: readonly boolean[], n: number, key: Float64Array): void {
  for (let i = 0; i < n; i++) if (flag[i]) key[i]!++;
}

/** Indices by key (whole, at most 2·longest + 1), then index: a counting sort. */
function countingOrder(key: Float64Array, n: number, longest: number): Uint32Array {
  const order = new Uint32Array(n);
  const start = new Uint32Array(2 * longest + 3);
  for (let i = 0; i < n; i++) start[key[i]! + 1]!++;
  for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
  for (let i = 0; i < n; i++) order[start[key[i]!]!++] = i;
  return order;
}

/** Indices by key, then index: one numeric sort of (key, index) packed into doubles. */
function packedOrder(key: Float64Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = key[i]! * PACKED_INDEX + i;
  keys.sort();
  for (let k = 0; k < n; k++) order[k] = keys[k]! % PACKED_INDEX;
  return order;
}

/** Whether `entered` holds a delayed entry (any observation seen from a state entered after its anchor). */
function delayed(entered: readonly number[] | undefined): entered is readonly number[] {
  if (entered === undefined) return false;
  for (let i = 0; i < entered.length; i++) if (entered[i]! > 0) return true;
  return false;
}

/** The weights as given, or, with durations cut short or entered late, those that undo it (uncensoredWeights). */
function adjustedWeights(days: readonly number[], weights: readonly number[], cut: readonly boolean[] | undefined, entered: readonly number[] | undefined): readonly number[] {
  if (!cut?.some((c) => c) && !delayed(entered)) return weights;
  return Array.from(uncensoredWeights(days, weights, cut ?? days.map(() => false), delayed(entered) ? entered : undefined));
}

/**
 * The Duration of observed day counts, optionally weighted (the fit weights steps to undo censoring of
 * the step itself), and optionally with durations that were cut short (`cut[i]`: the true one is at
 * least `days[i]`, as for a period of care ended by the 18th birthday).
 * `children` is the number of distinct children behind the observations. `moreKnots`: up to one knot
 * per MIN_CELL observations where 21 miss the observed distribution (CP plan ends: see below).
 */
export function durationFromSamples(days: readonly number[], children: number, weights?: readonly number[], cut?: readonly boolean[], moreKnots = false, entered?: readonly number[]): Duration {
  // (adjustedWeights, its tests taken once: each was a pass with a function per sample)
  const isDelayed = delayed(entered);
  if (isDelayed || (cut !== undefined && cut.includes(true))) {
    weights = Array.from(uncensoredWeights(days, weights ?? days.map(() => 1), cut ?? days.map(() => false), isDelayed ? entered : undefined));
  }
  // (each loop in a function of its own: loops here were compiled on stack (OSR), and that code, entered on every
  // later call, gave up at the first call after its loop each time: 36 times in the bench's fit)
  const { zeroWeight, total, count, positive, mass } = positiveSamples(days, weights);
  let logQuantiles = new Array<number>(QUANTILE_KNOTS).fill(Math.log1p(1));
  if (count > 0) {
    // The days in order, log(1 + days) taken only where read: at the knots (quantilesAt), and at every value only where
    // more knots may be needed. (Taken for every sample, as before, it was a quarter of this function's time, and the
    // values are the same: log1p is increasing, so the days' order is the logs' order.) By whole days when they are.
    const whole = wholeDayOrder(positive, count);
    const order = whole ?? logOrder(positive, count);
    const sorted = new Float64Array(count);
    const cumulative = new Float64Array(count);
    const sum = sortInto(sorted, cumulative, positive, mass, order, count);
    logQuantiles = quantilesAt(QUANTILE_KNOTS, sorted, cumulative, sum);
    // More knots (one per MIN_CELL observations) only where 21 miss the data's own distribution: a gap in
    // the durations (CP plans ending at the first review, about 3 months, then hardly any until 6) that
    // interpolation between knots 5% apart fills in (audit a10b F4). Smooth durations keep 21.
    const more = knotsFor(Math.min(children, count));
    if (moreKnots && more > QUANTILE_KNOTS) {
      if (interpolationGap(logQuantiles, log1pOf(sorted, count), cumulative, sum) > MISFIT) logQuantiles = quantilesAt(more, sorted, cumulative, sum);
    }
  }
  return { children, sameDay: total > 0 ? zeroWeight / total : 0, logQuantiles };
}

/** The samples' total weight, that of same-day ones, and the others' days and weights (`count` of them), those of weight 0 left out. */
function positiveSamples(days: readonly number[], weights: readonly number[] | undefined) {
  // (the result made before the loop, not after it: OSR code compiled in the loop of a first call had no feedback
  // for what came after, and bailed out there on later calls)
  const out = { zeroWeight: 0, total: 0, count: 0, positive: new Float64Array(days.length), mass: new Float64Array(days.length) };
  const { positive, mass } = out;
  for (let i = 0; i < days.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (!(w > 0)) continue;
    out.total += w;
    if (days[i]! <= 0) out.zeroWeight += w;
    else {
      positive[out.count] = days[i]!;
      mass[out.count++] = w;
    }
  }
  return out;
}

/** `days` and their running `mass` in `order` into `sorted` and `cumulative`; returns the total. */
function sortInto(sorted: Float64Array, cumulative: Float64Array, days: Float64Array, mass: Float64Array, order: Uint32Array, count: number): number {
  let sum = 0;
  for (let k = 0; k < count; k++) {
    sorted[k] = days[order[k]!]!;
    cumulative[k] = sum += mass[order[k]!]!;
  }
  return sum;
}

/** log(1 + days) of days[0 … count − 1]. */
function log1pOf(days: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = Math.log1p(days[k]!);
  return out;
}

/**
 * Indices of days[0 … count − 1] by increasing log(1 + days), for days not all whole: sorted by their logs, as
 * before (two days a step apart may share a log, and the sort keeps such ties in index order).
 */
function logOrder(days: Float64Array, count: number): Uint32Array {
  const logs = new Float64Array(count);
  for (let i = 0; i < count; i++) logs[i] = Math.log1p(days[i]!);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => logs[a]! - logs[b]!);
  return order;
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
  return daysAt(sameDay, logQuantiles, random.next());
}

/** The whole days at position `u` (0 ≤ u < 1) of a Duration's distribution. */
export function daysAt(sameDay: number, logQuantiles: ArrayLike<number>, u: number): number {
  if (u < sameDay) return 0;
  const last = logQuantiles.length - 1;
  const pos = ((u - sameDay) / (1 - sameDay)) * last;
  const k = Math.min(last - 1, Math.floor(pos));
  const x = logQuantiles[k]! + (pos - k) * (logQuantiles[k + 1]! - logQuantiles[k]!);
  return Math.max(1, Math.round(Math.expm1(x)));
}

/**
 * Draws whole days from a Duration given that they are at least `atLeast` (the time already spent since
 * the anchor): the quantile function is sampled above the point where it reaches `atLeast`. Past the
 * largest value the Duration knows, the step comes at once (`atLeast`).
 */
export function drawDaysAtLeast(sameDay: number, logQuantiles: ArrayLike<number>, atLeast: number, random: Random): number {
  return daysAtLeastAt(sameDay, logQuantiles, atLeast, random.next());
}

/** As drawDaysAtLeast, at position `u` (0 ≤ u < 1) of the distribution above `atLeast`. */
export function daysAtLeastAt(sameDay: number, logQuantiles: ArrayLike<number>, atLeast: number, u: number): number {
  if (atLeast <= 0) return daysAt(sameDay, logQuantiles, u);
  // Days round to the nearest whole: values from atLeast - 0.5 up round to atLeast or more.
  const last = logQuantiles.length - 1;
  const target = Math.log1p(atLeast - 0.5);
  if (target > logQuantiles[last]!) return atLeast;
  let k = 0;
  while (k < last - 1 && logQuantiles[k + 1]! < target) k++;
  const lo = logQuantiles[k]!;
  const hi = logQuantiles[k + 1]!;
  const from = target <= lo ? k : k + (hi > lo ? (target - lo) / (hi - lo) : 1);
  const pos = from + u * (last - from);
  const j = Math.min(last - 1, Math.floor(pos));
  const x = logQuantiles[j]! + (pos - j) * (logQuantiles[j + 1]! - logQuantiles[j]!);
  return Math.max(atLeast, Math.round(Math.expm1(x)));
}

/** The median in days of a Duration (for summaries). */
export function durationMedian(d: Duration): number {
  if (d.sameDay >= 0.5) return 0;
  const last = d.logQuantiles.length - 1;
  const pos = ((0.5 - d.sameDay) / (1 - d.sameDay)) * last;
  const k = Math.min(last - 1, Math.floor(pos));
  return Math.round(Math.expm1(d.logQuantiles[k]! + (pos - k) * (d.logQuantiles[k + 1]! - d.logQuantiles[k]!)));
}

/** Observed durations as the fit holds them: days, weights (undoing censoring of the step), cut short. */
export interface DurationSamples {
  days: readonly number[];
  weights: readonly number[];
  cut: readonly boolean[];
  /** days after the anchor the step's state was entered (the duration was at least that); absent: 0 */
  entered?: readonly number[];
}

/** Kolmogorov–Smirnov's c(α) at α = 1%: a cell's durations are its own only past this. */
const KS_C = Math.sqrt(-Math.log(0.01 / 2) / 2);

/**
 * Whether the durations of a finer cell (`fine`) differ from those of the cell they are part of
 * (`whole`) beyond sampling noise: the largest gap between their weighted distribution functions (cut
 * durations taken as Kaplan–Meier does) against Kolmogorov–Smirnov's bound at 1% for a part of n of a
 * whole of N, c·√(1/n − 1/N), n and N effective sizes (Σw)²/Σw². A finer cell whose durations do not
 * differ takes the coarser cell's: its own, from a few dozen children, drawn through 21 knots, filled in
 * the gaps of the real ones (audit a10b F4: CP plans ending at the first review, about 3 months, then
 * hardly any until 6; the copy put 7% of plans between 3 and 6 months against the log's 2.8%).
 */
export function durationsDiffer(fine: DurationSamples, whole: DurationSamples): boolean {
  const a = distribution(fine);
  const b = distribution(whole);
  if (a.n <= 0 || b.n <= 0) return true;
  const bound = KS_C * Math.sqrt(Math.max(0, 1 / a.n - 1 / b.n));
  let i = 0;
  let j = 0;
  let fa = 0;
  let fb = 0;
  let gap = 0;
  while (i < a.days.length || j < b.days.length) {
    const d = Math.min(i < a.days.length ? a.days[i]! : Infinity, j < b.days.length ? b.days[j]! : Infinity);
    while (i < a.days.length && a.days[i] === d) fa += a.mass[i++]!;
    while (j < b.days.length && b.days[j] === d) fb += b.mass[j++]!;
    gap = Math.max(gap, Math.abs(fa - fb));
  }
  return gap > bound;
}

/** Distributions already taken, by their samples (a coarsest cell's are tested against each of its finer cells'). */
const distributions = new WeakMap<DurationSamples, { days: Float64Array; mass: Float64Array; n: number }>();

/** Sorted days with their share of the mass, and the effective sample size (taken once per samples object: they are not changed). */
function distribution(s: DurationSamples): { days: Float64Array; mass: Float64Array; n: number } {
  let out = distributions.get(s);
  if (!out) distributions.set(s, (out = distributionOf(s)));
  return out;
}

function distributionOf(s: DurationSamples): { days: Float64Array; mass: Float64Array; n: number } {
  const weights = adjustedWeights(s.days, s.weights, s.cut, s.entered);
  const order = s.days.map((_, i) => i).filter((i) => weights[i]! > 0).sort((x, y) => s.days[x]! - s.days[y]!);
  let sum = 0;
  for (const i of order) sum += weights[i]!;
  // the effective size of the observations as weighted by the fit (before the Kaplan–Meier shift of cut ones)
  let raw = 0;
  let rawSquares = 0;
  for (let i = 0; i < s.days.length; i++) {
    const w = s.weights[i]!;
    if (w > 0) {
      raw += w;
      rawSquares += w * w;
    }
  }
  const days = Float64Array.from(order, (i) => s.days[i]!);
  const mass = Float64Array.from(order, (i) => (sum > 0 ? weights[i]! / sum : 0));
  return { days, mass, n: rawSquares > 0 ? (raw * raw) / rawSquares : 0 };
}
