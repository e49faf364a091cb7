// A structural time-series model of a weekly series (Harvey 1989; Durbin & Koopman 2012, ch. 6):
//   y_i = x_i′β + μ_i + ε_i,       ε_i ~ N(0, σ²(h_i + κ))
//   μ_{i+1} = μ_i + ν_i + η_i,      η_i ~ N(0, qσ²)            (a level that wanders: a random walk)
//   ν_{i+1} = ν_i + ζ_i,            ζ_i ~ N(0, rσ²)            (with r > 0, a slope that wanders too)
// h_i = mean weight ÷ the week's weight: a weekly rate's sampling noise, binomial p(1−p)/n up to σ², shrinks
// with its cases; κ adds noise that does not (a week's own wobble). The level and slope start at 0 and
// their starting values are the regression's intercept and trend columns, which enter diffusely: x′β holds
// them as unknown fixed effects, so the likelihood below is the exact diffuse (restricted) likelihood
// (de Jong 1991). The filter runs over y and every column of X at once; their standardised innovations are
// then an ordinary least-squares problem whose β and (Z′Z)⁻¹σ² are the GLS estimate and its covariance,
// the same as putting β in the state. q, κ (and r) are chosen by REML over a grid and a finer look.
import { fitWeighted, olsCholesky, residualRho, residualsOf, type LinearFit } from './linear-model.js';

export interface LocalLevelFit extends LinearFit {
  /** the level's weekly variance over σ² (the mean week's sampling variance, when κ = 0) */
  q: number;
  /** extra weekly noise over σ² */
  kappa: number;
  /** the slope's weekly variance over σ² (0 for a local level) */
  r: number;
  /** lag-1 autocorrelation of the weighted residuals of x′β alone (the level left in them), for comparison */
  residualLag1: number;
  /** the lag-1 autocorrelation the model implies for the first difference is not one number; 0 here */
  rho: number;
  /** the smoothed level (plus slope) at each row, to add to x′β for the fitted line */
  level: number[];
}

export interface LocalLevelOptions {
  /** estimate κ (noise that does not shrink with the week's cases); off when every weight is the same. @default true */
  extraNoise?: boolean;
  /** a slope that wanders (local linear trend): needs a trend column in X for its starting value. @default false */
  wanderingSlope?: boolean;
  /** skip the search (fake changes in the same series) */
  fixed?: { q: number; kappa: number; r: number };
}

interface Filtered {
  Z: number[][];
  z: number[];
  logDet: number;
  /** per row: predicted state variance and gain, for the smoother */
  F: number[];
}

/** Standardised innovations of y and each column of X under (q, κ, r), rows at integer times with gaps. */
function filter(X: readonly (readonly number[])[], y: readonly number[], h: readonly number[], time: readonly number[], q: number, kappa: number, r: number): Filtered {
  const n = y.length;
  const p = X[0]!.length;
  // State (level, slope) per column (p of X, then y); one shared covariance P = [[p11, p12], [p12, p22]].
  const level = new Array<number>(p + 1).fill(0);
  const slope = new Array<number>(p + 1).fill(0);
  let p11 = 0;
  let p12 = 0;
  let p22 = 0;
  let logDet = 0;
  const Z: number[][] = [];
  const z: number[] = [];
  const Fs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // One transition per period between rows (a left-out week is a step with no observation).
      for (let g = time[i]! - time[i - 1]!; g > 0; g--) {
        for (let c = 0; c <= p; c++) level[c] = level[c]! + slope[c]!;
        const n11 = p11 + 2 * p12 + p22 + q;
        const n12 = p12 + p22;
        const n22 = p22 + r;
        p11 = n11;
        p12 = n12;
        p22 = n22;
      }
    }
    const F = p11 + h[i]! + kappa;
    logDet += Math.log(F);
    Fs.push(F);
    const s = 1 / Math.sqrt(F);
    const k1 = p11 / F;
    const k2 = p12 / F;
    const row = new Array<number>(p);
    for (let c = 0; c <= p; c++) {
      const v = (c < p ? X[i]![c]! : y[i]!) - level[c]!;
      if (c < p) row[c] = v * s;
      else z.push(v * s);
      level[c] = level[c]! + k1 * v;
      slope[c] = slope[c]! + k2 * v;
    }
    Z.push(row);
    const a11 = p11 - k1 * p11;
    const a12 = p12 - k1 * p12;
    const a22 = p22 - k2 * p12;
    p11 = a11;
    p12 = a12;
    p22 = a22;
  }
  return { Z, z, logDet, F: Fs };
}

