// The Wilson score interval for a binomial proportion: unlike the Wald interval it stays inside
// [0, 1] and keeps its coverage for small n or proportions near 0 or 1 (Wilson 1927; Newcombe 1998).

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for k successes out of n trials. z = 1.96 gives a 95% interval.
 * Returns null when n is 0 (nothing to estimate).
 */
export function wilsonInterval(k: number, n: number, z = 1.96): Interval | null {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new RangeError(`wilsonInterval: need integers 0 ≤ k ≤ n, got k=${k}, n=${n}`);
  }
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp rounding noise at the ends: k = 0 gives exactly 0, k = n exactly 1.
  return { lower: k === 0 ? 0 : Math.max(0, centre - half), upper: k === n ? 1 : Math.min(1, centre + half) };
}
