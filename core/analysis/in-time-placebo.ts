// The impact verdict calibrated by the series' own other weeks: an in-time permutation test with a
// family-wise maximum (Westfall and Young 1993; placebos in time as in synthetic-control studies).
//
// At every week boundary p of the data, each measure gets one cheap local statistic: the JUMP at p, the
// difference at p between a line fitted (weighted by the weeks' denominators) to the h weeks before p and a
// line fitted to the h' weeks from p on, divided by its standard error from the residuals of both lines.
// Local lines absorb secular trends and smooth seasons; a real step peaks at its own position. The family's
// statistic at p is T(p) = max over measures of |t_m(p)|. At the marker, measure m is called changed when
// at most floor(α·K) of the K positions (the marker among them) have T(p) ≥ |t_m(marker)|. Every position is
// judged by the same rule against the same table, so however the data behave (trends, seasons, holidays,
// correlated noise), at most floor(α·K) of the K positions can be called changed at all: the placebo bound
// holds by construction, not by a model being right. The interval drawn is the jump ± c·se, with c the
// (floor(α·K)+1)-th largest T(p): the interval excludes 0 exactly when the measure is called changed.
import type { PreparedMetrics, RateKey } from '../metrics.js';
import { completeRange, type DataSpan } from './cutoffs.js';
import { tallyRate, tallyWindows, type RateIndicators } from './rate-indicators.js';

/** Fewest whole weeks either side of a position: a line through fewer says little. */
export const MIN_SIDE_WEEKS = 4;
/** Fewest positions the marker is compared with (the marker among them). */
export const MIN_POSITIONS = 20;

export interface JumpOptions {
  /** weeks either side of every position (at most the page's weeks either side). @default the page's */
  weeks?: number;
  /**
   * Allow for week-to-week echo in the noise: each position's variance is multiplied by (1 + r)/(1 − r), r the
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
}

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
}

export interface JumpTable {
  /** first day of each whole week of the data, on the marker's weekday */
  weekStarts: number[];
  /** positions: index into weekStarts of the first week after each position */
  positions: number[];
  /** per position: max over measures of |t| (0 where no measure is defined) */
  T: Float64Array;
  /** per measure, per position: the jump (null where the measure's windows do not fit its cut-offs) */
  jumps: Record<string, Array<Jump | null>>;
  /** per measure: what its |t| is divided by before the maximum (1 unless options.standardise) */
  scale: Record<string, number>;
  h: number;
  hAfter: number;
}

/** A measure's weekly series over the table's weeks: value, weight, and whether its cut-offs allow the week. */
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
  return { estimate, se, t: estimate / se, before: { level: before.level, slope: before.slope }, after: { level: after.level, slope: after.slope }, lag1 };
}

interface Line {
  level: number;
  slope: number;
  /** (X'WX)⁻¹ for the level at the position, in units of σ² */
  levelVariance: number;
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
  return { level, slope, levelVariance: s2 / det, rss, lagCross, points, scale };
}

/** Every whole week of the data on the marker's weekday, and each measure's weekly series over them. */
export function weekSeries(
  prepared: PreparedMetrics, indicators: RateIndicators, include: Uint8Array | null, span: DataSpan, markerDay: number, measures: readonly string[], countKey: string,
): { weekStarts: number[]; series: Record<string, WeekSeries> } {
  const first = markerDay + 7 * Math.ceil((span.first - markerDay) / 7);
  const weekStarts: number[] = [];
  for (let d = first; d + 6 <= span.last; d += 7) weekStarts.push(d);
  const tallies = tallyWindows(prepared, indicators, weekStarts.map((d) => ({ from: d, to: d + 6 })), include);
  const series: Record<string, WeekSeries> = {};
  for (const measure of measures) {
    const range = completeRange(measure as RateKey, span, prepared.calendar);
    const s: WeekSeries = { value: new Float64Array(weekStarts.length), weight: new Float64Array(weekStarts.length), usable: new Uint8Array(weekStarts.length) };
    weekStarts.forEach((d, j) => {
      const r = tallyRate(tallies[j]!, measure === countKey ? 'referral_nfa' : (measure as RateKey));
      s.usable[j] = d >= range.from && d + 6 <= range.to ? 1 : 0;
      if (measure === countKey) {
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
  const jumps: Record<string, Array<Jump | null>> = {};
  const scale: Record<string, number> = {};
  for (const [measure, s] of Object.entries(series)) {
    const row = positions.map((at) => localJump(s, at, h, hAfter, options));
    jumps[measure] = row;
    const ts = row.filter((j): j is Jump => j !== null).map((j) => Math.abs(j.t)).sort((a, b) => a - b);
    const median = ts.length ? (ts[(ts.length - 1) >> 1]! + ts[ts.length >> 1]!) / 2 : 0;
    scale[measure] = options.standardise && median > 0 ? median / 0.6745 : 1;
    row.forEach((jump, i) => {
      if (jump) T[i] = Math.max(T[i]!, Math.abs(jump.t) / scale[measure]!);
    });
  }
  return { weekStarts, positions, T, jumps, scale, h, hAfter };
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
  const key = `${span.first}|${span.last}|${(((markerDay - span.first) % 7) + 7) % 7}|${h}|${hAfter}|${allowsEcho(options) ? 1 : 0}|${options.standardise ? 1 : 0}|${options.weeks ?? ''}|${measures.join(',')}`;
  let table = tables.get(key);
  if (!table) {
    const { weekStarts, series } = weekSeries(prepared, indicators, include, span, markerDay, measures, countKey);
    table = jumpTable(weekStarts, series, h, hAfter, options);
    tables.set(key, table);
  }
  return table;
}
