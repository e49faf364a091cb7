// Which step follows which, year by year of the data. The transition cells pool every year, so a council that
// stops opening an S47 after most strategy discussions in mid-log gets one blended share for all years: a copy
// with too few S47s before the change and too many after it (audit a10m: discussion → S47 92% → 52% in October
// 2021; copies' S47s −28% in 2020-21 and +46% in 2024-25, their CP plans open at the end +44%).
//
// Per kind of state (the type of its last event) and year of the day the state began, each next step type gets
// a factor: the generator draws a state's step in its cell's shares times the factors on the day the state
// began (linear between the years' midpoints), and the factors are fitted to that draw: per year, the factors
// under which the cells' shares (each observation its own fine cell's: state, history and age, over every year)
// predict the step types the year saw (iterative proportional fitting), scaled so that the cells' mix keeps its
// chance of "no further step". Only states begun HORIZON days or more before the data's end count: a state begun
// later has only its quick steps seen yet, and its year would read as a change toward them. Kept per kind of state
// where a χ² test of the years' step types against the cells' shares rejects at 0.1%: a log whose practice holds
// still gets none.
import { formatDay, parseDay } from '../core/dates.js';
import { EVENT_TYPES, type EventType } from '../core/events.js';
import { chiSquareUpper, PRETEST_Z } from '../core/analysis/linear-model.js';
import { ByteColumn, IntColumn } from './columns.js';
import type { Model } from './model.js';
import { valueAt, yearPeriods } from './piecewise.js';

export type StepTrends = NonNullable<Model['stepTrends']>;
/** Days a state must have been watched for its step to count (the steps of most states come within it). */
export const HORIZON = 182;
/** Rounds of proportional fitting (the factors move by under 0.1% after a few dozen). */
const ROUNDS = 50;
/** Factors are bounded: a step type five times as likely as the cells say is taken as five times. */
const MAX_FACTOR = 5;

export class StepTrendTally {
  private readonly cells = new IntColumn(1024);
  private readonly from = new ByteColumn(1024);
  private readonly to = new ByteColumn(1024);
  private readonly days = new IntColumn(1024);
  private readonly children = new IntColumn(1024);
  /** observations by kind of state */
  private readonly perKind = new Int32Array(32);
  /** the first and last days a state may begin on to count: the data's start, and HORIZON days before its end */
  private readonly first: number;
  private readonly last: number;

  /** For data from `start` to `end` (its last day). */
  constructor(start: number, end: number) {
    this.first = start;
    this.last = end - HORIZON;
  }

  /**
   * One step of type `to` from a state whose last event was of type `from`, begun on `day`; `cell`: a number
   * naming the state's fine cell (state, history and age band), below the `cellKeys` given to fit.
   */
  add(cell: number, from: number, to: number, day: number, child: number): void {
    if (day < this.first || day > this.last) return;
    this.perKind[from]!++;
    this.cells.push(cell);
    this.from.push(from);
    this.to.push(to);
    this.days.push(day);
    this.children.push(child);
  }

  /** Factors by kind of state and year (states begun from the data's start to HORIZON days before its end). */
  fit(minCell: number, merged: Model['merged'], cellKeys: number): StepTrends {
    const { years, of: period, start: startOf, end: endOf } = yearPeriods(this.first, this.last);
    if (years < 2) return [];
    const n = this.days.length;
    const cellOf = this.cells.values, fromOf = this.from.values, toOf = this.to.values, dayOf = this.days.values, childOf = this.children.values;
    const out: StepTrends = [];
    // The observations by kind of state (a stable counting sort: each kind's in the walk's child order).
    const offsets = new Int32Array(33);
    for (let k = 0; k < 32; k++) offsets[k + 1] = offsets[k]! + this.perKind[k]!;
    const order = new Int32Array(n);
    const fill = offsets.slice(0, 32);
    for (let i = 0; i < n; i++) order[fill[fromOf[i]!]!++] = i;
    /** a kind's cells numbered from 0 (by the store's cell key; −1 unmet), reset after each kind */
    const local = new Int32Array(Math.max(1, cellKeys)).fill(-1);
    for (let kind = 0; kind < 32; kind++) {
      const lo = offsets[kind]!, hi = offsets[kind + 1]!;
      if (hi === lo) continue;
      // (indexed loops: a typed array's iterator was most of this fit's time)
      // Step types met, each a column; cells, each a row of counts over every year and per year.
      const types: number[] = [];
      const column = new Int32Array(32).fill(-1);
      for (let r = lo; r < hi; r++) {
        const to = toOf[order[r]!]!;
        if (column[to]! < 0) (column[to] = types.length), types.push(to);
      }
      if (types.length < 2) continue;
      const J = types.length;
      const met: number[] = [];
      for (let r = lo; r < hi; r++) {
        const cell = cellOf[order[r]!]!;
        if (local[cell]! < 0) (local[cell] = met.length), met.push(cell);
      }
      const C = met.length;
      const pooled = new Float64Array(C * J);
      const perYear = new Float64Array(years * C);
      const observed = new Float64Array(years * J);
      const lastChild = new Float64Array(years * J).fill(-1);
      const children = new Float64Array(years * J);
      for (let r = lo; r < hi; r++) {
        const i = order[r]!;
        const c = local[cellOf[i]!]!;
        const j = column[toOf[i]!]!;
        const y = period(dayOf[i]!);
        pooled[c * J + j]!++;
        perYear[y * C + c]!++;
        observed[y * J + j]!++;
        if (lastChild[y * J + j] !== childOf[i]) (lastChild[y * J + j] = childOf[i]!), children[y * J + j]!++;
      }
      for (const key of met) local[key] = -1;
      for (let c = 0; c < C; c++) {
        let total = 0;
        for (let j = 0; j < J; j++) total += pooled[c * J + j]!;
        for (let j = 0; j < J; j++) pooled[c * J + j]! /= total;
      }
      // The pretest: the years' step types against what the cells' shares predict for them.
      let x2 = 0;
      let df = 0;
      const expected = new Float64Array(J);
      for (let y = 0; y < years; y++) {
        predict(pooled, perYear, y, C, J, null, expected);
        let used = 0;
        for (let j = 0; j < J; j++) if (expected[j]! > 0) (x2 += (observed[y * J + j]! - expected[j]!) ** 2 / expected[j]!), used++;
        if (used > 1) df += used - 1;
      }
      df -= J - 1;
      if (df < 1 || !(x2 > chiSquareUpper(df, PRETEST_Z))) continue;
      const event = EVENT_TYPES[kind]!;
      const periods: StepTrends[number]['periods'] = [];
      for (let y = 0; y < years; y++) {
        const from = startOf(y);
        const to = endOf(y);
        // Types seen by too few children this year keep factor 1 (and are not fitted).
        const free = types.map((_, j) => children[y * J + j]! >= minCell);
        types.forEach((t, j) => { if (!free[j] && observed[y * J + j]! > 0) merged.push({ cell: `step ${event} -> ${EVENT_TYPES[t]} in ${formatDay(from)}`, into: 'no trend (factor 1)' }); });
        const factors = proportionalFit(pooled, perYear, observed, y, C, J, free);
        // Scaled so that the cells' mix, weighted by the year's states, sums to 1: "no further step" keeps its chance.
        predict(pooled, perYear, y, C, J, null, expected);
        let mix = 0;
        let states = 0;
        for (let j = 0; j < J; j++) (mix += expected[j]! * factors[j]!), (states += expected[j]!);
        const scale = states > 0 && mix > 0 ? states / mix : 1;
        const kept = types.map((t, j) => ({ event: EVENT_TYPES[t]!, factor: Number(Math.min(MAX_FACTOR, Math.max(1 / MAX_FACTOR, factors[j]! * scale)).toPrecision(4)) })).filter((_, j) => free[j]);
        periods.push({ from: formatDay(from), to: formatDay(to), factors: kept });
      }
      out.push({ after: event, periods });
    }
    return out;
  }
}

