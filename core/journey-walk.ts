// One child's events walked in order, as the map shows them: where the child's dot goes (moves) and
// which steps count as open at each station (stays). The journey builder (journeys.ts) keeps the moves
// and "who is where" (whereabouts.ts) keeps the stays, so the dots and the counts come from one walk.
//
// Stays, counted at the end of a day T when startDay ≤ T < endDay (after every event dated T):
// - A period: a start event of metrics.ts PAIRED_EVENTS (assessment, CP plan, care, CIN plan, early
//   help) whose rule visits a station opens a stay at the rule's last station, from its date until the
//   first end the metrics pair with it (PreparedMetrics.firstPairedEndDay, never a second pairing). So
//   the looked-after count is exactly the metrics' open_at_end.cla, and CP plan open_at_end.cp_plan.
//   A child can hold periods at two stations at once (a CP plan while looked after) and counts at both.
// - A position: any other event that brings the dot to a station (contact, referral, strategy, S47,
//   ICPC) opens a stay there until the dot leaves, or another such event visits the station again (the
//   wait restarts). It is not counted while the child holds a period at the same station (no child is
//   counted twice at one station for one step).
//
// The dot is where the child's latest step took it. It waits at that station while the step is open:
// - a position ends with the next move;
// - a period that ends (its paired end) releases the dot: at the end of that day it goes back to the
//   child's most recent period still open elsewhere (a CP plan ends while in care: back to Looked
//   after); with none open it travels, in transit and counted nowhere, to the child's next step when
//   that step is in the same referral episode; otherwise it leaves the map where it is.
// - a child who reaches an exit (NFA, Closed) with a period still open elsewhere re-enters the map at
//   that period's station at the end of the day.
// A move between two stations no segment joins (tracks.ts) is not drawn along a line: the dot leaves
// the first station and appears at the second.
//
// Times are seconds since the start of `originDay`: (day − originDay) × 86400 + max(seconds, 0); every
// move of a child arrives at least 60 s after its previous one, so same-day steps keep file order.
import type { EventTable } from './event-table.js';
import { EVENT_TYPES, OUTCOME_CODES, outcomeName } from './events.js';
import { findRule, type MapDefinition } from './map-schema.js';
import { NEVER, PAIRED_EVENTS, type PreparedMetrics } from './metrics.js';
import { computeTracks, segmentKey } from './tracks.js';

/** `from` of a move by which a child appears on the map. */
export const ENTRY = 255;
/** endDay of a stay still open at the end of the data. */
export const OPEN = NEVER;

export const SAME_MOMENT_GAP = 60;
const DAY = 86400;
const MAX_TRIP = 255;
const OUTCOME_KEYS = OUTCOME_CODES.length + 1;

export interface WalkSink {
  /**
   * A move of the dot. `from` = ENTRY: it appears at `to` (depart = leave = arrive). `from` = `to`: it
   * leaves the map from that station at `arrive`. Otherwise it waits at `from` from `depart` (when it
   * arrived there) until `leave`, then travels to `to`, arriving at `arrive`. `row` is the event row
   * whose cohort the dot carries from then on (the step it arrives at, or the one it leaves).
   */
  move(child: number, trip: number, from: number, to: number, depart: number, leave: number, arrive: number, row: number): void;
  /** A counted stay at `station`: open at the end of days startDay … endDay − 1; `row` decides its cohort. */
  stay(station: number, startDay: number, endDay: number, row: number): void;
}

/** The map compiled for walking: rule lookup by (event, outcome), exits, segments, paired starts. */
export interface CompiledMap {
  readonly stationCount: number;
  /** per key type * OUTCOME_KEYS + outcome: first index into `stations`, or -1 when no rule matches */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly stations: Uint8Array;
  readonly isExit: Uint8Array;
  /** segmentKey(a, b) of every pair a segment joins */
  readonly joined: ReadonlySet<number>;
  /** per event type: 1 for the start of a paired period, 2 for its end */
  readonly pairRole: Uint8Array;
}

