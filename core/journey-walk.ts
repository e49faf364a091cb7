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
//   A CIN plan or early help also ends at the first later case_closed of its episode (the same episode
//   id, or both linked to the same referral, or both of none): a closed case has no plan or help still
//   running, and the metrics read neither, so nothing holds them open. Assessments, CP plans and care
//   end only at their paired end, as the metrics count them open.
// - An S47 enquiry is held like a period, from its start until it concludes: the first later event of
//   its episode that is its end with outcome cin or nfa (no conference follows), an ICPC, another S47,
//   the start of a CP plan, CIN plan or care (the child has moved on, conference recorded or not), or
//   the case's closure; or the child's next referral of another episode (the episode is over). An end
//   with outcome icpc or blank (the grammar's "awaiting conference") leaves the child waiting at
//   Section 47 until one of those: the 15 working days target runs from the S47's start to its ICPC.
//   A concluded S47 releases the dot as a period's end does (below).
// - A position: any other event that brings the dot to a station (contact, referral, strategy, ICPC)
//   opens a stay there until the dot leaves, or another such event visits the station again (the
//   wait restarts). It is not counted while the child holds a period at the same station (no child is
//   counted twice at one station for one step). An ICPC deciding no plan has nothing to wait for: it
//   releases the dot at once.
//
// The dot is where the child's latest step took it. It waits at that station while the step is open:
// - a position ends with the next move;
// - a period that ends (its paired end) releases the dot: at the end of that day it goes back to the
//   child's most recent period still open elsewhere (a CP plan ends while in care: back to Looked
//   after); with none open it travels, in transit and counted nowhere, to the child's next step when
//   that step is in the same referral episode; otherwise it leaves the map where it is.
// - an end (of a period or an S47) whose step did not hold the dot moves nobody: an assessment ending
//   NFA or early help while the child is on a CP plan leaves the dot at CP plan;
// - a child who reaches an exit (NFA, Closed) with a period still open elsewhere re-enters the map at
//   that period's station at the end of the day.
// A move between two stations no segment joins (tracks.ts) is not drawn along a line: the dot leaves
// the first station and appears at the second.
//
// Order within a day: a child's events are walked by date, then time of day, then the process's order
// (SAME_DAY_RANK), then (events of one kind) a step ending at an exit before one that goes on, then
// outcome and source, never by their order in the file: an extract sorted by child, date and event name
// and one in case-system order give the same moves and the same counts. A day on which some of the
// child's events have a time and others only the date is walked in the process's order alone (times
// ignored, as the metrics ignore them), so an untimed CP plan start never comes before that day's
// timed S47 and conference. An end paired with a start of
// the same day comes right after that start (an assessment opened and closed on one day).
//
// Times are seconds since the start of `originDay`: (day − originDay) × 86400 + max(seconds, 0); every
// move of a child arrives at least 60 s after its previous one, so same-day steps keep that order.
import type { EventTable } from './event-table.js';
import { EV, EVENT_TYPES, OUTCOME_CODES, outcomeCode, outcomeName } from './events.js';
import { contactStations, findRule, type MapDefinition } from './map-schema.js';
import { NEVER, PAIRED_EVENTS, type PreparedMetrics } from './metrics.js';
import { computeTracks, segmentKey } from './tracks.js';
import { sameDayRank } from './same-day-order.js';

/** `from` of a move by which a child appears on the map. */
export const ENTRY = 255;
/** endDay of a stay still open at the end of the data. */
export const OPEN = NEVER;

export const SAME_MOMENT_GAP = 60;
const DAY = 86400;
const MAX_TRIP = 255;
const OUTCOME_KEYS = OUTCOME_CODES.length + 1;
const OUTCOME_ICPC = outcomeCode('icpc');
const OUTCOME_NO_PLAN = outcomeCode('no_plan');

export { SAME_DAY_RANK } from './same-day-order.js';

