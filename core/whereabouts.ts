// "Who is where": for a dataset, a map, a date and a cohort, each station's children waiting at the end
// of that day (after every event dated that day), how long they have waited so far, and how many are
// past the station's target. The one answer the map's badges, table and tooltips, the stations
// endpoint and the flow view's work in progress all read.
//
// What waits where is decided by the same walk that moves the dots (journey-walk.ts): a period
// (assessment, CP plan, care, CIN plan, early help) counts from its start until the end the metrics
// pair with it, so Looked after equals the metrics' open_at_end.cla and CP plan open_at_end.cp_plan of
// a window ending that day; any other step (contact, referral, strategy, S47, ICPC) counts from the
// child's arrival until its next move. Exits hold nobody. A child can be counted at two stations at
// once (a CP plan while looked after); its one dot sits at the station of its latest step. At a station
// of periods a child with two starts and no end counts twice in `waiting` (the metrics count open
// periods), once in `children`, and once in the station's list (with its number of open starts).
//
// Built once per dataset and map (the stays, sorted by start); a query is one pass over the stays that
// started by that day.
import type { EventTable } from './event-table.js';
import { compileMap, JourneyWalker, OPEN, originDayOf, type CompiledMap } from './journey-walk.js';
import { findRule, type MapDefinition } from './map-schema.js';
import { prepareMetrics, type PreparedMetrics } from './metrics.js';
import { englandWalesCalendar, type WorkingDayCalendar } from './working-days.js';

export interface Whereabouts {
  readonly stationIds: readonly string[];
  /** per station: its target in working days, or null */
  readonly targets: readonly (number | null)[];
  /** per station: calendar days past which a wait is probably a record never closed (map's staleAfterDays), or null */
  readonly staleAfter: readonly (number | null)[];
  /** stays, sorted by startDay: open at the end of days startDay … endDay − 1 (none when endDay = startDay) */
  readonly count: number;
  readonly station: Uint8Array;
  readonly startDay: Int32Array;
  readonly endDay: Int32Array;
  /** event row that decides the stay's cohort */
  readonly row: Int32Array;
  /** the child's index (as in the moves) */
  readonly child: Int32Array;
  /**
   * an S47 enquiry's stay: the day its enquiry ended with a conference to come (journey-walk.ts
   * `awaitingFrom`), from which the child is awaiting an ICPC at the same station; OPEN (never) otherwise
   */
  readonly awaitingFrom: Int32Array;
  /**
   * per station: 1 where its waiting children are split into "Section 47 enquiry open" and "awaiting
   * ICPC" (stationsAt `parts`): the station S47 enquiries wait at, when the map has a station of its own
   * for the ICPC (front-door.json); 0 elsewhere (small-council.json's Child protection holds the S47, the
   * conference and the plan: a child awaiting a conference is waiting for the next step there)
   */
  readonly split: Uint8Array;
  /**
   * contacts' waits past their station's staleAfterDays (journey-walk.ts): not stays, not counted as
   * waiting anywhere, but reported in the station's pastHorizon; open at the end of days startDay … endDay − 1
   */
  readonly stale: { readonly station: Uint8Array; readonly startDay: Int32Array; readonly endDay: Int32Array; readonly row: Int32Array };
  /** ends the metrics pair with no start, recorded while a period of their kind was open: the period's row and the end's day */
  readonly unpaired: { readonly row: Int32Array; readonly day: Int32Array };
  /** children in the table (one more than the highest index) */
  readonly childCount: number;
  readonly calendar: WorkingDayCalendar;
}

export interface StationWaiting {
  id: string;
  /**
   * steps open at the end of the day: one per child at a one-step station, one per unended start at a
   * station of periods (as the metrics count open periods: a child with two care starts and no end counts
   * twice at Looked after)
   */
  waiting: number;
  /** distinct children among them (≤ waiting) */
  children: number;
  /** median and longest calendar days waited so far; null when nobody waits */
  medianWaitDays: number | null;
  longestWaitDays: number | null;
  /** the 5th longest wait: the longest that at least 5 of the open steps have reached (what a viewer is given
   * for the longest, never one child's own); null when fewer than 5 wait */
  fifthLongestWaitDays: number | null;
  /** waiting longer than the station's target in working days (0 when it has none) */
  overTarget: number;
  /** waiting longer than the station's plausibility horizon (staleAfterDays; 0 when it has none): probably never closed */
  pastHorizon: number;
  /** at a split station (Whereabouts.split) only: its children in two parts, S47_OPEN and AWAITING_ICPC (see there) */
  parts?: [StationWaiting, StationWaiting];
}