/** Expected steps of each type in year `y`: each cell's states that year times its shares (times `factors`, renormalised per cell, when given). */
function predict(pooled: Float64Array, perYear: Float64Array, y: number, C: number, J: number, factors: Float64Array | null, out: Float64Array): void {
  out.fill(0);
  for (let c = 0; c < C; c++) {
    const n = perYear[y * C + c]!;
    if (n === 0) continue;
    let norm = 1;
    if (factors) {
      norm = 0;
      for (let j = 0; j < J; j++) norm += pooled[c * J + j]! * factors[j]!;
      if (norm <= 0) continue;
    }
    for (let j = 0; j < J; j++) out[j]! += (n * pooled[c * J + j]! * (factors ? factors[j]! : 1)) / norm;
  }
}

/** The factors (free types only; the rest 1) under which the cells predict year `y`'s observed step types. */
function proportionalFit(pooled: Float64Array, perYear: Float64Array, observed: Float64Array, y: number, C: number, J: number, free: readonly boolean[]): Float64Array {
  const factors = new Float64Array(J).fill(1);
  const expected = new Float64Array(J);
  for (let round = 0; round < ROUNDS; round++) {
    predict(pooled, perYear, y, C, J, factors, expected);
    for (let j = 0; j < J; j++) {
      if (!free[j] || expected[j]! <= 0) continue;
      factors[j] = Math.min(MAX_FACTOR * 4, Math.max(1 / (MAX_FACTOR * 4), factors[j]! * (observed[y * J + j]! / expected[j]!)));
    }
  }
  return factors;
}

/** The trends compiled for the generator: by the kind of state (event code), the periods' midpoints and, by step type, the factors. */
export type CompiledStepTrends = Array<{ mids: Float64Array; factors: Array<Float64Array | null> } | null>;

export function compileStepTrends(trends: StepTrends | undefined): CompiledStepTrends | null {
  if (!trends || trends.length === 0) return null;
  const out: CompiledStepTrends = EVENT_TYPES.map(() => null);
  for (const t of trends) {
    const kind = EVENT_TYPES.indexOf(t.after as EventType);
    if (kind < 0) throw new RangeError(`unknown event "${t.after}" in stepTrends`);
    const factors: Array<Float64Array | null> = EVENT_TYPES.map(() => null);
    t.periods.forEach((p, k) => {
      for (const f of p.factors) {
        const type = EVENT_TYPES.indexOf(f.event as EventType);
        if (type < 0) throw new RangeError(`unknown event "${f.event}" in stepTrends`);
        (factors[type] ??= new Float64Array(t.periods.length).fill(1))[k] = f.factor;
      }
    });
    out[kind] = { mids: Float64Array.from(t.periods.map((p) => (parseDay(p.from)! + parseDay(p.to)!) / 2)), factors };
  }
  return out;
}

/**
 * Each step type's factor (by event code, into `out`) for a state whose last event was of code `kind`, begun on
 * `day`; null when that kind of state has no trend.
 */
export function stepFactors(trends: CompiledStepTrends, kind: number, day: number, out: Float64Array): Float64Array | null {
  const t = trends[kind];
  if (!t) return null;
  for (let type = 0; type < out.length; type++) {
    const f = t.factors[type];
    out[type] = f ? valueAt(t.mids, f, day) : 1;
  }
  return out;
}