export interface WalkSink {
  /**
   * A move of the dot. `from` = ENTRY: it appears at `to` (depart = leave = arrive). `from` = `to`: it
   * leaves the map from that station at `arrive`. Otherwise it waits at `from` from `depart` (when it
   * arrived there) until `leave`, then travels to `to`, arriving at `arrive`. `row` is the event row
   * whose cohort the dot carries from then on (the step it arrives at, or the one it leaves).
   */
  move(child: number, trip: number, from: number, to: number, depart: number, leave: number, arrive: number, row: number): void;
  /**
   * A counted stay of `child` at `station`: open at the end of days startDay … endDay − 1; `row` decides
   * its cohort. `stale`: the part of a contact's wait past its station's staleAfterDays, not counted as
   * waiting (the dot has left the map) but reported as past the horizon. `awaitingFrom`: for an S47
   * enquiry, the day of its first end with outcome icpc or blank (the grammar's "awaiting conference")
   * before it concludes, from which the child is awaiting an ICPC (the dot stays at the S47's station);
   * OPEN when it has none.
   */
  stay(station: number, startDay: number, endDay: number, row: number, child: number, stale?: boolean, awaitingFrom?: number): void;
  /**
   * An end the metrics pair with no start (recorded under another episode than the open start of its
   * kind, metrics.md "Durations") on `day`, while the period begun at `periodRow` is open: that period
   * stays open, as the metrics count it.
   */
  unpaired?(periodRow: number, day: number): void;
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
  /** per station where a contact waits for a referral (map-schema.ts contactStations): its staleAfterDays; -1 elsewhere or without one */
  readonly staleAfter: Int32Array;
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
  const waitsForReferral = contactStations(map);
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
    staleAfter: Int32Array.from(map.stations, (s) => (waitsForReferral.has(s.id) ? (s.staleAfterDays ?? -1) : -1)),
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
  /** the row that concludes it (an S47's), or -1 when the metrics' pairing ends it */
  endRow: number;
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
  /** the child's rows in walking order (canonicalOrder) */
  private rows = new Int32Array(64);
  /**
   * per row: its sort key within its day and time: 2 × (2 × rank, + 1 for an end after its same-day
   * start), + 1 for a step that goes on (its rule does not end at an exit)
   */
  private readonly sameDayKey: Uint16Array;
  /** per row: the time of day it is walked by (-1 for every event of a day that mixes timed and untimed ones) */
  private readonly walkSeconds: Int32Array;
  /** per S47 start row: the row that concludes it, or -1 */
  private readonly concludedBy: Int32Array;
  /** per S47 start row: the day of its first end awaiting a conference (outcome icpc or blank) before it concludes, or OPEN */
  private readonly awaitingFrom: Int32Array;
  /** per end type of PAIRED_EVENTS: its start type */
  private readonly startTypeOf = new Int16Array(EVENT_TYPES.length).fill(-1);
  /** the data's last day: a contact passing its horizon after it has not passed it in the data */
  private readonly lastDay: number;

  constructor(
    private readonly table: EventTable,
    private readonly compiled: CompiledMap,
    private readonly prepared: PreparedMetrics,
    private readonly originDay: number,
    private readonly sink: WalkSink,
  ) {
    const S = compiled.stationCount;
    this.sameDayKey = new Uint16Array(table.length);
    this.walkSeconds = new Int32Array(table.length);
    this.concludedBy = new Int32Array(table.length).fill(-1);
    this.awaitingFrom = new Int32Array(table.length).fill(OPEN);
    for (const [start, end] of PAIRED_EVENTS) this.startTypeOf[end] = start;
    this.lastDay = lastDayOf(table);
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
    if (this.positionRow >= 0) {
      const expiry = this.contactExpiry();
      if (expiry >= 0 && endDay > expiry) {
        this.sink.stay(this.current, this.positionStart, expiry, this.positionRow, this.c);
        this.sink.stay(this.current, expiry, endDay, this.positionRow, this.c, true);
      } else this.sink.stay(this.current, this.positionStart, endDay, this.positionRow, this.c);
    }
    this.positionRow = -1;
  }

  /**
   * While the dot waits at a station on a contact (a position, no period holding it): the first day at
   * whose end the wait is past the station's staleAfterDays, else -1. A contact belongs to no referral
   * episode and nothing but a referral moves it on, so a contact whose referral never came is not a
   * child waiting at the front door: past the horizon it is reported as such and no longer counted.
   */
  private contactExpiry(): number {
    if (this.current < 0 || this.positionRow < 0 || this.ownerIsPeriod || this.released >= 0) return -1;
    if (this.table.type[this.positionRow] !== EV.contact) return -1;
    const horizon = this.compiled.staleAfter[this.current]!;
    return horizon < 0 ? -1 : this.positionStart + horizon + 1;
  }

  /** A contact's wait past its horizon by `beforeDay`: its stay stops counting and the dot leaves the map then (back to a period still open, if any). */
  private expireContact(beforeDay: number): void {
    const expiry = this.contactExpiry();
    // Past the data's last day nothing is known: no move may fall after it (the timeline ends there).
    if (expiry < 0 || beforeDay <= expiry || expiry > this.lastDay) return;
    this.closePosition(beforeDay);
    this.leaveMap((expiry - this.originDay) * DAY);
    const back = this.open[this.open.length - 1];
    if (!back) return;
    this.reenterAt(back, this.nextTime((expiry - this.originDay) * DAY));
  }

