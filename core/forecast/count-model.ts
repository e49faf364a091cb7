// Monthly arrivals as counts: a Poisson log-linear model with a level, a trend (per year) and twelve
// calendar-month effects, fitted by maximum a posteriori (Newton's method) with weak normal priors on the
// trend and month effects (so a short series or a flat one gives no season and no trend unless the data
// show one). Parameter uncertainty is the Laplace approximation (the inverse Hessian), widened by the
// over-dispersion the residuals show; a month's count is then Gamma–Poisson with that dispersion.
// How many months the model is fitted on is chosen per stream from the stream's own history
// (fitArrivalStream): the window whose year-ahead totals, forecast from earlier origins, erred least. Trends that
// bend in the last two years, which those origins cannot see yet, are averaged in by their evidence (bentTrends).
import { poissonFromUniform, type Stream } from './random.js';

/** coefficients: [level, trend per year, month 1 … month 12], and a bent trend's second slope per year (BEND) */
const P = 14;
const BEND = P;
const TREND_PRIOR_SD = 0.3;
const MONTH_PRIOR_SD = 0.25;
const LEVEL_PRIOR_SD = 100;
/** Windows (months) an arrival stream's model may be fitted on, the one used when the history is too short
 * to choose, and how many year-ahead origins a choice needs. */
export const STREAM_WINDOWS = [36, 48] as const;
const DEFAULT_WINDOW = 36;
const HORIZON = 12;
const MIN_ORIGINS = 6;
/**
 * The drift (driftAt) is read only from origins whose year ahead the model expected at least this many arrivals
 * of: below it the log error of a year's total is the counts' own noise and the +0.5 that keeps an empty year's
 * logarithm finite, not a wandering level (the model's variance dispersion ÷ total says nothing true of a total of
 * 0 to 9), and a stream of a handful of S47s a year with 9 of them in one month read a drift of 2.55, a year's total
 * wandering by a factor of 13 for one standard deviation, compounded to 36 months into a 97.5th percentile of
 * 21,783 S47s a month where the median was 16 (issue 13's fan, fan.test.ts; README "A fan that explodes"). No
 * origin that large: no drift.
 */
const DRIFT_MIN_TOTAL = 20;
/**
 * And at most this (log scale, a year-ahead total's standard deviation): a level whose year's total wanders by a factor
 * of more than exp(0.35) = 1.42 (one standard deviation), on top of the trend's own uncertainty, is not one a council's arrivals show (bending-trend.test.ts's bent logs read
 * 0.15 to 0.22); at it, 36 months' random walk alone puts the 97.5th percentile at
 * about 5 times the median.
 */
const DRIFT_MAX = 0.35;

export interface CountModel {
  /** month index (year × 12 + month − 1) the trend is centred on */
  centre: number;
  mean: Float64Array;
  /** lower-triangular Cholesky factor of the posterior covariance, row-major P × P */
  chol: Float64Array;
  /** variance / mean of a month's count beyond Poisson (1 = Poisson) */
  dispersion: number;
  /** months the model was fitted on */
  months: number;
  /** the Poisson log-likelihood of those months at the fitted coefficients (without constants) */
  logLikelihood?: number;
  total: number;
  /** a bent trend: the month index from which the second slope (coefficient BEND, per year) adds to the first */
  knot?: number;
  /**
   * Trends that bend before the series' last month, each with the share of runs that use it (the rest use this
   * model's straight trend): fitArrivalStream's Bayesian model average (bentTrends).
   */
  bends?: Array<{ model: CountModel; weight: number }>;
  /**
   * How far the level wanders beyond what the model's own error allows (log scale, standard deviation of a
   * year-ahead total): 0 unless fitArrivalStream's rolling origins erred more than the model said they would.
   */
  drift?: number;
}

