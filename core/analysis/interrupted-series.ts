// An interrupted time series (Wagner et al. 2002) made honest for social-care data: weighted segmented
// regression of a weekly series,
//   y_t = b0 + b1·t + b2·post + b3·t·post + Σ_k (s_k sin + c_k cos)(2πk·day/365.25) + e_t,
// with t the period counted from the change (0 = the first period after), weights = each period's
// denominator, an annual season of `harmonics` Fourier pairs, and AR(1) errors (this week's noise
// echoes last week's). The effect a reader is told about is one number: how far the after window sits,
// on average, from where the earlier trend and season would have put it, b2 + b3·mean(t in the window).
//
// The test is then calibrated against fake changes elsewhere in the same series (placeboInflation below).
// The defaults were set against placebo and step logs from two generators (bench/impact-calibration.ts):
// one annual wave, fake changes every 4 weeks, at least 26 usable weeks before the change and 4 after,
// and a year of usable weeks in all, or no verdict is given.
import { civilFromDay } from '../dates.js';
import { studentTCdf, studentTQuantile } from './student-t.js';
import { contrastVariance, fitAr1, fitDriftNoise, type LinearFit } from './linear-model.js';
import { fitLocalLevel, type LocalLevelFit } from './local-level.js';

export interface SeriesPoint {
  /** period index from the change: −1 = the last period before it, 0 = the first from it */
  t: number;
  value: number;
  /** the period's denominator (1 for a count) */
  weight: number;
  /** day number of the period's middle day: places it in the year, for the season */
  midDay: number;
  /** calendar covariates of the period (working days, share in school holidays), used when options.covariates */
  covariates?: readonly number[];
}

export interface SeriesOptions {
  /** Fourier pairs of the annual season. @default 1 (two pairs and holiday weeks were measured worse: README) */
  harmonics?: number;
  /** fewest periods with a value before the change. @default 26 */
  minBefore?: number;
  /** fewest periods with a value from the change on. @default 4 */
  minAfter?: number;
  /** fewest periods from first to last point before a season can be told from a change. @default 52 */
  minSpanForSeason?: number;
  /** the effect is averaged over periods 0 … effectPeriods − 1 (the after window). @default all after */
  effectPeriods?: number;
  /** interval coverage. @default 0.95 */
  level?: number;
  /**
   * In-series placebo: fake changes this many periods apart elsewhere in the series (each fitted beside the
   * real one) calibrate the test; 0 = none. @default 4
   */
  calibrateEvery?: number;
  /**
   * Include a change of slope at the change (b3). false = a level change against one trend learnt from both
   * sides: more power with a short before-period, but more false changes (README; bench/impact-calibration.ts, SLOPE=0). @default true
   */
  slopeChange?: boolean;
  /**
   * The contrast tested: the average gap over the after window (b2 + b3·mean t), or the jump at the change (b2),
   * which does not carry the earlier trend forward and so has more power early on, but gave more false changes
   * on the second generator (README; bench EFFECT=jump). @default 'average'
   */
  effect?: 'average' | 'jump';
  /**
   * Which part of the fake changes' t² sets the widening: their q-quantile over the same quantile of χ²₁.
   * 0.5 (the median) follows the bulk; a higher q follows the upper tail, where a sharp holiday or a drifting
   * noise shows. @default 0.5
   */
  calibrationQuantile?: number;
  /**
   * Use each point's `covariates` as extra columns (a column that does not vary over the used points is left out).
   * With the jump it barely changed the false changes and did not reach the power target (README, second attempt;
   * bench COV=1). @default false
   */
  covariates?: boolean;
  /**
   * The weekly noise: 'ar1' = one AR(1) process (Prais–Winsten); 'drift' = a drift that echoes from week to week
   * plus each week's own noise shrinking with its denominator, fitted by restricted maximum likelihood
   * (linear-model.ts fitDriftNoise). Measured (README, third attempt; bench NOISE=drift): without the fake-marker
   * widening it finds more steps but reports false changes above 5%; with it, no better than the default on both.
   * 'level' = a random-walk level plus each week's own noise, 'trend' = with a wandering slope, 'level-echo' = with
   * noise that echoes for weeks beside the level (local-level.ts): the jump at the change tested against the level's
   * own wandering, GLS through the Kalman filter, no slope change and no widening by default. Measured (README,
   * fourth attempt; bench NOISE=level): every step from week 13 found on the first two generators, but false changes
   * above 5% on all three. @default 'ar1'
   */
  noise?: 'ar1' | 'drift' | 'level' | 'trend' | 'level-echo';
  /**
   * With noise 'level': a fixed drift (a trend column) beside the wandering level; 'trend' always has one (the
   * slope's start). @default true
   */
  levelDrift?: boolean;
  /** With noise 'level' or 'trend': estimate a weekly noise that does not shrink with the week's cases (κ). @default true */
  extraNoise?: boolean;
  /**
   * The season: `harmonics` Fourier pairs of the year, or the calendar month (each period's share of days in
   * each month, January the baseline; a month the used periods never touch is left out), or both. @default 'fourier'
   */
  season?: 'fourier' | 'months';
}