  /** A child off the map with a period still open comes back onto the map at that period's station. */
  private reenterAt(back: Period, time: number): void {
    this.move(ENTRY, back.station, time, time, time, back.row);
    this.current = back.station;
    this.arrivedAt = time;
    this.owner = back.row;
    this.ownerIsPeriod = true;
    this.released = -1;
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
      // No segment joins them: leave here, appear there (same trip). A validated map has a segment for
      // every move its rules can produce, so only a map that skipped validation gets here.
      this.move(this.current, this.current, this.arrivedAt, leave, leave, this.owner);
      if (!this.compiled.isExit[s]) this.move(ENTRY, s, time, time, time, row);
      this.lastTime = time;
    }
  }

  /** Whether an end paired with the start at walking position k was walked before it, on its day. */
  private endedEarlierToday(k: number): boolean {
    const { day } = this.table;
    const startRow = this.rows[k]!;
    for (let j = k - 1; j >= 0 && day[this.rows[j]!] === day[startRow]; j--) if (this.prepared.pairedStart[this.rows[j]!] === startRow) return true;
    return false;
  }

  /**
   * Puts the child's rows [lo, hi) in walking order: date, time, then SAME_DAY_RANK (an end paired with
   * a start of its day and time right after it), then, for events of one kind, those whose rule ends at
   * an exit before those that go on (two contacts of a day, one NFA and one referred: the child is
   * shown waiting for the referral whichever the file lists first), then outcome and source. Rows arrive
   * sorted by date and time, so an insertion sort within each day is close to linear.
   */
  private canonicalOrder(lo: number, hi: number): number {
    const { type, day, outcome, source } = this.table;
    const { pairedStart } = this.prepared;
    const n = hi - lo;
    if (this.rows.length < n) this.rows = new Int32Array(Math.max(n, this.rows.length * 2));
    const rows = this.rows;
    const key = this.sameDayKey;
    // A day whose events mix times of day and dates alone is walked in the process's order alone: an
    // untimed event has no place among the timed ones, and putting it first walked journeys backwards.
    const seconds = this.walkSeconds;
    for (let i = lo; i < hi; ) {
      let j = i;
      let timed = false;
      let untimed = false;
      for (; j < hi && day[j] === day[i]; j++) {
        if (this.table.seconds[j]! < 0) untimed = true;
        else timed = true;
      }
      for (let r = i; r < j; r++) seconds[r] = timed && untimed ? -1 : this.table.seconds[r]!;
      i = j;
    }
    const { start: ruleStart, end: ruleEnd, stations: ruleStations, isExit } = this.compiled;
    for (let i = lo; i < hi; i++) {
      const start = pairedStart[i]!;
      const rank = start >= 0 && day[start] === day[i] && seconds[start] === seconds[i] ? 2 * sameDayRank(type[start]!) + 1 : 2 * sameDayRank(type[i]!);
      const rule = type[i]! * OUTCOME_KEYS + outcome[i]!;
      const goesOn = ruleEnd[rule]! > ruleStart[rule]! && !isExit[ruleStations[ruleEnd[rule]! - 1]!] ? 1 : 0;
      key[i] = 2 * rank + goesOn;
    }
    // Rows of one kind at one moment: by outcome, then source, and only rows alike in all of these keep
    // table order (which is file order), so the walk never depends on how the file was sorted.
    const after = (p: number, i: number): boolean =>
      key[p]! > key[i]! || (key[p] === key[i] && (outcome[p]! > outcome[i]! || (outcome[p] === outcome[i] && source[p]! > source[i]!)));
    for (let k = 0; k < n; k++) {
      const i = lo + k;
      let j = k;
      while (j > 0) {
        const p = rows[j - 1]!;
        if (day[p] !== day[i] || seconds[p] !== seconds[i] || !after(p, i)) break;
        rows[j] = p;
        j--;
      }
      rows[j] = i;
    }
    return n;
  }

  /**
   * For each S47 start of the child: the first later row of its episode that concludes it; for each CIN
   * plan or early help start: the first later case_closed of its episode (see the header).
   */
  private concludeSteps(n: number): void {
    const { type, outcome, episode } = this.table;
    for (let k = 0; k < n; k++) {
      const i = this.rows[k]!;
      if (type[i] === EV.cin_plan_start || type[i] === EV.early_help_start) {
        this.concludedBy[i] = -1;
        for (let j = k + 1; j < n; j++) {
          const r = this.rows[j]!;
          if (type[r] === EV.case_closed && episode[r] === episode[i]) {
            this.concludedBy[i] = r;
            break;
          }
        }
        continue;
      }
      if (type[i] !== EV.s47_start) continue;
      this.concludedBy[i] = -1;
      this.awaitingFrom[i] = OPEN;
      for (let j = k + 1; j < n; j++) {
        const r = this.rows[j]!;
        const t = type[r]!;
        // An end with a conference to come: the enquiry is over, the child awaits the ICPC (still at its station).
        if (t === EV.s47_end && episode[r] === episode[i] && (outcome[r] === 0 || outcome[r] === OUTCOME_ICPC) && this.awaitingFrom[i] === OPEN) this.awaitingFrom[i] = this.table.day[r]!;
        // A later referral of another episode: the S47's episode is over.
        if (t === EV.referral && episode[r] !== episode[i]) {
          this.concludedBy[i] = r;
          break;
        }
        if (episode[r] !== episode[i]) continue;
        const o = outcome[r]!;
        if (
          (t === EV.s47_end && o !== 0 && o !== OUTCOME_ICPC) ||
          t === EV.icpc ||
          t === EV.s47_start ||
          t === EV.case_closed ||
          t === EV.cp_plan_start ||
          t === EV.cin_plan_start ||
          t === EV.cla_start
        ) {
          this.concludedBy[i] = r;
          break;
        }
      }
    }
  }

  walk(c: number): void {
    const { type, outcome, day, episode } = this.table;
    const { start: ruleStart, end: ruleEnd, stations: ruleStations, isExit, pairRole } = this.compiled;
    const { firstPairedEndDay, pairedStart } = this.prepared;
    const lo = this.table.childStart[c]!;
    const hi = this.table.childStart[c + 1]!;
    const n = this.canonicalOrder(lo, hi);
    this.concludeSteps(n);
    const rows = this.rows;
    const concludedBy = this.concludedBy;
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

    for (let k = 0; k < n; k++) {
      const i = rows[k]!;
      const t = type[i]!;
      this.expireContact(day[i]!);
      // A paired end (or an S47's conclusion) closes its period; the dot that period held is released.
      const pairedWith = pairRole[t] === 2 ? pairedStart[i]! : -1;
      if (pairRole[t] === 2 && pairedWith < 0 && this.sink.unpaired) {
        const startType = this.startTypeOf[t]!;
        for (let p = open.length - 1; p >= 0; p--) {
          if (type[open[p]!.row] !== startType) continue;
          this.sink.unpaired(open[p]!.row, day[i]!);
          break;
        }
      }
      for (let p = open.length - 1; p >= 0; p--) {
        const period = open[p]!;
        if (period.endRow !== i && period.row !== pairedWith) continue;
        open.splice(p, 1);
        if (this.current >= 0 && this.ownerIsPeriod && this.owner === period.row && this.released < 0) this.released = this.nextTime(this.timeOf(i));
        if (period.row === pairedWith) break;
      }

      const key = t * OUTCOME_KEYS + outcome[i]!;
      const first = ruleStart[key]!;
      const last = ruleEnd[key]!;
      const isS47 = t === EV.s47_start;
      const opensPeriod = (pairRole[t] === 1 || isS47) && last > first && !isExit[ruleStations[last - 1]!];
      // An end whose step did not hold the dot (an assessment ending NFA while the child is on a CP plan
      // or in care) moves nobody: the child stays with the step that holds them.
      const heldElsewhere: boolean = (pairRole[t] === 2 || t === EV.s47_end) && this.current >= 0 && this.ownerIsPeriod && this.released < 0;
      for (let r: number = heldElsewhere ? last : first; r < last; r++) {
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
        const closable = t === EV.cin_plan_start || t === EV.early_help_start;
        const endRow = isS47 || closable ? concludedBy[i]! : -1;
        const closedDay = endRow < 0 ? OPEN : day[endRow]!;
        if (isS47) this.sink.stay(s, day[i]!, closedDay, i, c, false, Math.min(this.awaitingFrom[i]!, closedDay));
        else this.sink.stay(s, day[i]!, Math.min(firstPairedEndDay[i]!, closedDay), i, c);
        // Its end may be walked before it on the same date (an end timed earlier than its start): then it ends at once.
        if (isS47 || firstPairedEndDay[i]! > day[i]! || !this.endedEarlierToday(k)) open.push({ row: i, station: s, endRow });
        else if (this.current === s && this.owner === i && this.released < 0) this.released = this.nextTime(this.timeOf(i));
      }
      // A conference deciding no plan: nothing to wait for at ICPC.
      if (t === EV.icpc && outcome[i] === OUTCOME_NO_PLAN && this.current >= 0 && this.owner === i && !this.ownerIsPeriod && this.released < 0) {
        this.closePosition(day[i]!);
        this.released = this.lastTime;
      }

      // At the end of the child's day: a released dot goes back to the latest period still open; a
      // child off the map with a period open comes back at its station.
      if (k + 1 < n && day[rows[k + 1]!] === day[i]) continue;
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
        this.reenterAt(back, this.nextTime(this.timeOf(i)));
      }
    }
    this.expireContact(OPEN);
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

/** The data's last day (the latest event's date); -Infinity for no events. */
export function lastDayOf(table: EventTable): number {
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) if (table.day[i]! > last) last = table.day[i]!;
  return last;
}