function row(monthIndex: number, centre: number, out: Float64Array, knot?: number): Float64Array {
  out.fill(0);
  out[0] = 1;
  out[1] = (monthIndex - centre) / 12;
  out[2 + (((monthIndex % 12) + 12) % 12)] = 1;
  if (knot !== undefined) out[BEND] = Math.max(0, monthIndex - knot) / 12;
  return out;
}

/**
 * Fits counts `y[k]` of months `firstMonth + k`, each over its `exposure[k]` (a month's working days and
 * its other days weighted by how busy they are, fit.ts; 1 each when not given): the coefficients then
 * give a rate per unit of exposure, and expectedCount × a month's exposure its count.
 */
export function fitCountModel(firstMonth: number, y: ArrayLike<number>, exposure?: ArrayLike<number>, knot?: number): CountModel {
  const T = y.length;
  const P = knot === undefined ? BEND : BEND + 1;
  const centre = firstMonth + (T - 1) / 2;
  let total = 0;
  let exposed = 0;
  const offset = new Float64Array(T);
  for (let k = 0; k < T; k++) {
    total += y[k]!;
    offset[k] = exposure ? Math.log(exposure[k]!) : 0;
    exposed += exposure ? exposure[k]! : 1;
  }
  const beta = new Float64Array(P);
  const prior = new Float64Array(P);
  prior[0] = 1 / LEVEL_PRIOR_SD ** 2;
  prior[1] = 1 / TREND_PRIOR_SD ** 2;
  for (let j = 2; j < BEND; j++) prior[j] = 1 / MONTH_PRIOR_SD ** 2;
  if (knot !== undefined) prior[BEND] = 1 / (knot === firstMonth + T - BEND_KNOTS[0] ? RECENT_BEND_PRIOR_SD : TREND_PRIOR_SD) ** 2;
  beta[0] = Math.log(Math.max(total, 0.5) / Math.max(exposed, 1));
  const x = new Float64Array(P);
  const H = new Float64Array(P * P);
  const g = new Float64Array(P);
  for (let iter = 0; iter < 30; iter++) {
    H.fill(0);
    g.fill(0);
    for (let k = 0; k < T; k++) {
      row(firstMonth + k, centre, x, knot);
      let eta = offset[k]!;
      for (let j = 0; j < P; j++) eta += x[j]! * beta[j]!;
      const mu = Math.exp(eta);
      for (let i = 0; i < P; i++) {
        if (x[i] === 0) continue;
        g[i]! += x[i]! * (y[k]! - mu);
        for (let j = 0; j < P; j++) H[i * P + j]! += x[i]! * x[j]! * mu;
      }
    }
    for (let j = 0; j < P; j++) {
      g[j]! -= prior[j]! * beta[j]!;
      H[j * P + j]! += prior[j]!;
    }
    const step = solve(H, g);
    let size = 0;
    for (let j = 0; j < P; j++) {
      beta[j]! += step[j]!;
      size = Math.max(size, Math.abs(step[j]!));
    }
    if (size < 1e-9) break;
  }
  // Pearson dispersion, on the residual degrees of freedom (at least a few).
  let pearson = 0;
  let logLikelihood = 0;
  for (let k = 0; k < T; k++) {
    const mu = Math.exp(offset[k]! + dot(row(firstMonth + k, centre, x, knot), beta));
    pearson += (y[k]! - mu) ** 2 / Math.max(mu, 1e-9);
    logLikelihood += y[k]! * Math.log(Math.max(mu, 1e-300)) - mu;
  }
  const dispersion = T > 16 ? Math.max(1, pearson / (T - P + 4)) : Math.max(1, pearson / Math.max(T, 1));
  // The quasi-likelihood's information is the Poisson one ÷ the dispersion; the priors' is their own. Scaling
  // the whole posterior covariance by the dispersion widened the priors too: a near-empty stream of 9 S47s, all in
  // one month (dispersion 7.1), drew its trend with a standard deviation of 0.63 a year where its prior says 0.3
  // (issue 13's fan). Where the months' counts carry the information, as they do in any stream of some size, the
  // two agree.
  for (let i = 0; i < P * P; i++) H[i]! /= dispersion;
  for (let j = 0; j < P; j++) H[j * P + j]! += prior[j]! * (1 - 1 / dispersion);
  const covariance = invert(H);
  return { centre, mean: beta, chol: cholesky(covariance), dispersion, months: T, total, logLikelihood, ...(knot === undefined ? {} : { knot }) };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < b.length; j++) s += a[j]! * b[j]!;
  return s;
}

