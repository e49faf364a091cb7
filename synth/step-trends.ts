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
//
// Two kinds are not a last event's type. A new child's first step ("start"): a council whose police referrals are
// recorded straight as referrals from a date has new children begin with a referral from then (audit a10q F1: the
// copy's first steps followed only the seen-early split, so the change began in the data's third year, 22 months
// early). And a child coming back with nothing open, as a contact or a referral ("return"), by the day it comes: a
// closure's return comes months or years after the state began, so the state's day spread the change over the
// years before it. Where a kind's quarters differ from its years' factors read as the generator reads them (χ² at
// CLUSTERED_PRETEST_Z: steps cluster by child), its factors are fitted by quarter instead.
import { formatDay, parseDay } from '../core/dates.js';
import { EVENT_TYPES, type EventType } from '../core/events.js';
import { chiSquareUpper, PRETEST_Z } from '../core/analysis/linear-model.js';
import { ByteColumn, IntColumn } from './columns.js';
import type { Model } from './model.js';
import { CLUSTERED_PRETEST_Z, quarterPeriods, valueAt, yearPeriods, type Periods } from './piecewise.js';

export type StepTrends = NonNullable<Model['stepTrends']>;
/** Days a state must have been watched for its step to count (the steps of most states come within it). */
export const HORIZON = 182;
/** Rounds of proportional fitting (the factors move by under 0.1% after a few dozen). */
const ROUNDS = 50;
/** Factors are bounded: a step type five times as likely as the cells say is taken as five times. */
const MAX_FACTOR = 5;
/** And below: a step that has (nearly) gone, at a fiftieth of the cells' share (1/5 left a fifth of it: audit a10q F1). */
const MIN_FACTOR = 1 / 50;
/** The kind of a new child's first step (no event before it): beside the event codes, below the carried label's 31. */
export const START_KIND = 30;
/**
 * A return with nothing open, contact or referral, from any state, by the day it comes (not the day its state
 * began: a closure's return comes months or years later, so a change on a date would be spread over the years
 * before it). The generator draws the step as its state's kind says, then a return again between contact and
 * referral with these factors on its day (redrawReturn).
 */
export const RETURN_KIND = 29;
/** Their names in the model's stepTrends. */
const KIND_NAMES = new Map([[START_KIND, 'start'], [RETURN_KIND, 'return']]);
const kindName = (kind: number): string => KIND_NAMES.get(kind) ?? EVENT_TYPES[kind]!;
/** The kinds in the order fitted: returns first (see fit). */
const KIND_ORDER = [RETURN_KIND, ...Array.from({ length: 32 }, (_, k) => k).filter((k) => k !== RETURN_KIND)];
const CONTACT = EVENT_TYPES.indexOf('contact');
const REFERRAL = EVENT_TYPES.indexOf('referral');
const kindOf = (name: string): number => [...KIND_NAMES].find(([, n]) => n === name)?.[0] ?? EVENT_TYPES.indexOf(name as EventType);

export class StepTrendTally {
  private readonly cells = new IntColumn(1024);
  private readonly from = new ByteColumn(1024);
  private readonly to = new ByteColumn(1024);
  private readonly days = new IntColumn(1024);
  private readonly children = new IntColumn(1024);
  /** 1 where the step is a return (comesBackAfter, nothing open: also counted under RETURN_KIND) */
  private readonly returns = new ByteColumn(1024);
  /** observations by kind of state */
  private readonly perKind = new Int32Array(32);
  /** the first and last days a state may begin on to count: the data's start, and HORIZON days before its end (but see `end`) */
  private readonly first: number;
  private readonly last: number;

  /** the data's last day: a first step or a return counts to it (it is seen the day it comes, and the cells the generator draws from hold it) */
  private readonly end: number;

  /** For data from `start` to `end` (its last day). */
  constructor(start: number, end: number) {
    this.first = start;
    this.last = end - HORIZON;
    this.end = end;
  }

  /**
   * One step of type `to` from a state whose last event was of type `from`, begun on `day`; `cell`: a number
   * naming the state's fine cell (state, history and age band), below the `cellKeys` given to fit.
   */
  add(cell: number, from: number, to: number, day: number, child: number, returning = false): void {
    if (day < this.first || day > (from === START_KIND || from === RETURN_KIND ? this.end : this.last)) return;
    this.perKind[from]!++;
    this.cells.push(cell);
    this.from.push(from);
    this.to.push(to);
    this.days.push(day);
    this.children.push(child);
    this.returns.push(returning ? 1 : 0);
  }

