// How long assessments, CP plans and periods of care last, year by year of the data. The transition cells
// pool every year, so a council that halves its assessments' length in mid-log gets one blended length for
// all years: a copy's early assessments too quick, its late ones too slow, and its last year's assessments
// still open at the end half as many again as the log's (audit a10m: a reform in October 2021, assessment
// median 40 → 19 days; copies' median 25-26 days in 2022-25, `open_at_end assessment` +37% to +41%).
//
// Each span (start to end, or to where it was censored: the data's end, the 18th birthday) is tallied by the
// year of its start. Per span kind, each year gets a log shift (an accelerated-failure-time step: the shape is
// the cell's, the scale the year's): the fit takes it off the durations the cells learn (cells.ts samplesOf) and
// the generator adds it back by the span's start day, linear between the years' midpoints. Children seen in the
// data's first two years (states.ts seen-early buckets) are mostly seen in those years, and may differ (a
// history the data does not show), and lengths differ by the age at the span's start (care most: the age
// bands' shifts, span-durations.ts), whose mix changes over the years; so the shifts are fitted within strata
// (seen early or not, by age band): the log of each stratum's and year's Kaplan–Meier median as a stratum's
// level plus a year's shift, one shift per year for all. Without the age strata a log whose entrants to care grow
// older over its years read as care getting shorter, on top of the age bands' own shifts. Kept only
// where a stratified log-rank test of "every year alike" rejects at 0.1%: a log whose practice holds still
// gets none.
import { AGE_BANDS } from '../core/children.js';
import { formatDay, parseDay } from '../core/dates.js';
import { EVENT_TYPES, type EventType } from '../core/events.js';
import { chiSquareUpper, PRETEST_Z, solveWithInverse } from '../core/analysis/linear-model.js';
import { medianOf, sortedTimes } from './censoring.js';
import { ByteColumn, FloatColumn, IntColumn } from './columns.js';
import type { Model } from './model.js';
import { valueAt, yearPeriods } from './piecewise.js';

export type DurationTrends = NonNullable<Model['durationTrends']>;
/** The span ends whose length follows the calendar, in the tally's kind order. */
export const TRENDED_SPANS = ['assessment_end', 'cp_plan_end', 'cla_end'] as const satisfies readonly EventType[];
/** A year's shift is its own only with this many children's spans behind it (and at least minCell). */
export const TREND_MIN_CHILDREN = 30;
/** Shifts are bounded (log scale): a year whose median is 5 times the pooled one is taken as 5 times. */
const MAX_SHIFT = Math.log(5);
/** Strata: seen early or not, by age band at the span's start. */
const STRATA = 2 * AGE_BANDS.length;
/** Rounds of the additive fit of levels and shifts (they move by under 0.001 after a few). */
const ROUNDS = 20;

export class DurationTrendTally {
  private readonly kinds = new ByteColumn(1024);
  private readonly strata = new ByteColumn(1024);
  private readonly starts = new IntColumn(1024);
  private readonly days = new FloatColumn(1024);
  private readonly ended = new ByteColumn(1024);
  private readonly children = new IntColumn(1024);

  /**
   * One span of kind `kind` (index into TRENDED_SPANS) begun on `start`, `days` long to its end or censoring;
   * `ended`: it ended then; `seenEarly`: the child's cells are the seen-early buckets' when it ended or was
   * censored; `age`: the age band (index) at its start.
   */
  add(kind: number, seenEarly: boolean, age: number, start: number, days: number, ended: boolean, child: number): void {
    this.kinds.push(kind);
    this.strata.push((seenEarly ? AGE_BANDS.length : 0) + Math.max(0, Math.min(AGE_BANDS.length - 1, age)));
    this.starts.push(start);
    this.days.push(days);
    this.ended.push(ended ? 1 : 0);
    this.children.push(child);
  }