export function compileMap(map: MapDefinition): CompiledMap {
  const index = new Map(map.stations.map((s, i) => [s.id, i]));
  const start = new Int32Array(EVENT_TYPES.length * OUTCOME_KEYS).fill(-1);
  const end = new Int32Array(EVENT_TYPES.length * OUTCOME_KEYS).fill(-1);
  const flat: number[] = [];
  EVENT_TYPES.forEach((event, t) => {
    for (let o = 0; o < OUTCOME_KEYS; o++) {
      const rule = map.rules[findRule(map.rules, event, outcomeName(o))];
      if (!rule) continue;
      start[t * OUTCOME_KEYS + o] = flat.length;
      for (const id of rule.stations) {
        const s = index.get(id);
        if (s === undefined) throw new Error(`map ${map.id}: a rule for ${event} visits unknown station "${id}"`);
        flat.push(s);
      }
      end[t * OUTCOME_KEYS + o] = flat.length;
    }
  });
  const pairRole = new Uint8Array(EVENT_TYPES.length);
  for (const [startType, endType] of PAIRED_EVENTS) {
    pairRole[startType] = 1;
    pairRole[endType] = 2;
  }
  return {
    stationCount: map.stations.length,
    start,
    end,
    stations: Uint8Array.from(flat),
    isExit: Uint8Array.from(map.stations, (s) => (s.kind === 'exit' ? 1 : 0)),
    joined: new Set(computeTracks(map).segments.keys()),
    pairRole,
  };
}

/** Throws, naming the event, outcome and row, when some event of the table matches no rule of the map. */
export function checkRulesCover(table: EventTable, compiled: CompiledMap, mapId: string): void {
  for (let i = 0; i < table.length; i++) {
    if (compiled.start[table.type[i]! * OUTCOME_KEYS + table.outcome[i]!]! < 0) {
      throw new Error(`map ${mapId} has no rule for event ${EVENT_TYPES[table.type[i]!]} with outcome ${outcomeName(table.outcome[i]!) ?? 'blank'} (event row ${i})`);
    }
  }
}

interface Period {
  row: number;
  station: number;
}

/**
 * Walks child `c`. `originDay` anchors the times; `prepared` gives the metrics' pairing of starts and
 * ends. Stays are reported for every child; moves only when `sink.move` is wanted (both always are).
 */