/**
 * Fits a stream's model on the last `window` months of `y` (months `firstMonth + k`), the window chosen
 * from STREAM_WINDOWS by rolling origins of this history: for every origin that all eligible windows can
 * use (a window is eligible when it leaves at least MIN_ORIGINS of them), each window's fit to the months
 * before the origin forecasts the next 12 months' total; the window with the least mean squared log error
 * of those totals is used. A long window gives a steadier level and trend (one unusual year moves them
 * less) and a short one follows a trend that bends; the history says which it needs. With too short a
 * history, the last DEFAULT_WINDOW months.
 */
export function fitArrivalStream(firstMonth: number, y: ArrayLike<number>, exposure: ArrayLike<number>): CountModel & { window: number } {
  const T = y.length;
  const eligible = STREAM_WINDOWS.filter((w) => T - HORIZON - w + 1 >= MIN_ORIGINS);
  let window = Math.min(T, DEFAULT_WINDOW);
  let drift = 0;
  if (eligible.length > 0) {
    const longest = eligible[eligible.length - 1]!;
    let best = Infinity;
    const g = new Float64Array(P);
    const x = new Float64Array(P);
    for (const w of eligible) {
      let error = 0;
      // the origins the drift is read from (DRIFT_MIN_TOTAL), their squared log errors and what the model expected of them
      let driftError = 0;
      let expected = 0;
      let origins = 0;
      for (let o = longest; o + HORIZON <= T; o++) {
        const model = fitCountModel(firstMonth + o - w, sliceOf(y, o - w, o), sliceOf(exposure, o - w, o));
        let predicted = 0;
        let actual = 0;
        g.fill(0);
        for (let k = o; k < o + HORIZON; k++) {
          const mu = expectedCount(model, model.mean, firstMonth + k) * exposure[k]!;
          predicted += mu;
          actual += y[k]!;
          row(firstMonth + k, model.centre, x);
          for (let j = 0; j < P; j++) g[j]! += mu * x[j]!;
        }
        const logError = Math.log((predicted + 0.5) / (actual + 0.5)) ** 2;
        error += logError;
        if (predicted < DRIFT_MIN_TOTAL) continue;
        driftError += logError;
        // The model's own variance of the year's log total: its coefficients' (the gradient g / predicted
        // through the posterior covariance L Lᵀ) and the months' counts' (Gamma–Poisson: dispersion / total).
        let coefficientVariance = 0;
        for (let j = 0; j < P; j++) {
          let s = 0;
          for (let i = j; i < P; i++) s += model.chol[i * P + j]! * g[i]!;
          coefficientVariance += (s / Math.max(predicted, 1e-9)) ** 2;
        }
        expected += coefficientVariance + model.dispersion / Math.max(predicted, 0.5);
        origins++;
      }
      if (error < best) {
        best = error;
        window = w;
        drift = origins === 0 ? 0 : Math.min(DRIFT_MAX, Math.sqrt(Math.max(0, (driftError - expected) / origins)));
      }
    }
  }
  const first = firstMonth + T - window;
  const yw = sliceOf(y, T - window, T);
  const ew = sliceOf(exposure, T - window, T);
  const straight = fitCountModel(first, yw, ew);
  const bends = bentTrends(straight, first, yw, ew, drift);
  return { ...straight, window, drift, ...(bends.length ? { bends } : {}) };
}