  /** The trends of spans begun from `from` to `to` (spans begun before `from` are not tallied by the fit). */
  fit(from: number, to: number, minCell: number, merged: Model['merged']): DurationTrends {
    const { years, of: period, start: periodStart, end: periodEnd } = yearPeriods(from, to);
    if (years < 2) return [];
    const need = Math.max(minCell, TREND_MIN_CHILDREN);
    const n = this.days.length;
    const kindOf = this.kinds.values, stratumOf = this.strata.values, startOf = this.starts.values, dayOf = this.days.values, endedOf = this.ended.values, childOf = this.children.values;
    const out: DurationTrends = [];
    TRENDED_SPANS.forEach((event, kind) => {
      // Indices by stratum and period.
      const groups: number[][][] = Array.from({ length: STRATA }, () => Array.from({ length: years }, () => []));
      for (let i = 0; i < n; i++) if (kindOf[i] === kind) groups[stratumOf[i]!]![period(startOf[i]!)]!.push(i);
      if (!differsByYear(groups, dayOf, endedOf)) return;
      // log1p of each stratum's and year's median, where it has enough children and the estimate reaches a half
      const level = groups.map((byYear) => byYear.map((rows) => {
        if (distinctChildren(rows, childOf) < need) return null;
        const median = kmMedian(rows, dayOf, endedOf);
        return median === null ? null : Math.log1p(median);
      }));
      const weight = groups.map((byYear) => byYear.map((rows) => rows.length));
      const shifts = additiveShifts(level, weight);
      const periods: DurationTrends[number]['periods'] = [];
      for (let y = 0; y < years; y++) {
        const start = periodStart(y);
        const end = periodEnd(y);
        if (shifts[y] === null) {
          if (groups.some((g) => g[y]!.length > 0)) merged.push({ cell: `${event} duration in ${formatDay(start)}`, into: 'the years beside it' });
          continue;
        }
        periods.push({ from: formatDay(start), to: formatDay(end), logShift: Number(Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, shifts[y]!)).toFixed(4)) });
      }
      if (periods.length >= 2) out.push({ event, periods });
    });
    return out;
  }
}

/**
 * `level[g][y] ≈ a[g] + s[y]` by weighted least squares (null cells left out), the shifts' weighted mean 0:
 * the year's shift s, or null for a year no stratum has a level for.
 */
export function additiveShifts(level: readonly (readonly (number | null)[])[], weight: readonly (readonly number[])[]): (number | null)[] {
  const years = level[0]!.length;
  const a = new Float64Array(level.length);
  const s = new Float64Array(years);
  const has = Array.from({ length: years }, (_, y) => level.some((row) => row[y] !== null));
  for (let round = 0; round < ROUNDS; round++) {
    level.forEach((row, g) => {
      let sum = 0, w = 0;
      row.forEach((v, y) => { if (v !== null) (sum += weight[g]![y]! * (v - s[y]!)), (w += weight[g]![y]!); });
      a[g] = w > 0 ? sum / w : 0;
    });
    let mean = 0, total = 0;
    for (let y = 0; y < years; y++) {
      if (!has[y]) continue;
      let sum = 0, w = 0;
      level.forEach((row, g) => { if (row[y] !== null) (sum += weight[g]![y]! * (row[y]! - a[g]!)), (w += weight[g]![y]!); });
      s[y] = sum / w;
      mean += w * s[y]!;
      total += w;
    }
    for (let y = 0; y < years; y++) if (has[y]) s[y]! -= mean / total;
  }
  return Array.from(s, (v, y) => (has[y] ? v : null));
}

function distinctChildren(rows: readonly number[], childOf: ArrayLike<number>): number {
  const seen = new Set<number>();
  for (const i of rows) seen.add(childOf[i]!);
  return seen.size;
}

/** The Kaplan–Meier median (days) of the spans `rows`, or null when the estimate never reaches a half. */
function kmMedian(rows: readonly number[], dayOf: ArrayLike<number>, endedOf: ArrayLike<number>): number | null {
  const t = rows.map((i) => dayOf[i]!);
  const censored = Uint8Array.from(rows, (i) => (endedOf[i] ? 0 : 1));
  return medianOf(t, censored, undefined, sortedTimes(t));
}

/**
 * A log-rank test of "the spans of every year last alike", stratified (each stratum's risk sets its own),
 * rejecting at 0.1% (χ² on one fewer degree of freedom than the years with spans).
 */