/**
 * The ids of a split station's parts (Whereabouts.split), in this order. They partition its stays, so
 * `waiting`, `children`, `overTarget` and `pastHorizon` add up to the station's: "Section 47 enquiry
 * open" (S47_OPEN, waits from the enquiry's start) and "awaiting ICPC" (AWAITING_ICPC: the enquiry ended
 * with a conference to come and no ICPC yet; waits so far from the enquiry's end; over target counts
 * those past the station's target from the enquiry's start, the 15 working days to the conference already gone).
 */
export const S47_OPEN = 's47_open';
export const AWAITING_ICPC = 'awaiting_icpc';
export interface StationsAt {
  /** the day number asked about */
  day: number;
  stations: StationWaiting[];
}

export function buildWhereabouts(
  table: EventTable,
  map: MapDefinition,
  options: { prepared?: PreparedMetrics; compiled?: CompiledMap; calendar?: WorkingDayCalendar } = {},
): Whereabouts {
  const prepared = options.prepared ?? prepareMetrics(table);
  const compiled = options.compiled ?? compileMap(map);
  const origin = originDayOf(table);
  const station: number[] = [];
  const startDay: number[] = [];
  const endDay: number[] = [];
  const row: number[] = [];
  const child: number[] = [];
  const awaitingFrom: number[] = [];
  const stale = { station: [] as number[], startDay: [] as number[], endDay: [] as number[], row: [] as number[] };
  const unpaired = { row: [] as number[], day: [] as number[] };
  const sink = {
    move() {},
    unpaired(periodRow: number, day: number) {
      unpaired.row.push(periodRow);
      unpaired.day.push(day);
    },
    stay(s: number, start: number, end: number, r: number, c: number, past = false, awaiting: number = OPEN) {
      if (past) {
        stale.station.push(s);
        stale.startDay.push(start);
        stale.endDay.push(end);
        stale.row.push(r);
        return;
      }
      // A stay over within its day is never counted at a day's end (stationsAt skips endDay <= day) but
      // is still a stay of 0 days for the flow view's time at each station.
      if (end < start) return;
      station.push(s);
      startDay.push(start);
      endDay.push(end);
      row.push(r);
      child.push(c);
      awaitingFrom.push(awaiting);
    },
  };
  const walker = new JourneyWalker(table, compiled, prepared, origin, sink);
  for (let c = 0; c < table.childIds.length; c++) walker.walk(c);

  // Sorted by start day with a stable counting sort (a dataset spans thousands of days, not millions).
  const n = startDay.length;
  let minDay = 0;
  let maxDay = -1;
  for (let k = 0; k < n; k++) {
    if (k === 0 || startDay[k]! < minDay) minDay = startDay[k]!;
    if (k === 0 || startDay[k]! > maxDay) maxDay = startDay[k]!;
  }
  const slots = new Int32Array(Math.max(0, maxDay - minDay + 2));
  for (let k = 0; k < n; k++) slots[startDay[k]! - minDay + 1]!++;
  for (let d = 1; d < slots.length; d++) slots[d]! += slots[d - 1]!;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[slots[startDay[k]! - minDay]!++] = k;
  return {
    stationIds: map.stations.map((s) => s.id),
    targets: map.stations.map((s) => s.targetWorkingDays ?? null),
    staleAfter: map.stations.map((s) => s.staleAfterDays ?? null),
    count: n,
    station: Uint8Array.from(order, (k) => station[k]!),
    startDay: Int32Array.from(order, (k) => startDay[k]!),
    endDay: Int32Array.from(order, (k) => endDay[k]!),
    row: Int32Array.from(order, (k) => row[k]!),
    child: Int32Array.from(order, (k) => child[k]!),
    awaitingFrom: Int32Array.from(order, (k) => awaitingFrom[k]!),
    split: splitStations(map),
    stale: { station: Uint8Array.from(stale.station), startDay: Int32Array.from(stale.startDay), endDay: Int32Array.from(stale.endDay), row: Int32Array.from(stale.row) },
    unpaired: { row: Int32Array.from(unpaired.row), day: Int32Array.from(unpaired.day) },
    childCount: table.childIds.length,
    calendar: options.calendar ?? englandWalesCalendar(),
  };
}

