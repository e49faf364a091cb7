// Where the data's first day cuts a stock short (issue 9 item 3). A count of children waiting at a station
// on a day (core/whereabouts.ts: the map's stations, the flow view's work in progress, the two-point
// view) misses every child who arrived before the data's first day and was still there: their start is
// not in the data, so neither is their stay. Near the first day the count reads low (an audit cut a log at
// 1 March 2023: CP plans 2 on the first week against 86 in the whole log) and it climbs as the missing
// stays would have ended, which looks like a rise that never happened.
//
// The rule, per station, from the data's own stays (every stay at the station begun in the data, those
// still running on its last day censored there, Kaplan–Meier, every cohort alike):
// - a child at the station on the first day has been there a length-biased time, so the share of the
//   count still missing t days after the first day is, in a steady flow, ∫ₜ S(u) du / ∫₀ S(u) du (S the
//   stays' survival curve): the run-in is the smallest t where it falls to RUN_IN_MISSING_SHARE (5%);
// - the curve's last level is held to the longest stay followed (ended or still running) and is 0 after
//   it; no stay is taken to last longer than RUN_IN_CAP_DAYS (3 years), nor than the station's
//   staleAfterDays where the map sets one (a wait past it is probably a record never closed), so the
//   run-in is never longer (a station with 1 to KM_MIN_AT_RISK − 1 stays gets the cap: too few to tell; one with none, 0);
// - a count at the end of a day before first day + run-in is incomplete, with a note naming the date.
// A station whose stays almost never end in the data (none ended, or fewer than 1 in 10 of those begun a
// year or more before its last day, or the end event of the period leading there never appears: early
// help in a log with no early_help_end row) is not a queue: its count is of starts with no end recorded,
// and it says so (`endsMissing`).
import { formatDay } from '../dates.js';
import type { EventTable } from '../event-table.js';
import { EV, EVENT_TYPES, type EventType } from '../events.js';
import type { MapDefinition } from '../map-schema.js';
import type { Whereabouts } from '../whereabouts.js';
import type { DataSpan } from './cutoffs.js';
import { longDate } from './date-text.js';
import { kaplanMeier, KM_MIN_AT_RISK } from './kaplan-meier.js';

/** the share of a station's count that may still be missing when its run-in ends */
export const RUN_IN_MISSING_SHARE = 0.05;
/** no stay is taken to last longer than this (so no run-in is longer) */
export const RUN_IN_CAP_DAYS = 1096;
/** ends rarer than this share of the starts (begun a year or more before the data's last day) are "far rarer" */
export const ENDS_MISSING_SHARE = 0.1;

export interface StationRunIn {
  station: string;
  name: string;
  /** days after the data's first day before the count is complete */
  days: number;
  /** the first day whose count is complete (first + days) */
  completeFrom: number;
  /** stays begun in the data, and those ended by its last day */
  starts: number;
  ends: number;
  /** its stays almost never end in the data: the count is of starts with no end recorded */
  endsMissing: boolean;
  /** the end event of the period that leads to it never appears in the data */
  noEndEvent: boolean;
}

export interface RunIn {
  first: number;
  last: number;
  /** per station of the map, in its order (exits have a run-in of 0) */
  stations: StationRunIn[];
}

export interface StockCompleteness {
  complete: boolean;
  /** before the station's run-in ends */
  runIn: boolean;
  endsMissing: boolean;
  /** one plain sentence, or null when complete */
  note: string | null;
}

/** The run-in length in days of a station whose stays' lengths are `times` (ended: `ended`). */
export function runInDays(times: ArrayLike<number>, ended: ArrayLike<boolean>, cap = RUN_IN_CAP_DAYS): number {
  if (times.length === 0) return 0;
  if (times.length < KM_MIN_AT_RISK) return cap;
  const { steps } = kaplanMeier(times, ended);
  // S as a step function: 1 until the first event time, then each step's survival, its last level held
  // to the longest stay followed (ended or not), 0 after; nothing past the cap.
  let longest = 0;
  for (let i = 0; i < times.length; i++) if (times[i]! > longest) longest = times[i]!;
  const end = Math.min(longest, cap);
  const knots: Array<{ from: number; s: number }> = [{ from: 0, s: 1 }];
  for (const st of steps) if (st.time < end) knots.push({ from: st.time, s: st.survival });
  const area = (t: number): number => {
    let a = 0;
    for (let i = 0; i < knots.length; i++) {
      const lo = Math.max(knots[i]!.from, t);
      const hi = i + 1 < knots.length ? knots[i + 1]!.from : end;
      if (hi > lo) a += (hi - lo) * knots[i]!.s;
    }
    return a;
  };
  const total = area(0);
  if (total <= 0) return 0;
  // area(t) falls as t grows: the smallest whole t with area(t) ≤ share·total
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (area(mid) <= RUN_IN_MISSING_SHARE * total) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Each station's run-in and whether its ends are missing, from the whereabouts' own stays; `table` (the
 * events) adds the second test of missing ends: a station a period's start event leads to (early_help_start
 * → Early help) with ten stays or more when no row of its end event (early_help_end) is in the data.
 */
