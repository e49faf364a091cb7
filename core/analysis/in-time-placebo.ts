// The impact verdict calibrated by the series' own other weeks: an in-time permutation test with a
// family-wise maximum (Westfall and Young 1993; placebos in time as in synthetic-control studies).
//
// At every week boundary p of the data, each measure gets one statistic: the JUMP at p. By default (statistic
// 'level') the level shift at p in a structural model of the measure's whole series (level-shift.ts): a level that
// wanders, echoing noise, month effects where a pretest finds them; its GLS estimate over its standard error. With
// statistic 'lines', the difference at p between a line fitted (weighted by the weeks' denominators) to the h weeks
// before p and a line fitted to the h' weeks from p on, divided by its standard error from the residuals of both
// lines; the lines also give the trend change beside every jump. A real step peaks at its own position. The family's
// statistic at p is T(p) = max over measures of |t_m(p)|. At the marker, measure m is called changed when
// at most floor(α·K) of the K positions (the marker among them) have T(p) ≥ |t_m(marker)|. Every position is
// judged by the same rule against the same table, so however the data behave (trends, seasons, holidays,
// correlated noise), at most floor(α·K) of the K positions can be called changed at all: the placebo bound
// holds by construction, not by a model being right. The interval drawn is the jump ± c·se, with c the
// (floor(α·K)+1)-th largest T(p): the interval excludes 0 exactly when the measure is called changed.
//
// The season. A local line cannot absorb a sharp season (assessments started in February and March done late
// more often, every year): the jump at 1 April would be the season, and the bound above, which holds over the
// year, would be spent at the time of year councils mark changes. So before the jump at position p each
// measure's month-of-year pattern is taken out of the weeks of p's windows (seasonalPattern below): learnt only
// from the weeks OUTSIDE p's windows (other years; a change at p cannot leak into it), as the mean by calendar
// month of each week's gap from a local line through its neighbours (a classical decomposition, iterated as in
// X-11), taken out whole where its Wald statistic rejects "no season" at 0.1% and not at all elsewhere (X-11's
// test for stable seasonality; JumpOptions.monthShrink)
// so that a measure without a season loses almost no power. The same rule at every position, so the bound still
// holds. Where the weeks outside p's windows do not hold every calendar month of its windows (about a year of data
// beside the windows is needed), the season there cannot be told from a change and the measure is not tested at p. Beside the month pattern, ONE
// annual sine-and-cosine pair is learnt from the same outside weeks, from what the pattern leaves (annualWave,
// JumpOptions.annual): a smooth season of period twice the windows is what two half-year local lines cannot absorb
// (at its zero crossings they each miss the level, so the season alone looks like a jump), and what a month pattern
// learnt from half-year pieces of one other year, then shrunk, keeps little of.
import { civilFromDay } from '../dates.js';
import { levelModel, levelShifts, type LevelModel } from './level-shift.js';
import { chiSquareUpper, PRETEST_Z, solveWithInverse, waldStatistic } from './linear-model.js';
import type { PreparedMetrics, RateKey } from '../metrics.js';
import { completeRange, type DataSpan } from './cutoffs.js';
import { recordingGaps, touchesGap } from './recording-gaps.js';
import { tallyRate, tallyWindows, type RateIndicators } from './rate-indicators.js';

/** Fewest whole weeks either side of a position: a line through fewer says little. */
export const MIN_SIDE_WEEKS = 4;
/** Fewest positions the marker is compared with (the marker among them). */
export const MIN_POSITIONS = 20;