/** Months before the series' end where a trend may bend (bentTrends), and the prior share of a bend. */
export const BEND_KNOTS = [12, 18, 24] as const;
const BEND_PRIOR = 0.2;
/** The penalty of the bend BEND_KNOTS[0] months back, over log(months) (the others' is 1): bentTrends. */
const RECENT_BEND_PENALTY = 0.5;
/**
 * The prior standard deviation of the change of slope (log scale, a year) at the bend BEND_KNOTS[0] months back (the
 * others' TREND_PRIOR_SD): one year of months fits it loosely (a log rising +20% a year read x1.38 over its last year
 * on one seed, and at RECENT_BEND_PENALTY took weight 0.96: its referrals fell to 7 of 12 months inside the 80% band);
 * at 0.15, x1.35 and 8 of 12, while the upturns 12 months back still read x1.14–1.21 (forecast-bends.ts).
 */
const RECENT_BEND_PRIOR_SD = 0.15;
/**
 * a bend's share of runs below this is left out: it moves no median, only the bands' edges by the few runs it takes
 * (flat logs' bend 12 months back weighs 0.014 at RECENT_BEND_PENALTY and widened their referral bands by up to 2
 * points of the median; at 0.005 before)
 */
const BEND_MIN_WEIGHT = 0.02;

/**
 * Trends that bend 12, 18 or 24 months before the series' end, averaged with the straight one (Bayesian model
 * averaging on Schwarz's approximation to each model's evidence): a bend at k months gets prior BEND_PRIOR / 3 and
 * the straight trend 1 − BEND_PRIOR, a bend's weight times exp(its gain in Poisson log-likelihood over the straight
 * trend ÷ the straight model's over-dispersion − a penalty); for bends 18 and 24 months back the penalty is log(months),
 * twice Schwarz's ½ log(months) for its one extra coefficient, since half (with prior 0.5) gave a straight +5% log a
 * spurious bend 24 months back of weight 0.79. Rolling origins cannot see a bend in the last year or two (their year
 * ahead ends a year before the series does), the months' own fit can; and a series whose trend did not bend gives
 * the bends little weight (0.024 on average on straight series, 0.028 on flat ones: bent-trends.test.ts), where
 * choosing one by a test read noise as a bend (README, "Forecasts").
 *
 * The bend 12 months back pays Schwarz's own ½ log(months) (RECENT_BEND_PENALTY): its slope rests on one year of
 * months, which no rolling origin's year ahead reaches and no drift carries (the origins' errors read how the level
 * wandered up to a year before the series' end, and a bend 18 or 24 months back shows there in part), so at twice
 * the penalty an upturn of +20% a year from 12 months back got weight 0.04–0.20 and the forecast ran on at the
 * straight trend's +3–5% (audit B3: referrals 6 of 12 months inside the 80% band, a looked-after stock above its
 * 95% band). At half (with RECENT_BEND_PRIOR_SD), 0.20–0.58; a straight +5% log's bend 12 months back under
 * BEND_MIN_WEIGHT (its 0.19 stays on the bend 24 back).
 */
function bentTrends(straight: CountModel, first: number, y: Float64Array, exposure: Float64Array, drift: number): Array<{ model: CountModel; weight: number }> {
  const T = y.length;
  if (straight.total === 0 || straight.logLikelihood === undefined) return [];
  const knots = BEND_KNOTS.filter((k) => k + 12 <= T);
  const candidates = knots.map((k) => fitCountModel(first, y, exposure, first + T - k));
  if (candidates.length === 0) return [];
  const penalty = (k: number) => (k === BEND_KNOTS[0] ? RECENT_BEND_PENALTY : 1) * Math.log(T);
  const logEvidence = candidates.map((m, i) => Math.log(BEND_PRIOR / candidates.length) + (m.logLikelihood! - straight.logLikelihood!) / straight.dispersion - penalty(knots[i]!));
  const top = Math.max(Math.log(1 - BEND_PRIOR), ...logEvidence);
  const norm = Math.exp(Math.log(1 - BEND_PRIOR) - top) + logEvidence.reduce((s, l) => s + Math.exp(l - top), 0);
  return candidates
    .map((model, i) => ({ model: { ...model, drift }, weight: Math.exp(logEvidence[i]! - top) / norm }))
    .filter((b) => b.weight >= BEND_MIN_WEIGHT);
}