export function stationRunIn(where: Whereabouts, map: MapDefinition, span: DataSpan, table?: EventTable): RunIn {
  const noEndEvent = new Set<string>();
  if (table) {
    const seen = new Uint8Array(EVENT_TYPES.length);
    for (let i = 0; i < table.length; i++) seen[table.type[i]!] = 1;
    for (const rule of map.rules) {
      if (!rule.event.endsWith('_start')) continue;
      const endType = rule.event.replace(/_start$/, '_end') as EventType;
      const station = rule.stations[rule.stations.length - 1];
      if (station !== undefined && endType in EV && !seen[EV[endType]]) noEndEvent.add(station);
    }
  }
  const S = where.stationIds.length;
  const times: number[][] = Array.from({ length: S }, () => []);
  const ended: boolean[][] = Array.from({ length: S }, () => []);
  const oldStarts = new Int32Array(S);
  const oldEnds = new Int32Array(S);
  for (let k = 0; k < where.count; k++) {
    const d = where.startDay[k]!;
    if (d < span.first || d > span.last) continue;
    const s = where.station[k]!;
    const done = where.endDay[k]! <= span.last;
    times[s]!.push((done ? where.endDay[k]! : span.last) - d);
    ended[s]!.push(done);
    if (span.last - d >= 365) {
      oldStarts[s]!++;
      if (done) oldEnds[s]!++;
    }
  }
  return {
    first: span.first,
    last: span.last,
    stations: map.stations.map((station, s) => {
      const starts = times[s]!.length;
      const ends = ended[s]!.filter(Boolean).length;
      const exit = station.kind === 'exit';
      const days = exit ? 0 : runInDays(times[s]!, ended[s]!, Math.min(RUN_IN_CAP_DAYS, station.staleAfterDays ?? RUN_IN_CAP_DAYS));
      const endsMissing = !exit && starts >= KM_MIN_AT_RISK && (ends === 0 || noEndEvent.has(station.id) || (oldStarts[s]! >= KM_MIN_AT_RISK && oldEnds[s]! < ENDS_MISSING_SHARE * oldStarts[s]!));
      return { station: station.id, name: station.name, days, completeFrom: span.first + days, starts, ends, endsMissing, noEndEvent: noEndEvent.has(station.id) };
    }),
  };
}

const memo = new WeakMap<Whereabouts, Map<string, RunIn>>();

/** stationRunIn, kept per whereabouts (built once per dataset version and map) and span. */
export function runInOf(where: Whereabouts, map: MapDefinition, span: DataSpan, table?: EventTable): RunIn {
  let byKey = memo.get(where);
  if (!byKey) memo.set(where, (byKey = new Map()));
  const key = `${map.id}|${span.first}|${span.last}|${table ? 1 : 0}`;
  let answer = byKey.get(key);
  if (!answer) byKey.set(key, (answer = stationRunIn(where, map, span, table)));
  return answer;
}

/** The note of a station's ends missing (one sentence). */
export function endsMissingNote(st: StationRunIn): string {
  // no counts in the words: the note goes to every viewer, beside counts under the disclosure policy
  const what = st.noEndEvent ? 'no end of it is recorded anywhere in the data' : st.ends === 0 ? 'no stay there ends in the data' : 'fewer than 1 in 10 of its stays begun a year or more before the data\'s last day end in it';
  return `${st.name}: ${what}, so its count is of starts with no end recorded, not of children waiting.`;
}

/** A station whose count is short at some time: its name and the first day its count is complete. */
export interface ShortCount {
  name: string;
  completeFrom: number;
}

/**
 * The words for "which stations are short" (the one function behind the pathways view's notes on a day's
 * counts, the work-in-progress table's "Incomplete?" cell of a week and the flow view's note on a
 * station): `when` ("on 3 April 2024", "in the first 5 weeks (hatched)") the counts of `short` miss
 * children who arrived before the data's first day `first`, then the sentences of the stations whose ends
 * are missing (endsMissingNote). Null when there is nothing to say.
 */
export function shortCountsNote(when: string, short: readonly ShortCount[], first: number, endsNotes: readonly string[] = []): string | null {
  const parts: string[] = [];
  if (short.length > 0) {
    const one = short.length === 1;
    const which = short.map((st) => `${st.name} (complete from ${longDate(st.completeFrom)})`).join(', ');
    parts.push(`Incomplete: ${when}, the count${one ? '' : 's'} at ${which} miss${one ? 'es' : ''} children who arrived before the data's first day, ${longDate(first)}, so ${one ? 'it reads' : 'they read'} low.`);
  }
  parts.push(...endsNotes);
  return parts.length > 0 ? parts.join(' ') : null;
}

/** Whether station `s`'s count at the end of `day` may be short, and a sentence saying why. */
export function stockCompleteness(runIn: RunIn, s: number, day: number): StockCompleteness {
  const st = runIn.stations[s]!;
  const early = day < st.completeFrom;
  const notes: string[] = [];
  if (early) {
    notes.push(`Incomplete: ${st.name} on ${longDate(day)} misses children who arrived before the data's first day, ${longDate(runIn.first)}; its count is complete from ${longDate(st.completeFrom)} (${st.days} days on, when 95% of such a count would have moved on).`);
  }
  if (st.endsMissing) notes.push(endsMissingNote(st));
  return { complete: !early && !st.endsMissing, runIn: early, endsMissing: st.endsMissing, note: notes.length ? notes.join(' ') : null };
}

/** Run-ins as the API gives them: station id, the first complete day (YYYY-MM-DD), days, endsMissing. */
export function runInSummary(runIn: RunIn): Array<{ station: string; completeFrom: string; days: number; endsMissing: boolean }> {
  return runIn.stations.map((st) => ({ station: st.station, completeFrom: formatDay(st.completeFrom), days: st.days, endsMissing: st.endsMissing }));
}