export interface JumpOptions {
  /** weeks either side of every position (at most the page's weeks either side). @default the page's */
  weeks?: number;
  /**
   * With statistic 'lines': allow for week-to-week echo in the noise: each position's variance is multiplied by (1 + r)/(1 − r), r the
   * lag-1 correlation of the two lines' residuals (0 to 0.9). The same rule at every position, so the bound
   * still holds. Without it the placebo rate was 1.6 to 2.5% and 35 of 40 steps were found; with it 2.0 to 2.2% and
   * 36 of 40 (README, "Impact"). @default true
   */
  autocorrelation?: boolean;
  /**
   * Put the measures on a common footing before the maximum: each measure's |t| at every position divided by the
   * median of its own |t| over all positions ÷ 0.6745 (its spread, robustly). The same rule at every position, so
   * the bound still holds. @default false
   */
  standardise?: boolean;
  /**
   * Take each measure's month-of-year pattern, learnt from the weeks outside each position's windows, out of the
   * windows before the jump (see the file's head). false = the local lines alone (the model before the spring
   * false changes of review v9b). @default true
   */
  season?: boolean;
  /**
   * Report changes in weekly trend beside the jumps: at every position each measure also gets the change in slope
   * of the two lines (after − before) over its standard error, and S(p) is the largest |t| of any measure's trend
   * change at p, which sets the trend intervals (by maxTCritical, as T does the jumps'). They decide nothing: the
   * verdict is the jumps' alone, with all floor(α·K) flags (review v9d finding 5). false = no trend. @default true
   */
  slope?: boolean;
  /**
   * Leave the weeks that touch a recording gap (recording-gaps.ts) out of every measure's series: weight 0, so the
   * lines either side of a position are fitted through the other weeks and the season is learnt without them. The
   * same rule at every position, so the bound still holds. false = the gap weeks count as ordinary weeks (the model
   * before review v9c's finding 3, where the dip of a 10-day gap and the catch-up after it were called a change).
   * @default true
   */
  gaps?: boolean;
  /**
   * What the marker is compared with (markerReference). 'plain': every position's own jumps, the same table for every
   * marker, so the placebo bound holds by construction; a real step at the marker also lifts the jumps of the positions
   * whose windows hold it (review v9c, finding 2). 'step': at the positions within referenceWeeks of the marker, each
   * measure's jump less the part a step of the size the marker's jump measured would put into it (ter Braak's
   * residuals, linearised), over its standard error under no change. 'projection': the jump less its regression on the
   * marker's jump, over its standard error. Tried and NOT the default: on the bench's logs 'step' found no more steps
   * (67 of 72 either way) and raised the false changes on the council logs from 11 to 20 of 510 markers (README
   * "Impact", "The step that lifts its own bar"). With statistic 'level' the marker is always compared with the plain
   * table (these adjust the lines' jumps). @default 'plain'
   */
  reference?: 'plain' | 'step' | 'projection';
  /** with reference 'step' or 'projection', only the positions within this many weeks of the marker are adjusted. @default REFERENCE_WEEKS */
  referenceWeeks?: number;
  /**
   * Take out ONE annual sine-and-cosine pair per measure beside the month pattern (annualWave): fitted by weighted
   * least squares on the usable weeks OUTSIDE each position's windows (after the month pattern is taken out, see
   * annualOrder), jointly with a level for each side of the windows and a common weekly trend, shrunk by its own Wald
   * statistic (kept = max(0, 1 − 2/W)), its estimation error added to the jump's standard error. A season of period
   * twice the windows is what the local lines cannot absorb, and what the month pattern, learnt from half-year pieces
   * of one other year and shrunk, keeps little of. The same rule at every position, so the bound still holds. On the
   * step-power generator's 24 runs (seeds 1 to 6, steps on 2 January, 6 March, 7 August, 2 October 2023; measured with
   * the month pattern's James–Stein shrinkage, before monthShrink 'wald' was the default) it finds 18
   * against 15 without; bench (one seed, positions 26, 39, 52) placebo 6 / 4 / 5 / 6 of 255 markers (monthly /
   * holidays / council / closure) against 7 / 4 / 6 / 5, steps 3 / 3 / 2 / 2 either way; spring 29 of 336 either
   * way (README "Impact"). false = the month pattern alone. @default true
   */
  annual?: boolean;
  /**
   * With annual: 'after' learns the month pattern first and the wave from what the pattern leaves; 'before' learns
   * the wave first and the month pattern from what it leaves. 'before' found 20 of the step-power generator's 24 but
   * called 36 of 336 spring markers changed (10.7%, impact-spring.test.ts allows 10%; 29 without the wave), so it is
   * not the default. @default 'after'
   */
  annualOrder?: 'before' | 'after';
  /**
   * How far the month pattern is shrunk towards no season (seasonalPattern): 'wald' keeps max(0, 1 − (m − 1)/W), W the
   * pattern's Wald statistic Σγ²/v̄ on its m − 1 degrees of freedom (the annual wave's rule, 1 − 2/W, on its own 2);
   * 'james-stein' keeps max(0, 1 − (m − 3)/W), the positive-part James–Stein factor. Under no season W is about m − 1,
   * so James–Stein kept a quarter to a half of a pattern of noise learnt from one other year, and that noise enters
   * the jump through the weeks beside the position (on the step-power generator, seed 3, the season learnt for NFA at
   * referral, which has none but a 1-point sine, took 2.9 points of a 7-point step at 2 January 2023; 2.6 of them
   * its month pattern). 'wald' finds 20 of that generator's 24 steps against
   * 18; placebo (bench, one seed) 5 / 4 / 5 / 6 of 255 markers against 6 / 4 / 5 / 6, spring 29 of 336 either way
   * (README "Impact"). 'pretest' (the default since brief sp9) keeps the whole pattern where W exceeds the upper 0.1%
   * point of χ² on m − 1 degrees of freedom and none of it elsewhere: the rule of X-11's test for stable seasonality
   * (an F test at 0.1% decides whether a series is seasonally adjusted at all). 'wald' left (m − 1)/W of a real season in
   * every jump (the spring test's timeliness dip kept 0.75 to 0.8, and the rest moved the jumps at its edges one way)
   * and kept part of a pattern of noise wherever W > m − 1 (about 45 in 100 series without a season). On the spring
   * test's logs 26 of 336 markers against 29 ('wald'), on 24 logs of its generator 41 of 1,008 against 47; the
   * step-power generator 20 of 24 either way; bench placebo and steps within a marker of 'wald' (README "Impact",
   * "Spring, still open"). The same rule at every position, so the bound still holds. @default 'pretest'
   */
  monthShrink?: 'wald' | 'james-stein' | 'pretest';
  /**
   * How the month pattern is learnt (brief sp9b, issue 9 item 1; tried, NOT the default). 'local': X-11's classical
   * decomposition, each outside week's gap from a local line through its neighbours on its own side of the windows.
   * 'joint': one weighted regression on every usable outside week, before and after the windows, of a level and a
   * weekly trend for each side and the month effects (summing to 0), its full covariance carried into the jump, the
   * same 0.1% pretest (monthPatternJoint). 'windows': the same regression also through the windows' own weeks, with a
   * level and a trend for each window (a step or a change of trend at the position cannot leak into the pattern).
   * Spring markers called changed (bench/impact-spring-diagnose.ts), test's 8 logs / 24 logs: 'local' 26 / 41;
   * 'joint' 24 / 42; 'joint' with ONE common trend for both sides 26 / 48; 'windows' 26 / 41 (timeliness 11 / 20 against
   * 8 / 16). None beat 'local' on the 24 logs (README "Spring, still open"). @default 'local'
   */
  monthFit?: 'local' | 'joint' | 'windows';
  /**
   * With monthFit 'joint' or 'windows': each week carries the month effects in proportion to its days in each calendar
   * month (a week across 1 April is 3/7 March and 4/7 April), in the fit and where the pattern is taken out. false =
   * each week is the month of its middle day. Tried, NOT the default ('joint' with it: 26 / 43 spring markers of 336 /
   * 1,008). @default false
   */
  monthDays?: boolean;
  /**
   * The statistic at every position. 'level' (the default since 2026-12-06): the level shift of a structural model of
   * the measure's whole series, a wandering level with echoing noise and, where the 0.1% pretest finds one, month
   * effects (level-shift.ts); the estimate, its standard error and t replace the lines' (the lines still give the
   * trend change, which decides nothing, and where they cannot be made for want of another year of the windows'
   * months, the position is not tested). 'lines': the jump between the two local lines (the model before). On the
   * second step-power generator (impact-logs-august.ts) 'lines' found 9 of 25 steps, 'level' 23; on the first
   * (impact-logs-step.ts) 20 of 24 and 22; placebo there 16 and 17 of 360 markers (README "Impact"). The same rule
   * at every position, so the bound still holds. @default 'level'
   */
  statistic?: 'lines' | 'level';
  /** with statistic 'level': noise that echoes for weeks beside the wandering level. @default true */
  levelEcho?: boolean;
}

/**
 * The positions beside the marker whose jumps are adjusted (JumpOptions.referenceWeeks). A step at the marker puts
 * 0.85, 0.71, 0.58, 0.45, 0.34 of itself into the jumps 1 to 5 weeks away and less than 0.2 from 7 weeks on (then
 * −0.2 to −0.33 with the other sign, 10 to 20 weeks away). Adjusting all 52 weeks either side raised the false changes
 * on the holidays logs from 4 to 13 of 255 markers; within 8 weeks, 5 (README "Impact").
 */
export const REFERENCE_WEEKS = 8;

/** Whether weeks touching a recording gap are left out (JumpOptions.gaps, on unless turned off). */
export const leavesOutGaps = (options: JumpOptions | undefined) => options?.gaps ?? true;

/** Whether trend changes are reported (JumpOptions.slope, on unless turned off). */
const joinsSlope = (options: JumpOptions) => options.slope ?? true;

/** Whether the jumps take the season out first (JumpOptions.season, on unless turned off). */
const removesSeason = (options: JumpOptions) => options.season ?? true;
/** Fewest usable weeks outside a position's windows in each calendar month of its windows, to learn that month. */
export const MIN_SEASON_WEEKS = 3;
/** Half-width in weeks of the local line each week's seasonal gap is measured from. */
const SEASON_TREND_WEEKS = 26;
/** Passes of trend then season (X-11 iterates the same way). */
const SEASON_PASSES = 5;

/** The month pattern's shrinkage (JumpOptions.monthShrink, 'wald' unless set). */
const monthShrinkOf = (options: JumpOptions) => options.monthShrink ?? 'pretest';

/** Whether the jumps take an annual sine-and-cosine pair out first (JumpOptions.annual). */
const removesAnnual = (options: JumpOptions) => removesSeason(options) && (options.annual ?? true);

/** The statistic at every position (JumpOptions.statistic, 'level' unless set). */
export const statisticOf = (options: JumpOptions | undefined) => options?.statistic ?? 'level';

/** Whether the jumps allow for week-to-week echo (JumpOptions.autocorrelation, on unless turned off). */
const allowsEcho = (options: JumpOptions) => options.autocorrelation ?? true;

