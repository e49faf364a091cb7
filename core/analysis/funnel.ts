// Funnel-plot control limits for a proportion (Spiegelhalter 2005, "Funnel plots for comparing
// institutional performance", Stat Med 24:1185, appendix A.1.1): EXACT binomial limits with the
// paper's interpolation between integer counts, not the normal approximation.
import { incompleteBeta } from './student-t.js';

export interface FunnelLimits {
  n: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** P(X ≤ r) for X ~ Binomial(n, p). */
export function binomialCdf(r: number, n: number, p: number): number {
  if (r < 0) return 0;
  if (r >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return incompleteBeta(1 - p, n - r, r + 1);
}

/**
 * The interpolated binomial quantile of Spiegelhalter's appendix, as a proportion: r is the smallest
 * count with P(X ≤ r) ≥ q, α = (P(X ≤ r) − q) / (P(X ≤ r) − P(X ≤ r − 1)), limit = (r − α) / n.
 */
export function binomialLimit(q: number, p0: number, n: number): number {
  if (p0 <= 0) return 0;
  if (p0 >= 1) return 1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (binomialCdf(mid, n, p0) >= q) hi = mid;
    else lo = mid + 1;
  }
  const r = lo;
  const at = binomialCdf(r, n, p0);
  const below = binomialCdf(r - 1, n, p0);
  const alpha = at === below ? 0 : (at - q) / (at - below);
  return Math.min(1, Math.max(0, (r - alpha) / n));
}

/** 95% (2.5%/97.5%) and 99.8% (0.1%/99.9%) limits around target proportion p0 for a volume n ≥ 1. */
export function funnelLimits(p0: number, n: number): FunnelLimits {
  if (!(p0 >= 0 && p0 <= 1)) throw new RangeError(`funnelLimits: p0 must be a proportion, got ${p0}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`funnelLimits: n must be a positive integer, got ${n}`);
  return {
    n,
    lower95: binomialLimit(0.025, p0, n),
    upper95: binomialLimit(0.975, p0, n),
    lower998: binomialLimit(0.001, p0, n),
    upper998: binomialLimit(0.999, p0, n),
  };
}

/** Limits at about `points` volumes spread evenly on a log scale over [1, maxN], for drawing the funnel. */
export function funnelCurve(p0: number, maxN: number, points = 60): FunnelLimits[] {
  const top = Math.max(2, Math.ceil(maxN));
  const volumes = new Set<number>();
  for (let i = 0; i < points; i++) volumes.add(Math.max(1, Math.round(Math.exp((Math.log(top) * i) / (points - 1)))));
  return [...volumes].sort((a, b) => a - b).map((n) => funnelLimits(p0, n));
}

export type FunnelPosition = 'below_99.8' | 'below_95' | 'within' | 'above_95' | 'above_99.8';

export interface FunnelTails {
  /** P(X ≤ k) and P(X ≥ k) for X ~ Binomial(n, p0) */
  lower: number;
  upper: number;
}

/** The exact binomial tail probabilities of k of n against a target proportion p0. */
export function funnelTails(k: number, n: number, p0: number): FunnelTails {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) throw new RangeError(`funnelTails: need integers 0 ≤ k ≤ n, got k=${k}, n=${n}`);
  // P(X ≥ k) = I_p0(k, n − k + 1), computed directly so that a small upper tail keeps its digits.
  return { lower: binomialCdf(k, n, p0), upper: k === 0 ? 1 : p0 <= 0 ? 0 : p0 >= 1 ? 1 : incompleteBeta(p0, k, n - k + 1) };
}

/**
 * Where k of n falls against the target p0, from the exact tail probabilities (each side at 2.5% and
 * 0.1%), never from crossing the interpolated limits drawn on the chart: 12 of 12 against 86.2% has
 * P(X ≥ 12) = 0.862¹² = 0.17, so it is within the funnel, although the interpolated upper limit at
 * n = 12 lies below 100%.
 */
export function funnelPosition(k: number, n: number, p0: number): FunnelPosition {
  const { lower, upper } = funnelTails(k, n, p0);
  if (lower < 0.001) return 'below_99.8';
  if (upper < 0.001) return 'above_99.8';
  if (lower < 0.025) return 'below_95';
  if (upper < 0.025) return 'above_95';
  return 'within';
}