/** Whereabouts.split for a map: the S47's station, when the ICPC's is another. */
function splitStations(map: MapDefinition): Uint8Array {
  const out = new Uint8Array(map.stations.length);
  const lastStation = (event: 's47_start' | 'icpc') => {
    const rule = map.rules[findRule(map.rules, event, null)];
    const id = rule?.stations[rule.stations.length - 1];
    return id === undefined ? -1 : map.stations.findIndex((s) => s.id === id);
  };
  const s47 = lastStation('s47_start');
  const icpc = lastStation('icpc');
  if (s47 >= 0 && s47 !== icpc && map.stations[s47]!.kind !== 'exit') out[s47] = 1;
  return out;
}

/** Whether stay k, open at the end of `day`, is of a child awaiting an ICPC (its enquiry ended with a conference to come). */
export function isAwaitingIcpc(w: Whereabouts, k: number, day: number): boolean {
  return w.awaitingFrom[k]! <= day;
}

/** Number of stays that started on or before `day` (they are sorted by start). */
function startedBy(w: Whereabouts, day: number): number {
  let lo = 0;
  let hi = w.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (w.startDay[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Days stay k has been waited at the end of `day`, or -1 when it is not open then (not begun, or
 * over). The one measure of a wait: the stations' median and longest, a station's list of children and
 * a child's own waits (the journey panel) all read it, so a child who came back to a station shows the
 * same wait in each.
 */
export function stayWaitAt(w: Whereabouts, k: number, day: number): number {
  return w.startDay[k]! <= day && day < w.endDay[k]! ? day - w.startDay[k]! : -1;
}

/**
 * Whether stay k is counted at its station at the end of `day` for a cohort (`include`, one byte per
 * event row judged on the row that started the stay; null = everyone): begun by then, not over, in the
 * cohort. The one test stationsAt counts with and openStationsAt (the two-date view's places) reads.
 */
export function stayCountedAt(w: Whereabouts, k: number, day: number, include: Uint8Array | null): boolean {
  return w.startDay[k]! <= day && day < w.endDay[k]! && !(include && include[w.row[k]!] !== 1);
}

/**
 * Per child, the stations stationsAt counts it at at the end of `day` (ascending station index, each
 * once), for the children counted somewhere; a child absent from the map waits nowhere. So the number of
 * children whose list holds station s is stationsAt's `children` at s, the same day and cohort.
 */
export function openStationsAt(w: Whereabouts, day: number, include: Uint8Array | null = null): Map<number, number[]> {
  const end = startedBy(w, day);
  const out = new Map<number, number[]>();
  for (let k = 0; k < end; k++) {
    if (!stayCountedAt(w, k, day, include)) continue;
    const c = w.child[k]!;
    const s = w.station[k]!;
    const list = out.get(c);
    if (!list) out.set(c, [s]);
    else if (!list.includes(s)) list.push(s);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/**
 * Whether a wait begun on `startDay` and still open at the end of `day` is past its station's plausibility
 * horizon (the map's staleAfterDays; null: none), so probably a record never closed. The one rule: the
 * stations endpoint's `pastHorizon` (stationsAt) and the forecast's (core/forecast/fit.ts, which neither
 * simulates such a period nor lets a simulated one count longer) both read it.
 */
export function isPastHorizon(horizon: number | null | undefined, startDay: number, day: number): boolean {
  return horizon != null && day - startDay > horizon;
}

/**
 * Each station's waiting children at the end of `day`. `include` (one byte per event row, as
 * cohortRowMask makes it; null = everyone) restricts the count to a cohort, judged on the row that
 * started each stay, exactly as the metrics judge a start for open_at_end.
 */
export function stationsAt(w: Whereabouts, day: number, include: Uint8Array | null = null): StationsAt {
  const S = w.stationIds.length;
  const end = startedBy(w, day);
  // Slots: each station, then two per split station (its parts: enquiry open, awaiting ICPC). A stay
  // counts at its station's slot and, at a split station, at one of its parts'.
  const partSlot = new Int32Array(S).fill(-1);
  let T = S;
  for (let s = 0; s < S; s++) {
    if (!w.split[s]) continue;
    partSlot[s] = T;
    T += 2;
  }
  /** the part's slot stay k counts at (awaiting ICPC the second), or -1 when its station is not split */
  const partOf = (k: number): number => {
    const p = partSlot[w.station[k]!]!;
    return p < 0 ? -1 : isAwaitingIcpc(w, k, day) ? p + 1 : p;
  };
  // Two passes over the stays begun by then, into typed arrays grouped by slot: no garbage per stay.
  const counts = new Int32Array(T + 1);
  const over = new Int32Array(T);
  const stale = new Int32Array(T);
  const tally = (slot: number, isOver: boolean, isStale: boolean) => {
    counts[slot + 1]!++;
    if (isOver) over[slot]!++;
    if (isStale) stale[slot]!++;
  };
  for (let k = 0; k < end; k++) {
    if (!stayCountedAt(w, k, day, include)) continue;
    const s = w.station[k]!;
    const target = w.targets[s];
    const isOver = target != null && w.calendar.between(w.startDay[k]!, day) > target;
    const isStale = isPastHorizon(w.staleAfter[s], w.startDay[k]!, day);
    tally(s, isOver, isStale);
    const p = partOf(k);
    if (p >= 0) tally(p, isOver, isStale);
  }
  // Contacts past the horizon: reported, not counted as waiting (their stays stopped at the horizon).
  for (let k = 0; k < w.stale.station.length; k++) {
    if (w.stale.startDay[k]! <= day && day < w.stale.endDay[k]! && !(include && include[w.stale.row[k]!] !== 1)) {
      const s = w.stale.station[k]!;
      stale[s]!++;
      if (partSlot[s]! >= 0) stale[partSlot[s]!]!++;
    }
  }
  for (let t = 0; t < T; t++) counts[t + 1]! += counts[t]!;
  const waits = new Int32Array(counts[T]!);
  const kids = new Int32Array(counts[T]!);
  const fill = counts.slice(0, T);
  const place = (slot: number, waited: number, c: number) => {
    const at = fill[slot]!++;
    waits[at] = waited;
    kids[at] = c;
  };
  for (let k = 0; k < end; k++) {
    if (!stayCountedAt(w, k, day, include)) continue;
    const s = w.station[k]!;
    const waited = stayWaitAt(w, k, day);
    place(s, waited, w.child[k]!);
    const p = partOf(k);
    // at the awaiting-ICPC part: waited so far from the enquiry's end
    if (p >= 0) place(p, p === partSlot[s]! + 1 ? day - w.awaitingFrom[k]! : waited, w.child[k]!);
  }
  // Distinct children per slot: a child's mark is the last slot (+1) that counted it.
  const mark = new Int32Array(w.childCount);
  const distinct = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    for (let j = counts[t]!; j < counts[t + 1]!; j++) {
      const c = kids[j]!;
      if (mark[c] === t + 1) continue;
      mark[c] = t + 1;
      distinct[t]!++;
    }
  }
  const figures = (id: string, t: number): StationWaiting => {
    const list = waits.subarray(counts[t]!, counts[t + 1]!).sort();
    const n = list.length;
    return {
      id,
      waiting: n,
      children: distinct[t]!,
      medianWaitDays: n === 0 ? null : n % 2 ? list[n >> 1]! : (list[n / 2 - 1]! + list[n / 2]!) / 2,
      longestWaitDays: n === 0 ? null : list[n - 1]!,
      fifthLongestWaitDays: n < 5 ? null : list[n - 5]!,
      overTarget: over[t]!,
      pastHorizon: stale[t]!,
    };
  };
  return {
    day,
    stations: w.stationIds.map((id, s) => {
      const station = figures(id, s);
      const p = partSlot[s]!;
      return p < 0 ? station : { ...station, parts: [figures(S47_OPEN, p), figures(AWAITING_ICPC, p + 1)] };
    }),
  };
}

/**
 * Of the open steps stationsAt counts at each station at the end of `day`: those of periods that an end of
 * their kind, recorded on or before `day` while the period was open but under another episode, would have
 * closed (the walk's `unpaired`: metrics.md pairs an end only with a start of its own episode, and
 * events-csv.md links a row with no episode_id to the child's latest referral, so a child whose rows give the
 * episode on some rows and not others can have a plan's end in another episode than its start). Such a
 * period is counted open, as the metrics count it, but has probably ended. Per station (as stationIds):
 * `waiting` of the station's `waiting`, `children` of its `children`, `pastHorizon` of those `waiting`
 * that are past its horizon too. The one count the stations endpoint, the map and the forecast's warning read.
 */
export interface UnpairedOpen {
  waiting: number;
  children: number;
  pastHorizon: number;
}

export function unpairedOpenAt(w: Whereabouts, day: number, include: Uint8Array | null = null): UnpairedOpen[] {
  const out = w.stationIds.map(() => ({ waiting: 0, children: 0, pastHorizon: 0 }));
  if (w.unpaired.row.length === 0) return out;
  const ended = new Set<number>();
  for (let u = 0; u < w.unpaired.row.length; u++) if (w.unpaired.day[u]! <= day) ended.add(w.unpaired.row[u]!);
  if (ended.size === 0) return out;
  const end = startedBy(w, day);
  const seen = w.stationIds.map(() => new Set<number>());
  for (let k = 0; k < end; k++) {
    if (!ended.has(w.row[k]!) || !stayCountedAt(w, k, day, include)) continue;
    const s = w.station[k]!;
    out[s]!.waiting++;
    if (isPastHorizon(w.staleAfter[s], w.startDay[k]!, day)) out[s]!.pastHorizon++;
    seen[s]!.add(w.child[k]!);
  }
  seen.forEach((children, s) => (out[s]!.children = children.size));
  return out;
}

/**
 * A child counted at a station at the end of a day: its index (as in the moves), its longest wait so far
 * there, and how many of the station's open steps are its own (more than 1: starts with no end, each
 * counted in the station's number, as the metrics count them).
 */
export interface ChildWaiting {
  child: number;
  waitedDays: number;
  starts: number;
}

/**
 * The children stationsAt counts at station `s` at the end of `day` (same stays, same cohort test), each
 * once, longest wait first: the station's list, so every child in its number can be found. Their starts
 * add up to the station's waiting, their number is its children, and the first one's wait is its longest.
 */
export function childrenAt(w: Whereabouts, s: number, day: number, include: Uint8Array | null = null): ChildWaiting[] {
  const end = startedBy(w, day);
  const byChild = new Map<number, ChildWaiting>();
  for (let k = 0; k < end; k++) {
    if (w.station[k] !== s || (include && include[w.row[k]!] !== 1)) continue;
    const waited = stayWaitAt(w, k, day);
    if (waited < 0) continue;
    const c = w.child[k]!;
    const known = byChild.get(c);
    if (!known) byChild.set(c, { child: c, waitedDays: waited, starts: 1 });
    else {
      known.starts++;
      if (waited > known.waitedDays) known.waitedDays = waited;
    }
  }
  return [...byChild.values()].sort((a, b) => b.waitedDays - a.waitedDays || a.child - b.child);
}

/**
 * One step of a child up to a day: a stay at a station, as stationsAt counts it (a period from its start
 * to the end the metrics pair with it; any other step from the child's arrival to its next move).
 */
export interface ChildStep {
  station: number;
  /** the day the step began */
  sinceDay: number;
  /** the day it ended, or null when it is still open at the end of the day asked about */
  endDay: number | null;
  /** calendar days it took (endDay − sinceDay), or, when open, days waited so far (stayWaitAt) */
  days: number;
  /**
   * days (by the day asked about) of ends of its kind recorded while it was open that the metrics pair
   * with no start (filed under another episode): it stayed open, as the metrics count it
   */
  unpairedEnds: number[];
}

/**
 * Every step `child` began by the end of `day` (every cohort: the child is named), in the order they
 * began: those over by then with their end and length, those still open with their days so far, exactly
 * as stationsAt and childrenAt count them. The journey panel's rows and its "waiting now" line, so a
 * child's timeline, the station's list and the stations' numbers are one answer; no date after `day`.
 */
export function waitsOfChild(w: Whereabouts, child: number, day: number): ChildStep[] {
  const end = startedBy(w, day);
  const out: ChildStep[] = [];
  for (let k = 0; k < end; k++) {
    if (w.child[k] !== child) continue;
    const waited = stayWaitAt(w, k, day);
    const sinceDay = w.startDay[k]!;
    const unpairedEnds: number[] = [];
    for (let u = 0; u < w.unpaired.row.length; u++) if (w.unpaired.row[u] === w.row[k] && w.unpaired.day[u]! <= day) unpairedEnds.push(w.unpaired.day[u]!);
    if (waited >= 0) out.push({ station: w.station[k]!, sinceDay, endDay: null, days: waited, unpairedEnds });
    else out.push({ station: w.station[k]!, sinceDay, endDay: w.endDay[k]!, days: w.endDay[k]! - sinceDay, unpairedEnds });
  }
  // Stays are sorted by start (stably); on one day, the station the child reached first comes first as the walk gave it.
  return out;
}

/**
 * A place by id in a stations answer: a station, or a part of a split one (S47_OPEN, AWAITING_ICPC). The
 * flow view's work in progress names its series so, the Section 47 station by its two parts.
 */
export function placeOf<T extends { id: string; parts?: readonly T[] | undefined }>(stations: readonly T[], id: string): T | undefined {
  for (const s of stations) {
    if (s.id === id) return s;
    const part = s.parts?.find((p) => p.id === id);
    if (part) return part;
  }
  return undefined;
}
