// A structural time-series model of a weekly series (Harvey 1989; Durbin & Koopman 2012, ch. 6):
//   y_i = x_i′β + μ_i + u_i + ε_i,   ε_i ~ N(0, σ²(h_i + κ))
//   μ_{i+1} = μ_i + ν_i + η_i,        η_i ~ N(0, qσ²)               (a level that wanders: a random walk)
//   ν_{i+1} = ν_i + ζ_i,              ζ_i ~ N(0, rσ²)               (with r > 0, a slope that wanders too)
//   u_{i+1} = φu_i + ξ_i,             u stationary with variance λσ² (optional: noise that echoes for weeks)
// h_i = mean weight ÷ the week's weight: a weekly rate's sampling noise, binomial p(1−p)/n up to σ², shrinks
// with its cases; κ adds noise that does not (a week's own wobble). The level and slope start at 0 and
// their starting values are the regression's intercept and trend columns, which enter diffusely: x′β holds
// them as unknown fixed effects, so the likelihood below is the exact diffuse (restricted) likelihood
// (de Jong 1991). The filter runs over y and every column of X at once; their standardised innovations are
// then an ordinary least-squares problem whose β and (Z′Z)⁻¹σ² are the GLS estimate and its covariance,
// the same as putting β in the state. The variances (and φ) are chosen by REML over a grid and a finer look.
import { fitWeighted, olsCholesky, residualRho, residualsOf, type LinearFit } from './linear-model.js';

export interface StructuralParameters {
  /** the level's weekly variance over σ² (σ² = the mean week's sampling variance, when κ = 0) */
  q: number;
  /** extra weekly noise over σ² */
  kappa: number;
  /** the slope's weekly variance over σ² (0: a local level) */
  r: number;
  /** lag-1 coefficient and variance over σ² of the echoing noise u (λ = 0: none) */
  phi: number;
  lambda: number;
}

export interface LocalLevelFit extends LinearFit, StructuralParameters {
  /** lag-1 autocorrelation of the weighted residuals of x′β alone (the level left in them), for comparison */
  residualLag1: number;
  /** the AR coefficient of the echoing noise, as the other models report it */
  rho: number;
  /** the smoothed level + echo at each row, to add to x′β for the fitted line */
  level: number[];
}

export interface LocalLevelOptions {
  /** estimate κ (noise that does not shrink with the week's cases); off when every weight is the same. @default true */
  extraNoise?: boolean;
  /** a slope that wanders (local linear trend): needs a trend column in X for its starting value. @default false */
  wanderingSlope?: boolean;
  /** noise that echoes for weeks (AR(1), φ and λ estimated) beside the level. @default false */
  echo?: boolean;
  /** skip the search (fake changes in the same series) */
  fixed?: StructuralParameters;
}

type Matrix = number[][];

/** The model's matrices for one period: transition T, disturbance Q, and the starting covariance. */
function system(s: StructuralParameters): { m: number; T: Matrix; Q: Matrix; P0: Matrix; Z: number[] } {
  // State: level, slope, echo (all three always; unused parts have zero variance and stay 0).
  const T = [[1, 1, 0], [0, 1, 0], [0, 0, s.phi]];
  const Q = [[s.q, 0, 0], [0, s.r, 0], [0, 0, s.lambda * (1 - s.phi * s.phi)]];
  const P0 = [[0, 0, 0], [0, 0, 0], [0, 0, s.lambda]];
  return { m: 3, T, Q, P0, Z: [1, 0, 1] };
}

function predict(T: Matrix, Q: Matrix, P: Matrix): Matrix {
  const m = T.length;
  const TP = T.map((row) => Array.from({ length: m }, (_, j) => row.reduce((s, v, k) => s + v * P[k]![j]!, 0)));
  return TP.map((row, i) => Array.from({ length: m }, (_, j) => row.reduce((s, v, k) => s + v * T[j]![k]!, 0) + Q[i]![j]!));
}

interface Filtered {
  Z: number[][];
  z: number[];
  logDet: number;
}

