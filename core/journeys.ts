// Journeys: each child's events turned into timed moves between the stations of a map, trip by trip.
//
// Semantics (the client animates exactly these moves; metrics never read them):
// - Each child's events are walked in table order (child, day, seconds, file order). The first rule of
//   the map matching an event's type and outcome gives the stations visited at the event's time.
// - Time is in seconds since the start of `originDay` (the table's earliest day):
//   (day − originDay) × 86400 + max(seconds, 0). Within a child times never go backwards, and steps at
//   the same moment keep their order: every move of a child arrives at least 60 s after its previous one.
// - A child starts at no station. Visiting station s:
//   - at no station: an ENTRY move (from = ENTRY, to = s, depart = arrive = t), except that a trip never
//     starts at an exit (a closure after an NFA is the same ending: no move);
//   - already at s: no move;
//   - else a move from the current station (depart = when the child arrived there) to s (arrive = t).
// - Arriving at an exit ends the trip: the child is at no station, and its next entry starts trip
//   `episode + 1` (trips count from 1, capped at 255).
// - Cohort bits (packCohort): age band at the move's departure (children.ts ageBandAt) bits 0–2, sex
//   bits 3–4, ethnicity group bits 5–7, disability bits 8–9, and bits 10–14 the latest non-blank source
//   among the child's events so far in this trip (0 = none; it resets when a trip ends).
// - Output is sorted by depart, ascending and stable (ties keep child order, then move order).
// - An event no rule matches (possible only for an outcome invalid for its event) throws, naming the
//   event, outcome and row, before any move is built: nothing is dropped silently.
import { civilFromDay, dayFromCivil, formatDay } from './dates.js';
import { ETHNICITY_CODES, EVENT_TYPES, OUTCOME_CODES, SOURCE_CODES, outcomeName } from './events.js';
import { NO_DATE, ethnicityGroupOf, type ChildAttributes } from './children.js';
import type { EventTable } from './event-table.js';
import { findRule, type MapDefinition } from './map-schema.js';

/** `from` of a move by which a child appears on the map. */
export const ENTRY = 255;

export interface MoveColumns {
  count: number;
  /** day number that time 0 of depart/arrive stands for */
  originDay: number;
  /** child index into the EventTable's childIds */
  child: Uint32Array;
  /** trip number of the child, from 1 (capped at 255) */
  episode: Uint8Array;
  /** station index, or ENTRY */
  from: Uint8Array;
  to: Uint8Array;
  /** seconds since originDay */
  depart: Uint32Array;
  arrive: Uint32Array;
  /** packCohort bits */
  cohort: Uint16Array;
}

const SAME_MOMENT_GAP = 60;
const DAY = 86400;
const MAX_EPISODE = 255;

export function packCohort(ageBand: number, sex: number, ethnicityGroup: number, disability: number, source: number): number {
  const check = (name: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`cohort ${name} ${value} is outside 0–${max}`);
  };
  check('age band', ageBand, 7);
  check('sex', sex, 3);
  check('ethnicity group', ethnicityGroup, 7);
  check('disability', disability, 3);
  check('source', source, 31);
  return ageBand | (sex << 3) | (ethnicityGroup << 5) | (disability << 8) | (source << 10);
}

export function unpackCohort(cohort: number): { ageBand: number; sex: number; ethnicityGroup: number; disability: number; source: number } {
  return {
    ageBand: cohort & 7,
    sex: (cohort >> 3) & 3,
    ethnicityGroup: (cohort >> 5) & 7,
    disability: (cohort >> 8) & 3,
    source: (cohort >> 10) & 31,
  };
}

/** The map's rules as a lookup by (event type, outcome code): a slice of station indices, or -1 for none. */
interface CompiledRules {
  /** per key type * OUTCOME_KEYS + outcome: first index into `stations`, or -1 when no rule matches */
  start: Int32Array;
  end: Int32Array;
  stations: Uint8Array;
  isExit: Uint8Array;
}

const OUTCOME_KEYS = OUTCOME_CODES.length + 1;

