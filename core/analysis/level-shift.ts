// Each position's jump as a level shift in a structural model of the measure's WHOLE weekly series
// (JumpOptions.statistic 'level', the default; in-time-placebo.ts compares the marker's with every other position's).
//
//   y_j = a + month effect + s·[j ≥ position] + level_j + noise_j
//
// level_j a random walk (a measure that wanders week to week: contacts that become referrals, volumes) and, with
// echo, noise that echoes for weeks (local-level.ts, its variances chosen by REML once per measure on the whole
// series); the noise of a weekly rate shrinks with its cases. The month effects are in the model only where their
// Wald statistic passes X-11's 0.1% test for a stable season (a measure without a season keeps its degrees of
// freedom). There is no trend column: the wandering level takes a trend in, and a fixed trend beside a full month
// pattern cannot be told from a step a whole number of years into the data (a ramp is a step plus a periodic
// sawtooth), which left steps at one year into two-year logs with intervals of ±18 points (found at 34 of 48 steps
// on bench/impact-calibration.ts's four generators with it, 43 without; 42 for the lines). The level shift s is
// the GLS estimate: where a measure does not wander, every week before and after the position informs it (the two 26-week lines of 'lines' each extrapolate to the position, which doubles the
// standard error of a jump against the difference of their means); where it wanders, only the weeks near the
// position do, as much as its wander allows. The step's column enters the filter like any regressor, so one pass
// over the series gives every position's innovations at once.
//
// Why: on the second step-power generator (tests/core/analysis/impact-logs-august.ts: a sharp August season in NFA,
// volumes and conversion on random walks) the local lines found a 7-point step in NFA at 9 of 25 step dates; this
// statistic at 23 of 25, with the same placebo bound by construction (README "Impact").
import { fitLocalLevel, innovations, type StructuralParameters } from './local-level.js';
import { chiSquareUpper, olsCholesky, PRETEST_Z, waldStatistic } from './linear-model.js';
import type { WeekSeries } from './in-time-placebo.js';

/** A measure's level shift at one position: the GLS estimate, its standard error and their ratio. */
export interface LevelShift {
  estimate: number;
  se: number;
  t: number;
}

export interface LevelModelOptions {
  /** noise that echoes for weeks beside the wandering level (AR(1), its φ and variance by REML). @default true */
  echo?: boolean;
}

/** One measure's structural model, fitted once on its usable weeks (rows: week indices with cases). */
export interface LevelModel {
  rows: number[];
  X: number[][];
  y: number[];
  w: number[];
  params: StructuralParameters;
  /** variance parameters searched (degrees of freedom they take) */
  searched: number;
  echo: boolean;
  /** whether the month effects passed the pretest and are in X */
  season: boolean;
}

/** Fewest usable weeks with cases for a measure's model. */
const MIN_MODEL_WEEKS = 30;

/** The measure's model, or null when it has too few usable weeks or cannot be fitted. */
export function levelModel(series: WeekSeries, months: Uint8Array, options: LevelModelOptions = {}): LevelModel | null {
  const rows: number[] = [];
  for (let j = 0; j < series.value.length; j++) if (series.usable[j] && series.weight[j]! > 0) rows.push(j);
  if (rows.length < MIN_MODEL_WEEKS) return null;
  const echo = options.echo ?? true;
  const seen = new Set(rows.map((j) => months[j]!));
  const monthCols = [...seen].sort((a, b) => a - b).slice(1);
  const y = rows.map((j) => series.value[j]!);
  const w = rows.map((j) => series.weight[j]!);
  const design = (withMonths: boolean) => rows.map((j) => [1, ...(withMonths ? monthCols.map((m) => (months[j] === m ? 1 : 0)) : [])]);
  let X = design(monthCols.length > 0);
  let fit = fitLocalLevel(X, y, w, rows, { echo });
  let season = monthCols.length > 0;
  if (fit && season) {
    // X-11's test for stable seasonality: the month effects stay only where their Wald statistic passes 0.1%.
    const idx = monthCols.map((_, k) => 1 + k);
    const W = waldStatistic(idx.map((r) => fit!.beta[r]!), idx.map((r) => idx.map((c) => fit!.cov[r]![c]!)));
    if (!(W > chiSquareUpper(monthCols.length, PRETEST_Z))) {
      // The variances the search chose beside the month effects serve without them (a second search cost as much
      // again: 1.8 s of CPU for a seven-year table of ten measures, tests/core/analysis/season-cost.test.ts).
      season = false;
      X = design(false);
      fit = fitLocalLevel(X, y, w, rows, { echo, fixed: { q: fit.q, kappa: fit.kappa, r: fit.r, phi: fit.phi, lambda: fit.lambda } });
    }
  }
  if (!fit) return null;
  const params: StructuralParameters = { q: fit.q, kappa: fit.kappa, r: fit.r, phi: fit.phi, lambda: fit.lambda };
  const weightsVary = Math.max(...w) - Math.min(...w) > 1e-9 * Math.max(...w);
  const searched = 1 + (weightsVary ? 1 : 0) + (echo ? 2 : 0);
  return { rows, X, y, w, params, searched, echo, season };
}

