// Journeys: each child's events turned into timed moves of its dot between the stations of a map. The
// walk itself (what a move is, when a dot waits, leaves or comes back) is core/journey-walk.ts; this
// file gathers its moves into sorted columns for the wire and the GPU.
//
// - Output is sorted by depart, ascending and stable (ties keep child order, then move order).
// - Cohort bits (packCohort) are the cohort values (core/analysis/cohort.ts COHORT_VALUES indices) of
//   the move's event row, as the server's cohort masks judge that row: age band on its episode's first
//   date bits 0–2, sex 3–4, ethnicity group 5–7, disability 8–9, previous referrals (0, 1, 2, 3+)
//   10–11. So a filter on the dots and a `cohort=` on the stations endpoint select the same children.
// - An event no rule matches (possible only for an outcome invalid for its event) throws, naming the
//   event, outcome and row, before any move is built: nothing is dropped silently.
import { NO_DATE, type ChildAttributes } from './children.js';
import { civilFromDay, dayFromCivil, formatDay } from './dates.js';
import type { EventTable } from './event-table.js';
import { checkRulesCover, compileMap, ENTRY, JourneyWalker, lastDayOf, originDayOf, type CompiledMap } from './journey-walk.js';
import type { MapDefinition } from './map-schema.js';
import { prepareMetrics, type PreparedMetrics } from './metrics.js';
import { cohortAnchors, cohortValueOf, type CohortAnchors } from './analysis/cohort.js';

export { ENTRY };

export interface MoveColumns {
  count: number;
  /** day number that time 0 of depart/leave/arrive stands for */
  originDay: number;
  /** child index into the EventTable's childIds */
  child: Uint32Array;
  /** trip number of the child, from 1 (capped at 255) */
  episode: Uint8Array;
  /** station index, or ENTRY; from = to: the dot leaves the map from that station */
  from: Uint8Array;
  to: Uint8Array;
  /** seconds since originDay: arrival at `from`, end of the wait there, arrival at `to` */
  depart: Uint32Array;
  leave: Uint32Array;
  arrive: Uint32Array;
  /** packCohort bits */
  cohort: Uint16Array;
}

const DAY = 86400;

/** Bit widths of the cohort fields, in COHORT_DIMENSIONS order (age, sex, eth, dis, prev). */
const COHORT_BITS = [
  ['age band', 0, 7],
  ['sex', 3, 3],
  ['ethnicity group', 5, 7],
  ['disability', 8, 3],
  ['previous referrals', 10, 3],
] as const;

export function packCohort(ageBand: number, sex: number, ethnicityGroup: number, disability: number, previous: number): number {
  let packed = 0;
  [ageBand, sex, ethnicityGroup, disability, previous].forEach((value, k) => {
    const [name, shift, max] = COHORT_BITS[k]!;
    if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`cohort ${name} ${value} is outside 0–${max}`);
    packed |= value << shift;
  });
  return packed;
}

export function unpackCohort(cohort: number): { ageBand: number; sex: number; ethnicityGroup: number; disability: number; previous: number } {
  return { ageBand: cohort & 7, sex: (cohort >> 3) & 3, ethnicityGroup: (cohort >> 5) & 7, disability: (cohort >> 8) & 3, previous: (cohort >> 10) & 3 };
}

/** The cohort bits of an event row (its values as cohortRowMask judges them). */
export function cohortBitsOf(row: number, table: EventTable, children: ChildAttributes, anchors: CohortAnchors): number {
  return packCohort(
    cohortValueOf('age', row, table, children, anchors),
    cohortValueOf('sex', row, table, children, anchors),
    cohortValueOf('eth', row, table, children, anchors),
    cohortValueOf('dis', row, table, children, anchors),
    cohortValueOf('prev', row, table, children, anchors),
  );
}

/**
 * cohortBitsOf for many rows, fast: each child's birthdays that change its age band (1st, 5th, 10th,
 * 16th; 29 February counts from 1 March) and its fixed fields are worked out once. Equal to
 * cohortBitsOf on every row (a test checks it).
 */
export function cohortBitsReader(table: EventTable, children: ChildAttributes, anchors: CohortAnchors): (row: number) => number {
  const childCount = table.childIds.length;
  const known = new Uint8Array(childCount);
  const birthdays = new Int32Array(childCount * 5);
  const fixed = new Int32Array(childCount);
  return (row) => {
    const c = table.child[row]!;
    if (!known[c]) {
      known[c] = 1;
      const dob = children.dob[c]!;
      if (dob !== NO_DATE) {
        const birth = civilFromDay(dob);
        birthdays[5 * c] = dob;
        [1, 5, 10, 16].forEach((years, k) => (birthdays[5 * c + k + 1] = dayFromCivil(birth.year + years, birth.month, birth.day)));
      }
      fixed[c] = packCohort(0, cohortValueOf('sex', row, table, children, anchors), cohortValueOf('eth', row, table, children, anchors), cohortValueOf('dis', row, table, children, anchors), 0);
    }
    let band = 0;
    if (children.dob[c] !== NO_DATE) {
      const day = anchors.anchorDay[row]!;
      const b = 5 * c;
      band = day < birthdays[b]! ? 0 : day < birthdays[b + 1]! ? 1 : day < birthdays[b + 2]! ? 2 : day < birthdays[b + 3]! ? 3 : day < birthdays[b + 4]! ? 4 : 5;
    }
    return fixed[c]! | band | (Math.min(anchors.previousReferrals[row]!, 3) << 10);
  };
}