/** One measure's jump at one position. */
export interface Jump {
  estimate: number;
  se: number;
  /** estimate ÷ se */
  t: number;
  /** the two lines, level at the position and slope per week: before (fitted on weeks −h…−1) and after (0…h'−1) */
  before: { level: number; slope: number };
  after: { level: number; slope: number };
  /** lag-1 correlation of the residuals (pooled over both lines) */
  lag1: number;
  /** the season taken out of the windows' weeks before the lines' jump: its own jump (0 when none was), and the share of the month pattern kept (with statistic 'level', the lines' beside the level shift) */
  season: { jump: number; kept: number } | null;
  /** the change in slope at the position, per week (after − before), its standard error and their ratio */
  slope: { estimate: number; se: number; t: number };
}

export interface JumpTable {
  /** first day of each whole week of the data, on the marker's weekday */
  weekStarts: number[];
  /** positions: index into weekStarts of the first week after each position */
  positions: number[];
  /** per position: max over measures of |t| of the jump (0 where no measure is defined) */
  T: Float64Array;
  /** per position: max over measures of |t| of the change in trend */
  S: Float64Array;
  /** whether the trend changes are reported (JumpOptions.slope) */
  slope: boolean;
  /** per measure, per position: the jump (null where the measure's windows do not fit its cut-offs, or the season cannot be learnt) */
  jumps: Record<string, Array<Jump | null>>;
  /** per measure, per position: true where the weeks outside the windows do not hold every calendar month of them */
  seasonUnknown: Record<string, boolean[]>;
  /** per measure: what its |t| is divided by before the maximum (1 unless options.standardise) */
  scale: Record<string, number>;
  h: number;
  hAfter: number;
  /** the weekly series the jumps were made from (for markerReference) */
  series: Record<string, WeekSeries>;
  /** per measure, with statistic 'level': its structural model (null where it could not be fitted) */
  levelModels: Record<string, LevelModel | null>;
}

/**
 * A measure's weekly series over the table's weeks: value, weight, and whether its cut-offs allow the week. A week
 * touching a recording gap is usable (its windows still fit) but weighs 0: the lines and the season pass over it.
 */
export interface WeekSeries {
  value: Float64Array;
  weight: Float64Array;
  usable: Uint8Array;
}

/**
 * The jump at the boundary before week `at` (index), from lines on weeks at−h … at−1 and at … at+h'−1. null when
 * a week of either window is not usable, a line has fewer than 3 weeks with cases, or the series does not vary.
 */
export function localJump(series: WeekSeries, at: number, h: number, hAfter: number, options: JumpOptions = {}): Jump | null {
  const n = series.value.length;
  if (at - h < 0 || at + hAfter > n) return null;
  for (let j = at - h; j < at + hAfter; j++) if (!series.usable[j]) return null;
  const before = wlsLine(series, at - h, at, at);
  const after = wlsLine(series, at, at + hAfter, at);
  if (!before || !after) return null;
  const df = before.points + after.points - 4;
  if (df < 2) return null;
  const sigma2 = (before.rss + after.rss) / df;
  const scale = before.scale + after.scale;
  if (!(sigma2 > 1e-14 * Math.max(1e-300, scale))) return null;
  const lag1 = (before.lagCross + after.lagCross) / (before.rss + after.rss);
  const r = Math.min(0.9, Math.max(0, lag1));
  const inflation = allowsEcho(options) ? (1 + r) / (1 - r) : 1;
  const se = Math.sqrt(sigma2 * (before.levelVariance + after.levelVariance) * inflation);
  const estimate = after.level - before.level;
  const slopeSe = Math.sqrt(sigma2 * (before.slopeVariance + after.slopeVariance) * inflation);
  const slope = after.slope - before.slope;
  return {
    estimate, se, t: estimate / se, before: { level: before.level, slope: before.slope }, after: { level: after.level, slope: after.slope }, lag1, season: null,
    slope: { estimate: slope, se: slopeSe, t: slope / slopeSe },
  };
}

/**
 * Calls add(j, sign × week j's weight) for each week of [from, to), its weight in the level at `at` (or, with `slope`,
 * in the slope) of the weighted line through those weeks, as wlsLine fits it.
 */
function eachLineWeight(series: WeekSeries, from: number, to: number, at: number, sign: number, slope: boolean, add: (j: number, weight: number) => void): void {
  let meanW = 0;
  for (let j = from; j < to; j++) meanW += series.weight[j]!;
  meanW /= to - from;
  if (!(meanW > 0)) return;
  let s0 = 0, s1 = 0, s2 = 0;
  for (let j = from; j < to; j++) {
    const w = series.weight[j]! / meanW;
    const x = j - at + 0.5;
    s0 += w; s1 += w * x; s2 += w * x * x;
  }
  const det = s0 * s2 - s1 * s1;
  if (!(det > 0)) return;
  for (let j = from; j < to; j++) {
    const w = series.weight[j]! / meanW;
    const x = j - at + 0.5;
    add(j, (sign * w * (slope ? s0 * x - s1 : s2 - s1 * x)) / det);
  }
}

/**
 * Adds sign × each week's weight in the level at `at` (or, with `slope`, in the slope) of the weighted line through
 * weeks [from, to) to its month's total.
 */
function lineWeights(
  series: WeekSeries, from: number, to: number, at: number, sign: number, months: Uint8Array, perMonth: Float64Array, slope = false, shares: Float64Array | null = null,
): void {
  eachLineWeight(series, from, to, at, sign, slope, (j, weight) => {
    if (shares) for (let m = 0; m < 12; m++) perMonth[m]! += weight * shares[j * 12 + m]!;
    else perMonth[months[j]!]! += weight;
  });
}

/** Each week's share of days in each calendar month: 12 per week (JumpOptions.monthDays). */
export function weekMonthShares(weekStarts: readonly number[]): Float64Array {
  const shares = new Float64Array(weekStarts.length * 12);
  weekStarts.forEach((d, j) => {
    for (let k = 0; k < 7; k++) shares[j * 12 + civilFromDay(d + k).month - 1]! += 1 / 7;
  });
  return shares;
}

/** Calendar month (0 = January) of each week's middle day. */
export function weekMonths(weekStarts: readonly number[]): Uint8Array {
  return Uint8Array.from(weekStarts, (d) => civilFromDay(d + 3).month - 1);
}

/**
 * The month-of-year pattern of a series, learnt from the usable weeks outside [from, to): per calendar month, the
 * weighted mean gap of its weeks from a weighted local line through their usable neighbours (±13 weeks, not
 * crossing [from, to)), the trend then re-fitted on the series with the pattern taken out (3 passes); the
 * pattern centred and shrunk towards 0 by max(0, 1 − d·v̄ / Σ γ²), v̄ the mean sampling variance of the m months'
 * means and d = m − 1 ('wald': 1 − d/W with W the pattern's Wald statistic on its d degrees of freedom) or m − 3
 * ('james-stein', the positive-part James–Stein factor), or kept whole where W exceeds χ²'s upper 0.1% point on m − 1
 * degrees of freedom and dropped elsewhere ('pretest', the default; JumpOptions.monthShrink). null when a calendar
 * month of the weeks in [from, to) has fewer than MIN_SEASON_WEEKS usable weeks outside it (the data does not cover
 * that month in another year): the season there cannot be told from a change.
 */