/**
 * The level shift at each position (index of the first week after it), null where `tested` says no or fewer than
 * `minSide` usable weeks with cases lie on either side.
 */
export function levelShifts(model: LevelModel, positions: readonly number[], tested: (at: number) => boolean, minSide: number): Array<LevelShift | null> {
  const { rows, X, y, w, params } = model;
  const pb = X[0]!.length;
  const n = rows.length;
  const df = n - pb - 1 - model.searched;
  const active = positions.map((at) => {
    if (!tested(at) || df < 2) return false;
    const before = rows.filter((j) => j < at).length;
    return before >= minSide && n - before >= minSide;
  });
  const XF = rows.map((j, i) => [...X[i]!, ...positions.map((at) => (j >= at ? 1 : 0))]);
  const { Z, z } = innovations(XF, y, w, rows, params);
  // Each step's column and y, less their GLS projection on the model without a step: the step's estimate and the
  // residual sum of squares then follow from two dot products (Frisch–Waugh–Lovell).
  const base = olsCholesky(Z.map((row) => row.slice(0, pb)), z);
  if (!base) return positions.map(() => null);
  const residual = (col: (i: number) => number) => {
    const b = new Array<number>(pb).fill(0);
    for (let i = 0; i < n; i++) for (let r = 0; r < pb; r++) b[r]! += Z[i]![r]! * col(i);
    const beta = base.inverse.map((row) => row.reduce((s, v, k) => s + v * b[k]!, 0));
    return Z.map((row, i) => col(i) - beta.reduce((s, v, k) => s + v * row[k]!, 0));
  };
  const ry = residual((i) => z[i]!);
  const rssBase = base.rss;
  return positions.map((_, k) => {
    if (!active[k]) return null;
    const rk = residual((i) => Z[i]![pb + k]!);
    const den = rk.reduce((s, v) => s + v * v, 0);
    if (!(den > 1e-12)) return null;
    const num = rk.reduce((s, v, i) => s + v * ry[i]!, 0);
    const estimate = num / den;
    const rss = rssBase - (num * num) / den;
    if (!(rss > 0)) return null;
    const se = Math.sqrt(rss / df / den);
    return { estimate, se, t: estimate / se };
  });
}

/**
 * The line drawn for the model with a step at `at`: its GLS regression part (the level, the month effects where it
 * has them, the step) at each week, and the same less the step after it (the counterfactual); index = week, NaN for
 * weeks without a row. The gap between them at the position is the estimate levelShifts gives. The level's smoothed
 * week-to-week drift and echo are not drawn: where a measure wanders they follow the weekly values to within a
 * fraction of a case, and a viewer, who is given weekly counts rounded to 5, would read the exact counts back from
 * the line (README "Disclosure control").
 */
export function levelShiftFitted(model: LevelModel, at: number, weeks: number): { fitted: Float64Array; counterfactual: Float64Array; step: number } | null {
  const { rows, X, y, w, params } = model;
  const XF = rows.map((j, i) => [...X[i]!, j >= at ? 1 : 0]);
  const { Z, z } = innovations(XF, y, w, rows, params);
  const fit = olsCholesky(Z, z);
  if (!fit) return null;
  const step = fit.beta[XF[0]!.length - 1]!;
  const fitted = new Float64Array(weeks).fill(NaN);
  const counterfactual = new Float64Array(weeks).fill(NaN);
  rows.forEach((j, i) => {
    const value = XF[i]!.reduce((s, x, k) => s + x * fit.beta[k]!, 0);
    fitted[j] = value;
    counterfactual[j] = j >= at ? value - step : value;
  });
  return { fitted, counterfactual, step };
}