/** Standardised innovations of y and each column of X, rows at integer times (a gap is periods with no observation). */
function filter(X: readonly (readonly number[])[], y: readonly number[], h: readonly number[], time: readonly number[], s: StructuralParameters): Filtered {
  // The state (level, slope, echo) written out: T = [[1, 1, 0], [0, 1, 0], [0, 0, φ]], observed as level + echo.
  const n = y.length;
  const p = X[0]!.length;
  const { q, r, phi, lambda, kappa } = s;
  const echoQ = lambda * (1 - phi * phi);
  const lv = new Float64Array(p + 1);
  const sl = new Float64Array(p + 1);
  const ec = new Float64Array(p + 1);
  let p11 = 0, p12 = 0, p13 = 0, p22 = 0, p23 = 0, p33 = lambda;
  let logDet = 0;
  const Z: number[][] = [];
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      for (let g = time[i]! - time[i - 1]!; g > 0; g--) {
        for (let c = 0; c <= p; c++) {
          lv[c] = lv[c]! + sl[c]!;
          ec[c] = phi * ec[c]!;
        }
        const n11 = p11 + 2 * p12 + p22 + q;
        const n12 = p12 + p22;
        const n13 = phi * (p13 + p23);
        const n22 = p22 + r;
        const n23 = phi * p23;
        const n33 = phi * phi * p33 + echoQ;
        p11 = n11; p12 = n12; p13 = n13; p22 = n22; p23 = n23; p33 = n33;
      }
    }
    const z1 = p11 + p13;
    const z2 = p12 + p23;
    const z3 = p13 + p33;
    const F = z1 + z3 + h[i]! + kappa;
    logDet += Math.log(F);
    const scale = 1 / Math.sqrt(F);
    const k1 = z1 / F;
    const k2 = z2 / F;
    const k3 = z3 / F;
    const row = new Array<number>(p);
    const xi = X[i]!;
    for (let c = 0; c <= p; c++) {
      const v = (c < p ? xi[c]! : y[i]!) - lv[c]! - ec[c]!;
      if (c < p) row[c] = v * scale;
      else z.push(v * scale);
      lv[c] = lv[c]! + k1 * v;
      sl[c] = sl[c]! + k2 * v;
      ec[c] = ec[c]! + k3 * v;
    }
    Z.push(row);
    p11 -= k1 * z1; p12 -= k1 * z2; p13 -= k1 * z3;
    p22 -= k2 * z2; p23 -= k2 * z3; p33 -= k3 * z3;
  }
  return { Z, z, logDet };
}

/** Each week's sampling variance over the mean week's, h_i = mean weight ÷ the week's weight. */
function noiseScales(w: readonly number[]): number[] {
  const meanW = w.reduce((a, v) => a + v, 0) / w.length;
  return w.map((v) => meanW / v);
}

/**
 * The standardised innovations of y and each column of X under fixed parameters (weights as fitLocalLevel takes
 * them): GLS of y on X is then ordinary least squares of z on Z.
 */
export function innovations(
  X: readonly (readonly number[])[], y: readonly number[], w: readonly number[], time: readonly number[], s: StructuralParameters,
): { Z: number[][]; z: number[] } {
  const { Z, z } = filter(X, y, noiseScales(w), time, s);
  return { Z, z };
}

