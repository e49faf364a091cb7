// How the outcome of a step changes over the years of the data (a council referring fewer of its
// contacts each year, say). The transition cells pool every year, so a trend in an outcome's share
// would come out flat: referrals too few in the early years and too many in the late ones. Per event
// type and year, each outcome's events against what the cells predict for those events (the cell each
// came from: state, history and age band, with its outcome shares over all years; so a change in who
// comes is not taken for a change in what is decided, nor one the seen-early cells already hold); the generator, once it has drawn a step and its day, draws that step's outcome
// again with the shares of its cell times these factors (linear between the years' midpoints).
import { formatDay, parseDay } from '../core/dates.js';
import { EVENT_TYPES, OUTCOMES_BY_EVENT, outcomeCode, outcomeName, type EventType } from '../core/events.js';
import { ByteColumn, FloatColumn, IntColumn } from './columns.js';
import type { Model } from './model.js';
import { CLUSTERED_PRETEST_Z, quarterPeriods, valueAt, yearPeriods, type Periods } from './piecewise.js';
import { chiSquareUpper } from '../core/analysis/linear-model.js';

export type OutcomeTrends = NonNullable<Model['outcomeTrends']>;

/** One observed event for the trend: the cell it was drawn from (any number naming state, history and age), its type, outcome, day and child. */
/** By event code: whether its outcome can differ (two outcomes or more). */
const TRENDED = EVENT_TYPES.map((t) => OUTCOMES_BY_EVENT[t as EventType].length >= 2);

export class OutcomeTally {
  // Typed columns (columns.ts): the state number may pass 2^31, so it is kept as a double.
  private readonly states;
  private readonly types;
  private readonly outcomes;
  private readonly days;
  private readonly children;

  /** `capacity`: the events expected (the fit adds at most one per event), so that no column need grow. */
  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.states = new FloatColumn(n);
    this.types = new ByteColumn(n);
    this.outcomes = new ByteColumn(n);
    this.days = new IntColumn(n);
    this.children = new IntColumn(n);
  }

  add(state: number, type: number, outcome: number, day: number, child: number): void {
    if (!TRENDED[type]) return;
    this.states.push(state);
    this.types.push(type);
    this.outcomes.push(outcome);
    this.days.push(day);
    this.children.push(child);
  }

  /** Factors by event type and year from `from` to `to`; cells of fewer than minCell children are left at 1 (and listed in `merged`). */
  fit(from: number, to: number, minCell: number, merged: Model['merged']): OutcomeTrends {
    const byYear = yearPeriods(from, to);
    const { years } = byYear;
    if (years < 2) return [];
    // Shares of each outcome by (state, type), over all years. The (state, type) cells get dense numbers
    // once (one map look-up per event), and the counts live in typed arrays: maps keyed by numbers past
    // 2^31 (stored as doubles) were a sixth of the fit's time. Outcome codes are below 64, types below 32.
    const n = this.days.length;
    const stateOf = this.states.values, typeOf = this.types.values, outcomeOf = this.outcomes.values, dayOf = this.days.values, childOf = this.children.values;
    const cellIds = new Map<number, number>();
    const cellOf = new Int32Array(n);
    const cellType: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = stateOf[i]! * 32 + typeOf[i]!;
      let id = cellIds.get(k);
      if (id === undefined) (cellIds.set(k, (id = cellType.length)), cellType.push(typeOf[i]!));
      cellOf[i] = id;
    }
    const cells = cellType.length;
    const byState = new Float64Array(cells * 64);
    const stateTotal = new Float64Array(cells);
    /** per type: its outcomes in the order first met */
    const outcomesOf = new Map<number, number[]>();
    const met = new Uint8Array(32 * 64);
    for (let i = 0; i < n; i++) {
      const id = cellOf[i]!;
      const type = typeOf[i]!;
      const outcome = outcomeOf[i]!;
      byState[id * 64 + outcome]!++;
      stateTotal[id]!++;
      let list = outcomesOf.get(type);
      if (!list) outcomesOf.set(type, (list = []));
      if (!met[type * 64 + outcome]) (met[type * 64 + outcome] = 1), list.push(outcome);
    }
    /** per cell: its outcomes (in outcomesOf's order) with their shares there */
    const shares: Array<{ outcomes: number[]; share: number[] } | undefined> = new Array(cells);
    for (let id = 0; id < cells; id++) {
      const total = stateTotal[id]!;
      const cell: { outcomes: number[]; share: number[] } = { outcomes: [], share: [] };
      for (const o of outcomesOf.get(cellType[id]!)!) {
        const count = byState[id * 64 + o]!;
        if (count) (cell.outcomes.push(o), cell.share.push(count / total));
      }
      shares[id] = cell;
    }
    /** per type, period and outcome ((type * periods + period) * 64 + outcome): events, the cells' expected events, distinct children */
    const tally = (periods: Periods): { observed: Float64Array; expected: Float64Array; childCount: Float64Array } => {
      const size = 32 * periods.years * 64;
      const observed = new Float64Array(size);
      const expected = new Float64Array(size);
      /** distinct children (a child's events come together: one walk per child) */
      const lastChild = new Float64Array(size).fill(-1);
      const childCount = new Float64Array(size);
      for (let i = 0; i < n; i++) {
        const type = typeOf[i]!;
        const y = periods.of(dayOf[i]!);
        const cell = shares[cellOf[i]!]!;
        const base = (type * periods.years + y) * 64;
        const own = base + outcomeOf[i]!;
        observed[own]!++;
        if (lastChild[own] !== childOf[i]) (lastChild[own] = childOf[i]!), childCount[own]!++;
        for (let j = 0; j < cell.outcomes.length; j++) expected[base + cell.outcomes[j]!]! += cell.share[j]!;
      }
      return { observed, expected, childCount };
    };
    const yearly = tally(byYear);
    // Quarters, for a type whose outcomes change within years beyond what the years' factors, linear between
    // their midpoints, say (a council that starts recording advice as contacts from 1 October: the year
    // holding the date got the average of its halves, spread over the years around it; audit a10p's log G).
    const quarters = quarterPeriods(from, to);
    const quarterly = quarters.years > years ? tally(quarters) : null;
    const out: OutcomeTrends = [];
    for (const [type, outcomes] of outcomesOf) {
      if (outcomes.length < 2) continue;
      const event = EVENT_TYPES[type]!;
      const fine = quarterly !== null && withinYears(type, outcomes, yearly, quarterly, byYear, quarters);
      const { observed, expected, childCount } = fine ? quarterly! : yearly;
      const { years: count, start: startOf, end: endOf } = fine ? quarters : byYear;
      const periods: OutcomeTrends[number]['periods'] = [];
      let any = false;
      for (let y = 0; y < count; y++) {
        const start = startOf(y);
        const end = endOf(y);
        const factors: Array<{ outcome: string; factor: number }> = [];
        for (const o of outcomes) {
          const key = (type * count + y) * 64 + o;
          const e = expected[key]!;
          if (childCount[key]! < minCell || e <= 0) {
            merged.push({ cell: `${event} outcome ${outcomeName(o) || 'blank'} in ${formatDay(start)}`, into: 'no trend (factor 1)' });
            continue;
          }
          factors.push({ outcome: outcomeName(o) ?? '', factor: observed[key]! / e });
          any = true;
        }
        periods.push({ from: formatDay(start), to: formatDay(end), factors });
      }
      if (any) out.push({ event, periods });
    }
    return out;
  }
}

