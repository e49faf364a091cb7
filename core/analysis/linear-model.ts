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

export function residualsOf(X: readonly (readonly number[])[], y: readonly number[], beta: readonly number[]): number[] {
  return y.map((v, i) => v - X[i]!.reduce((s, x, a) => s + x * beta[a]!, 0));
}

export function residualRho(e: readonly number[], time: readonly number[]): number {
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

export interface DriftNoiseFit extends LinearFit {
  /** lag-1 coefficient of the drift (0 … 0.98) */
  phi: number;
  /** the drift's variance over the weekly noise's variance at the mean weight */
  lambda: number;
  /** the lag-1 autocorrelation of the errors these imply at the mean weight: λφ / (λ + 1) */
  rho: number;
  /** the lag-1 autocorrelation of the weighted residuals of the fit */
  residualLag1: number;
}

/**
 * Generalised least squares whose errors are a drift that echoes from week to week (AR(1): φ, variance λσ²)
 * plus each week's own noise (variance σ²·w̄/w, w the week's denominator: a binomial rate's noise shrinks
 * with its cases). This is the noise of a weekly rate: sampling noise plus a slowly wandering level.
 * φ and λ are chosen by restricted maximum likelihood (a grid, then a finer one around its best point),
 * the whitening is a scalar Kalman filter run over y and every column of X (gaps between periods
 * respected), and `cov` is σ²(Z′Z)⁻¹ of the whitened design, σ² on n − p − 2 degrees of freedom.
 * `fixed` skips the search and uses the given φ and λ (for fake changes in the same series).
 */
export function fitDriftNoise(
  X: readonly (readonly number[])[], y: readonly number[], w: readonly number[], time: readonly number[], fixed?: { phi: number; lambda: number },
): DriftNoiseFit | null {
  const n = y.length;
  const p = X[0]?.length ?? 0;
  if (n <= p + 2 || p === 0) return null;
  const meanW = w.reduce((s, v) => s + v, 0) / n;
  const h = w.map((v) => meanW / v);
  const reml = (phi: number, lambda: number) => {
    const white = whitenDriftNoise(X, y, h, time, phi, lambda);
    const ols = olsCholesky(white.Z, white.z);
    if (!ols) return null;
    const criterion = white.logDet + ols.logDetXtX + (n - p) * Math.log(Math.max(1e-300, ols.rss));
    return { criterion, white, ols, phi, lambda };
  };
  let best: ReturnType<typeof reml> = null;
  if (fixed) best = reml(fixed.phi, fixed.lambda);
  else {
    const consider = (phi: number, lambda: number) => {
      const r = reml(phi, lambda);
      if (r && (!best || r.criterion < best.criterion)) best = r;
    };
    const phis = [0, 0.2, 0.4, 0.55, 0.7, 0.8, 0.88, 0.94, 0.98];
    const lambdas = [0, ...Array.from({ length: 14 }, (_, k) => 0.01 * 2 ** k)];
    for (const phi of phis) for (const lambda of lambdas) consider(phi, lambda);
    // A finer look around the best grid point.
    for (let round = 0; round < 2; round++) {
      const b: { phi: number; lambda: number } = best!;
      const step = round === 0 ? 0.06 : 0.02;
      for (const dphi of [-step, 0, step]) {
        for (const f of [0.7, 1, 1.4]) {
          const phi = Math.min(0.98, Math.max(0, b.phi + dphi));
          consider(phi, b.lambda === 0 ? 0 : b.lambda * (round === 0 ? f : Math.sqrt(f)));
        }
      }
    }
  }
  if (!best) return null;
  const { ols, phi, lambda } = best as NonNullable<ReturnType<typeof reml>>;
  const df = n - p - 2;
  const sigma2 = ols.rss / df;
  const cov = ols.inverse.map((row) => row.map((v) => v * sigma2));
  const plain = fitWeighted(X, y, w);
  const sw = w.map((v) => Math.sqrt(v));
  const residuals = residualsOf(X, y, ols.beta).map((e, i) => e * sw[i]!);
  return { n, p, df, beta: ols.beta, cov, plainCov: plain?.cov ?? cov, phi, lambda, rho: (lambda * phi) / (lambda + 1), residualLag1: residualRho(residuals, time) };
}

/** Innovations of y and of each column of X under drift (φ, λ) plus noise h: standardised, with Σ log F. */
function whitenDriftNoise(
  X: readonly (readonly number[])[], y: readonly number[], h: readonly number[], time: readonly number[], phi: number, lambda: number,
): { Z: number[][]; z: number[]; logDet: number } {
  const n = y.length;
  const p = X[0]!.length;
  const a = new Array<number>(p + 1).fill(0);
  let P = lambda;
  let logDet = 0;
  const Z: number[][] = [];
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const r = Math.pow(phi, time[i]! - time[i - 1]!);
      for (let c = 0; c <= p; c++) a[c]! *= r;
      P = r * r * P + lambda * (1 - r * r);
    }
    const F = P + h[i]!;
    logDet += Math.log(F);
    const s = 1 / Math.sqrt(F);
    const K = P / F;
    const row = new Array<number>(p);
    for (let c = 0; c < p; c++) {
      const v = X[i]![c]! - a[c]!;
      row[c] = v * s;
      a[c] = a[c]! + K * v;
    }
    const v = y[i]! - a[p]!;
    z.push(v * s);
    a[p] = a[p]! + K * v;
    Z.push(row);
    P = P - K * P;
  }
  return { Z, z, logDet };
}

