// An interrupted time series (Wagner et al. 2002) made honest for social-care data: weighted segmented
// regression of a weekly series,
//   y_t = b0 + b1·t + b2·post + b3·t·post + Σ_k (s_k sin + c_k cos)(2πk·day/365.25) + e_t,
// with t the period counted from the change (0 = the first period after), weights = each period's
// denominator, an annual season of `harmonics` Fourier pairs, and AR(1) errors (this week's noise
// echoes last week's). The effect a reader is told about is one number: how far the after window sits,
// on average, from where the earlier trend and season would have put it, b2 + b3·mean(t in the window).
//
// The defaults were set against placebo and step logs (bench/impact-calibration.ts): at least 26 usable
// weeks before the change and 4 after, and a year of usable weeks in all, or no verdict is given.
import { studentTCdf, studentTQuantile } from './student-t.js';
import { contrastVariance, fitAr1 } from './linear-model.js';

export interface SeriesPoint {
  /** period index from the change: −1 = the last period before it, 0 = the first from it */
  t: number;
  value: number;
  /** the period's denominator (1 for a count) */
  weight: number;
  /** day number of the period's middle day: places it in the year, for the season */
  midDay: number;
}

export interface SeriesOptions {
  /** Fourier pairs of the annual season. @default 2 */
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
}

export interface SeriesRefusal {
  ok: false;
  before: number;
  after: number;
  reason: string;
}

/** The effect at period 0 of a series, or why it cannot be judged. */
export function interruptedSeries(points: readonly SeriesPoint[], options: SeriesOptions = {}): SeriesEffect | SeriesRefusal {
  const { harmonics = 2, minBefore = 26, minAfter = 4, minSpanForSeason = 52, level = 0.95 } = options;
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
  const design = (p: SeriesPoint): number[] => {
    const post = p.t >= 0 ? 1 : 0;
    const row = [1, p.t, post, p.t * post];
    for (let k = 1; k <= harmonics; k++) {
      const angle = (2 * Math.PI * k * p.midDay) / 365.25;
      row.push(Math.sin(angle), Math.cos(angle));
    }
    return row;
  };
  const X = used.map(design);
  // AR(1) errors, with ρ's small-sample bias ((p + 2)/n, measured in tests) added back.
  const fit = fitAr1(
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
  cLevel[2] = 1;
  const cSlope = zero();
  cSlope[3] = 1;
  const cEffect = zero();
  cEffect[2] = 1;
  cEffect[3] = meanAfterT;
  const effect = estimate(cEffect);
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
      const full = row.reduce((s, v, a) => s + v * fit.beta[a]!, 0);
      const change = point.t >= 0 ? fit.beta[2]! + fit.beta[3]! * point.t : 0;
      return { t: point.t, fitted: full, counterfactual: full - change };
    }),
    residualLag1: fit.residualLag1,
    rho: fit.rho,
    seRatio: plainSe > 0 ? effect.se / plainSe : 1,
  };
}