/** The smoothed local level (fixed-interval, by a second pass of the filter on the residual series). */
function smoothLevel(e: readonly number[], h: readonly number[], time: readonly number[], q: number, kappa: number, r: number): number[] {
  // Forward filter storing predicted and filtered moments, then Rauch–Tung–Striebel backwards.
  const n = e.length;
  type M = { a: [number, number]; P: [number, number, number] };
  const pred: M[] = [];
  const filt: M[] = [];
  let a: [number, number] = [0, 0];
  let P: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      for (let g = time[i]! - time[i - 1]!; g > 0; g--) {
        a = [a[0] + a[1], a[1]];
        P = [P[0] + 2 * P[1] + P[2] + q, P[1] + P[2], P[2] + r];
      }
    }
    pred.push({ a: [...a], P: [...P] });
    const F = P[0] + h[i]! + kappa;
    const v = e[i]! - a[0];
    const k1 = P[0] / F;
    const k2 = P[1] / F;
    a = [a[0] + k1 * v, a[1] + k2 * v];
    P = [P[0] - k1 * P[0], P[1] - k1 * P[1], P[2] - k2 * P[1]];
    filt.push({ a: [...a], P: [...P] });
  }
  const out = new Array<number>(n);
  let sa: [number, number] = filt[n - 1]!.a;
  out[n - 1] = sa[0];
  for (let i = n - 2; i >= 0; i--) {
    // Transition over the gap g: T = [[1, g], [0, 1]]; J = P_f T′ P_pred⁻¹.
    const g = time[i + 1]! - time[i]!;
    const f = filt[i]!;
    const nx = pred[i + 1]!;
    const [f11, f12, f22] = f.P;
    // P_f T′ = [[f11 + g f12, f12], [f12 + g f22, f22]]
    const m11 = f11 + g * f12;
    const m12 = f12;
    const m21 = f12 + g * f22;
    const m22 = f22;
    const [n11, n12, n22] = nx.P;
    const det = n11 * n22 - n12 * n12;
    let d0: number;
    let d1: number;
    const r0 = sa[0] - nx.a[0];
    const r1 = sa[1] - nx.a[1];
    if (Math.abs(det) > 1e-300 && n22 > 0) {
      const i11 = n22 / det;
      const i12 = -n12 / det;
      const i22 = n11 / det;
      d0 = (m11 * i11 + m12 * i12) * r0 + (m11 * i12 + m12 * i22) * r1;
      d1 = (m21 * i11 + m22 * i12) * r0 + (m21 * i12 + m22 * i22) * r1;
    } else if (n11 > 0) {
      d0 = (m11 / n11) * r0;
      d1 = (m21 / n11) * r0;
    } else {
      d0 = 0;
      d1 = 0;
    }
    sa = [f.a[0] + d0, f.a[1] + d1];
    out[i] = sa[0];
  }
  return out;
}

/**
 * GLS of y = Xβ + level + noise under the model above, with q, κ (and r) by restricted maximum likelihood.
 * X must hold an intercept column (the level's diffuse start) and, with a wandering slope, a trend column.
 * `cov` is σ²(Z′Z)⁻¹ with σ² on n − p − (parameters searched) degrees of freedom. Null when singular.
 */
export function fitLocalLevel(
  X: readonly (readonly number[])[], y: readonly number[], w: readonly number[], time: readonly number[], options: LocalLevelOptions = {},
): LocalLevelFit | null {
  const n = y.length;
  const p = X[0]?.length ?? 0;
  const wanderingSlope = options.wanderingSlope ?? false;
  const varyingWeights = Math.max(...w) - Math.min(...w) > 1e-9 * Math.max(...w);
  const extra = (options.extraNoise ?? true) && varyingWeights;
  const searched = 1 + (extra ? 1 : 0) + (wanderingSlope ? 1 : 0);
  if (n <= p + searched || p === 0) return null;
  const meanW = w.reduce((s, v) => s + v, 0) / n;
  const h = w.map((v) => meanW / v);
  const reml = (q: number, kappa: number, r: number) => {
    const f = filter(X, y, h, time, q, kappa, r);
    const ols = olsCholesky(f.Z, f.z);
    if (!ols) return null;
    const criterion = f.logDet + ols.logDetXtX + (n - p) * Math.log(Math.max(1e-300, ols.rss));
    return { criterion, ols, q, kappa, r };
  };
  type Best = NonNullable<ReturnType<typeof reml>>;
  let best: Best | null = null;
  const consider = (q: number, kappa: number, r: number) => {
    const c = reml(q, kappa, r);
    if (c && (!best || c.criterion < best.criterion)) best = c;
  };
  if (options.fixed) consider(options.fixed.q, options.fixed.kappa, options.fixed.r);
  else {
    const qs = [0, ...Array.from({ length: 16 }, (_, k) => 0.0005 * 2 ** k)];
    const kappas = extra ? [0, 0.1, 0.25, 0.5, 1, 2] : [0];
    const rs = wanderingSlope ? [0, 1e-6, 1e-5, 1e-4, 1e-3] : [0];
    for (const q of qs) for (const kappa of kappas) for (const r of rs) consider(q, kappa, r);
    // A finer look around the best grid point, one parameter at a time.
    for (let round = 0; round < 3; round++) {
      const factors = round === 0 ? [0.5, 0.7, 1.4, 2] : round === 1 ? [0.8, 0.9, 1.1, 1.25] : [0.93, 0.97, 1.03, 1.07];
      const b: Best = best!;
      for (const f of factors) {
        if (b.q > 0) consider(b.q * f, b.kappa, b.r);
        if (b.kappa > 0) consider(b.q, b.kappa * f, b.r);
        if (b.r > 0) consider(b.q, b.kappa, b.r * f);
      }
    }
  }
  if (!best) return null;
  const { ols, q, kappa, r } = best as Best;
  const df = n - p - searched;
  const sigma2 = ols.rss / df;
  const cov = ols.inverse.map((row) => row.map((v) => v * sigma2));
  const plain = fitWeighted(X, y, w);
  const e = residualsOf(X, y, ols.beta);
  const sw = w.map((v) => Math.sqrt(v));
  const level = smoothLevel(e, h, time, q, kappa, r);
  return {
    n, p, df, beta: ols.beta, cov, plainCov: plain?.cov ?? cov, q, kappa, r,
    rho: 0,
    residualLag1: residualRho(e.map((v, i) => v * sw[i]!), time),
    level,
  };
}