  /** Factors by kind of state and year (states begun from the data's start to HORIZON days before its end). */
  fit(minCell: number, merged: Model['merged'], cellKeys: number): StepTrends {
    if (yearPeriods(this.first, this.last).years < 2) return [];
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
    // Returns first: where their trend is kept, a kind's returns are one step type, "comes back" (as contacts), whose
    // split the returns' trend gives on the day (the generator's redrawReturn); kept apart, a kind's factors moved
    // the returns' split with the day the state began and, in the same draw, how often children came back at all.
    const returnOf = this.returns.values;
    let returnsKept = false;
    const toAt = (i: number): number => (returnsKept && returnOf[i] === 1 && toOf[i] === REFERRAL ? CONTACT : toOf[i]!);
    for (const kind of KIND_ORDER) {
      const lo = offsets[kind]!, hi = offsets[kind + 1]!;
      if (hi === lo) continue;
      const last = kind === START_KIND || kind === RETURN_KIND ? this.end : this.last;
      const years = yearPeriods(this.first, last);
      const quarters = quarterPeriods(this.first, last);
      // (indexed loops: a typed array's iterator was most of this fit's time)
      // Step types met, each a column; cells, each a row of counts over every year.
      const types: number[] = [];
      const column = new Int32Array(32).fill(-1);
      for (let r = lo; r < hi; r++) {
        const to = toAt(order[r]!);
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
      // Each observation's cell and type as numbered here (r − lo: its place in the kind's order).
      const cellAt = new Int32Array(hi - lo);
      const typeAt = new Int32Array(hi - lo);
      for (let r = lo; r < hi; r++) (cellAt[r - lo] = local[cellOf[order[r]!]!]!), (typeAt[r - lo] = column[toAt(order[r]!)]!);
      for (const key of met) local[key] = -1;
      const pooled = new Float64Array(C * J);
      for (let r = 0; r < hi - lo; r++) pooled[cellAt[r]! * J + typeAt[r]!]!++;
      /** cells whose states always took one type: no factor moves them, so they are left out of the counts */
      const fixed = new Uint8Array(C);
      for (let c = 0; c < C; c++) {
        let total = 0;
        for (let j = 0; j < J; j++) total += pooled[c * J + j]!;
        for (let j = 0; j < J; j++) {
          pooled[c * J + j]! /= total;
          if (pooled[c * J + j] === 1) fixed[c] = 1;
        }
      }
      /**
       * Per period: each cell's states, each type's steps and the distinct children taking them. A fixed cell's
       * steps are as many as the cells predict whatever the factors, and left in, they slowed proportional fitting
       * to a crawl: a return's referrals were nearly all a contact's own (contact → referral, always), and 50
       * rounds took the referral factor of audit a10q's log S7b to 0.59 in years with no referral returning alone.
       */
      const count = (periods: Periods, withFixed = false): PeriodCounts => {
        const P = periods.years;
        const perPeriod = new Float64Array(P * C);
        const observed = new Float64Array(P * J);
        const lastChild = new Float64Array(P * J).fill(-1);
        const children = new Float64Array(P * J);
        for (let r = lo; r < hi; r++) {
          const i = order[r]!;
          const c = cellAt[r - lo]!;
          if (fixed[c] && !withFixed) continue;
          const j = typeAt[r - lo]!;
          const y = periods.of(dayOf[i]!);
          perPeriod[y * C + c]!++;
          observed[y * J + j]!++;
          if (lastChild[y * J + j] !== childOf[i]) (lastChild[y * J + j] = childOf[i]!), children[y * J + j]!++;
        }
        return { periods, perPeriod, observed, children };
      };
      const yearly = count(years);
      // The pretest: the years' step types against what the cells' shares predict for them (the fixed cells in
      // too, as every kind's pretest has always been: out, their steps no longer damp the terms, and the returns
      // after a contact that right-censoring thins in a log's last year passed it: trips-growth's "contact").
      const tested = count(years, true);
      let x2 = 0;
      let df = 0;
      const expected = new Float64Array(J);
      for (let y = 0; y < years.years; y++) {
        predict(pooled, tested.perPeriod, y, C, J, null, expected);
        let used = 0;
        for (let j = 0; j < J; j++) if (expected[j]! > 0) (x2 += (tested.observed[y * J + j]! - expected[j]!) ** 2 / expected[j]!), used++;
        if (used > 1) df += used - 1;
      }
      df -= J - 1;
      if (df < 1 || !(x2 > chiSquareUpper(df, PRETEST_Z))) continue;
      const name = kindName(kind);
      // The years' factors; by quarter where the quarters differ from them (a change within a year).
      const yearPlans = Array.from({ length: years.years }, (_, y) => plan(pooled, yearly, y, C, J, minCell, null));
      const yearFactors = yearPlans.map((p, y) => proportionalFit(pooled, yearly.perPeriod, p.targets, y, C, J, p.fitted, p.initial));
      let counts = yearly;
      let plans = yearPlans;
      let factors = yearFactors;
      if (quarters.years > years.years) {
        const quarterly = count(quarters);
        if (withinYears(pooled, yearly, yearFactors, quarterly, C, J)) {
          counts = quarterly;
          // (a type too rare in a quarter takes its year's factor, where the year has one)
          plans = Array.from({ length: quarters.years }, (_, q) => {
            const y = years.of((quarters.start(q) + quarters.end(q)) / 2);
            return plan(pooled, quarterly, q, C, J, minCell, { plan: yearPlans[y]!, factors: yearFactors[y]! });
          });
          factors = plans.map((p, q) => proportionalFit(pooled, quarterly.perPeriod, p.targets, q, C, J, p.fitted, p.initial));
        }
      }
      const periods: StepTrends[number]['periods'] = [];
      for (let y = 0; y < counts.periods.years; y++) {
        const from = counts.periods.start(y);
        const to = counts.periods.end(y);
        const { fitted, gone, fromYear } = plans[y]!;
        types.forEach((t, j) => {
          const cell = `step ${name} -> ${EVENT_TYPES[t]} in ${formatDay(from)}`;
          if (gone[j]) merged.push({ cell, into: `fitted to ${minCell / 2} steps (fewer than ${minCell} children)` });
          else if (fromYear[j]) merged.push({ cell, into: `its year's factor (fewer than ${minCell} children)` });
          else if (!fitted[j] && counts.observed[y * J + j]! > 0) merged.push({ cell, into: 'no trend (factor 1)' });
        });
        // Scaled so that the cells' mix, weighted by the period's states, sums to 1: "no further step" keeps its chance.
        predict(pooled, counts.perPeriod, y, C, J, null, expected);
        let mix = 0;
        let states = 0;
        for (let j = 0; j < J; j++) (mix += expected[j]! * factors[y]![j]!), (states += expected[j]!);
        const scale = states > 0 && mix > 0 ? states / mix : 1;
        const kept = types.map((t, j) => ({ event: EVENT_TYPES[t]!, factor: Number(Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factors[y]![j]! * scale)).toPrecision(4)) })).filter((_, j) => fitted[j] || fromYear[j]);
        periods.push({ from: formatDay(from), to: formatDay(to), factors: kept });
      }
      out.push({ after: name, periods });
      if (kind === RETURN_KIND) returnsKept = true;
    }
    return out;
  }
}

