// When a dot's hops run within a day. Events are dated by day, so every move of a day happens at its
// 00:00; drawn at once, a child with two steps on one day would be two dots, and a dot still hopping
// into today's station would meet its own next move already waiting there. So a child's hops on one
// day run one after another from 00:00, each at most the shortest hop long and all done by 23:59:59
// (at the end of a day every dot stands where that day's numbers count it; an event with a time of
// day is shown arrived at that time when its turn allows), and a move's dot appears only once the hop
// that brought the child to its station has ended. Computed once per dataset load, read by the vertex
// shader (dot-shader.ts) and its CPU copy (dot-positions.ts) through `hopTimes`.
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';

const DAY = 86400;
/** Hop counts above this share the day's last places (a child with 64 steps on one day is not real). */
const MAX = 63;

/**
 * Per move, packed exactly in a float32: k + 64·n + 4096·b + 262144·nd, where k is the move's place
 * among its child's hops arriving on its arrival day, n their number, b the hops its child made on
 * its departure day before this move's dot appears (its previous hop's k + 1), nd their day's n. A hop
 * is a move between two stations (not an entry, not leaving the map).
 */
export function hopOrder(moves: MoveColumns, prev: Int32Array): Float32Array {
  const { from, to, arrive, depart } = moves;
  const count = moves.count;
  const isHop = (m: number) => from[m] !== ENTRY && from[m] !== to[m];
  const place = new Int32Array(count).fill(-1);
  const size = new Int32Array(count).fill(1);
  // The child's previous hop: same arrival day → the next place. Moves are in walk order per child.
  const previousHop = new Int32Array(count).fill(-1);
  for (let m = 0; m < count; m++) {
    let p = prev[m]!;
    while (p >= 0 && !isHop(p)) p = prev[p]!;
    previousHop[m] = p;
    if (!isHop(m)) continue;
    const sameDay = p >= 0 && Math.floor(arrive[p]! / DAY) === Math.floor(arrive[m]! / DAY);
    place[m] = sameDay ? place[p]! + 1 : 0;
  }
  // A day's size is its last hop's place + 1, handed back along the day's hops.
  for (let m = count - 1; m >= 0; m--) {
    if (!isHop(m)) continue;
    if (size[m] === 1 && place[m]! > 0) size[m] = place[m]! + 1;
    const p = previousHop[m]!;
    if (p >= 0 && place[m]! > 0) size[p] = size[m]!;
  }
  const packed = new Float32Array(count);
  for (let m = 0; m < count; m++) {
    // Any move (an entry of a new trip too) waits for the child's hops of its first day so far.
    const p = previousHop[m]!;
    const arrivedToday = p >= 0 && Math.floor(arrive[p]! / DAY) === Math.floor(depart[m]! / DAY);
    const k = Math.min(Math.max(place[m]!, 0), MAX);
    const n = Math.min(size[m]!, MAX + 1) - 1;
    const b = arrivedToday ? Math.min(place[p]! + 1, MAX) : 0;
    const nd = arrivedToday ? Math.min(size[p]!, MAX + 1) - 1 : 0;
    packed[m] = k + 64 * n + 4096 * b + 262144 * nd;
  }
  return packed;
}

export interface HopTimes {
  /** the dot is shown from here (after the hop that brought it to `from`) */
  appear: number;
  /**
   * it waits at `from` until here; when that is before `setOff` (its step ended on an earlier day than
   * its next step) it fades out in its place there, as a dot leaving the map does, and is off the map
   * until `setOff`
   */
  gone: number;
  /** it sets off from `from` here (from the station's own point after a time off the map), then travels */
  setOff: number;
  /** and is at `to` from here */
  arriveShown: number;
}

/** The length of each of n hops in a day, for the shortest hop `hop`: all n end by 23:59:59. */
const hopLength = (hop: number, n: number) => Math.min(hop, (DAY - 1) / n);

/**
 * When hop k of the n its child makes on a day is shown arrived, for an arrival at `at`: at its time
 * (events with a time of day), but no sooner than its turn and leaving room for the hops after it.
 */
function shownArrived(at: number, k: number, n: number, hop: number): number {
  const dayStart = Math.floor(at / DAY) * DAY;
  const h = hopLength(hop, n);
  return Math.min(Math.max(at, dayStart + (k + 1) * h), dayStart + DAY - 1 - (n - k - 1) * h);
}

/**
 * The times of move m's dot, given its packed hop order, the shortest hop and whether it leaves the
 * map from `from`. The shader's GLSL is this function line for line (dot-shader.ts).
 */
export function hopTimes(depart: number, leave: number, arrive: number, packed: number, hop: number, isLeave: boolean): HopTimes {
  const k = packed % 64;
  const n = (Math.floor(packed / 64) % 64) + 1;
  const b = Math.floor(packed / 4096) % 64;
  const nd = (Math.floor(packed / 262144) % 64) + 1;
  // The child's previous hop arrived on this move's first day: its dot is there from that hop's end.
  const appear = b > 0 ? Math.max(depart, shownArrived(depart, b - 1, nd, hop)) : depart;
  if (isLeave) {
    const t = Math.max(leave, appear);
    return { appear, gone: t, setOff: t, arriveShown: t };
  }
  const dayStart = Math.floor(arrive / DAY) * DAY;
  const shown = shownArrived(arrive, k, n, hop);
  // Its step ended on an earlier day than the next step: no dot creeps along the segment for the weeks
  // between (counted by no station). It leaves the map at the step's end, and comes back for a short
  // hop in its turn on the next step's date. Otherwise it waits and hops in its turn.
  const gone = leave < dayStart ? Math.max(leave, appear) : Math.max(appear, Math.min(shown - hopLength(hop, n), leave));
  const setOff = leave < dayStart ? Math.max(gone, shown - hopLength(hop, n)) : gone;
  return { appear, gone, setOff, arriveShown: Math.max(setOff, shown) };
}