/** Ordinary least squares by Cholesky: β, (Z′Z)⁻¹, log|Z′Z| and the residual sum of squares; null when singular. */
export function olsCholesky(Z: readonly (readonly number[])[], z: readonly number[]): { beta: number[]; inverse: number[][]; logDetXtX: number; rss: number } | null {
  const p = Z[0]!.length;
  const A = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  for (let i = 0; i < z.length; i++) {
    const row = Z[i]!;
    for (let r = 0; r < p; r++) {
      b[r]! += row[r]! * z[i]!;
      for (let c = 0; c <= r; c++) A[r]![c]! += row[r]! * row[c]!;
    }
  }
  const L = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  let logDet = 0;
  const scale = Math.max(1e-300, ...A.map((row, i) => Math.abs(row[i]!)));
  for (let j = 0; j < p; j++) {
    let d = A[j]![j]!;
    for (let k = 0; k < j; k++) d -= L[j]![k]! ** 2;
    if (d <= 1e-12 * scale) return null;
    const ljj = Math.sqrt(d);
    L[j]![j] = ljj;
    logDet += 2 * Math.log(ljj);
    for (let i = j + 1; i < p; i++) {
      let s = A[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = s / ljj;
    }
  }
  // L⁻¹ by forward substitution, then (Z′Z)⁻¹ = L⁻ᵀL⁻¹.
  const Li = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let c = 0; c < p; c++) {
    for (let i = c; i < p; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= L[i]![k]! * Li[k]![c]!;
      Li[i]![c] = s / L[i]![i]!;
    }
  }
  const inverse = Array.from({ length: p }, (_, r) => Array.from({ length: p }, (_, c) => {
    let s = 0;
    for (let k = Math.max(r, c); k < p; k++) s += Li[k]![r]! * Li[k]![c]!;
    return s;
  }));
  const beta = inverse.map((row) => row.reduce((s, v, c) => s + v * b[c]!, 0));
  let rss = 0;
  for (let i = 0; i < z.length; i++) rss += (z[i]! - Z[i]!.reduce((s, v, c) => s + v * beta[c]!, 0)) ** 2;
  return { beta, inverse, logDetXtX: logDet, rss };
}

/** The Wald statistic b′V⁻¹b of estimates b with covariance V (0 when V is singular). */
export function waldStatistic(b: readonly number[], V: readonly (readonly number[])[]): number {
  const solved = solveWithInverse(V, b);
  return solved ? b.reduce((acc, v, i) => acc + v * solved.x[i]!, 0) : 0;
}

/** z of the pretest's level, 0.1% (JumpOptions.monthShrink 'pretest'). */
export const PRETEST_Z = 3.0902;
/** The upper point of χ² on d degrees of freedom whose normal deviate is z (Wilson–Hilferty; within 1% at d = 11). */
export function chiSquareUpper(d: number, z: number): number {
  const a = 2 / (9 * d);
  return d * (1 - a + z * Math.sqrt(a)) ** 3;
}