/** How a period's factors are fitted: per type, to what (`targets`), which are free (`fitted`), and from where. */
interface PeriodPlan {
  /** fitted to its target (seen by minCell children or more, or gone) */
  fitted: boolean[];
  /** gone: fitted to half of minCell steps */
  gone: boolean[];
  /** too rare in a quarter: held at its year's factor */
  fromYear: boolean[];
  targets: Float64Array;
  /** starting factors (1, or the year's for `fromYear` types) */
  initial: Float64Array;
}

/**
 * A period's plan. A type seen by minCell children or more is fitted to its steps. A type the cells expect at least
 * twice minCell times but fewer than minCell children took has (nearly) gone: it is fitted to half of minCell steps,
 * not left at factor 1, which would give it the shares of the periods it was common in (audit a10q's log S7b: the
 * copy's new children began with a referral 17% of the time where the log's never did); its count is not disclosed,
 * every such type gets the same target. A type too rare in a quarter for either keeps its year's factor where the
 * year has one (`year`), else 1.
 */
function plan(pooled: Float64Array, counts: PeriodCounts, y: number, C: number, J: number, minCell: number, year: { plan: PeriodPlan; factors: Float64Array } | null): PeriodPlan {
  const expected = new Float64Array(J);
  predict(pooled, counts.perPeriod, y, C, J, null, expected);
  const fitted: boolean[] = [];
  const gone: boolean[] = [];
  const fromYear: boolean[] = [];
  const targets = counts.observed.slice(y * J, (y + 1) * J);
  const initial = new Float64Array(J).fill(1);
  for (let j = 0; j < J; j++) {
    const free = counts.children[y * J + j]! >= minCell;
    gone.push(!free && expected[j]! >= 2 * minCell);
    fitted.push(free || gone[j]!);
    if (gone[j]) targets[j] = minCell / 2;
    fromYear.push(!fitted[j] && year !== null && (year.plan.fitted[j]! || year.plan.fromYear[j]!));
    if (fromYear[j]) initial[j] = year!.factors[j]!;
  }
  return { fitted, gone, fromYear, targets, initial };
}

