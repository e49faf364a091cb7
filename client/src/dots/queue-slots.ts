// Where each dot sits while it waits at a station: a place in the station's queue, a sunflower spiral
// around it (the first place nearest the station), so a queue grows with the number waiting. A place
// is taken from the dot's arrival until it leaves (or for ever, when the child's last move holds it
// there) and then freed for the next arrival: dots never move up the queue, so a long wait shows as a
// dot staying put while others come and go. A dot that will wait longer than the station's median takes
// the outermost free place, a shorter wait the innermost, so the longest waits sit at the queue's edge
// and the queue stays as compact as the number waiting. Computed once per dataset load from the move
// columns; spreadQueues then turns each station's n-th place into the n-th place of its spiral that
// keeps clear of other stations' tracks (queue-areas.ts), at one spacing for the whole map.
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';
import { hopOrder } from './hop-order.js';
import { GOLDEN_ANGLE, stationPlaces, type QueueAreas } from './queue-areas.js';

export interface Queues {
  /** per move: its place in the queue at `from` (while it waits there) and at `to` (once it arrives) */
  slotFrom: Uint16Array;
  slotTo: Uint16Array;
  /** per move: the cohort bits of the step it waits in at `from` (its previous move's) */
  cohortFrom: Uint16Array;
  /** per move: 1 when it is its child's last move and leaves the dot at a station for good */
  hold: Uint8Array;
  /** per station: median seconds a dot waited there before leaving (0 when none left) */
  medianWait: Float32Array;
  /** per move: its hops' order within their days (hop-order.ts) */
  hops: Float32Array;
  /** per station: the most dots that wait there at once (before places wrap at MAX_SLOT) */
  peak: Uint16Array;
  /**
   * per station: the factor every queue offset (place and drift) is multiplied by: the map's one spacing
   * over the dot style's (spreadQueues), the same at every station; 1 until spreadQueues is called
   */
  scale: Float32Array;
}

/**
 * Turns each move's place in its queue (the n-th place taken) into a place of its station's spiral that
 * fits the station's room (queue-areas.ts), at the largest spacing, one for every station, at which every
 * station's places hold its peak queue. Fills queues.slotFrom, slotTo and scale in place; returns the spacing.
 */
export function spreadQueues(queues: Queues, moves: Pick<MoveColumns, 'from' | 'to' | 'count'>, areas: QueueAreas, isExit: readonly boolean[]): number {
  const spacing = areas.fit(queues.peak);
  const places = areas.room.map((room, s) => stationPlaces(room, spacing, Math.max(1, queues.peak[s] ?? 0)));
  const place = (s: number, nth: number): number => {
    const list = places[s];
    return list && list.length > 0 ? list[nth % list.length]! : nth;
  };
  const { from, to } = moves;
  for (let m = 0; m < moves.count; m++) {
    if (from[m] !== ENTRY && from[m]! < places.length) queues.slotFrom[m] = place(from[m]!, queues.slotFrom[m]!);
    if (to[m]! < places.length && !isExit[to[m]!]) queues.slotTo[m] = place(to[m]!, queues.slotTo[m]!);
  }
  queues.scale.fill(spacing / areas.largest);
  return spacing;
}

/** A place's offset from its station before the station's scale (dot-shader.ts queueOffset, line for line). */
export function placeOffset(slot: number, spacing: number): [number, number] {
  const r = spacing * Math.sqrt(slot + 0.5);
  const a = slot * GOLDEN_ANGLE;
  return [r * Math.cos(a), r * Math.sin(a)];
}

/** Places above this wrap round (the spiral would outgrow the map); positions then repeat. @default 4095 */
export const MAX_SLOT = 4095;

/** A binary min-heap of numbers keyed by `key[i]`. */
class MinHeap {
  private items: number[] = [];
  constructor(private readonly key: (item: number) => number) {}
  get size(): number {
    return this.items.length;
  }
  peek(): number {
    return this.items[0]!;
  }
  push(item: number): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.key(a[parent]!) <= this.key(a[i]!)) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.key(a[l]!) < this.key(a[m]!)) m = l;
        if (r < a.length && this.key(a[r]!) < this.key(a[m]!)) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