/** Which of a stream's trends a run uses (`u` uniform in [0, 1), one per run for every stream): the straight one unless u falls in a bend's share. */
export function trendOfRun(model: CountModel, u: number): CountModel {
  let acc = 0;
  for (const b of model.bends ?? []) {
    acc += b.weight;
    if (u < acc) return b.model;
  }
  return model;
}

function sliceOf(a: ArrayLike<number>, from: number, to: number): Float64Array {
  return Float64Array.from({ length: to - from }, (_, k) => a[from + k]!);
}

/** One draw of the coefficients from their posterior. */
export function drawCoefficients(model: CountModel, stream: Stream, out = new Float64Array(model.mean.length)): Float64Array {
  const P = model.mean.length;
  const z = new Float64Array(P);
  for (let j = 0; j < P; j++) z[j] = stream.normal();
  for (let i = 0; i < P; i++) {
    let s = model.mean[i]!;
    for (let j = 0; j <= i; j++) s += model.chol[i * P + j]! * z[j]!;
    out[i] = s;
  }
  return out;
}

/**
 * A run's wandering of the level (log scale) `monthsAhead` months into the forecast (0 for its first month):
 * the run's draw `z` of N(0, 1) times the stream's drift, grown as a random walk's, so that a year-ahead
 * total (whose months lie 6.5 months ahead on average) wanders by about the drift the history showed.
 */
export function driftAt(model: CountModel, z: number, monthsAhead: number): number {
  return model.drift ? z * model.drift * Math.sqrt((monthsAhead + 0.5) / 6.5) : 0;
}

/** Expected count of month `monthIndex` under coefficients `beta`, per unit of the exposure it was fitted with. */
export function expectedCount(model: CountModel, beta: Float64Array, monthIndex: number): number {
  if (model.total === 0) return 0;
  const trend = (monthIndex - model.centre) / 12;
  const bend = model.knot === undefined ? 0 : (beta[BEND]! * Math.max(0, monthIndex - model.knot)) / 12;
  return Math.exp(beta[0]! + beta[1]! * trend + beta[2 + (((monthIndex % 12) + 12) % 12)]! + bend);
}

/**
 * A month's count with mean `mean`: Gamma–Poisson with the model's dispersion. `u` decides the Poisson
 * part so that a scenario that scales the mean moves the count monotonically on the same draws.
 */
export function drawCount(model: CountModel, mean: number, stream: Stream, u: number): number {
  // NaN or Infinity would never leave the gamma and Poisson draws' loops.
  if (!Number.isFinite(mean)) throw new RangeError(`drawCount: an expected count that is not a finite number (${mean})`);
  if (mean <= 0) return 0;
  let m = mean;
  if (model.dispersion > 1.0001) {
    // variance = mean × dispersion  ⇒  gamma shape k = mean / (dispersion − 1)
    const k = mean / (model.dispersion - 1);
    m = (mean * stream.gamma(k)) / k;
  } else stream.next();
  return poissonFromUniform(m, u);
}


function solve(A: Float64Array, b: Float64Array): Float64Array {
  const L = cholesky(A);
  const n = b.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= L[i * n + j]! * y[j]!;
    y[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let j = i + 1; j < n; j++) s -= L[j * n + i]! * x[j]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}

function cholesky(A: Float64Array): Float64Array {
  const n = Math.round(Math.sqrt(A.length));
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / L[j * n + j]!;
    }
  }
  return L;
}

function invert(A: Float64Array): Float64Array {
  const n = Math.round(Math.sqrt(A.length));
  const out = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = solve(A, e);
    for (let i = 0; i < n; i++) out[i * n + j] = col[i]!;
  }
  return out;
}
