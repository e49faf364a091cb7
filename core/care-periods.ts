// Periods of care from a child's `cla_start` and `cla_end` events: each end closes the latest period
// still open on its day (in date order, file order within a date, so a period may end on the day the
// next starts); a start no end closes is open. The importers' counts and the care-periods route both
// use this, so the figure a report gives and the periods the API lists are the same.
import { EV } from './events.js';

export interface CarePeriod {
  child: number;
  start: number;
  /** day number of the end, null while open */
  end: number | null;
  /** the outcome code of the ending `cla_end` (0 = blank), 0 while open */
  endOutcome: number;
}

/** Events in (child, day, file order) order, as an EventTable holds them; only care events are read. */
export interface CareEventColumns {
  readonly length: number;
  readonly child: ArrayLike<number>;
  readonly type: ArrayLike<number>;
  readonly day: ArrayLike<number>;
  readonly outcome: ArrayLike<number>;
}

export function carePeriods(events: CareEventColumns): CarePeriod[] {
  const periods: CarePeriod[] = [];
  /** the child's open periods, latest last */
  let open: CarePeriod[] = [];
  let child = -1;
  for (let i = 0; i < events.length; i++) {
    const type = events.type[i];
    if (type !== EV.cla_start && type !== EV.cla_end) continue;
    const c = events.child[i]!;
    if (c !== child) {
      open = [];
      child = c;
    }
    if (type === EV.cla_start) {
      const period: CarePeriod = { child: c, start: events.day[i]!, end: null, endOutcome: 0 };
      periods.push(period);
      open.push(period);
    } else {
      const period = open.pop();
      if (period === undefined) continue; // an end with no start (reported by the data-quality rules)
      period.end = events.day[i]!;
      period.endOutcome = events.outcome[i]!;
    }
  }
  return periods;
}
