// How long a period lasts (Kaplan–Meier, periods still open counted as censored) and how long after its
// anchor a step comes (the observed lags). Both are drawn conditionally on time already elapsed: a child
// open on the forecast date for 200 days draws from the durations longer than 200 days.

export const FOREVER = 0x3fffffff;

export interface Survival {
  /** distinct event times in days, ascending */
  times: Float64Array;
  /** S(t) = P(duration > times[k]) */
  surv: Float64Array;
  /** hazard per day beyond the last time (0: those still open then never end in the horizon) */
  tailHazard: number;
  periods: number;
}

/** `durations[k]` days, `ended[k]` 0 when the period was still open after that many days. */
export function kaplanMeier(durations: ArrayLike<number>, ended: ArrayLike<number>): Survival {
  const n = durations.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => durations[a]! - durations[b]! || ended[b]! - ended[a]!);
  const times: number[] = [];
  const surv: number[] = [];
  let atRisk = n;
  let s = 1;
  let k = 0;
  while (k < n) {
    const t = durations[order[k]!]!;
    let deaths = 0;
    let leaving = 0;
    while (k < n && durations[order[k]!] === t) {
      if (ended[order[k]!]) deaths++;
      leaving++;
      k++;
    }
    if (deaths > 0) {
      s *= 1 - deaths / atRisk;
      times.push(t);
      surv.push(s);
    }
    atRisk -= leaving;
  }
  // Beyond the last ended period: the average hazard over the last third of the observed times.
  let tailHazard = 0;
  const last = times.length - 1;
  if (last >= 0 && surv[last]! > 0) {
    const tLast = times[last]!;
    let j = 0;
    while (j < last && times[j]! < (2 * tLast) / 3) j++;
    const before = j > 0 ? surv[j - 1]! : 1;
    const t0 = j > 0 ? times[j - 1]! : 0;
    if (tLast > t0 && surv[last]! < before) tailHazard = Math.log(before / surv[last]!) / (tLast - t0);
  }
  return { times: Float64Array.from(times), surv: Float64Array.from(surv), tailHazard, periods: n };
}

/** The Nelson–Aalen cumulative hazard H(t) (ends per period at risk, summed over the ends at times ≤ t) of the same periods. */
export function cumulativeHazard(durations: ArrayLike<number>, ended: ArrayLike<number>): (t: number) => number {
  const n = durations.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => durations[a]! - durations[b]!);
  const times: number[] = [];
  const sums: number[] = [];
  let atRisk = n;
  let h = 0;
  for (let k = 0; k < n; ) {
    const t = durations[order[k]!]!;
    let ends = 0;
    let leaving = 0;
    for (; k < n && durations[order[k]!] === t; k++, leaving++) ends += ended[order[k]!] ? 1 : 0;
    if (ends > 0) {
      h += ends / atRisk;
      times.push(t);
      sums.push(h);
    }
    atRisk -= leaving;
  }
  const at = Float64Array.from(times);
  return (t: number) => {
    const k = firstLagAfter(at, t);
    return k === 0 ? 0 : sums[k - 1]!;
  };
}

/** S(elapsed): the share of periods lasting longer than `elapsed` days. */
export function survivalAt(km: Survival, elapsed: number): number {
  const { times, surv } = km;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= elapsed) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 1;
  const s = surv[lo - 1]!;
  const tLast = times[times.length - 1]!;
  if (elapsed > tLast && km.tailHazard > 0) return s * Math.exp(-km.tailHazard * (elapsed - tLast));
  return s;
}

/**
 * The same periods ending `c` times as fast (proportional hazards): S(t)^c. A duration drawn from it with
 * u is the one drawn from S with u^(1/c), without a power per draw.
 */
export function fasterBy(km: Survival, c: number): Survival {
  if (c === 1) return km;
  return { times: km.times, surv: km.surv.map((s) => s ** c), tailHazard: km.tailHazard * c, periods: km.periods };
}

/** A duration in days, given it exceeds `elapsed` (−1: a new period), from one uniform. */
export function drawDuration(km: Survival, elapsed: number, u: number): number {
  if (km.times.length === 0) return FOREVER;
  const target = u * (elapsed < 0 ? 1 : survivalAt(km, elapsed));
  const { times, surv } = km;
  // The smallest time whose survival is at most the target.
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (surv[mid]! <= target) hi = mid;
    else lo = mid + 1;
  }
  if (lo < times.length && times[lo]! > elapsed) return times[lo]!;
  const tLast = times[times.length - 1]!;
  const sLast = surv[surv.length - 1]!;
  if (lo < times.length) return Math.max(elapsed + 1, times[lo]!);
  if (km.tailHazard <= 0 || target <= 0) return FOREVER;
  const from = Math.max(tLast, elapsed);
  const sFrom = elapsed > tLast ? survivalAt(km, elapsed) : sLast;
  return Math.min(FOREVER, Math.ceil(from + Math.log(sFrom / target) / km.tailHazard));
}

/** Observed lags (days from anchor to step) of the steps that came, sorted. */
export interface Lags {
  sorted: Float64Array;
}

export function lagsOf(values: number[]): Lags {
  return { sorted: Float64Array.from(values).sort() };
}

/** Index of the first lag greater than `elapsed`. */
export function firstLagAfter(a: Float64Array, elapsed: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= elapsed) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