export function seasonalPattern(
  series: WeekSeries, months: Uint8Array, from: number, to: number, shrink: 'wald' | 'james-stein' | 'pretest' = 'pretest',
): { gamma: Float64Array; variance: Float64Array; kept: number } | null {
  const n = series.value.length;
  // Whether the data holds the month in another year is a question of the weeks it covers (usable); weeks without
  // a case tell nothing about the pattern's size and are left out of its estimate (a sparse measure is then
  // refused for too little data by the jump itself, not for the season).
  const covered = (j: number) => (j < from || j >= to) && series.usable[j] === 1;
  const outside = (j: number) => covered(j) && series.weight[j]! > 0;
  const count = new Float64Array(12);
  let meanW = 0;
  let used = 0;
  for (let j = 0; j < n; j++) {
    if (!covered(j)) continue;
    count[months[j]!]!++;
    if (!outside(j)) continue;
    meanW += series.weight[j]!;
    used++;
  }
  for (let j = from; j < to; j++) if (count[months[j]!]! < MIN_SEASON_WEEKS) return null;
  if (used === 0) return { gamma: new Float64Array(12), variance: new Float64Array(12), kept: 0 };
  meanW /= used;
  // the outside weeks (1) and their weights over the mean, as arrays: the loops below run 5 times for every
  // position × measure of the jump table
  const out = new Uint8Array(n);
  const wn = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    out[j] = outside(j) ? 1 : 0;
    wn[j] = out[j] ? series.weight[j]! / meanW : 0;
  }
  const gamma = new Float64Array(12);
  const gap = new Float64Array(n);
  let sigma2 = 0;
  let present = 0;
  const wSum = new Float64Array(12);
  // Running sums over the outside weeks (0 elsewhere) of w, w·u, w·u², w·y and w·u·y, u = i − the series' middle,
  // so each week's local line takes O(1) from the sums at its window's ends instead of a pass over 53 weeks: this
  // runs for every position × measure of the jump table (a 7-year table of 10 measures: 2.4 s of CPU before, 0.7 s after).
  const mid = n >> 1;
  const c0 = new Float64Array(n + 1), c1 = new Float64Array(n + 1), c2 = new Float64Array(n + 1);
  const cy = new Float64Array(n + 1), cuy = new Float64Array(n + 1);
  // how many outside weeks: a line through one week is its level (the sums' rounding would not give det = 0 exactly)
  const points = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const wi = wn[i]!;
    const u = i - mid;
    c0[i + 1] = c0[i]! + wi; c1[i + 1] = c1[i]! + wi * u; c2[i + 1] = c2[i]! + wi * u * u;
    points[i + 1] = points[i]! + out[i]!;
  }
  for (let pass = 0; pass < SEASON_PASSES; pass++) {
    for (let i = 0; i < n; i++) {
      const wy = out[i] ? wn[i]! * (series.value[i]! - gamma[months[i]!]!) : 0;
      cy[i + 1] = cy[i]! + wy; cuy[i + 1] = cuy[i]! + wy * (i - mid);
    }
    // Each outside week's gap from a local line through the outside weeks beside it (same side of the windows).
    for (let j = 0; j < n; j++) {
      if (!out[j]) continue;
      const lo = j < from ? Math.max(0, j - SEASON_TREND_WEEKS) : Math.max(to, j - SEASON_TREND_WEEKS);
      const hi = j < from ? Math.min(from, j + SEASON_TREND_WEEKS + 1) : Math.min(n, j + SEASON_TREND_WEEKS + 1);
      // x = i − j = u − d, d = j − mid
      const d = j - mid;
      const w0 = c0[hi]! - c0[lo]!, w1 = c1[hi]! - c1[lo]!, w2 = c2[hi]! - c2[lo]!;
      const y0 = cy[hi]! - cy[lo]!, y1 = cuy[hi]! - cuy[lo]!;
      const s0 = w0, s1 = w1 - d * w0, s2 = w2 - 2 * d * w1 + d * d * w0, sy = y0, sxy = y1 - d * y0;
      const det = s0 * s2 - s1 * s1;
      const level = points[hi]! - points[lo]! > 1 && det > 1e-12 * s0 * s0 ? (sy * s2 - s1 * sxy) / det : sy / s0;
      gap[j] = series.value[j]! - level;
    }
    const sum = new Float64Array(12);
    wSum.fill(0);
    for (let j = 0; j < n; j++) {
      if (!out[j]) continue;
      sum[months[j]!]! += wn[j]! * gap[j]!;
      wSum[months[j]!]! += wn[j]!;
    }
    present = 0;
    let centre = 0;
    for (let m = 0; m < 12; m++) {
      if (wSum[m]! > 0) {
        gamma[m] = sum[m]! / wSum[m]!;
        centre += gamma[m]!;
        present++;
      } else gamma[m] = 0;
    }
    for (let m = 0; m < 12; m++) if (wSum[m]! > 0) gamma[m]! -= centre / present;
    let rss = 0;
    for (let j = 0; j < n; j++) if (out[j]) rss += wn[j]! * (gap[j]! - gamma[months[j]!]!) ** 2;
    sigma2 = rss / Math.max(1, used - present);
  }
  // Kept whole or not at all by the test of its Wald statistic (or shrunk by it, or by James–Stein): a measure without a
  // season keeps none of its noise.
  let signal = 0;
  let noise = 0;
  for (let m = 0; m < 12; m++) {
    if (!(wSum[m]! > 0)) continue;
    signal += gamma[m]! ** 2;
    noise += sigma2 / wSum[m]!;
  }
  const df = shrink === 'wald' ? present - 1 : present - 3;
  const W = noise > 0 ? (signal * present) / noise : 0;
  const kept =
    shrink === 'pretest'
      ? present > 3 && W > chiSquareUpper(present - 1, PRETEST_Z) ? 1 : 0
      : present > 3 && signal > 0 ? Math.max(0, 1 - (df * (noise / present)) / signal) : 0;
  const variance = new Float64Array(12);
  for (let m = 0; m < 12; m++) {
    gamma[m]! *= kept;
    variance[m] = wSum[m]! > 0 ? (kept * kept * sigma2) / wSum[m]! : 0;
  }
  return { gamma, variance, kept };
}

/**
 * The jump at the boundary before week `at` with the season taken out of the windows' weeks first (JumpOptions
 * season), or the plain jump when it is off. 'season' when the season cannot be learnt there.
 */