type PeriodTally = { observed: Float64Array; expected: Float64Array; childCount: Float64Array };

/**
 * Whether a type's outcomes, quarter by quarter, differ from what the years' factors (linear between the
 * years' midpoints, as the generator reads them) predict: Pearson's χ² over the quarters and outcomes
 * against its 1-in-100,000 point (CLUSTERED_PRETEST_Z; a log whose outcomes drift smoothly, or hold still,
 * keeps its yearly factors).
 */
function withinYears(type: number, outcomes: readonly number[], yearly: PeriodTally, quarterly: PeriodTally, years: Periods, quarters: Periods): boolean {
  const mids = Float64Array.from({ length: years.years }, (_, y) => (years.start(y) + years.end(y)) / 2);
  const factorOf = new Float64Array(years.years);
  let x2 = 0;
  let terms = 0;
  /** the outcome-years and quarters the terms draw on: each a constraint (a year's factor; the shares summing to one) */
  const yearsUsed = new Set<number>();
  const quartersUsed = new Set<number>();
  for (const o of outcomes) {
    for (let y = 0; y < years.years; y++) {
      const key = (type * years.years + y) * 64 + o;
      factorOf[y] = yearly.expected[key]! > 0 ? yearly.observed[key]! / yearly.expected[key]! : 1;
    }
    for (let q = 0; q < quarters.years; q++) {
      const key = (type * quarters.years + q) * 64 + o;
      const mid = (quarters.start(q) + quarters.end(q)) / 2;
      const e = quarterly.expected[key]! * valueAt(mids, factorOf, mid);
      // (Pearson's terms need about 5 expected events)
      if (e < 5) continue;
      x2 += (quarterly.observed[key]! - e) ** 2 / e;
      terms++;
      yearsUsed.add(o * 1024 + years.of(mid));
      quartersUsed.add(q);
    }
  }
  const df = terms - yearsUsed.size - quartersUsed.size;
  return df >= 1 && x2 > chiSquareUpper(df, CLUSTERED_PRETEST_Z);
}

/** The trends compiled for the generator: per event code, the periods' midpoints and each outcome code's factors. */
export interface CompiledTrends {
  /** by event code; null where the event has no trend */
  byType: Array<{ mids: Float64Array; factors: Map<number, Float64Array> } | null>;
}

export function compileTrends(trends: OutcomeTrends | undefined): CompiledTrends | null {
  if (!trends || trends.length === 0) return null;
  const byType: CompiledTrends['byType'] = EVENT_TYPES.map(() => null);
  for (const t of trends) {
    const type = EVENT_TYPES.indexOf(t.event as EventType);
    if (type < 0) throw new RangeError(`unknown event "${t.event}" in outcomeTrends`);
    const mids = Float64Array.from(t.periods.map((p) => (parseDay(p.from)! + parseDay(p.to)!) / 2));
    const factors = new Map<number, Float64Array>();
    t.periods.forEach((p, k) => {
      for (const f of p.factors) {
        const code = outcomeCode(f.outcome);
        if (!factors.has(code)) factors.set(code, new Float64Array(t.periods.length).fill(1));
        factors.get(code)![k] = f.factor;
      }
    });
    byType[type] = { mids, factors };
  }
  return { byType };
}

/** The factor of an outcome on a day: linear between the periods' midpoints, flat beyond the first and last. */
export function trendFactor(trend: { mids: Float64Array; factors: Map<number, Float64Array> }, outcome: number, day: number): number {
  const f = trend.factors.get(outcome);
  if (!f) return 1;
  return valueAt(trend.mids, f, day);
}
