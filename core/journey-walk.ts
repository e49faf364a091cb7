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
 * Walks children one at a time (`walk(c)`), reporting to `sink`. `originDay` anchors the times;
 * `prepared` gives the metrics' pairing of starts and ends. One walker serves a whole table: its state
 * lives in fields, reset per child, so the hot loop allocates almost nothing.
 */
export class JourneyWalker {
  private readonly joined: Uint8Array;
  private c = 0;
  private current = -1;
  private arrivedAt = 0;
  private lastTime = -1;
  private trip = 1;
  /** row owning the dot's position; `ownerIsPeriod` when that row's period holds it there */
  private owner = -1;
  private ownerIsPeriod = false;
  /** when the owning period ended (seconds), or -1 while it is open */
  private released = -1;
  /** the position stay being counted at `current` (not while a period holds the station) */
  private positionRow = -1;
  private positionStart = 0;
  private readonly open: Period[] = [];

  constructor(
    private readonly table: EventTable,
    private readonly compiled: CompiledMap,
    private readonly prepared: PreparedMetrics,
    private readonly originDay: number,
    private readonly sink: WalkSink,
  ) {
    const S = compiled.stationCount;
    this.joined = new Uint8Array(S * S);
    for (let a = 0; a < S; a++) for (let b = 0; b < S; b++) if (compiled.joined.has(segmentKey(a, b))) this.joined[a * S + b] = 1;
  }

  private timeOf(i: number): number {
    const s = this.table.seconds[i]!;
    return (this.table.day[i]! - this.originDay) * DAY + (s > 0 ? s : 0);
  }

  private nextTime(t: number): number {
    return this.lastTime < 0 || t >= this.lastTime + SAME_MOMENT_GAP ? t : this.lastTime + SAME_MOMENT_GAP;
  }

  private closePosition(endDay: number): void {
    if (this.positionRow >= 0) this.sink.stay(this.current, this.positionStart, endDay, this.positionRow);
    this.positionRow = -1;
  }

  private openPeriodAt(s: number): Period | undefined {
    for (let k = this.open.length - 1; k >= 0; k--) if (this.open[k]!.station === s) return this.open[k];
    return undefined;
  }

  /** The dot is now at `s` because of row i (a period's start when `isPeriod`). */
  private takePosition(s: number, i: number, isPeriod: boolean): void {
    this.released = -1;
    const period = isPeriod ? undefined : this.openPeriodAt(s);
    if (isPeriod || period) {
      this.owner = isPeriod ? i : period!.row;
      this.ownerIsPeriod = true;
    } else {
      this.owner = i;
      this.ownerIsPeriod = false;
      this.positionRow = i;
      this.positionStart = this.table.day[i]!;
    }
  }

  private move(from: number, to: number, depart: number, leave: number, arrive: number, row: number): void {
    this.sink.move(this.c, this.trip, from, to, depart, leave, arrive, row);
    this.lastTime = arrive;
  }

  private leaveMap(leaveTime: number): void {
    const t = Math.max(leaveTime, this.lastTime);
    this.move(this.current, this.current, this.arrivedAt, t, t, this.owner);
    this.current = -1;
    this.owner = -1;
    this.released = -1;
    if (this.trip < MAX_TRIP) this.trip++;
  }

  /** Moves (or jumps) the dot from `current` to `s` at `time`, waiting at `current` until `leaveTime`. */
  private travel(s: number, time: number, leaveTime: number, row: number): void {
    const leave = Math.min(leaveTime, time);
    if (this.joined[this.current * this.compiled.stationCount + s]) {
      this.move(this.current, s, this.arrivedAt, leave, time, row);
    } else {
      // No segment joins them: leave here, appear there (same trip).
      this.move(this.current, this.current, this.arrivedAt, leave, leave, this.owner);
      if (!this.compiled.isExit[s]) this.move(ENTRY, s, time, time, time, row);
      this.lastTime = time;
    }
  }

  private endedEarlierToday(startRow: number, lo: number): boolean {
    const { day } = this.table;
    for (let j = startRow - 1; j >= lo && day[j] === day[startRow]; j--) if (this.prepared.pairedStart[j] === startRow) return true;
    return false;
  }

