// Station numbers at a moment, from sorted typed arrays and binary search: children in transit towards
// a station, arrivals in the last week, the median time recent arrivals took to reach it, and the
// queue (children in transit from it). Indexed once per dataset; a query costs O(log n), except the
// median, which sorts the durations of the last 13 weeks' arrivals at one station.
import type { MoveColumns } from '../../../core/journeys.js';
import { ENTRY } from '../../../core/journeys.js';

const WEEK = 7 * 86400;
/** @default 13 weeks: the window of arrivals the median time to reach a station is taken over */
export const MEDIAN_WINDOW_SECONDS = 13 * WEEK;

export interface StationIndex {
  stationCount: number;
  /** per station: departures (sorted) and arrivals (sorted) of the moves arriving there, entries included */
  toDepart: Uint32Array[];
  toArrive: Uint32Array[];
  /** per station: arrival times of non-entry moves there (sorted) and their durations in the same order */
  reachArrive: Uint32Array[];
  reachDuration: Uint32Array[];
  /** per station: departures and arrivals (each sorted) of the moves leaving it */
  fromDepart: Uint32Array[];
  fromArrive: Uint32Array[];
}

export interface StationCounts {
  inTransitTowards: number;
  arrivedThisWeek: number;
  /** median seconds from the previous station, over arrivals in the last 13 weeks; null when none */
  medianSecondsToReach: number | null;
  /** children in transit from the station: the queue its badge shows */
  queue: number;
}

/** Number of values ≤ x in an ascending array (upper bound). */
export function countAtMost(sorted: Uint32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function groupBy(keys: Uint8Array, count: number, stationCount: number, keep: (i: number) => boolean): Uint32Array[] {
  const sizes = new Uint32Array(stationCount);
  for (let i = 0; i < count; i++) if (keys[i]! < stationCount && keep(i)) sizes[keys[i]!]!++;
  const groups = Array.from(sizes, (n) => new Uint32Array(n));
  const fill = new Uint32Array(stationCount);
  for (let i = 0; i < count; i++) {
    const s = keys[i]!;
    if (s < stationCount && keep(i)) groups[s]![fill[s]!++] = i;
  }
  return groups;
}

function pick(values: Uint32Array, rows: Uint32Array, sort: boolean): Uint32Array {
  const out = new Uint32Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = values[rows[j]!]!;
  return sort ? out.sort() : out;
}

export function indexStations(moves: MoveColumns, stationCount: number): StationIndex {
  const { from, to, depart, arrive, count } = moves;
  const toRows = groupBy(to, count, stationCount, () => true);
  const reachRows = groupBy(to, count, stationCount, (i) => from[i] !== ENTRY);
  const fromRows = groupBy(from, count, stationCount, (i) => from[i] !== ENTRY);
  const reachArrive: Uint32Array[] = [];
  const reachDuration: Uint32Array[] = [];
  for (const rows of reachRows) {
    const order = Array.from(rows).sort((a, b) => arrive[a]! - arrive[b]!);
    reachArrive.push(Uint32Array.from(order, (i) => arrive[i]!));
    reachDuration.push(Uint32Array.from(order, (i) => arrive[i]! - depart[i]!));
  }
  return {
    stationCount,
    toDepart: toRows.map((rows) => pick(depart, rows, true)),
    toArrive: toRows.map((rows) => pick(arrive, rows, true)),
    reachArrive,
    reachDuration,
    fromDepart: fromRows.map((rows) => pick(depart, rows, true)),
    fromArrive: fromRows.map((rows) => pick(arrive, rows, true)),
  };
}

/** Children in transit at `time` among moves with these sorted departures and arrivals: depart ≤ t < arrive. */
function inTransit(departs: Uint32Array, arrives: Uint32Array, time: number): number {
  return countAtMost(departs, time) - countAtMost(arrives, time);
}

export function medianOf(values: Uint32Array): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function stationCountsAt(index: StationIndex, station: number, time: number): StationCounts {
  if (station < 0 || station >= index.stationCount) throw new RangeError(`station ${station} outside 0–${index.stationCount - 1}`);
  const toArrive = index.toArrive[station]!;
  const reach = index.reachArrive[station]!;
  const windowStart = countAtMost(reach, time - MEDIAN_WINDOW_SECONDS);
  const windowEnd = countAtMost(reach, time);
  return {
    inTransitTowards: inTransit(index.toDepart[station]!, toArrive, time),
    arrivedThisWeek: countAtMost(toArrive, time) - countAtMost(toArrive, time - WEEK),
    medianSecondsToReach: medianOf(index.reachDuration[station]!.subarray(windowStart, windowEnd)),
    queue: inTransit(index.fromDepart[station]!, index.fromArrive[station]!, time),
  };
}

/** Every station's queue at `time` (for the badges). */
export function queuesAt(index: StationIndex, time: number, out = new Uint32Array(index.stationCount)): Uint32Array {
  for (let s = 0; s < index.stationCount; s++) out[s] = inTransit(index.fromDepart[s]!, index.fromArrive[s]!, time);
  return out;
}