/** Inverse of a small symmetric matrix, with a tiny ridge so a zero-variance part (a fixed slope) is harmless. */
function inverse(A: Matrix): Matrix {
  const m = A.length;
  const scale = Math.max(1e-300, ...A.map((r, i) => Math.abs(r[i]!)));
  const M = A.map((r, i) => [...r.map((v, j) => v + (i === j ? 1e-12 * scale : 0)), ...Array.from({ length: m }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    if (Math.abs(d) < 1e-300) return A.map(() => new Array<number>(m).fill(0));
    for (let j = 0; j < 2 * m; j++) M[c]![j]! /= d;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      for (let j = 0; j < 2 * m; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((r) => r.slice(m));
}

/** The smoothed level + echo of a residual series (Rauch–Tung–Striebel). */
function smooth(e: readonly number[], h: readonly number[], time: readonly number[], s: StructuralParameters): number[] {
  const n = e.length;
  const { m, T, Q, P0, Z: obs } = system(s);
  const mul = (A: Matrix, v: number[]) => A.map((row) => row.reduce((acc, x, k) => acc + x * v[k]!, 0));
  const matmul = (A: Matrix, B: Matrix) => A.map((row) => B[0]!.map((_, j) => row.reduce((acc, x, k) => acc + x * B[k]![j]!, 0)));
  const transpose = (A: Matrix) => A[0]!.map((_, j) => A.map((row) => row[j]!));
  const predA: number[][] = [];
  const predP: Matrix[] = [];
  const filtA: number[][] = [];
  const filtP: Matrix[] = [];
  let a = new Array<number>(m).fill(0);
  let P = P0.map((row) => [...row]);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      for (let g = time[i]! - time[i - 1]!; g > 0; g--) {
        a = mul(T, a);
        P = predict(T, Q, P);
      }
    }
    predA.push([...a]);
    predP.push(P.map((r) => [...r]));
    const PZ = P.map((row) => row[0]! * obs[0]! + row[2]! * obs[2]!);
    const F = PZ[0]! + PZ[2]! + h[i]! + s.kappa;
    const v = e[i]! - (a[0]! + a[2]!);
    a = a.map((x, k) => x + (PZ[k]! / F) * v);
    P = P.map((r, i2) => r.map((x, j) => x - (PZ[i2]! * PZ[j]!) / F));
    filtA.push([...a]);
    filtP.push(P.map((r) => [...r]));
  }
  const out = new Array<number>(n);
  let sa = filtA[n - 1]!;
  out[n - 1] = sa[0]! + sa[2]!;
  for (let i = n - 2; i >= 0; i--) {
    let Tg: Matrix = T.map((r, i2) => r.map((_, j) => (i2 === j ? 1 : 0)));
    for (let g = time[i + 1]! - time[i]!; g > 0; g--) Tg = matmul(T, Tg);
    const J = matmul(matmul(filtP[i]!, transpose(Tg)), inverse(predP[i + 1]!));
    const d = mul(J, sa.map((x, k) => x - predA[i + 1]![k]!));
    sa = filtA[i]!.map((x, k) => x + d[k]!);
    out[i] = sa[0]! + sa[2]!;
  }
  return out;
}

/**
 * GLS of y = Xβ + level (+ echo) + noise under the model above, the variances chosen by restricted maximum
 * likelihood. X must hold an intercept column (the level's diffuse start) and, with a wandering slope, a trend
 * column. `cov` is σ²(Z′Z)⁻¹ with σ² on n − p − (parameters searched) degrees of freedom. Null when singular.
 */
export function fitLocalLevel(
  X: readonly (readonly number[])[], y: readonly number[], w: readonly number[], time: readonly number[], options: LocalLevelOptions = {},
): LocalLevelFit | null {
  const n = y.length;
  const p = X[0]?.length ?? 0;
  const wanderingSlope = options.wanderingSlope ?? false;
  const echo = options.echo ?? false;
  const varyingWeights = Math.max(...w) - Math.min(...w) > 1e-9 * Math.max(...w);
  const extra = (options.extraNoise ?? true) && varyingWeights;
  const searched = 1 + (extra ? 1 : 0) + (wanderingSlope ? 1 : 0) + (echo ? 2 : 0);
  if (n <= p + searched || p === 0) return null;
  const h = noiseScales(w);
  const reml = (s: StructuralParameters) => {
    const f = filter(X, y, h, time, s);
    const ols = olsCholesky(f.Z, f.z);
    if (!ols) return null;
    const criterion = f.logDet + ols.logDetXtX + (n - p) * Math.log(Math.max(1e-300, ols.rss));
    return { criterion, ols, s };
  };
  type Best = NonNullable<ReturnType<typeof reml>>;
  let best: Best | null = null;
  const consider = (s: StructuralParameters) => {
    const c = reml(s);
    if (c && (!best || c.criterion < best.criterion)) best = c;
  };
  if (options.fixed) consider(options.fixed);
  else {
    const qs = echo ? [0, 0.002, 0.008, 0.03, 0.12, 0.5] : [0, ...Array.from({ length: 16 }, (_, k) => 0.0005 * 2 ** k)];
    const kappas = extra ? (echo ? [0, 0.25, 1] : [0, 0.1, 0.25, 0.5, 1, 2]) : [0];
    const rs = wanderingSlope ? [0, 1e-6, 1e-5, 1e-4, 1e-3] : [0];
    const phis = echo ? [0.3, 0.6, 0.8, 0.9] : [0];
    const lambdas = echo ? [0, 0.05, 0.15, 0.4, 1.2] : [0];
    for (const q of qs) for (const kappa of kappas) for (const r of rs) for (const phi of phis) for (const lambda of lambdas) {
      if (lambda === 0 && phi !== phis[0]) continue;
      consider({ q, kappa, r, phi, lambda });
    }
    // A finer look around the best grid point, one parameter at a time.
    for (let round = 0; round < 3; round++) {
      const factors = round === 0 ? [0.5, 0.7, 1.4, 2] : round === 1 ? [0.8, 0.9, 1.1, 1.25] : [0.93, 0.97, 1.03, 1.07];
      const b = (best as Best | null)?.s;
      if (!b) break;
      for (const f of factors) {
        if (b.q > 0) consider({ ...b, q: b.q * f });
        else consider({ ...b, q: 0.0005 * f });
        if (b.kappa > 0) consider({ ...b, kappa: b.kappa * f });
        if (b.r > 0) consider({ ...b, r: b.r * f });
        if (b.lambda > 0) {
          consider({ ...b, lambda: b.lambda * f });
          consider({ ...b, phi: Math.min(0.97, Math.max(0, 1 - (1 - b.phi) * f)) });
        }
      }
    }
  }
  if (!best) return null;
  const { ols, s } = best as Best;
  const df = n - p - searched;
  const sigma2 = ols.rss / df;
  const cov = ols.inverse.map((row) => row.map((v) => v * sigma2));
  const plain = fitWeighted(X, y, w);
  const e = residualsOf(X, y, ols.beta);
  const sw = w.map((v) => Math.sqrt(v));
  return {
    n, p, df, beta: ols.beta, cov, plainCov: plain?.cov ?? cov, ...s,
    rho: s.phi,
    residualLag1: residualRho(e.map((v, i) => v * sw[i]!), time),
    level: smooth(e, h, time, s),
  };
}