export interface Estimate {
  estimate: number;
  se: number;
  lower: number;
  upper: number;
}

export interface SeriesEffect {
  ok: true;
  before: number;
  after: number;
  df: number;
  /** b2: the jump at the change */
  levelChange: Estimate;
  /** b3: the change in slope, per period */
  slopeChange: Estimate;
  /** b2 + b3·mean(t after): the average gap between the after-periods and the earlier trend */
  effect: Estimate & { t: number; p: number };
  /** per point: the fit, and the counterfactual (earlier trend and season carried on) */
  fitted: Array<{ t: number; fitted: number; counterfactual: number }>;
  /** lag-1 autocorrelation of the residuals, the AR(1) coefficient used, and that model's SE ÷ the plain SE of the effect */
  residualLag1: number;
  rho: number;
  seRatio: number;
  /** factor the in-series placebo widened the effect's SE by (1 = none) */
  inflation: number;
}

export interface SeriesRefusal {
  ok: false;
  before: number;
  after: number;
  reason: string;
}

/** The effect at period 0 of a series, or why it cannot be judged. */
export function interruptedSeries(points: readonly SeriesPoint[], options: SeriesOptions = {}): SeriesEffect | SeriesRefusal {
  const { harmonics = 1, minBefore = 26, minAfter = 4, minSpanForSeason = 52, level = 0.95 } = options;
  const used = points.filter((p) => p.weight > 0 && Number.isFinite(p.value)).sort((a, b) => a.t - b.t);
  const before = used.filter((p) => p.t < 0).length;
  const after = used.length - before;
  const weeks = (n: number) => `${n} usable week${n === 1 ? '' : 's'}`;
  if (before < minBefore) return { ok: false, before, after, reason: `${weeks(before)} before the change; at least ${minBefore} are needed to know the earlier trend` };
  if (after < minAfter) return { ok: false, before, after, reason: `${weeks(after)} from the change on; at least ${minAfter} are needed` };
  const span = used[used.length - 1]!.t - used[0]!.t + 1;
  if (span < minSpanForSeason) {
    return { ok: false, before, after, reason: `the usable weeks span ${span} weeks; a full year (${minSpanForSeason}) is needed to tell the season from a change` };
  }
  // A structural model (a level that wanders, fitted by the Kalman filter) tests the jump at the change
  // against the level's own wandering: no slope change, no average gap, and no fake-marker widening by default.
  const structural = options.noise === 'level' || options.noise === 'trend' || options.noise === 'level-echo';
  const { calibrateEvery = structural ? 0 : 4 } = options;
  const withSlope = structural ? false : (options.slopeChange ?? true);
  const withTrend = options.noise === 'level' || options.noise === 'level-echo' ? (options.levelDrift ?? true) : true;
  const postColumn = withTrend ? 2 : 1;
  // Calendar columns that vary over the used points (a constant one would duplicate the intercept).
  const covariateColumns: number[] = [];
  if (options.covariates) {
    const width = Math.max(0, ...used.map((p) => p.covariates?.length ?? 0));
    for (let j = 0; j < width; j++) {
      const values = used.map((p) => p.covariates?.[j] ?? 0);
      if (Math.max(...values) - Math.min(...values) > 1e-9) covariateColumns.push(j);
    }
  }
  // Month-of-year columns: the share of the period's seven days (midDay − 3 … midDay + 3) in each month, Feb … Dec.
  const monthShares = (midDay: number): number[] => {
    const shares = new Array<number>(12).fill(0);
    for (let d = midDay - 3; d <= midDay + 3; d++) shares[civilFromDay(d).month - 1]! += 1 / 7;
    return shares.slice(1);
  };
  const months = options.season === 'months';
  const monthColumns: number[] = [];
  if (months) {
    const all = used.map((p) => monthShares(p.midDay));
    for (let j = 0; j < 11; j++) if (all.some((row) => row[j]! > 0)) monthColumns.push(j);
  }
  const design = (p: SeriesPoint): number[] => {
    const post = p.t >= 0 ? 1 : 0;
    const row = withSlope ? [1, p.t, post, p.t * post] : withTrend ? [1, p.t, post] : [1, post];
    for (let k = 1; k <= (months ? 0 : harmonics); k++) {
      const angle = (2 * Math.PI * k * p.midDay) / 365.25;
      row.push(Math.sin(angle), Math.cos(angle));
    }
    if (months) {
      const shares = monthShares(p.midDay);
      for (const j of monthColumns) row.push(shares[j]!);
    }
    for (const j of covariateColumns) row.push(p.covariates?.[j] ?? 0);
    return row;
  };
  const X = used.map(design);
  // AR(1) errors, with ρ's small-sample bias ((p + 2)/n, measured in tests) added back.
  const drift = options.noise === 'drift';
  const driftFit = drift ? fitDriftNoise(X, used.map((p) => p.value), used.map((p) => p.weight), used.map((p) => p.t)) : null;
  const levelOptions = { wanderingSlope: options.noise === 'trend', echo: options.noise === 'level-echo', extraNoise: options.extraNoise ?? true };
  const levelFit: LocalLevelFit | null = structural ? fitLocalLevel(X, used.map((p) => p.value), used.map((p) => p.weight), used.map((p) => p.t), levelOptions) : null;
  const fit: (LinearFit & { rho: number; residualLag1: number }) | null = drift
    ? driftFit
    : structural
    ? levelFit
    : fitAr1(
      X,
      used.map((p) => p.value),
      used.map((p) => p.weight),
      used.map((p) => p.t),
      { rhoBias: (X[0]!.length + 2) / X.length },
    );
  if (!fit) return { ok: false, before, after, reason: 'the weeks available cannot separate trend, season and change (singular design)' };
  const tq = studentTQuantile((1 + level) / 2, fit.df);
  const estimate = (c: number[]): Estimate => {
    const value = c.reduce((s, v, a) => s + v * fit.beta[a]!, 0);
    const se = Math.sqrt(Math.max(0, contrastVariance(fit.cov, c)));
    return { estimate: value, se, lower: value - tq * se, upper: value + tq * se };
  };
  const zero = () => new Array<number>(fit.p).fill(0);
  const inEffect = used.filter((p) => p.t >= 0 && p.t < (options.effectPeriods ?? Infinity));
  if (inEffect.length === 0) return { ok: false, before, after, reason: 'no usable week in the after window' };
  const meanAfterT = inEffect.reduce((s, p) => s + p.t, 0) / inEffect.length;
  const cLevel = zero();
  cLevel[postColumn] = 1;
  const cSlope = zero();
  if (withSlope) cSlope[3] = 1;
  const jumpOnly = structural || (options.effect ?? 'average') === 'jump';
  const cEffect = zero();
  cEffect[postColumn] = 1;
  if (withSlope && !jumpOnly) cEffect[3] = meanAfterT;
  let effect = estimate(cEffect);
  // In-series placebo (genomic control): the same test at fake changes elsewhere in this series, each fitted
  // beside the real change so that a real step does not count against it. When the model misses something
  // (a sharp holiday, a bend in the trend), the fake tests come out too large too; the median of their t²
  // over its value under no change (0.4549, the median of χ²₁) widens this effect's SE, never narrows it.
  const values0 = used.map((q) => q.value);
  const weights0 = used.map((q) => q.weight);
  const times0 = used.map((q) => q.t);
  const refit = (Xf: number[][]): LinearFit | null =>
    levelFit
      ? fitLocalLevel(Xf, values0, weights0, times0, { ...levelOptions, fixed: { q: levelFit.q, kappa: levelFit.kappa, r: levelFit.r, phi: levelFit.phi, lambda: levelFit.lambda } })
      : driftFit
      ? fitDriftNoise(Xf, values0, weights0, times0, { phi: driftFit.phi, lambda: driftFit.lambda })
      : fitAr1(Xf, values0, weights0, times0, { rhoBias: (Xf[0]!.length + 2) / Xf.length });
  const inflation = calibrateEvery > 0 ? placeboInflation(used, X, options.effectPeriods ?? Infinity, minBefore, minAfter, calibrateEvery, withSlope, jumpOnly, options.calibrationQuantile ?? 0.5, refit) : 1;
  if (inflation > 1) {
    const se = effect.se * inflation;
    effect = { estimate: effect.estimate, se, lower: effect.estimate - tq * se, upper: effect.estimate + tq * se };
  }
  // A series that does not vary (every contact became a referral) cannot show a change: its fit's rounding
  // residue (about 1e-17) must not be read as a signal.
  const values = used.map((p) => p.value);
  const spread = Math.max(...values) - Math.min(...values);
  if (spread <= 1e-9 * Math.max(1, Math.abs(values[0]!))) effect = { estimate: 0, se: 0, lower: 0, upper: 0 };
  const t = effect.se > 0 ? effect.estimate / effect.se : effect.estimate === 0 ? 0 : Infinity * Math.sign(effect.estimate);
  const p = Number.isFinite(t) ? 2 * (1 - studentTCdf(Math.abs(t), fit.df)) : 0;
  const plainSe = Math.sqrt(Math.max(0, contrastVariance(fit.plainCov, cEffect)));
  return {
    ok: true,
    before,
    after,
    df: fit.df,
    levelChange: estimate(cLevel),
    slopeChange: estimate(cSlope),
    effect: { ...effect, t, p },
    fitted: used.map((point, i) => {
      const row = X[i]!;
      const full = row.reduce((s, v, a) => s + v * fit.beta[a]!, 0) + (levelFit ? levelFit.level[i]! : 0);
      const change = point.t >= 0 ? fit.beta[postColumn]! + (withSlope ? fit.beta[3]! * point.t : 0) : 0;
      return { t: point.t, fitted: full, counterfactual: full - change };
    }),
    residualLag1: fit.residualLag1,
    rho: fit.rho,
    seRatio: plainSe > 0 ? effect.se / plainSe : 1,
    inflation,
  };
}

