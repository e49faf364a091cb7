// Interrupted time series by segmented regression (Wagner et al. 2002): ordinary least squares of
//   y = b0 + b1·t + b2·post + b3·(t − t0)·post
// where t is the period index, t0 the first period after the change and post = 1 from t0 on.
// b2 is the change in level at the break, b3 the change in slope. Periods with no value are left out.
import { studentTQuantile } from './student-t.js';
import type { Interval } from './wilson.js';

export const SEGMENT_TERMS = ['intercept', 'slope', 'level_change', 'slope_change'] as const;
export type SegmentTerm = (typeof SEGMENT_TERMS)[number];

export interface Coefficient extends Interval {
  estimate: number;
  se: number;
}

export interface SegmentedFit {
  /** points used (periods with a value) */
  n: number;
  breakIndex: number;
  df: number;
  residualSe: number;
  coefficients: Record<SegmentTerm, Coefficient>;
  /** true when the 95% interval of the level change or of the slope change excludes 0 */
  largerThanNoise: boolean;
  /** one plain sentence for a director */
  verdict: string;
}

/** Solves the symmetric positive-definite system A x = b and returns x and A⁻¹ (Gauss–Jordan). */
function solveWithInverse(a: number[][], b: number[]): { x: number[]; inverse: number[][] } | null {
  const k = b.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)), b[i]!]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const row = m[col]!;
    const p = row[col]!;
    for (let j = 0; j < row.length; j++) row[j]! /= p;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = m[r]![col]!;
      if (f === 0) continue;
      for (let j = 0; j < row.length; j++) m[r]![j]! -= f * row[j]!;
    }
  }
  return { x: m.map((row) => row[2 * k]!), inverse: m.map((row) => row.slice(k, 2 * k)) };
}

/**
 * Fits the segmented model to `series` (index = period; null = no value) with the change at
 * `breakIndex`. Returns null when there are too few points on either side to estimate a level and a
 * slope (two per side) or the design is singular.
 */
export function segmentedRegression(series: readonly (number | null)[], breakIndex: number, level = 0.95): SegmentedFit | null {
  if (!Number.isInteger(breakIndex) || breakIndex < 1 || breakIndex >= series.length) {
    throw new RangeError(`segmentedRegression: breakIndex must be within 1..${series.length - 1}, got ${breakIndex}`);
  }
  const rows: number[][] = [];
  const ys: number[] = [];
  let before = 0;
  let after = 0;
  series.forEach((y, t) => {
    if (y === null || !Number.isFinite(y)) return;
    const post = t >= breakIndex ? 1 : 0;
    if (post) after++;
    else before++;
    rows.push([1, t, post, (t - breakIndex) * post]);
    ys.push(y);
  });
  const n = ys.length;
  if (before < 2 || after < 2) return null;
  const xtx = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0)));
  const xty = [0, 1, 2, 3].map((i) => rows.reduce((s, r, k) => s + r[i]! * ys[k]!, 0));
  const solved = solveWithInverse(xtx, xty);
  if (!solved) return null;
  const beta = solved.x;
  const rss = rows.reduce((s, r, k) => {
    const fitted = r[0]! * beta[0]! + r[1]! * beta[1]! + r[2]! * beta[2]! + r[3]! * beta[3]!;
    return s + (ys[k]! - fitted) ** 2;
  }, 0);
  const df = n - 4;
  // With exactly 4 points the fit is exact and the noise cannot be estimated: intervals are infinite.
  const sigma2 = df > 0 ? rss / df : Infinity;
  const tq = df > 0 ? studentTQuantile((1 + level) / 2, df) : Infinity;
  const coefficients = Object.fromEntries(
    SEGMENT_TERMS.map((term, i) => {
      const se = Math.sqrt(sigma2 * solved.inverse[i]![i]!);
      const estimate = beta[i]!;
      return [term, { estimate, se, lower: estimate - tq * se, upper: estimate + tq * se }];
    }),
  ) as Record<SegmentTerm, Coefficient>;
  // A tolerance stops rounding noise (1e-16) of a noise-free fit from reading as a real change.
  const excludesZero = (c: Coefficient): boolean => c.lower > 1e-9 || c.upper < -1e-9;
  const levelShift = excludesZero(coefficients.level_change);
  const slopeShift = excludesZero(coefficients.slope_change);
  const largerThanNoise = levelShift || slopeShift;
  const verdict = largerThanNoise
    ? `The change is larger than the noise: ${[levelShift ? 'the level' : '', slopeShift ? 'the trend' : ''].filter(Boolean).join(' and ')} changed at the marker (95% interval excludes no change).`
    : 'The change is not larger than the noise: the 95% intervals of both the level change and the trend change include no change.';
  return { n, breakIndex, df, residualSe: Math.sqrt(sigma2), coefficients, largerThanNoise, verdict };
}