export function walkChild(table: EventTable, compiled: CompiledMap, prepared: PreparedMetrics, originDay: number, c: number, sink: WalkSink): void {
  const { type, outcome, day, seconds, episode } = table;
  const { start: ruleStart, end: ruleEnd, stations: ruleStations, isExit, joined, pairRole } = compiled;
  const { firstPairedEndDay, pairedStart } = prepared;
  const lo = table.childStart[c]!;
  const hi = table.childStart[c + 1]!;

  let current = -1;
  let arrivedAt = 0;
  let lastTime = -1;
  let trip = 1;
  /** row owning the dot's position; `ownerIsPeriod` when that row's period holds it there */
  let owner = -1;
  let ownerIsPeriod = false;
  /** when the owning period ended (seconds), or -1 while it is open */
  let released = -1;
  /** the position stay being counted at `current` (not while a period holds the station) */
  let positionRow = -1;
  let positionStart = 0;
  const open: Period[] = [];

  const timeOf = (i: number) => (day[i]! - originDay) * DAY + (seconds[i]! > 0 ? seconds[i]! : 0);
  const nextTime = (t: number) => (lastTime < 0 || t >= lastTime + SAME_MOMENT_GAP ? t : lastTime + SAME_MOMENT_GAP);
  const closePosition = (endDay: number) => {
    if (positionRow >= 0) sink.stay(current, positionStart, endDay, positionRow);
    positionRow = -1;
  };
  const openPeriodAt = (s: number): Period | undefined => {
    for (let k = open.length - 1; k >= 0; k--) if (open[k]!.station === s) return open[k];
    return undefined;
  };
  /** The dot is now at `s` because of row i (a period's start when `isPeriod`). */
  const takePosition = (s: number, i: number, isPeriod: boolean) => {
    released = -1;
    const period = isPeriod ? null : openPeriodAt(s);
    if (isPeriod || period) {
      owner = isPeriod ? i : period!.row;
      ownerIsPeriod = true;
    } else {
      owner = i;
      ownerIsPeriod = false;
      positionRow = i;
      positionStart = day[i]!;
    }
  };
  const leaveMap = (from: number, leaveTime: number, countsAsTripEnd: boolean) => {
    const t = Math.max(leaveTime, lastTime);
    sink.move(c, trip, from, from, arrivedAt, t, t, owner);
    lastTime = t;
    current = -1;
    owner = -1;
    released = -1;
    if (countsAsTripEnd && trip < MAX_TRIP) trip++;
  };
  /** Moves (or jumps) the dot from `current` to `s` at `time`, waiting at `current` until `leaveTime`. */
  const travel = (s: number, time: number, leaveTime: number, row: number) => {
    if (joined.has(segmentKey(current, s))) {
      sink.move(c, trip, current, s, arrivedAt, Math.min(leaveTime, time), time, row);
    } else {
      // No segment joins them: leave here, appear there (same trip).
      sink.move(c, trip, current, current, arrivedAt, Math.min(leaveTime, time), Math.min(leaveTime, time), owner);
      if (!isExit[s]) sink.move(c, trip, ENTRY, s, time, time, time, row);
    }
    lastTime = time;
  };

  for (let i = lo; i < hi; i++) {
    const t = type[i]!;
    // A paired end closes its start's period; the dot that period held is released.
    if (pairRole[t] === 2) {
      const r = pairedStart[i]!;
      const k = open.findIndex((p) => p.row === r);
      if (k >= 0) {
        open.splice(k, 1);
        if (current >= 0 && ownerIsPeriod && owner === r && released < 0) released = nextTime(timeOf(i));
      }
    }

    const key = t * OUTCOME_KEYS + outcome[i]!;
    const first = ruleStart[key]!;
    const last = ruleEnd[key]!;
    const opensPeriod = pairRole[t] === 1 && last > first && !isExit[ruleStations[last - 1]!];
    for (let r = first; r < last; r++) {
      const s = ruleStations[r]!;
      const isPeriod = opensPeriod && r === last - 1;
      if (s === current) {
        // Already here: no move, but this event now owns the position (a repeat visit restarts the wait).
        if (isPeriod || released >= 0 || !ownerIsPeriod) {
          closePosition(day[i]!);
          takePosition(s, i, isPeriod);
        }
        continue;
      }
      if (current < 0) {
        if (isExit[s]) continue; // a trip never starts at an exit
        const time = nextTime(timeOf(i));
        sink.move(c, trip, ENTRY, s, time, time, time, i);
        lastTime = time;
      } else {
        const time = nextTime(timeOf(i));
        closePosition(day[i]!);
        if (released >= 0 && (episode[i]! < 0 || episode[i] !== episode[owner])) {
          // The step ended and what follows belongs to another episode: the dot left when it ended.
          leaveMap(current, released, true);
          if (isExit[s]) continue;
          sink.move(c, trip, ENTRY, s, time, time, time, i);
          lastTime = time;
        } else {
          travel(s, time, released >= 0 ? released : time, i);
        }
      }
      if (isExit[s]) {
        current = -1;
        owner = -1;
        released = -1;
        if (trip < MAX_TRIP) trip++;
      } else {
        current = s;
        arrivedAt = lastTime;
        takePosition(s, i, isPeriod);
      }
    }
    if (opensPeriod) {
      const s = ruleStations[last - 1]!;
      sink.stay(s, day[i]!, firstPairedEndDay[i]!, i);
      // Its end may be listed before it on the same date: then it ends at once.
      if (firstPairedEndDay[i]! > day[i]! || !endedEarlierToday(i)) open.push({ row: i, station: s });
      else if (current === s && owner === i && released < 0) released = nextTime(timeOf(i));
    }

    // At the end of the child's day: a released dot goes back to the latest period still open; a
    // child off the map with a period open comes back at its station.
    if (i + 1 < hi && day[i + 1] === day[i]) continue;
    const back = open[open.length - 1];
    if (!back) continue;
    if (current >= 0 && released >= 0) {
      if (back.station === current) {
        owner = back.row;
        released = -1;
      } else {
        const time = nextTime(released);
        travel(back.station, time, released, back.row);
        current = back.station;
        arrivedAt = time;
        owner = back.row;
        ownerIsPeriod = true;
        released = -1;
      }
    } else if (current < 0) {
      const time = nextTime(timeOf(i));
      sink.move(c, trip, ENTRY, back.station, time, time, time, back.row);
      lastTime = time;
      current = back.station;
      arrivedAt = time;
      owner = back.row;
      ownerIsPeriod = true;
      released = -1;
    }
  }
  if (current >= 0 && released >= 0) leaveMap(current, released, true);
  else if (current >= 0) closePosition(OPEN);

  function endedEarlierToday(startRow: number): boolean {
    for (let j = startRow - 1; j >= lo && day[j] === day[startRow]; j--) if (pairedStart[j] === startRow) return true;
    return false;
  }
}

/** Earliest event day of a table (0 when empty), the origin of move times. */
export function originDayOf(table: EventTable): number {
  let origin = table.length > 0 ? table.day[0]! : 0;
  for (let i = 1; i < table.length; i++) if (table.day[i]! < origin) origin = table.day[i]!;
  return origin;
}

