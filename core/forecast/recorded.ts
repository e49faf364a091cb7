// What the data recorded, month by month, in the forecast's own measures: arrivals of each ARRIVAL_TYPES
// event counted per calendar month, and each period station's stock at the month's end as "who is where"
// shows it (core/whereabouts.ts) less the periods open past the station's plausibility horizon, as the
// forecast counts its start. One function for both uses: a back-test's actuals (the months after its
// date) and a forecast's history (the months before its date, drawn as the line leading into the fan).
import type { EventTable } from '../event-table.js';
import { EVENT_TYPES } from '../events.js';
import { stationsAt, type Whereabouts } from '../whereabouts.js';
import { ARRIVAL_TYPES, type PeriodStation } from './fit.js';
import { lastDayOfMonth, monthLabel, monthOfDay } from './months.js';

export interface RecordedMonths {
  /** "YYYY-MM", one per month */
  months: string[];
  /** measure (event type, or open_<station>) → one value a month */
  values: Record<string, number[]>;
  /** open_<station> → periods open past the station's horizon at each month end (left out of `values`) */
  pastHorizon: Record<string, number[]>;
}

/** Months firstMonth … firstMonth + count − 1 (month indices, months.ts) as `table` and `whereabouts` record them. */
export function recordedMonths(table: EventTable, whereabouts: Whereabouts, stations: readonly PeriodStation[], firstMonth: number, count: number): RecordedMonths {
  const n = Math.max(0, count);
  const values: Record<string, number[]> = {};
  for (const t of ARRIVAL_TYPES) values[t] = new Array<number>(n).fill(0);
  for (let i = 0; i < table.length; i++) {
    const m = monthOfDay(table.day[i]!) - firstMonth;
    if (m < 0 || m >= n) continue;
    const list = values[EVENT_TYPES[table.type[i]!]!];
    if (list) list[m]!++;
  }
  const pastHorizon: Record<string, number[]> = {};
  for (const s of stations) {
    values[`open_${s.id}`] = [];
    pastHorizon[`open_${s.id}`] = [];
  }
  for (let m = 0; m < n; m++) {
    const at = stationsAt(whereabouts, lastDayOfMonth(firstMonth + m)).stations;
    for (const s of stations) {
      const w = at.find((x) => x.id === s.id)!;
      values[`open_${s.id}`]!.push(w.waiting - w.pastHorizon);
      pastHorizon[`open_${s.id}`]!.push(w.pastHorizon);
    }
  }
  return { months: Array.from({ length: n }, (_, m) => monthLabel(firstMonth + m)), values, pastHorizon };
}