export function seasonalJump(
  series: WeekSeries, months: Uint8Array, at: number, h: number, hAfter: number, options: JumpOptions = {}, shares: Float64Array | null = null,
): Jump | null | 'season' {
  if (!removesSeason(options)) return localJump(series, at, h, hAfter, options);
  if (at - h < 0 || at + hAfter > series.value.length) return null;
  for (let j = at - h; j < at + hAfter; j++) if (!series.usable[j]) return null;
  // The annual wave (JumpOptions.annual), from the weeks outside the windows: with annualOrder 'before' it is taken
  // out first and the month pattern learnt from what it leaves; with 'after' the month pattern is learnt first and
  // the wave from what the pattern leaves.
  const order = options.annualOrder ?? 'after';
  const annual = removesAnnual(options);
  const shift = (source: WeekSeries, f: (j: number) => number): WeekSeries => {
    const value = new Float64Array(source.value.length);
    for (let j = 0; j < value.length; j++) value[j] = source.value[j]! - f(j);
    return { value, weight: source.weight, usable: source.usable };
  };
  let wave: AnnualWave | null = null;
  let base = series;
  if (annual && order === 'before') {
    wave = annualWave(series, at - h, at + hAfter);
    if (wave && wave.kept > 0) base = shift(series, (j) => waveAt(wave!, j));
  }
  const pattern = (options.monthFit ?? 'local') !== 'local'
    ? monthPatternJoint(base, months, at - h, at + hAfter, monthShrinkOf(options) === 'pretest', shares, options.monthFit === 'windows' ? at : null)
    : seasonalPattern(base, months, at - h, at + hAfter, monthShrinkOf(options));
  if (!pattern) return 'season';
  const seasonAt = (j: number) => {
    if (!shares) return pattern.gamma[months[j]!]!;
    let v = 0;
    for (let m = 0; m < 12; m++) v += shares[j * 12 + m]! * pattern.gamma[m]!;
    return v;
  };
  if (annual && order === 'after') {
    const deseasoned = shift(series, seasonAt);
    wave = annualWave(deseasoned, at - h, at + hAfter);
  }
  const value = Float64Array.from(series.value);
  const seasonOnly = new Float64Array(series.value.length);
  for (let j = at - h; j < at + hAfter; j++) {
    seasonOnly[j] = seasonAt(j) + (wave ? waveAt(wave, j) : 0);
    value[j]! -= seasonOnly[j]!;
  }
  const jump = localJump({ value, weight: series.weight, usable: series.usable }, at, h, hAfter, options);
  if (!jump) return null;
  // The pattern is an estimate too: its error enters the jump through the two lines' weights on each week, so
  // the jump's variance gains Σ over months of (the lines' total weight on the month's weeks)² × the month's variance.
  const perMonth = new Float64Array(12);
  lineWeights(series, at - h, at, at, -1, months, perMonth, false, shares);
  lineWeights(series, at, at + hAfter, at, 1, months, perMonth, false, shares);
  let extra = 0;
  const covariance = (pattern as { covariance?: Float64Array | null }).covariance ?? null;
  if (covariance) {
    for (let a = 0; a < 12; a++) for (let b = 0; b < 12; b++) extra += perMonth[a]! * perMonth[b]! * covariance[a * 12 + b]!;
  } else for (let m = 0; m < 12; m++) extra += perMonth[m]! ** 2 * pattern.variance[m]!;
  if (wave) extra += waveVariance(series, at, h, hAfter, wave, false);
  const se = Math.sqrt(jump.se ** 2 + extra);
  jump.se = se;
  jump.t = jump.estimate / se;
  // The same for the change in slope: the lines' slope weights on each month.
  const perMonthSlope = new Float64Array(12);
  lineWeights(series, at - h, at, at, -1, months, perMonthSlope, true, shares);
  lineWeights(series, at, at + hAfter, at, 1, months, perMonthSlope, true, shares);
  let extraSlope = 0;
  if (covariance) {
    for (let a = 0; a < 12; a++) for (let b = 0; b < 12; b++) extraSlope += perMonthSlope[a]! * perMonthSlope[b]! * covariance[a * 12 + b]!;
  } else for (let m = 0; m < 12; m++) extraSlope += perMonthSlope[m]! ** 2 * pattern.variance[m]!;
  if (wave) extraSlope += waveVariance(series, at, h, hAfter, wave, true);
  const slopeSe = Math.sqrt(jump.slope.se ** 2 + extraSlope);
  jump.slope = { estimate: jump.slope.estimate, se: slopeSe, t: jump.slope.estimate / slopeSe };
  // The season's own jump at the position (the same two weighted lines through the pattern alone).
  const s = localJump({ value: seasonOnly, weight: series.weight, usable: series.usable }, at, h, hAfter, { ...options, autocorrelation: false });
  return { ...jump, season: { jump: s ? s.estimate : 0, kept: pattern.kept } };
}

/**
 * The month pattern learnt by ONE weighted regression (JumpOptions.monthFit 'joint'): on every usable outside week with
 * cases, the value on a level and a weekly trend for the weeks before `from`, the same for the weeks from `to` on (so a
 * step at the windows does not leak into the pattern), and the effects of the calendar months present (summing to 0);
 * with `windowsAt` ('windows') also on the windows' weeks, with a level and a trend for each window either side of
 * `windowsAt`. With `shares`, each week's month effects in proportion to its days in each month (monthDays).
 * Covariance σ²(X'WX)⁻¹ from the residuals. Kept whole where the effects' Wald statistic exceeds χ²'s upper 0.1% point
 * on m − 1 degrees of freedom and dropped elsewhere (`pretest`), else kept whole. null as seasonalPattern (a month of
 * the windows not covered outside them).
 */
export function monthPatternJoint(
  series: WeekSeries, months: Uint8Array, from: number, to: number, pretest = true, shares: Float64Array | null = null, windowsAt: number | null = null,
): { gamma: Float64Array; variance: Float64Array; covariance: Float64Array | null; kept: number } | null {
  const n = series.value.length;
  const count = new Float64Array(12);
  const rows: number[] = [];
  let meanW = 0;
  for (let j = 0; j < n; j++) {
    const inside = j >= from && j < to;
    if (series.usable[j] !== 1) continue;
    if (!inside) count[months[j]!]!++;
    if (inside && windowsAt === null) continue;
    if (!(series.weight[j]! > 0)) continue;
    rows.push(j);
    meanW += series.weight[j]!;
  }
  for (let j = from; j < to; j++) if (count[months[j]!]! < MIN_SEASON_WEEKS) return null;
  const none = { gamma: new Float64Array(12), variance: new Float64Array(12), covariance: null, kept: 0 };
  const presentMonths: number[] = [];
  const seen = new Uint8Array(12);
  for (const j of rows) seen[months[j]!] = 1;
  for (let m = 0; m < 12; m++) if (seen[m]) presentMonths.push(m);
  const P = presentMonths.length;
  if (P < 4) return none;
  const hasLeft = rows.some((j) => j < from);
  const hasRight = rows.some((j) => j >= to);
  const wins = windowsAt === null ? 0 : 4;
  const base = (hasLeft ? 2 : 0) + (hasRight ? 2 : 0) + wins;
  const p = base + P - 1;
  if (rows.length < p + 12) return none;
  meanW /= rows.length;
  const index = new Int8Array(12).fill(-1);
  presentMonths.forEach((m, k) => (index[m] = k));
  const x = new Float64Array(p);
  const design = (j: number) => {
    x.fill(0);
    let k = 0;
    if (hasLeft) { x[k++] = j < from ? 1 : 0; x[k++] = j < from ? (j - from) / n : 0; }
    if (hasRight) { x[k++] = j >= to ? 1 : 0; x[k++] = j >= to ? (j - to) / n : 0; }
    const inside = j >= from && j < to;
    if (windowsAt !== null) {
      const u = (j - windowsAt + 0.5) / n;
      x[k++] = inside && j < windowsAt ? 1 : 0;
      x[k++] = inside && j < windowsAt ? u : 0;
      x[k++] = inside && j >= windowsAt ? 1 : 0;
      x[k++] = inside && j >= windowsAt ? u : 0;
    }
    const put = (m: number, share: number) => {
      const i = index[m]!;
      if (i < 0) return;
      if (i < P - 1) x[base + i]! += share;
      else for (let c = 0; c < P - 1; c++) x[base + c]! -= share;
    };
    if (shares) for (let m = 0; m < 12; m++) { const f = shares[j * 12 + m]!; if (f > 0) put(m, f); }
    else put(months[j]!, 1);
  };
  const solved = weightedLeastSquares(series, rows, meanW, x, design);
  if (!solved) return none;
  const { x: beta, inverse } = solved;
  let rss = 0;
  for (const j of rows) {
    const w = series.weight[j]! / meanW;
    design(j);
    let fit = 0;
    for (let r = 0; r < p; r++) fit += x[r]! * beta[r]!;
    rss += w * (series.value[j]! - fit) ** 2;
  }
  const sigma2 = rss / (rows.length - p);
  // Wald statistic of the P − 1 free effects
  const d = P - 1;
  const V = Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => sigma2 * inverse[base + r]![base + c]!));
  const free = beta.slice(base);
  const wald = waldStatistic(free, V);
  const kept = pretest ? (wald > chiSquareUpper(d, PRETEST_Z) ? 1 : 0) : 1;
  if (kept === 0) return none;
  // the effects of all present months: γ = L·free, L the identity with a row of −1 for the last month
  const L = (m: number, c: number) => {
    const i = index[m]!;
    if (i < 0) return 0;
    return i < P - 1 ? (i === c ? 1 : 0) : -1;
  };
  const gamma = new Float64Array(12);
  const covariance = new Float64Array(144);
  const variance = new Float64Array(12);
  for (let m = 0; m < 12; m++) for (let c = 0; c < d; c++) gamma[m]! += L(m, c) * free[c]!;
  for (let a = 0; a < 12; a++) {
    for (let bb = 0; bb < 12; bb++) {
      let v = 0;
      for (let r = 0; r < d; r++) {
        const la = L(a, r);
        if (la === 0) continue;
        for (let c = 0; c < d; c++) v += la * V[r]![c]! * L(bb, c);
      }
      covariance[a * 12 + bb] = v;
    }
    variance[a] = covariance[a * 13]!;
  }
  return { gamma, variance, covariance, kept };
}