export function differsByYear(groups: readonly (readonly (readonly number[])[])[], dayOf: ArrayLike<number>, endedOf: ArrayLike<number>): boolean {
  const years = groups[0]!.length;
  const used = Array.from({ length: years }, (_, y) => groups.some((g) => g[y]!.length > 0));
  const index = new Int32Array(years).fill(-1);
  let k = 0;
  used.forEach((u, y) => { if (u) index[y] = k++; });
  if (k < 2) return false;
  const oe = new Float64Array(k);
  const v = new Float64Array(k * k);
  for (const stratum of groups) {
    // The stratum's spans in time order (ties in any order: a tie's deaths are taken together).
    const t: number[] = [];
    const yearOf: number[] = [];
    const ended: boolean[] = [];
    stratum.forEach((list, y) => { for (const i of list) (t.push(dayOf[i]!), yearOf.push(index[y]!), ended.push(endedOf[i] === 1)); });
    if (t.length < 2) continue;
    const order = sortedTimes(t).order;
    const atRisk = new Float64Array(k);
    for (const y of yearOf) atRisk[y]!++;
    let total = t.length;
    let j = 0;
    while (j < order.length) {
      const time = t[order[j]!]!;
      const deaths = new Float64Array(k);
      let d = 0;
      let m = j;
      for (; m < order.length && t[order[m]!] === time; m++) if (ended[order[m]!]) (deaths[yearOf[order[m]!]!]!++, d++);
      if (d > 0 && total > 1) {
        const c = (d * (total - d)) / (total - 1);
        for (let a = 0; a < k; a++) {
          const pa = atRisk[a]! / total;
          oe[a]! += deaths[a]! - d * pa;
          for (let b = 0; b < k; b++) v[a * k + b]! += c * pa * ((a === b ? 1 : 0) - atRisk[b]! / total);
        }
      }
      for (let q = j; q < m; q++) atRisk[yearOf[order[q]!]!]!--;
      total -= m - j;
      j = m;
    }
  }
  // (O − E)ᵀ V⁻¹ (O − E) over the first k − 1 years (the last is determined by the rest).
  const x2 = quadraticForm(oe, v, k, k - 1);
  return x2 > chiSquareUpper(k - 1, PRETEST_Z);
}

/** xᵀ A⁻¹ x over the leading `m` rows and columns of the `k`×`k` matrix `a` (0 when singular). */
function quadraticForm(x: Float64Array, a: Float64Array, k: number, m: number): number {
  const rows = Array.from({ length: m }, (_, r) => Array.from({ length: m }, (_, c) => a[r * k + c]!));
  const solved = solveWithInverse(rows, Array.from(x.subarray(0, m)));
  if (!solved) return 0;
  let sum = 0;
  for (let r = 0; r < m; r++) sum += x[r]! * solved.x[r]!;
  return sum;
}

/** The trends compiled for the generator: by event code, the periods' midpoints and shifts. */
export type CompiledDurationTrends = Array<{ mids: Float64Array; shifts: Float64Array } | null>;

export function compileDurationTrends(trends: DurationTrends | undefined): CompiledDurationTrends | null {
  if (!trends || trends.length === 0) return null;
  const out: CompiledDurationTrends = EVENT_TYPES.map(() => null);
  for (const t of trends) {
    const type = EVENT_TYPES.indexOf(t.event as EventType);
    if (type < 0) throw new RangeError(`unknown event "${t.event}" in durationTrends`);
    out[type] = {
      mids: Float64Array.from(t.periods.map((p) => (parseDay(p.from)! + parseDay(p.to)!) / 2)),
      shifts: Float64Array.from(t.periods.map((p) => p.logShift)),
    };
  }
  return out;
}

/** The log shift of a span end of event code `type` begun on `start` (0 without a trend): the fit's and the generator's. */
export function durationShift(trends: CompiledDurationTrends, type: number, start: number): number {
  const t = trends[type];
  return t ? valueAt(t.mids, t.shifts, start) : 0;
}
