// Least squares for time series whose noise is correlated from one period to the next: weighted least
// squares, and generalised least squares with AR(1) errors (Prais–Winsten) whose standard errors stay
// honest when this week's noise echoes last week's. Rows carry their time, so that a gap (a period left
// out) is not mistaken for a neighbour.

export interface LinearFit {
  /** rows used */
  n: number;
  /** parameters */
  p: number;
  /** degrees of freedom of the residual variance, for Student's t */
  df: number;
  beta: number[];
  /** covariance of beta */
  cov: number[][];
  /** the covariance ordinary weighted least squares would give (no correlation), for comparison */
  plainCov: number[][];
}

/** Solves A x = b for a symmetric positive-definite A and returns x and A⁻¹ (Gauss–Jordan with pivoting). */
export function solveWithInverse(a: readonly (readonly number[])[], b: readonly number[]): { x: number[]; inverse: number[][] } | null {
  const k = b.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)), b[i]!]);
  const scale = Math.max(1e-300, ...a.map((row, i) => Math.abs(row[i]!)));
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-10 * scale) return null;
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
 * Fits y = Xβ by least squares with weights `w` (a period's weight is its denominator: a rate from 200
 * cases counts 40 times one from 5). Returns null when there are no more rows than parameters or X′WX is
 * singular. `cov` is σ²(X′WX)⁻¹ with σ² from the weighted residuals.
 */
export function fitWeighted(X: readonly (readonly number[])[], y: readonly number[], w: readonly number[]): LinearFit | null {
  const n = y.length;
  const p = X[0]?.length ?? 0;
  if (n <= p || p === 0) return null;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    const row = X[i]!;
    const wi = w[i]!;
    for (let a = 0; a < p; a++) {
      xty[a]! += wi * row[a]! * y[i]!;
      for (let b = 0; b <= a; b++) xtx[a]![b]! += wi * row[a]! * row[b]!;
    }
  }
  for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) xtx[a]![b] = xtx[b]![a]!;
  const solved = solveWithInverse(xtx, xty);
  if (!solved) return null;
  const { x: beta, inverse } = solved;
  const residuals = residualsOf(X, y, beta);
  const df = n - p;
  const sigma2 = residuals.reduce((s, e, i) => s + w[i]! * e * e, 0) / df;
  const cov = inverse.map((row) => row.map((v) => v * sigma2));
  return { n, p, df, beta, cov, plainCov: cov };
}

/** c′ V c: the variance of a linear combination of the coefficients. */
export function contrastVariance(cov: readonly (readonly number[])[], c: readonly number[]): number {
  let v = 0;
  for (let a = 0; a < c.length; a++) for (let b = 0; b < c.length; b++) v += c[a]! * cov[a]![b]! * c[b]!;
  return v;
}

export interface Ar1Fit extends LinearFit {
  /** the lag-1 autocorrelation of the errors used in the transform */
  rho: number;
  /** the lag-1 autocorrelation of the weighted residuals of the final fit, before the transform */
  residualLag1: number;
}

/**
 * Generalised least squares with AR(1) errors (iterated Prais–Winsten): rows are first scaled by √w so
 * that their noise has one spread, then each is differenced against the one before it, ρ^gap of it for
 * a gap of several periods, with ρ estimated from the residuals and `rhoBias` added to undo the
 * downward bias of that estimate in short series. `cov` is the model-based covariance σ²(Z′Z)⁻¹, σ² on n − p − 1 degrees of freedom.
 */
export function fitAr1(
  X: readonly (readonly number[])[], y: readonly number[], w: readonly number[], time: readonly number[], options: { iterations?: number; rhoBias?: number } = {},
): Ar1Fit | null {
  const n = y.length;
  const p = X[0]?.length ?? 0;
  if (n <= p + 1 || p === 0) return null;
  const sw = w.map((v) => Math.sqrt(v));
  const Xs = X.map((row, i) => row.map((v) => v * sw[i]!));
  const ys = y.map((v, i) => v * sw[i]!);
  const ones = new Array<number>(n).fill(1);
  let rho = 0;
  let fit = fitWeighted(Xs, ys, ones);
  if (!fit) return null;
  for (let iteration = 0; iteration < (options.iterations ?? 3); iteration++) {
    rho = Math.min(0.95, Math.max(-0.95, residualRho(residualsOf(Xs, ys, fit.beta), time) + (options.rhoBias ?? 0)));
    const { Z, z } = praisWinsten(Xs, ys, time, rho);
    const next = fitWeighted(Z, z, ones);
    if (!next) return null;
    fit = next;
  }
  // One degree of freedom more is spent on ρ.
  const df = n - p - 1;
  const cov = fit.cov.map((row) => row.map((v) => (v * (n - p)) / df));
  const plain = fitWeighted(X, y, w);
  return { ...fit, df, cov, plainCov: plain?.cov ?? cov, rho, residualLag1: residualRho(residualsOf(Xs, ys, fit.beta), time) };
}

function residualsOf(X: readonly (readonly number[])[], y: readonly number[], beta: readonly number[]): number[] {
  return y.map((v, i) => v - X[i]!.reduce((s, x, a) => s + x * beta[a]!, 0));
}

function residualRho(e: readonly number[], time: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.length; i++) {
    den += e[i]! ** 2;
    if (i > 0 && time[i]! - time[i - 1]! === 1) num += e[i]! * e[i - 1]!;
  }
  return den === 0 ? 0 : num / den;
}

/** The Prais–Winsten transform for AR(1) errors with gaps: whitened rows Z and values z. */
function praisWinsten(X: readonly (readonly number[])[], y: readonly number[], time: readonly number[], rho: number): { Z: number[][]; z: number[] } {
  const Z: number[][] = [];
  const z: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (i === 0) {
      const s = Math.sqrt(1 - rho * rho);
      Z.push(X[0]!.map((v) => v * s));
      z.push(y[0]! * s);
      continue;
    }
    const gap = time[i]! - time[i - 1]!;
    const r = Math.pow(rho, gap);
    // The innovation over a gap of g periods has variance (1 − ρ^{2g}) / (1 − ρ²) times one period's.
    const scale = Math.sqrt((1 - rho * rho) / (1 - r * r));
    Z.push(X[i]!.map((v, a) => (v - r * X[i - 1]![a]!) * scale));
    z.push((y[i]! - r * y[i - 1]!) * scale);
  }
  return { Z, z };
}