/**
 * Weighted least squares of the series' value on the design rows of weeks `rows` (weights over `meanW`): `design(j)`
 * writes week j's row into `x` (one array reused). The solution and (X'WX)⁻¹, or null when singular.
 */
function weightedLeastSquares(
  series: WeekSeries, rows: readonly number[], meanW: number, x: Float64Array, design: (j: number) => unknown,
): { x: number[]; inverse: number[][] } | null {
  const p = x.length;
  const A = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  for (const j of rows) {
    const w = series.weight[j]! / meanW;
    design(j);
    for (let r = 0; r < p; r++) {
      if (x[r] === 0) continue;
      b[r]! += w * x[r]! * series.value[j]!;
      for (let c = 0; c < p; c++) A[r]![c]! += w * x[r]! * x[c]!;
    }
  }
  return solveWithInverse(A, b);
}

/** Weeks in a year: the annual wave's period. */
const WEEKS_A_YEAR = 365.25 / 7;
// The phases are worked out once per week index: every position of a jump table asks for every week's (CPU).
const SIN_TABLE: number[] = [];
const COS_TABLE: number[] = [];
function phaseUpTo(j: number): void {
  for (let k = SIN_TABLE.length; k <= j; k++) {
    SIN_TABLE.push(Math.sin((2 * Math.PI * k) / WEEKS_A_YEAR));
    COS_TABLE.push(Math.cos((2 * Math.PI * k) / WEEKS_A_YEAR));
  }
}
const waveSin = (j: number) => {
  phaseUpTo(j);
  return SIN_TABLE[j]!;
};
const waveCos = (j: number) => {
  phaseUpTo(j);
  return COS_TABLE[j]!;
};
/** What the wave, as far as it is kept, puts into week j. */
const waveAt = (wave: AnnualWave, j: number) => wave.kept * (wave.sin * waveSin(j) + wave.cos * waveCos(j));

/** One annual sine-and-cosine pair (annualWave): coefficients, their covariance, and the share of them kept. */
export interface AnnualWave {
  sin: number;
  cos: number;
  /** covariance of (sin, cos): [var sin, cov, var cos] */
  covariance: [number, number, number];
  /** Wald statistic of the pair (χ² with 2 degrees of freedom under no wave) */
  wald: number;
  /** max(0, 1 − 2 / wald): the share of the pair taken out */
  kept: number;
}

/**
 * The annual wave of a series learnt from its usable weeks with cases outside [from, to): weighted least squares of
 * the value on a level for the weeks before `from`, a level for the weeks from `to` on (so a step at the windows does
 * not leak into the wave), a common weekly trend, and sin, cos of the week's phase in the year. The covariance is
 * σ² (X'WX)⁻¹ from the residuals, times (1 + r)/(1 − r) for their lag-1 correlation r (0 to 0.9). null when the
 * outside weeks are too few (fewer than 12 beyond the parameters) or the design is singular.
 */
export function annualWave(series: WeekSeries, from: number, to: number): AnnualWave | null {
  const n = series.value.length;
  const rows: number[] = [];
  let meanW = 0;
  for (let j = 0; j < n; j++) {
    if ((j >= from && j < to) || !series.usable[j] || !(series.weight[j]! > 0)) continue;
    rows.push(j);
    meanW += series.weight[j]!;
  }
  const hasLeft = rows.some((j) => j < from);
  const hasRight = rows.some((j) => j >= to);
  const p = (hasLeft ? 1 : 0) + (hasRight ? 1 : 0) + 3;
  if (rows.length < p + 12) return null;
  meanW /= rows.length;
  const mid = n / 2;
  const x = new Float64Array(p);
  /** the design row of week j, written into x (one array reused: this runs for every week at every position) */
  const design = (j: number): Float64Array => {
    let k = 0;
    if (hasLeft) x[k++] = j < from ? 1 : 0;
    if (hasRight) x[k++] = j >= to ? 1 : 0;
    x[k++] = (j - mid) / n;
    x[k++] = waveSin(j);
    x[k] = waveCos(j);
    return x;
  };
  const solved = weightedLeastSquares(series, rows, meanW, x, design);
  if (!solved) return null;
  const { x: beta, inverse } = solved;
  let rss = 0;
  let lagCross = 0;
  let previous: number | null = null;
  let previousJ = -2;
  for (const j of rows) {
    const w = series.weight[j]! / meanW;
    design(j);
    let fit = 0;
    for (let r = 0; r < p; r++) fit += x[r]! * beta[r]!;
    const e = Math.sqrt(w) * (series.value[j]! - fit);
    rss += e * e;
    if (previous !== null && previousJ === j - 1) lagCross += previous * e;
    previous = e;
    previousJ = j;
  }
  const sigma2 = rss / (rows.length - p);
  const r = rss > 0 ? Math.min(0.9, Math.max(0, lagCross / rss)) : 0;
  const factor = (sigma2 * (1 + r)) / (1 - r);
  const s = p - 2;
  const c = p - 1;
  const vss = factor * inverse[s]![s]!, vsc = factor * inverse[s]![c]!, vcc = factor * inverse[c]![c]!;
  const det = vss * vcc - vsc * vsc;
  if (!(det > 0)) return null;
  const bs = beta[s]!, bc = beta[c]!;
  const wald = (vcc * bs * bs - 2 * vsc * bs * bc + vss * bc * bc) / det;
  const kept = wald > 0 ? Math.max(0, 1 - 2 / wald) : 0;
  return { sin: bs, cos: bc, covariance: [vss, vsc, vcc], wald, kept };
}

/**
 * The variance the wave's estimate adds to the jump (or, with `slope`, the change in slope) at the boundary before
 * `at`: g'·Σ·g × kept², g the two lines' weights summed over the windows' weeks times each week's sin and cos.
 */