function compileRules(map: MapDefinition): CompiledRules {
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
  return { start, end, stations: Uint8Array.from(flat), isExit: Uint8Array.from(map.stations, (s) => (s.kind === 'exit' ? 1 : 0)) };
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

export function buildMoves(table: EventTable, children: ChildAttributes, map: MapDefinition): MoveColumns {
  const childCount = table.childIds.length;
  for (const column of ['dob', 'sex', 'ethnicity', 'disability'] as const) {
    if (children[column].length < childCount) {
      throw new RangeError(`child attributes: ${column} has ${children[column].length} entries for ${childCount} children`);
    }
  }
  if (map.stations.length >= ENTRY) throw new RangeError(`map ${map.id}: ${map.stations.length} stations; at most 254 fit a move`);
  const rules = compileRules(map);
  const ethnicityGroup = Uint8Array.from({ length: ETHNICITY_CODES.length + 1 }, (_, e) => ethnicityGroupOf(e));

  const n = table.length;
  let originDay = 0;
  if (n > 0) {
    originDay = table.day[0]!;
    let lastDay = originDay;
    for (let i = 1; i < n; i++) {
      if (table.day[i]! < originDay) originDay = table.day[i]!;
      else if (table.day[i]! > lastDay) lastDay = table.day[i]!;
    }
    // Times are u32 seconds: about 136 years. A wider span means a mistyped date, not a long journey.
    if ((lastDay - originDay + 2) * DAY > 0xffffffff) {
      throw new RangeError(`events span ${formatDay(originDay)} to ${formatDay(lastDay)}: more than the 136 years a move's time can hold`);
    }
  }

  const { type, outcome, source, day, seconds, childStart } = table;
  const { start: ruleStart, end: ruleEnd, stations: ruleStations, isExit } = rules;
  // At most one move per station a rule visits: size the columns once, and fail before any work.
  let bound = 0;
  for (let i = 0; i < n; i++) {
    const key = type[i]! * OUTCOME_KEYS + outcome[i]!;
    if (ruleStart[key]! < 0) {
      throw new Error(
        `map ${map.id} has no rule for event ${EVENT_TYPES[type[i]!]} with outcome ${outcomeName(outcome[i]!) ?? 'blank'} (event row ${i})`,
      );
    }
    bound += ruleEnd[key]! - ruleStart[key]!;
  }
  const child = new Uint32Array(bound);
  const episodeCol = new Uint8Array(bound);
  const fromCol = new Uint8Array(bound);
  const toCol = new Uint8Array(bound);
  const depart = new Uint32Array(bound);
  const arrive = new Uint32Array(bound);
  const cohortCol = new Uint16Array(bound);
  let count = 0;

  for (let c = 0; c < childCount; c++) {
    // Age bands change on birthdays: day numbers of the 1st, 5th, 10th and 16th (29 Feb → 1 Mar).
    const dob = children.dob[c]!;
    let b1 = 0, b5 = 0, b10 = 0, b16 = 0;
    if (dob !== NO_DATE) {
      const birth = civilFromDay(dob);
      b1 = dayFromCivil(birth.year + 1, birth.month, birth.day);
      b5 = dayFromCivil(birth.year + 5, birth.month, birth.day);
      b10 = dayFromCivil(birth.year + 10, birth.month, birth.day);
      b16 = dayFromCivil(birth.year + 16, birth.month, birth.day);
    }
    const fixedBits = ((children.sex[c]! & 3) << 3) | (ethnicityGroup[children.ethnicity[c]!]! << 5) | ((children.disability[c]! & 3) << 8);

    let current = -1;
    let arrivedAt = 0;
    let lastTime = -1;
    let episode = 1;
    let tripSource = 0;
    for (let i = childStart[c]!; i < childStart[c + 1]!; i++) {
      if (source[i]! !== 0) tripSource = source[i]!;
      const key = type[i]! * OUTCOME_KEYS + outcome[i]!;
      const first = ruleStart[key]!;
      const last = ruleEnd[key]!;
      if (first === last) continue;
      const t = (day[i]! - originDay) * DAY + (seconds[i]! > 0 ? seconds[i]! : 0);
      for (let r = first; r < last; r++) {
        const s = ruleStations[r]!;
        if (s === current) continue;
        if (current < 0 && isExit[s]) continue;
        const time = lastTime < 0 || t >= lastTime + SAME_MOMENT_GAP ? t : lastTime + SAME_MOMENT_GAP;
        const departTime = current < 0 ? time : arrivedAt;
        const departDay = originDay + Math.floor(departTime / DAY);
        const ageBand =
          dob === NO_DATE || departDay < dob ? 0 : departDay < b1 ? 1 : departDay < b5 ? 2 : departDay < b10 ? 3 : departDay < b16 ? 4 : 5;
        child[count] = c;
        episodeCol[count] = episode;
        fromCol[count] = current < 0 ? ENTRY : current;
        toCol[count] = s;
        depart[count] = departTime;
        arrive[count] = time;
        cohortCol[count] = ageBand | fixedBits | (tripSource << 10);
        count++;
        lastTime = time;
        if (isExit[s]) {
          current = -1;
          if (episode < MAX_EPISODE) episode++;
          tripSource = 0;
        } else {
          current = s;
          arrivedAt = time;
        }
      }
    }
  }

  const order = orderByKey(depart, count);
  const permute = <T extends Uint8Array | Uint16Array | Uint32Array>(a: T, out: T): T => {
    for (let k = 0; k < count; k++) out[k] = a[order[k]!]!;
    return out;
  };
  return {
    count,
    originDay,
    child: permute(child, new Uint32Array(count)),
    episode: permute(episodeCol, new Uint8Array(count)),
    from: permute(fromCol, new Uint8Array(count)),
    to: permute(toCol, new Uint8Array(count)),
    depart: permute(depart, new Uint32Array(count)),
    arrive: permute(arrive, new Uint32Array(count)),
    cohort: permute(cohortCol, new Uint16Array(count)),
  };
}

/** Source code of a cohort's source bits (null = none), for legends. */
export function cohortSourceName(source: number): string | null {
  return source === 0 ? null : (SOURCE_CODES[source - 1] ?? null);
}