/** Fake changes nearer the real one than this many periods are not used (they would test the real change again). */
const PLACEBO_CLEARANCE = 8;
/** Median of χ² with one degree of freedom: what the median t² of the fake changes is when nothing changed. */
const CHI2_1_MEDIAN = 0.4549;

/** √(median t² at fake changes ÷ its value under no change), at least 1; 1 when fewer than 3 fake changes fit. */
function placeboInflation(
  used: readonly SeriesPoint[], X: readonly number[][], effectPeriods: number, minBefore: number, minAfter: number, every: number, withSlope: boolean, jumpOnly: boolean, q: number, refit: (Xf: number[][]) => LinearFit | null,
): number {
  const ts: number[] = [];
  const first = used[0]!.t;
  const last = used[used.length - 1]!.t;
  const p = X[0]!.length;
  for (let t0 = first + minBefore; t0 <= last - minAfter; t0 += every) {
    if (Math.abs(t0) < PLACEBO_CLEARANCE) continue;
    const Xf = used.map((point, i) => {
      const post = point.t >= t0 ? 1 : 0;
      return withSlope ? [...X[i]!, post, (point.t - t0) * post] : [...X[i]!, post];
    });
    const fit = refit(Xf);
    if (!fit) continue;
    const window = used.filter((q) => q.t >= t0 && q.t < t0 + effectPeriods);
    if (window.length === 0) continue;
    const c = new Array<number>(fit.p).fill(0);
    c[p] = 1;
    if (withSlope && !jumpOnly) c[p + 1] = window.reduce((s, q) => s + q.t - t0, 0) / window.length;
    const value = c.reduce((s, ci, a) => s + ci * fit.beta[a]!, 0);
    const se = Math.sqrt(Math.max(0, contrastVariance(fit.cov, c)));
    if (se > 0) ts.push(value / se);
  }
  if (ts.length < 3) return 1;
  const sq = ts.map((x) => x * x).sort((a, b) => a - b);
  if (q === 0.5) {
    const median = sq.length % 2 ? sq[(sq.length - 1) / 2]! : (sq[sq.length / 2 - 1]! + sq[sq.length / 2]!) / 2;
    return Math.max(1, Math.sqrt(median / CHI2_1_MEDIAN));
  }
  // The q-quantile of the observed t² (linear between order statistics) over the q-quantile of χ²₁ = z²_{(1+q)/2}.
  const at = q * (sq.length - 1);
  const lo = Math.floor(at);
  const observed = sq[lo]! + (at - lo) * ((sq[Math.min(lo + 1, sq.length - 1)] ?? sq[lo]!) - sq[lo]!);
  const expected = studentTQuantile((1 + q) / 2, 1e6) ** 2;
  return Math.max(1, Math.sqrt(observed / expected));
}