export function prepareQueues(moves: MoveColumns, stationCount: number, isExit: readonly boolean[]): Queues {
  const n = moves.count;
  const { from, to, depart, leave, arrive, child, cohort } = moves;
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const latest = new Map<number, number>();
  for (let m = 0; m < n; m++) {
    const p = latest.get(child[m]!);
    if (p !== undefined) {
      prev[m] = p;
      next[p] = m;
    }
    latest.set(child[m]!, m);
  }
  const hold = new Uint8Array(n);
  for (let m = 0; m < n; m++) if (next[m] === -1 && from[m] !== to[m] && to[m]! < stationCount && !isExit[to[m]!]) hold[m] = 1;

  // Stays: [start, end) at a station; stay k < n is move k waiting at its `from`, k ≥ n a hold at `to`.
  const start = new Float64Array(2 * n);
  const end = new Float64Array(2 * n);
  const station = new Int32Array(2 * n).fill(-1);
  const order: number[] = [];
  for (let m = 0; m < n; m++) {
    if (from[m] !== ENTRY && from[m]! < stationCount) {
      station[m] = from[m]!;
      start[m] = depart[m]!;
      end[m] = leave[m]!;
      order.push(m);
    }
    if (hold[m]) {
      station[n + m] = to[m]!;
      start[n + m] = arrive[m]!;
      end[n + m] = Infinity;
      order.push(n + m);
    }
  }
  order.sort((a, b) => start[a]! - start[b]! || a - b);

  const waits: number[][] = Array.from({ length: stationCount }, () => []);
  for (let m = 0; m < n; m++) if (station[m]! >= 0) waits[station[m]!]!.push(leave[m]! - depart[m]!);
  const medianWait = Float32Array.from(waits, (list) => {
    if (list.length === 0) return 0;
    const sorted = Float64Array.from(list).sort();
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  });

  // Free places of each station, in a min-heap and a max-heap (an entry is stale once its place is taken).
  const slot = new Uint16Array(2 * n);
  const busy = Array.from({ length: stationCount }, () => new MinHeap((k) => end[k]!));
  const inner = Array.from({ length: stationCount }, () => new MinHeap((s) => s));
  const outer = Array.from({ length: stationCount }, () => new MinHeap((s) => -s));
  const isFree = Array.from({ length: stationCount }, () => new Uint8Array(MAX_SLOT + 1));
  const used = new Int32Array(stationCount);
  const peak = new Uint16Array(stationCount);
  const take = (heap: MinHeap, free: Uint8Array): number => {
    while (heap.size > 0) {
      const place = heap.pop();
      if (free[place]) {
        free[place] = 0;
        return place;
      }
    }
    return -1;
  };
  for (const k of order) {
    const s = station[k]!;
    const taken = busy[s]!;
    const free = isFree[s]!;
    while (taken.size > 0 && end[taken.peek()]! <= start[k]!) {
      const place = slot[taken.pop()]!;
      free[place] = 1;
      inner[s]!.push(place);
      outer[s]!.push(place);
    }
    // A wait longer than the station's median (or one that never ends) sits at the edge of the queue.
    const long = end[k]! - start[k]! > medianWait[s]!;
    const place = take(long ? outer[s]! : inner[s]!, free);
    slot[k] = place >= 0 ? place : used[s]!++ % (MAX_SLOT + 1);
    taken.push(k);
    if (taken.size > peak[s]!) peak[s] = Math.min(taken.size, MAX_SLOT + 1);
  }

  const slotFrom = new Uint16Array(n);
  const slotTo = new Uint16Array(n);
  const cohortFrom = new Uint16Array(n);
  for (let m = 0; m < n; m++) {
    slotFrom[m] = slot[m]!;
    const after = next[m]!;
    if (after >= 0 && from[after] === to[m]) slotTo[m] = slot[after]!;
    else if (hold[m]) slotTo[m] = slot[n + m]!;
    cohortFrom[m] = prev[m]! >= 0 ? cohort[prev[m]!]! : cohort[m]!;
  }
  return { slotFrom, slotTo, cohortFrom, hold, medianWait, hops: hopOrder(moves, prev), peak, scale: new Float32Array(stationCount).fill(1) };
}
