// Where an extract really begins. A council's extract (a CIN census year, say) often holds every journey
// from a date on, plus, from before it, only the journeys still open on it (an episode referred years
// earlier, a child in care since). Before that date the data is not a sample of the process: short
// journeys (a contact with no further action) are missing. Their count is the signal: trips that begin
// with nothing open and are over within SHORT_DAYS are there month after month from the extract's start,
// and almost never before it. The fit counts from that date (arrivals, the seen-early buckets), the
// generator simulates what came before it as a burn-in cut the same way, and the report compares from it.
import { EV } from '../core/events.js';
import type { EventTable } from '../core/event-table.js';
import { civilFromDay, dayFromCivil } from '../core/dates.js';
import { walkJourney, type Journey } from '../core/grammar.js';

/** A trip over within this many days counts as short. */
const SHORT_DAYS = 30;
/** A month with fewer short trips than this share of the typical month of the data's second half is before the extract. */
const THRESHOLD = 0.3;
/** Data before the extract's start shorter than this is not counted as such. */
const MIN_HISTORY_DAYS = 92;

const monthIndex = (day: number): number => {
  const c = civilFromDay(day);
  return c.year * 12 + c.month - 1;
};

/** Counts short trips by the month they start in, child by child, as the journeys are walked. */
export class ExtractStart {
  private readonly shortTrips = new Map<number, number>();
  private tripStart = -1;
  private last = 0;

  /** Before each event is taken (in the order the grammar takes them): `journey` is the state before it. */
  event(type: number, day: number, journey: Journey): void {
    if (journey.idle) {
      this.closeTrip();
      if (type === EV.contact || type === EV.referral) this.tripStart = day;
    }
    this.last = day;
  }

  /** At the end of each child's events: `journey` is the state after the last. */
  endChild(journey: Journey): void {
    if (journey.idle) this.closeTrip();
    this.tripStart = -1;
  }

  private closeTrip(): void {
    if (this.tripStart >= 0 && this.last - this.tripStart <= SHORT_DAYS) {
      const m = monthIndex(this.tripStart);
      this.shortTrips.set(m, (this.shortTrips.get(m) ?? 0) + 1);
    }
    this.tripStart = -1;
  }

  /** The first day of the extract: `first` (the first event) unless months before some day lack short trips. */
  result(first: number, last: number): number {
    const from = monthIndex(first);
    const to = monthIndex(last);
    if (to - from < 4) return first;
    const counts: number[] = [];
    for (let m = from; m <= to; m++) counts.push(this.shortTrips.get(m) ?? 0);
    const later = counts.slice(Math.floor(counts.length / 2)).sort((a, b) => a - b);
    const typical = later[Math.floor(later.length / 2)]!;
    if (typical < 10) return first;
    // The last month (but the final one, which may be cut short) with too few short trips.
    let lastThin = -1;
    for (let k = 0; k < counts.length - 1; k++) if (counts[k]! < THRESHOLD * typical) lastThin = k;
    if (lastThin < 0) return first;
    const m = from + lastThin + 1;
    const start = Math.max(first, dayFromCivil(Math.floor(m / 12), (m % 12) + 1, 1));
    // A thin first month or two is a log starting part-way through a month, not an extract's history.
    return start - first < MIN_HISTORY_DAYS ? first : start;
  }
}

/** The extract's first day of an event table (see ExtractStart). */
export function extractStart(table: EventTable, dob: ArrayLike<number>): number {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) {
    first = Math.min(first, table.day[i]!);
    last = Math.max(last, table.day[i]!);
  }
  if (!(first <= last)) return first;
  const detector = new ExtractStart();
  const visit = (row: number, _rule: unknown, journey: Journey): void => detector.event(table.type[row]!, table.day[row]!, journey);
  for (let c = 0; c < table.childIds.length; c++) {
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    if (hi > lo) detector.endChild(walkJourney(table, lo, hi, dob[c]!, visit));
  }
  return detector.result(first, last);
}