function waveVariance(series: WeekSeries, at: number, h: number, hAfter: number, wave: AnnualWave, slope: boolean): number {
  let gs = 0;
  let gc = 0;
  const add = (j: number, weight: number) => {
    gs += weight * waveSin(j);
    gc += weight * waveCos(j);
  };
  eachLineWeight(series, at - h, at, at, -1, slope, add);
  eachLineWeight(series, at, at + hAfter, at, 1, slope, add);
  const [vss, vsc, vcc] = wave.covariance;
  return wave.kept ** 2 * (gs * gs * vss + 2 * gs * gc * vsc + gc * gc * vcc);
}

interface Line {
  level: number;
  slope: number;
  /** (X'WX)⁻¹ for the level at the position, in units of σ² */
  levelVariance: number;
  /** (X'WX)⁻¹ for the slope, in units of σ² */
  slopeVariance: number;
  rss: number;
  /** Σ of consecutive weighted residual products, for the lag-1 correlation */
  lagCross: number;
  points: number;
  /** Σ w·y², to tell a series that does not vary from one that does */
  scale: number;
}

/**
 * Weighted line through weeks [from, to), x = week middle − position, so the level at the position is the intercept.
 * Not linear-model.ts's fitWeighted: this runs for every week × measure × side of the T table, so it solves the 2×2
 * in closed form without allocating rows, and it also returns the lag-1 cross-product the AR(1) allowance needs.
 */
function wlsLine(series: WeekSeries, from: number, to: number, at: number): Line | null {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let sy = 0;
  let sxy = 0;
  let points = 0;
  let meanW = 0;
  for (let j = from; j < to; j++) meanW += series.weight[j]!;
  meanW /= to - from;
  if (!(meanW > 0)) return null;
  for (let j = from; j < to; j++) {
    const w = series.weight[j]! / meanW;
    if (!(w > 0)) continue;
    const x = j - at + 0.5;
    const y = series.value[j]!;
    s0 += w;
    s1 += w * x;
    s2 += w * x * x;
    sy += w * y;
    sxy += w * x * y;
    points++;
  }
  if (points < 3) return null;
  const det = s0 * s2 - s1 * s1;
  if (!(det > 0)) return null;
  const slope = (s0 * sxy - s1 * sy) / det;
  const level = (sy - slope * s1) / s0;
  let rss = 0;
  let lagCross = 0;
  let scale = 0;
  let previous: number | null = null;
  for (let j = from; j < to; j++) {
    const w = series.weight[j]! / meanW;
    if (!(w > 0)) {
      previous = null;
      continue;
    }
    const y = series.value[j]!;
    const e = Math.sqrt(w) * (y - level - slope * (j - at + 0.5));
    rss += e * e;
    scale += w * y * y;
    if (previous !== null) lagCross += previous * e;
    previous = e;
  }
  return { level, slope, levelVariance: s2 / det, slopeVariance: s0 / det, rss, lagCross, points, scale };
}

/** Every whole week of the data on the marker's weekday, and each measure's weekly series over them. */
export function weekSeries(
  prepared: PreparedMetrics, indicators: RateIndicators, include: Uint8Array | null, span: DataSpan, markerDay: number, measures: readonly string[], countKey: string,
  options: JumpOptions = {},
): { weekStarts: number[]; series: Record<string, WeekSeries> } {
  const first = markerDay + 7 * Math.ceil((span.first - markerDay) / 7);
  const weekStarts: number[] = [];
  for (let d = first; d + 6 <= span.last; d += 7) weekStarts.push(d);
  const tallies = tallyWindows(prepared, indicators, weekStarts.map((d) => ({ from: d, to: d + 6 })), include);
  const gaps = leavesOutGaps(options) ? recordingGaps(prepared, span) : null;
  const inGap = weekStarts.map((d) => (gaps ? touchesGap(gaps, d, d + 6) : false));
  const series: Record<string, WeekSeries> = {};
  for (const measure of measures) {
    const range = completeRange(measure as RateKey, span, prepared.calendar);
    const s: WeekSeries = { value: new Float64Array(weekStarts.length), weight: new Float64Array(weekStarts.length), usable: new Uint8Array(weekStarts.length) };
    weekStarts.forEach((d, j) => {
      const r = tallyRate(tallies[j]!, measure === countKey ? 'referral_nfa' : (measure as RateKey));
      s.usable[j] = d >= range.from && d + 6 <= range.to ? 1 : 0;
      if (inGap[j]) {
        s.value[j] = 0;
        s.weight[j] = 0;
      } else if (measure === countKey) {
        s.value[j] = r.n;
        s.weight[j] = 1;
      } else {
        s.value[j] = r.n > 0 ? r.k / r.n : 0;
        s.weight[j] = r.n;
      }
    });
    series[measure] = s;
  }
  return { weekStarts, series };
}

/** The table of jumps and T(p) at every position where windows of h and h' whole weeks fit in the data. */
export function jumpTable(weekStarts: number[], series: Record<string, WeekSeries>, h: number, hAfter: number, options: JumpOptions = {}): JumpTable {
  const positions: number[] = [];
  for (let at = h; at + hAfter <= weekStarts.length; at++) positions.push(at);
  const T = new Float64Array(positions.length);
  const S = new Float64Array(positions.length);
  const jumps: Record<string, Array<Jump | null>> = {};
  const seasonUnknown: Record<string, boolean[]> = {};
  const scale: Record<string, number> = {};
  const levelModels: Record<string, LevelModel | null> = {};
  const months = weekMonths(weekStarts);
  const shares = options.monthDays && (options.monthFit ?? 'local') !== 'local' ? weekMonthShares(weekStarts) : null;
  for (const [measure, s] of Object.entries(series)) {
    const raw = positions.map((at) => seasonalJump(s, months, at, h, hAfter, options, shares));
    let row = raw.map((j) => (j === 'season' ? null : j));
    if (statisticOf(options) === 'level') {
      // The lines still give the trend change and the residuals' echo; the jump is the structural model's, at the
      // positions where the lines have one: where the data beside the windows lack another year of their months, a
      // season there cannot be told from a change by either (a step is one more month pattern on a one-year log).
      const tested = (at: number) => row[positions.indexOf(at)] != null;
      const model = levelModel(s, months, { echo: options.levelEcho ?? true });
      levelModels[measure] = model;
      const shifts = model ? levelShifts(model, positions, tested, MIN_SIDE_WEEKS) : positions.map(() => null);
      row = row.map((lines, i) => (lines && shifts[i] ? { ...lines, ...shifts[i]! } : null));
    }
    jumps[measure] = row;
    seasonUnknown[measure] = raw.map((j) => j === 'season');
    const ts = row.filter((j): j is Jump => j !== null).map((j) => Math.abs(j.t)).sort((a, b) => a - b);
    const median = ts.length ? (ts[(ts.length - 1) >> 1]! + ts[ts.length >> 1]!) / 2 : 0;
    scale[measure] = options.standardise && median > 0 ? median / 0.6745 : 1;
    row.forEach((jump, i) => {
      if (!jump) return;
      T[i] = Math.max(T[i]!, Math.abs(jump.t) / scale[measure]!);
      S[i] = Math.max(S[i]!, Math.abs(jump.slope.t) / scale[measure]!);
    });
  }
  return { weekStarts, positions, T, S, slope: joinsSlope(options), jumps, seasonUnknown, scale, h, hAfter, series, levelModels };
}

