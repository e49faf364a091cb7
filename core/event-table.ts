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
  /**
   * 1 where the row's `episode_id` was given, 0 where it was blank (its episode, if any, inferred by date).
   * Set by linkEpisodes; absent on tables made otherwise (read as: not known).
   */
  readonly episodeIdGiven?: Uint8Array;
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
  const steps = emptySortedColumnsInSteps(childIds, n, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Events per step of emptySortedColumnsInSteps: filling two columns of 262,144 takes a few milliseconds. */
export const FILL_PER_STEP = 262_144;

/**
 * emptySortedColumns a step at a time, yielding while its two columns that do not start at zero are filled
 * (seconds -1, episode ids null) `perStep` events at a time; the columns are the generator's return value.
 * At once, with the 316,700 children's ids copied beside it, it held an SSDA903 upload of 50 MB for about
 * 150 ms on a loaded machine (audit a12f M1, s903x100).
 */
export function* emptySortedColumnsInSteps(childIds: readonly string[], n: number, perStep = FILL_PER_STEP): Generator<void, SortedEventColumns & { episodeId: (string | null)[] }, void> {
  const seconds = new Int32Array(n);
  const episodeId = new Array<string | null>(n);
  for (let from = 0; from < n; from += perStep) {
    const to = Math.min(n, from + perStep);
    seconds.fill(-1, from, to);
    episodeId.fill(null, from, to);
    yield;
  }
  return { childIds, child: new Int32Array(n), type: new Uint8Array(n), day: new Int32Array(n), seconds, outcome: new Uint8Array(n), source: new Uint8Array(n), episodeId };
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
 * table is the generator's return value. The loops live in EpisodeLinker's plain methods: V8 left them
 * unoptimised inside the generator, where a first import's step of 16,384 children took 0.25 s.
 */
export function* linkEpisodesInSteps(columns: SortedEventColumns, eventsPerStep = 65_536): Generator<void, EventTable, void> {
  const linker = new EpisodeLinker(columns);
  const childCount = columns.childIds.length;
  for (let c = linker.linkChildren(0, eventsPerStep); c < childCount; c = linker.linkChildren(c, eventsPerStep)) yield;
  return linker.table();
}

class EpisodeLinker {
  private readonly childStart: Int32Array;
  private readonly episode: Int32Array;
  private readonly idGiven: Uint8Array;
  private episodeCount = 0;
  /** the current child's named episodes: one map, emptied per child (a map per child was most of the time on a million children of one event) */
  private readonly named = new Map<string, number>();

  constructor(private readonly columns: SortedEventColumns) {
    const n = columns.child.length;
    const childCount = columns.childIds.length;
    this.childStart = new Int32Array(childCount + 1);
    for (let i = 0; i < n; i++) this.childStart[columns.child[i]! + 1]!++;
    for (let c = 0; c < childCount; c++) this.childStart[c + 1]! += this.childStart[c]!;
    this.episode = new Int32Array(n).fill(-1);
    this.idGiven = new Uint8Array(n);
  }

  /** Links children from `first` on until `eventsPerStep` or more events are linked; the next child to link. */
  linkChildren(first: number, eventsPerStep: number): number {
    const childCount = this.columns.childIds.length;
    const from = this.childStart[first]!;
    let c = first;
    while (c < childCount && (c === first || this.childStart[c]! - from < eventsPerStep)) this.linkChild(c++);
    return c;
  }

  private episodeOf(i: number): number {
    const id = this.columns.episodeId[i];
    if (id == null) return -1;
    this.idGiven[i] = 1;
    let e = this.named.get(id);
    if (e === undefined) this.named.set(id, (e = this.episodeCount++));
    return e;
  }

  private linkChild(c: number): void {
    const { type, day } = this.columns;
    const episode = this.episode;
    const start = this.childStart[c]!;
    const end = this.childStart[c + 1]!;
    if (this.named.size > 0) this.named.clear();
    // Pass 1: every referral's own episode.
    for (let i = start; i < end; i++) {
      if (type[i] !== EV.referral) continue;
      const named = this.episodeOf(i);
      episode[i] = named >= 0 ? named : this.episodeCount++;
    }
    // Pass 2: the other events. `r` walks the referrals dated on or before the current event.
    let r = start;
    let latestReferral = -1;
    for (let i = start; i < end; i++) {
      if (type[i] === EV.referral) continue;
      const named = this.episodeOf(i);
      if (named >= 0) {
        episode[i] = named;
        continue;
      }
      if (type[i] === EV.contact) continue;
      while (r < end && day[r]! <= day[i]!) {
        if (type[r] === EV.referral) latestReferral = r;
        r++;
      }
      if (latestReferral >= 0) episode[i] = episode[latestReferral]!;
    }
  }

  table(): EventTable {
    const columns = this.columns;
    return {
      length: columns.child.length,
      childIds: columns.childIds,
      childStart: this.childStart,
      child: columns.child,
      type: columns.type,
      day: columns.day,
      seconds: columns.seconds,
      outcome: columns.outcome,
      source: columns.source,
      episode: this.episode,
      episodeCount: this.episodeCount,
      episodeIdGiven: this.idGiven,
    };
  }
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

