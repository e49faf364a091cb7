// The events of a dataset as typed columns, sorted by child, then date, then time, then file order,
// with every event linked to its referral episode as events-csv.md says. The journey builder and the
// metrics read this; nothing here allocates an object per event.
import { EV, SOURCE_CODES, eventCode, outcomeCode, type EventType } from './events.js';

/** One validated event, as an importer or a test produces it. */
export interface EventRecord {
  child: string;
  type: EventType;
  /** day number (days since 1970-01-01) */
  day: number;
  /** seconds after midnight, or -1 when only a date was given */
  seconds?: number;
  episodeId?: string | null;
  outcome?: string | null;
  source?: string | null;
}

export interface EventTable {
  readonly length: number;
  /** child identifiers, by child index */
  readonly childIds: readonly string[];
  /** rows of child c are [childStart[c], childStart[c + 1]) */
  readonly childStart: Int32Array;
  readonly child: Int32Array;
  /** index into EVENT_TYPES */
  readonly type: Uint8Array;
  readonly day: Int32Array;
  readonly seconds: Int32Array;
  /** 0 = blank, else index into OUTCOME_CODES plus one */
  readonly outcome: Uint8Array;
  /** 0 = blank, else index into SOURCE_CODES plus one */
  readonly source: Uint8Array;
  /** referral episode, unique across the dataset; -1 = the event belongs to no episode */
  readonly episode: Int32Array;
  readonly episodeCount: number;
}

/** Columns already sorted by (child, day, seconds, file order); child indices run 0..childIds.length-1. */
export interface SortedEventColumns {
  childIds: readonly string[];
  child: Int32Array;
  type: Uint8Array;
  day: Int32Array;
  seconds: Int32Array;
  outcome: Uint8Array;
  source: Uint8Array;
  /** the `episode_id` column as given, null where blank */
  episodeId: readonly (string | null)[];
}

/** Columns for `n` events of the children `childIds`, zeroed (no time of day, no episode id), to be filled in order. */
export function emptySortedColumns(childIds: readonly string[], n: number): SortedEventColumns & { episodeId: (string | null)[] } {
  return {
    childIds,
    child: new Int32Array(n),
    type: new Uint8Array(n),
    day: new Int32Array(n),
    seconds: new Int32Array(n).fill(-1),
    outcome: new Uint8Array(n),
    source: new Uint8Array(n),
    episodeId: new Array<string | null>(n).fill(null),
  };
}

/**
 * Links each event to its episode: where `episode_id` is given it decides; otherwise a referral starts
 * an episode and every other event, except a contact, joins the child's most recent referral dated on
 * or before it (a later-listed referral of the same date counts: dates compare as calendar dates).
 */
export function linkEpisodes(columns: SortedEventColumns): EventTable {
  const steps = linkEpisodesInSteps(columns, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * linkEpisodes a step at a time: yields before a child once `eventsPerStep` or more events have been
 * linked since it last yielded, so a caller on a busy event loop can let others run between steps; the
 * table is the generator's return value.
 */
export function* linkEpisodesInSteps(columns: SortedEventColumns, eventsPerStep = 65_536): Generator<void, EventTable, void> {
  const n = columns.child.length;
  const childCount = columns.childIds.length;
  const childStart = new Int32Array(childCount + 1);
  for (let i = 0; i < n; i++) childStart[columns.child[i]! + 1]!++;
  for (let c = 0; c < childCount; c++) childStart[c + 1]! += childStart[c]!;

  const episode = new Int32Array(n).fill(-1);
  let episodeCount = 0;
  const REFERRAL = EV.referral;
  const CONTACT = EV.contact;
  const { type, day, episodeId } = columns;

  let stepStart = 0;
  for (let c = 0; c < childCount; c++) {
    const start = childStart[c]!;
    const end = childStart[c + 1]!;
    if (start - stepStart >= eventsPerStep) {
      yield;
      stepStart = start;
    }
    const namedEpisodes = new Map<string, number>();
    const episodeOf = (i: number): number => {
      const id = episodeId[i];
      if (id == null) return -1;
      let e = namedEpisodes.get(id);
      if (e === undefined) namedEpisodes.set(id, (e = episodeCount++));
      return e;
    };
    // Pass 1: every referral's own episode.
    for (let i = start; i < end; i++) {
      if (type[i] !== REFERRAL) continue;
      const named = episodeOf(i);
      episode[i] = named >= 0 ? named : episodeCount++;
    }
    // Pass 2: the other events. `r` walks the referrals dated on or before the current event.
    let r = start;
    let latestReferral = -1;
    for (let i = start; i < end; i++) {
      if (type[i] === REFERRAL) continue;
      const named = episodeOf(i);
      if (named >= 0) {
        episode[i] = named;
        continue;
      }
      if (type[i] === CONTACT) continue;
      while (r < end && day[r]! <= day[i]!) {
        if (type[r] === REFERRAL) latestReferral = r;
        r++;
      }
      if (latestReferral >= 0) episode[i] = episode[latestReferral]!;
    }
  }

  return {
    length: n,
    childIds: columns.childIds,
    childStart,
    child: columns.child,
    type: columns.type,
    day: columns.day,
    seconds: columns.seconds,
    outcome: columns.outcome,
    source: columns.source,
    episode,
    episodeCount,
  };
}

/** Builds an EventTable from records in any order; ties keep the order given (file order). */
export function buildEventTable(records: readonly EventRecord[]): EventTable {
  const childIndex = new Map<string, number>();
  const childIds: string[] = [];
  const childOf = records.map((rec) => {
    let c = childIndex.get(rec.child);
    if (c === undefined) {
      c = childIds.length;
      childIndex.set(rec.child, c);
      childIds.push(rec.child);
    }
    return c;
  });
  const order = records.map((_, i) => i);
  order.sort((a, b) => {
    const ra = records[a]!;
    const rb = records[b]!;
    return childOf[a]! - childOf[b]! || ra.day - rb.day || (ra.seconds ?? -1) - (rb.seconds ?? -1) || a - b;
  });
  const n = records.length;
  const columns: SortedEventColumns = {
    childIds,
    child: new Int32Array(n),
    type: new Uint8Array(n),
    day: new Int32Array(n),
    seconds: new Int32Array(n),
    outcome: new Uint8Array(n),
    source: new Uint8Array(n),
    episodeId: order.map((i) => records[i]!.episodeId || null),
  };
  order.forEach((i, k) => {
    const rec = records[i]!;
    const type = eventCode(rec.type);
    if (type < 0) throw new RangeError(`unknown event type: ${rec.type}`);
    const outcome = outcomeCode(rec.outcome);
    if (outcome < 0) throw new RangeError(`unknown outcome: ${rec.outcome}`);
    const source = rec.source ? (SOURCE_CODES as readonly string[]).indexOf(rec.source) + 1 : 0;
    if (rec.source && source === 0) throw new RangeError(`unknown source: ${rec.source}`);
    columns.child[k] = childOf[i]!;
    columns.type[k] = type;
    columns.day[k] = rec.day;
    columns.seconds[k] = rec.seconds ?? -1;
    columns.outcome[k] = outcome;
    columns.source[k] = source;
  });
  return linkEpisodes(columns);
}