export interface MaxTDecision {
  /** positions compared with (the marker among them) */
  K: number;
  /** the most positions that may reach a measure's |t| for it to be called changed: floor(α·K) */
  allowed: number;
  /** the (floor(α·K)+1)-th largest T(p): the interval's multiplier */
  critical: number;
}

/** The critical value of a table: changed ⇔ |t| > critical ⇔ #{p : T(p) ≥ |t|} ≤ floor(α·K). */
export function maxTCritical(T: Float64Array, alpha: number): MaxTDecision {
  const K = T.length;
  const allowed = Math.floor(alpha * K + 1e-9);
  const sorted = [...T].sort((a, b) => b - a);
  return { K, allowed, critical: sorted[Math.min(allowed, K - 1)] ?? Infinity };
}

/** How many positions reach |t| in x (the marker's own position counts). */
export function reaching(x: Float64Array, t: number): number {
  let reach = 0;
  for (const v of x) if (v >= Math.abs(t)) reach++;
  return reach;
}

/** The share of positions whose T reaches |t| (the marker's own position counts): the permutation p-value. */
export function maxTPValue(T: Float64Array, t: number): number {
  let reach = 0;
  for (const x of T) if (x >= Math.abs(t)) reach++;
  return reach / T.length;
}

// One table per (indicators, cohort, span, weekday, window lengths, options): markers on the same weekday with
// the same windows share it, so a page (or a bench with markers every 14 days) computes it once.
const cache = new WeakMap<RateIndicators, { all: Map<string, JumpTable>; cohorts: WeakMap<Uint8Array, Map<string, JumpTable>> }>();

export function cachedJumpTable(
  prepared: PreparedMetrics, indicators: RateIndicators, include: Uint8Array | null, span: DataSpan, markerDay: number, h: number, hAfter: number,
  measures: readonly string[], countKey: string, options: JumpOptions = {},
): JumpTable {
  let byIndicators = cache.get(indicators);
  if (!byIndicators) cache.set(indicators, (byIndicators = { all: new Map(), cohorts: new WeakMap() }));
  let tables = include ? byIndicators.cohorts.get(include) : byIndicators.all;
  if (!tables) byIndicators.cohorts.set(include!, (tables = new Map()));
  const key = `${span.first}|${span.last}|${(((markerDay - span.first) % 7) + 7) % 7}|${h}|${hAfter}|${allowsEcho(options) ? 1 : 0}|${removesSeason(options) ? 1 : 0}|${joinsSlope(options) ? 1 : 0}|${options.standardise ? 1 : 0}|${leavesOutGaps(options) ? 1 : 0}|${options.weeks ?? ''}|${removesAnnual(options) ? options.annualOrder ?? 'after' : 0}|${removesSeason(options) ? monthShrinkOf(options) : ''}|${options.monthFit ?? 'local'}|${options.monthDays ? 1 : 0}|${statisticOf(options)}|${options.levelEcho ?? true}|${measures.join(',')}`;
  let table = tables.get(key);
  if (!table) {
    const { weekStarts, series } = weekSeries(prepared, indicators, include, span, markerDay, measures, countKey, options);
    table = jumpTable(weekStarts, series, h, hAfter, options);
    tables.set(key, table);
  }
  return table;
}

/** Which reference the marker is compared with (JumpOptions.reference, 'plain' unless set). */
export const referenceOf = (options: JumpOptions | undefined) => options?.reference ?? 'plain';

/**
 * Each week's weight in the jump at the boundary before week `at` (the after line's level at the position less the
 * before line's, as wlsLine fits them): jump = Σ a_j·y_j. Weeks outside the windows or without cases weigh 0.
 */
export function jumpWeights(series: WeekSeries, at: number, h: number, hAfter: number): Float64Array {
  const a = new Float64Array(series.value.length);
  const add = (j: number, weight: number) => {
    a[j] = weight;
  };
  eachLineWeight(series, at - h, at, at, -1, false, add);
  eachLineWeight(series, at, at + hAfter, at, 1, false, add);
  return a;
}

/** a_j / √w_j (0 for a week without cases): the jump's weights on unit-variance noise. */
function scaled(a: Float64Array, weight: Float64Array): Float64Array {
  return a.map((x, j) => (weight[j]! > 0 ? x / Math.sqrt(weight[j]!) : 0));
}

/** x'·R·y with R_ij = r^|i−j| (AR(1) correlation), in O(n) by one pass each way. */
export function dotEcho(x: Float64Array, y: Float64Array, r: number): number {
  const n = y.length;
  const forward = new Float64Array(n);
  const backward = new Float64Array(n);
  for (let i = 0; i < n; i++) forward[i] = y[i]! + (i > 0 ? r * forward[i - 1]! : 0);
  for (let i = n - 1; i >= 0; i--) backward[i] = y[i]! + (i < n - 1 ? r * backward[i + 1]! : 0);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]! * (forward[i]! + backward[i]! - y[i]!);
  return sum;
}

export function markerReference(table: JumpTable, position: number, options: JumpOptions = {}): Float64Array {
  const mode = referenceOf(options);
  // 'step' and 'projection' take a step out of the LINES' jumps (their weights): with the structural model's
  // statistic the marker is compared with the plain table.
  if (mode === 'plain' || statisticOf(options) === 'level') return table.T;
  const K = table.positions.length;
  const out = new Float64Array(K);
  const m = table.positions[position]!;
  const near = options.referenceWeeks ?? REFERENCE_WEEKS;
  for (const [measure, row] of Object.entries(table.jumps)) {
    const scale = table.scale[measure] ?? 1;
    const series = table.series[measure]!;
    const jm = row[position] ?? null;
    // the noise's week-to-week echo: the median over positions of the lag-1 correlation of the lines' residuals,
    // less its bias (residuals from a line through n weeks: E r̂ ≈ r − (1 + 4r) / n)
    const lags = row.filter((j): j is Jump => j !== null).map((j) => j.lag1).sort((x, y) => x - y);
    const median = lags.length ? (lags[(lags.length - 1) >> 1]! + lags[lags.length >> 1]!) / 2 : 0;
    const n = Math.min(table.h, table.hAfter);
    const r = lags.length ? Math.min(0.9, Math.max(0, (median + 1 / n) / (1 - 4 / n))) : 0;
    const bm = jm ? scaled(jumpWeights(series, m, table.h, table.hAfter), series.weight) : null;
    const vm = bm ? dotEcho(bm, bm, r) : 0;
    row.forEach((jp, i) => {
      if (!jp) return;
      let t = jp.t;
      if (i !== position && jm && bm && vm > 0 && Math.abs(i - position) <= near) {
        const at = table.positions[i]!;
        const ap = jumpWeights(series, at, table.h, table.hAfter);
        let c = 0;
        for (let j = m; j < at + table.hAfter; j++) c += ap[j]!;
        const bp = scaled(ap, series.weight);
        const vp = dotEcho(bp, bp, r);
        const rho = vp > 0 ? dotEcho(bp, bm, r) / Math.sqrt(vp * vm) : 0;
        if (mode === 'projection') c = (rho * jp.se) / jm.se;
        const variance = jp.se ** 2 - 2 * c * rho * jp.se * jm.se + c * c * jm.se ** 2;
        t = (jp.estimate - c * jm.estimate) / Math.sqrt(Math.max(variance, 1e-4 * jp.se ** 2));
      }
      out[i] = Math.max(out[i]!, Math.abs(t) / scale);
    });
  }
  return out;
}

