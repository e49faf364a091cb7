// How the outcome of a step changes over the years of the data (a council referring fewer of its
// contacts each year, say). The transition cells pool every year, so a trend in an outcome's share
// would come out flat: referrals too few in the early years and too many in the late ones. Per event
// type and year, each outcome's events against what the cells predict for those events (the cell each
// came from: state, history and age band, with its outcome shares over all years; so a change in who
// comes is not taken for a change in what is decided, nor one the seen-early cells already hold); the generator, once it has drawn a step and its day, draws that step's outcome
// again with the shares of its cell times these factors (linear between the years' midpoints).
import { formatDay, parseDay } from '../core/dates.js';
import { EVENT_TYPES, OUTCOMES_BY_EVENT, outcomeCode, outcomeName, type EventType } from '../core/events.js';
import type { Model } from './model.js';

export type OutcomeTrends = NonNullable<Model['outcomeTrends']>;
const YEAR = 365.25;
/** A last period shorter than this joins the one before it. */
const MIN_PERIOD_DAYS = 120;

/** One observed event for the trend: the cell it was drawn from (any number naming state, history and age), its type, outcome, day and child. */
export class OutcomeTally {
  private readonly state: number[] = [];
  private readonly type: number[] = [];
  private readonly outcome: number[] = [];
  private readonly day: number[] = [];
  private readonly child: number[] = [];

  add(state: number, type: number, outcome: number, day: number, child: number): void {
    if (OUTCOMES_BY_EVENT[EVENT_TYPES[type] as EventType].length < 2) return;
    this.state.push(state);
    this.type.push(type);
    this.outcome.push(outcome);
    this.day.push(day);
    this.child.push(child);
  }

  /** Factors by event type and year from `from` to `to`; cells of fewer than minCell children are left at 1 (and listed in `merged`). */
  fit(from: number, to: number, minCell: number, merged: Model['merged']): OutcomeTrends {
    const years = Math.max(1, Math.floor((to - from + 1 - MIN_PERIOD_DAYS) / YEAR) + 1);
    if (years < 2) return [];
    const period = (day: number): number => Math.min(years - 1, Math.floor((day - from) / YEAR));
    // Shares of each outcome by (state, type), over all years.
    // Numeric keys (string keys built per event made this a sixth of the fit's time): a cell and type as
    // state * 32 + type (under 2^43), with an outcome * 64 more; a type, period and outcome as (type * 128 + period) * 64 + outcome.
    const cellKey = (i: number): number => this.state[i]! * 32 + this.type[i]!;
    const stateTotal = new Map<number, number>();
    const byState = new Map<number, number>();
    const outcomesOf = new Map<number, Set<number>>();
    for (let i = 0; i < this.day.length; i++) {
      const k = cellKey(i);
      byState.set(k * 64 + this.outcome[i]!, (byState.get(k * 64 + this.outcome[i]!) ?? 0) + 1);
      stateTotal.set(k, (stateTotal.get(k) ?? 0) + 1);
      const type = this.type[i]!;
      let set = outcomesOf.get(type);
      if (!set) outcomesOf.set(type, (set = new Set()));
      set.add(this.outcome[i]!);
    }
    /** per cell and type: its outcomes (in outcomesOf's order) with their shares there */
    const shares = new Map<number, { outcomes: number[]; share: number[] }>();
    const observed = new Map<number, number>();
    const expected = new Map<number, number>();
    /** distinct children per type, period and outcome (a child's events come together: one walk per child) */
    const children = new Map<number, { last: number; n: number }>();
    for (let i = 0; i < this.day.length; i++) {
      const type = this.type[i]!;
      const y = period(this.day[i]!);
      const k = cellKey(i);
      let cell = shares.get(k);
      if (!cell) {
        const total = stateTotal.get(k)!;
        cell = { outcomes: [], share: [] };
        for (const o of outcomesOf.get(type)!) {
          const n = byState.get(k * 64 + o);
          if (n) (cell.outcomes.push(o), cell.share.push(n / total));
        }
        shares.set(k, cell);
      }
      const base = (type * 128 + y) * 64;
      const own = base + this.outcome[i]!;
      observed.set(own, (observed.get(own) ?? 0) + 1);
      const seen = children.get(own);
      if (!seen) children.set(own, { last: this.child[i]!, n: 1 });
      else if (seen.last !== this.child[i]) (seen.last = this.child[i]!), seen.n++;
      for (let j = 0; j < cell.outcomes.length; j++) {
        const key = base + cell.outcomes[j]!;
        expected.set(key, (expected.get(key) ?? 0) + cell.share[j]!);
      }
    }
    const out: OutcomeTrends = [];
    for (const [type, outcomes] of outcomesOf) {
      if (outcomes.size < 2) continue;
      const event = EVENT_TYPES[type]!;
      const periods: OutcomeTrends[number]['periods'] = [];
      let any = false;
      for (let y = 0; y < years; y++) {
        const start = from + Math.round(y * YEAR);
        const end = y === years - 1 ? to : from + Math.round((y + 1) * YEAR) - 1;
        const factors: Array<{ outcome: string; factor: number }> = [];
        for (const o of outcomes) {
          const key = (type * 128 + y) * 64 + o;
          const e = expected.get(key) ?? 0;
          if ((children.get(key)?.n ?? 0) < minCell || e <= 0) {
            merged.push({ cell: `${event} outcome ${outcomeName(o) || 'blank'} in ${formatDay(start)}`, into: 'no trend (factor 1)' });
            continue;
          }
          factors.push({ outcome: outcomeName(o) ?? '', factor: (observed.get(key) ?? 0) / e });
          any = true;
        }
        periods.push({ from: formatDay(start), to: formatDay(end), factors });
      }
      if (any) out.push({ event, periods });
    }
    return out;
  }
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
  const { mids } = trend;
  if (day <= mids[0]!) return f[0]!;
  const last = mids.length - 1;
  if (day >= mids[last]!) return f[last]!;
  let k = 0;
  while (mids[k + 1]! < day) k++;
  const t = (day - mids[k]!) / (mids[k + 1]! - mids[k]!);
  return f[k]! + t * (f[k + 1]! - f[k]!);
}