/** A kind's steps counted by period (see StepTrendTally.fit's `count`). */
interface PeriodCounts {
  periods: Periods;
  /** by period and cell: states begun */
  perPeriod: Float64Array;
  /** by period and step type: steps */
  observed: Float64Array;
  /** by period and step type: distinct children */
  children: Float64Array;
}

/**
 * Whether a kind's step types, quarter by quarter, differ from what its years' factors (linear between the years'
 * midpoints, as the generator reads them) predict: Pearson's χ² over quarters and types against its one-in-100,000
 * point (a log whose steps drift smoothly, or hold still, keeps its yearly factors).
 */
function withinYears(pooled: Float64Array, yearly: PeriodCounts, yearFactors: readonly Float64Array[], quarterly: PeriodCounts, C: number, J: number): boolean {
  const years = yearly.periods, quarters = quarterly.periods;
  const mids = Float64Array.from({ length: years.years }, (_, y) => (years.start(y) + years.end(y)) / 2);
  const column = new Float64Array(years.years);
  const at = new Float64Array(J);
  const expected = new Float64Array(J);
  let x2 = 0;
  let terms = 0;
  let quartersUsed = 0;
  for (let q = 0; q < quarters.years; q++) {
    const mid = (quarters.start(q) + quarters.end(q)) / 2;
    for (let j = 0; j < J; j++) {
      for (let y = 0; y < years.years; y++) column[y] = yearFactors[y]![j]!;
      at[j] = valueAt(mids, column, mid);
    }
    predict(pooled, quarterly.perPeriod, q, C, J, at, expected);
    let used = 0;
    for (let j = 0; j < J; j++) {
      const e = expected[j]!;
      // (Pearson's terms need about 5 expected steps)
      if (e < 5) continue;
      x2 += (quarterly.observed[q * J + j]! - e) ** 2 / e;
      used++;
    }
    if (used > 0) (terms += used), quartersUsed++;
  }
  // Each quarter's total is fixed, and each year's factors are J − 1 free parameters.
  const df = terms - quartersUsed - years.years * (J - 1);
  return df >= 1 && x2 > chiSquareUpper(df, CLUSTERED_PRETEST_Z);
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

/** The factors (free types only; the rest as `initial` has them) under which the cells predict period `y`'s `targets` (by type: its observed steps). */
function proportionalFit(pooled: Float64Array, perYear: Float64Array, targets: Float64Array, y: number, C: number, J: number, free: readonly boolean[], initial: Float64Array): Float64Array {
  const factors = initial.slice();
  const expected = new Float64Array(J);
  for (let round = 0; round < ROUNDS; round++) {
    predict(pooled, perYear, y, C, J, factors, expected);
    for (let j = 0; j < J; j++) {
      if (!free[j] || expected[j]! <= 0) continue;
      factors[j] = Math.min(MAX_FACTOR * 4, Math.max(MIN_FACTOR / 4, factors[j]! * (targets[j]! / expected[j]!)));
    }
  }
  return factors;
}

/** The trends compiled for the generator: by the kind of state (event code), the periods' midpoints and, by step type, the factors. */
export type CompiledStepTrends = Array<{ mids: Float64Array; factors: Array<Float64Array | null> } | null>;

export function compileStepTrends(trends: StepTrends | undefined): CompiledStepTrends | null {
  if (!trends || trends.length === 0) return null;
  const out: CompiledStepTrends = Array.from({ length: START_KIND + 1 }, () => null);
  for (const t of trends) {
    const kind = kindOf(t.after);
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