  walk(c: number): void {
    const { type, outcome, day, episode } = this.table;
    const { start: ruleStart, end: ruleEnd, stations: ruleStations, isExit, pairRole } = this.compiled;
    const { firstPairedEndDay, pairedStart } = this.prepared;
    const lo = this.table.childStart[c]!;
    const hi = this.table.childStart[c + 1]!;
    const open = this.open;
    this.c = c;
    this.current = -1;
    this.arrivedAt = 0;
    this.lastTime = -1;
    this.trip = 1;
    this.owner = -1;
    this.ownerIsPeriod = false;
    this.released = -1;
    this.positionRow = -1;
    this.positionStart = 0;
    open.length = 0;

    for (let i = lo; i < hi; i++) {
      const t = type[i]!;
      // A paired end closes its start's period; the dot that period held is released.
      if (pairRole[t] === 2) {
        const r = pairedStart[i]!;
        const k = open.findIndex((p) => p.row === r);
        if (k >= 0) {
          open.splice(k, 1);
          if (this.current >= 0 && this.ownerIsPeriod && this.owner === r && this.released < 0) this.released = this.nextTime(this.timeOf(i));
        }
      }

      const key = t * OUTCOME_KEYS + outcome[i]!;
      const first = ruleStart[key]!;
      const last = ruleEnd[key]!;
      const opensPeriod = pairRole[t] === 1 && last > first && !isExit[ruleStations[last - 1]!];
      for (let r = first; r < last; r++) {
        const s = ruleStations[r]!;
        const isPeriod = opensPeriod && r === last - 1;
        if (s === this.current) {
          // Already here: no move, but this event now owns the position (a repeat visit restarts the wait).
          if (isPeriod || this.released >= 0 || !this.ownerIsPeriod) {
            this.closePosition(day[i]!);
            this.takePosition(s, i, isPeriod);
          }
          continue;
        }
        const time = this.nextTime(this.timeOf(i));
        if (this.current < 0) {
          if (isExit[s]) continue; // a trip never starts at an exit
          this.move(ENTRY, s, time, time, time, i);
        } else {
          this.closePosition(day[i]!);
          if (this.released >= 0 && (episode[i]! < 0 || episode[i] !== episode[this.owner])) {
            // The step ended and what follows belongs to another episode: the dot left when it ended.
            this.leaveMap(this.released);
            if (isExit[s]) continue;
            this.move(ENTRY, s, time, time, time, i);
          } else {
            this.travel(s, time, this.released >= 0 ? this.released : time, i);
          }
        }
        if (isExit[s]) {
          this.current = -1;
          this.owner = -1;
          this.released = -1;
          if (this.trip < MAX_TRIP) this.trip++;
        } else {
          this.current = s;
          this.arrivedAt = this.lastTime;
          this.takePosition(s, i, isPeriod);
        }
      }
      if (opensPeriod) {
        const s = ruleStations[last - 1]!;
        this.sink.stay(s, day[i]!, firstPairedEndDay[i]!, i);
        // Its end may be listed before it on the same date: then it ends at once.
        if (firstPairedEndDay[i]! > day[i]! || !this.endedEarlierToday(i, lo)) open.push({ row: i, station: s });
        else if (this.current === s && this.owner === i && this.released < 0) this.released = this.nextTime(this.timeOf(i));
      }

      // At the end of the child's day: a released dot goes back to the latest period still open; a
      // child off the map with a period open comes back at its station.
      if (i + 1 < hi && day[i + 1] === day[i]) continue;
      const back = open[open.length - 1];
      if (!back) continue;
      if (this.current >= 0 && this.released >= 0) {
        if (back.station !== this.current) {
          const time = this.nextTime(this.released);
          this.travel(back.station, time, this.released, back.row);
          this.current = back.station;
          this.arrivedAt = time;
        }
        this.owner = back.row;
        this.ownerIsPeriod = true;
        this.released = -1;
      } else if (this.current < 0) {
        const time = this.nextTime(this.timeOf(i));
        this.move(ENTRY, back.station, time, time, time, back.row);
        this.current = back.station;
        this.arrivedAt = time;
        this.owner = back.row;
        this.ownerIsPeriod = true;
        this.released = -1;
      }
    }
    if (this.current >= 0 && this.released >= 0) this.leaveMap(this.released);
    else if (this.current >= 0) this.closePosition(OPEN);
  }
}

/** Earliest event day of a table (0 when empty), the origin of move times. */
export function originDayOf(table: EventTable): number {
  let origin = table.length > 0 ? table.day[0]! : 0;
  for (let i = 1; i < table.length; i++) if (table.day[i]! < origin) origin = table.day[i]!;
  return origin;
}