/** Stable LSD radix sort of row numbers by a u32 key, two 16-bit passes. */
function orderByKey(key: Uint32Array, count: number): Uint32Array {
  let order = new Uint32Array(count);
  let next = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const buckets = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    buckets.fill(0);
    for (let i = 0; i < count; i++) buckets[((key[i]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 0; b < 65536; b++) buckets[b + 1]! += buckets[b]!;
    for (let i = 0; i < count; i++) {
      const row = order[i]!;
      next[buckets[(key[row]! >>> shift) & 0xffff]!++] = row;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Grows a typed column to hold at least `n` values. */
function grow<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, n: number): T {
  if (a.length >= n) return a;
  const out = new (a.constructor as new (length: number) => T)(Math.max(n, a.length * 2));
  out.set(a);
  return out;
}

export interface BuildOptions {
  /** the metrics' pairing of the same table (computed when absent) */
  prepared?: PreparedMetrics;
  /** cohort anchors of the same table (computed when absent) */
  anchors?: CohortAnchors;
  /** the map compiled once (computed when absent) */
  compiled?: CompiledMap;
}

export function buildMoves(table: EventTable, children: ChildAttributes, map: MapDefinition, options: BuildOptions = {}): MoveColumns {
  const childCount = table.childIds.length;
  for (const column of ['dob', 'sex', 'ethnicity', 'disability'] as const) {
    if (children[column].length < childCount) {
      throw new RangeError(`child attributes: ${column} has ${children[column].length} entries for ${childCount} children`);
    }
  }
  if (map.stations.length >= ENTRY) throw new RangeError(`map ${map.id}: ${map.stations.length} stations; at most 254 fit a move`);
  const compiled = options.compiled ?? compileMap(map);
  checkRulesCover(table, compiled, map.id);
  const originDay = originDayOf(table);
  if (table.length > 0) {
    const lastDay = lastDayOf(table);
    // Times are u32 seconds: about 136 years. A wider span means a mistyped date, not a long journey.
    if ((lastDay - originDay + 2) * DAY > 0xffffffff) {
      throw new RangeError(`events span ${formatDay(originDay)} to ${formatDay(lastDay)}: more than the 136 years a move's time can hold`);
    }
  }
  const prepared = options.prepared ?? prepareMetrics(table);
  const anchors = options.anchors ?? cohortAnchors(table);

  let capacity = Math.max(16, table.length);
  let child = new Uint32Array(capacity);
  let episode = new Uint8Array(capacity);
  let from = new Uint8Array(capacity);
  let to = new Uint8Array(capacity);
  let depart = new Uint32Array(capacity);
  let leave = new Uint32Array(capacity);
  let arrive = new Uint32Array(capacity);
  let cohort = new Uint16Array(capacity);
  let count = 0;
  const bitsOf = cohortBitsReader(table, children, anchors);
  const sink = {
    move(c: number, trip: number, f: number, t: number, d: number, l: number, a: number, row: number) {
      if (count === capacity) {
        capacity *= 2;
        [child, depart, leave, arrive] = [grow(child, capacity), grow(depart, capacity), grow(leave, capacity), grow(arrive, capacity)];
        [episode, from, to] = [grow(episode, capacity), grow(from, capacity), grow(to, capacity)];
        cohort = grow(cohort, capacity);
      }
      child[count] = c;
      episode[count] = trip;
      from[count] = f;
      to[count] = t;
      depart[count] = d;
      leave[count] = l;
      arrive[count] = a;
      cohort[count] = bitsOf(row);
      count++;
    },
    stay() {},
  };
  const walker = new JourneyWalker(table, compiled, prepared, originDay, sink);
  for (let c = 0; c < childCount; c++) walker.walk(c);

  const order = orderByKey(depart, count);
  const permute = <T extends Uint8Array | Uint16Array | Uint32Array>(a: T, out: T): T => {
    for (let k = 0; k < count; k++) out[k] = a[order[k]!]!;
    return out;
  };
  return {
    count,
    originDay,
    child: permute(child, new Uint32Array(count)),
    episode: permute(episode, new Uint8Array(count)),
    from: permute(from, new Uint8Array(count)),
    to: permute(to, new Uint8Array(count)),
    depart: permute(depart, new Uint32Array(count)),
    leave: permute(leave, new Uint32Array(count)),
    arrive: permute(arrive, new Uint32Array(count)),
    cohort: permute(cohort, new Uint16Array(count)),
  };
}
