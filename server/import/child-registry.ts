// The per-child state of an import, the only state that grows with the data: each child's index (in
// order of first good row) and its attributes. For each attribute the value on the latest row that
// has one wins, "latest" in the event table's own order (day, then time, then file order), so a tie
// goes to the later row in the file.
//
// Every importer hands child identifiers (and episode ids, which often embed them) to this registry,
// and what it writes to the database names no child: keyed pseudonyms, plus the real identifiers
// sealed under a second key (server/privacy/pseudonyms.ts).
import type { BatchInsert } from '../db/batch-insert.js';
import type { Pseudonymiser } from '../privacy/pseudonyms.js';
import type { EventRow } from './events-csv.js';
import { positiveFromEnv } from '../env-number.js';
import { TimeSlice, loopSliced } from './time-slice.js';

/**
 * The most distinct children one import may name (JOURNEYS_MAX_CHILDREN, default 5,000,000): the registry is
 * the one state that grows with them, and 26 million distinct children in a 754 MB file (under the upload
 * limit) took the service to 5.4 GB and out of memory after 33 minutes (audit a12g F7); 5 million took it to
 * 1.9 GB. England has about 12 million children; a council's records name a few hundred thousand.
 */
export function maxChildrenPerImport(): number {
  return Math.floor(positiveFromEnv('JOURNEYS_MAX_CHILDREN', 'children') ?? 5_000_000);
}

/** An import named more children than maxChildrenPerImport allows; the importer says where (`line`). */
export class TooManyChildrenError extends Error {
  line = 0;
  constructor(readonly max: number) {
    super(`the files name more than ${max.toLocaleString('en-GB')} distinct children, the most one import may hold (JOURNEYS_MAX_CHILDREN): nothing was imported`);
    this.name = 'TooManyChildrenError';
  }
}

/** A child's attributes as codes (see EventRow): dob a day number or null, the others 0 = blank. */
export interface ChildAttributeValues {
  dob: number | null;
  /** the dob was given as a month only (`YYYY-MM`, read as the 1st) */
  dobMonthOnly?: boolean;
  sex: number;
  ethnicity: number;
  disability: number;
}

/** Sorts like (day, seconds) with seconds -1..86399; exact in a double. */
function dateKey(day: number, seconds: number): number {
  return day * 86401 + (seconds + 1);
}

/**
 * A copy of `text` that shares no memory with the chunk of the file it was cut from: V8 makes a
 * slice of 13 or more characters point into its parent string, so keeping the slice would keep the
 * whole chunk (and, one id per chunk, the whole file) in memory.
 */
function ownCopy(text: string): string {
  return (text + ' ').slice(0, -1); // the concatenation is flattened into a new string first
}

/** Entries per chunk of a ChunkedList (a power of two). */
const CHUNK_SHIFT = 13;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

/**
 * A list grown a chunk at a time: appending never copies what is already there. The registry's eleven
 * per-child arrays, a million entries each, copied themselves at the same growth points: event-loop stalls
 * of 100 to 500 ms in one slice (a million distinct children, audit a12d F1, bench/import-stall.ts).
 */
export class ChunkedList<T> {
  private readonly chunks: T[][] = [];
  length = 0;

  push(value: T): void {
    if ((this.length & CHUNK_MASK) === 0) this.chunks.push([]);
    this.chunks[this.chunks.length - 1]!.push(value);
    this.length++;
  }

  get(i: number): T {
    return this.chunks[i >>> CHUNK_SHIFT]![i & CHUNK_MASK]!;
  }

  set(i: number, value: T): void {
    this.chunks[i >>> CHUNK_SHIFT]![i & CHUNK_MASK] = value;
  }

  /** Entry i, or undefined past the end. */
  at(i: number): T | undefined {
    return i < this.length ? this.get(i) : undefined;
  }

  /** Sets entry i, first growing the list up to it with `fill`. */
  setGrowing(i: number, value: T, fill: T): void {
    while (this.length <= i) this.push(fill);
    this.set(i, value);
  }

  /** Entries from..to (to excluded) as an array. */
  slice(from: number, to: number): T[] {
    const out = new Array<T>(Math.max(0, to - from));
    for (let i = from; i < to; i++) out[i - from] = this.get(i);
    return out;
  }

  /** A copy as one array (allocated once at its full length). */
  toArray(): T[] {
    return this.slice(0, this.length);
  }

  /** The same, a chunk at a time with the event loop let in between slices. */
  async toArraySliced(slice: TimeSlice): Promise<T[]> {
    const out = new Array<T>(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      for (let i = 0; i < chunk.length; i++) out[at++] = chunk[i]!;
      if (slice.due()) await slice.pause();
    }
    return out;
  }
}

/**
 * Identifier -> index, spread over 64 shards by a cheap hash of the identifier's length and last two
 * characters, each shard a list of maps of at most SHARD_MAP_IDS identifiers (a full one is kept and a new
 * one begun). One Map of 300,000 children doubles its table at 262,144 entries, rehashing them all in one
 * go; 64 maps filled evenly double at the same row, so they rehashed just as much within one slice (a
 * million distinct 64-character identifiers: event-loop stalls of 100 to 610 ms, audit a12d F1). Capped
 * maps rehash at most SHARD_MAP_IDS / 2 entries each. Identifiers that all end alike fall in fewer shards,
 * which is no worse than one.
 */
class ShardedIndex {
  private readonly shards = Array.from({ length: 64 }, () => [new Map<string, number>()]);

  private shard(id: string): Map<string, number>[] {
    const n = id.length;
    return this.shards[(n + id.charCodeAt(n - 1) * 31 + id.charCodeAt(n - 2) * 7) & 63]!;
  }

  get(id: string): number | undefined {
    const maps = this.shard(id);
    for (let k = maps.length - 1; k >= 0; k--) {
      const idx = maps[k]!.get(id);
      if (idx !== undefined) return idx;
    }
    return undefined;
  }

  set(id: string, idx: number): void {
    const maps = this.shard(id);
    let last = maps[maps.length - 1]!;
    if (last.size >= SHARD_MAP_IDS) maps.push((last = new Map()));
    last.set(id, idx);
  }
}

/** Identifiers per map of a shard (ShardedIndex): 64 of them rehashing together copy at most 262,144 entries. */
const SHARD_MAP_IDS = 8_192;

/** Identifiers per sealed part (16,384 of 64 characters: about 1 MB, a few milliseconds to seal and write). */
export const PART_IDS = 16_384;

export class ChildRegistry {
  private readonly indexById = new ShardedIndex();
  private readonly ids = new ChunkedList<string>();
  private readonly dob = new ChunkedList<number | null>();
  private readonly dobMonthOnly = new ChunkedList<number>();
  private readonly dobKey = new ChunkedList<number>();
  private readonly sex = new ChunkedList<number>();
  private readonly sexKey = new ChunkedList<number>();
  private readonly ethnicity = new ChunkedList<number>();
  private readonly ethnicityKey = new ChunkedList<number>();
  private readonly disability = new ChunkedList<number>();
  private readonly disabilityKey = new ChunkedList<number>();
  private lastId = '';
  private lastIdx = -1;
  private lastEpisode: string | null = null;
  private lastEpisodePseudonym = '';

  constructor(
    private readonly pseudonyms: Pseudonymiser,
    private readonly maxChildren = maxChildrenPerImport(),
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** The pseudonym stored for an episode id (rows of one episode usually follow each other). */
  episode(episodeId: string | null): string | null {
    if (episodeId === null) return null;
    if (episodeId !== this.lastEpisode) {
      this.lastEpisode = episodeId;
      this.lastEpisodePseudonym = this.pseudonyms.shortPseudonym(episodeId);
    }
    return this.lastEpisodePseudonym;
  }

  /**
   * A stable key for a data-quality problem of a child, for telling new problems from ones a previous
   * import had: built on the child's keyed pseudonym, so the stored key names no child and cannot be
   * worked back by hashing guessed identifiers.
   */
  problemKey(childId: string, parts: readonly (string | number | null)[]): string {
    return this.pseudonyms.shortPseudonym(`problem\u0000${this.pseudonyms.pseudonym(childId)}\u0000${parts.join('\u0001')}`);
  }

  /** The child's index, registering it on its first good row; then records the row's attributes. */
  add(row: EventRow): number {
    return this.addChild(row.childId, row, row.day, row.seconds);
  }

  /** The index of the child with this identifier, or undefined when it has not been registered. */
  indexOf(childId: string): number | undefined {
    return this.indexById.get(childId);
  }

  /**
   * The child's index (registering it when new), recording the attributes given (0 / null = none)
   * as of `day` and `seconds` (-1 = a date only): the latest-dated value of each attribute wins.
   */
  addChild(childId: string, attrs: ChildAttributeValues, day: number, seconds: number): number {
    // Files are usually grouped by child: the previous row's child saves a hash lookup.
    let idx = childId === this.lastId ? this.lastIdx : this.indexById.get(childId);
    if (idx === undefined) {
      idx = this.ids.length;
      if (idx >= this.maxChildren) throw new TooManyChildrenError(this.maxChildren);
      const id = ownCopy(childId);
      this.indexById.set(id, idx);
      this.ids.push(id);
      this.dob.push(null);
      this.dobMonthOnly.push(0);
      this.sex.push(0);
      this.ethnicity.push(0);
      this.disability.push(0);
      this.dobKey.push(-Infinity);
      this.sexKey.push(-Infinity);
      this.ethnicityKey.push(-Infinity);
      this.disabilityKey.push(-Infinity);
    }
    this.lastId = childId;
    this.lastIdx = idx;
    const key = dateKey(day, seconds);
    // `>=`: rows arrive in file order, so an equal date means a later row, which wins.
    if (attrs.dob !== null && key >= this.dobKey.get(idx)) {
      this.dob.set(idx, attrs.dob);
      this.dobMonthOnly.set(idx, attrs.dobMonthOnly ? 1 : 0);
      this.dobKey.set(idx, key);
    }
    if (attrs.sex !== 0 && key >= this.sexKey.get(idx)) {
      this.sex.set(idx, attrs.sex);
      this.sexKey.set(idx, key);
    }
    if (attrs.ethnicity !== 0 && key >= this.ethnicityKey.get(idx)) {
      this.ethnicity.set(idx, attrs.ethnicity);
      this.ethnicityKey.set(idx, key);
    }
    if (attrs.disability !== 0 && key >= this.disabilityKey.get(idx)) {
      this.disability.set(idx, attrs.disability);
      this.disabilityKey.set(idx, key);
    }
    return idx;
  }

  /** Every child's identifier, by index (a copy, made at each call). */
  get identifiers(): readonly string[] {
    return this.ids.toArray();
  }

  /** A copy of every child's identifier, by index, a chunk at a time with the event loop let in between slices. */
  identifiersSliced(slice = new TimeSlice()): Promise<string[]> {
    return this.ids.toArraySliced(slice);
  }

  /** Copies of every child's identifier, date of birth and month-only flag, by index, a slice at a time. */
  async columns(slice = new TimeSlice()): Promise<{ identifiers: string[]; datesOfBirth: (number | null)[]; datesOfBirthMonthOnly: number[] }> {
    return {
      identifiers: await this.ids.toArraySliced(slice),
      datesOfBirth: await this.dob.toArraySliced(slice),
      datesOfBirthMonthOnly: await this.dobMonthOnly.toArraySliced(slice),
    };
  }

  /** The identifier of child `idx`. */
  idOf(idx: number): string {
    return this.ids.get(idx);
  }

  /** The attributes kept for child `idx` so far. */
  attributesOf(idx: number): ChildAttributeValues {
    if (idx < 0 || idx >= this.ids.length) return { dob: null, sex: 0, ethnicity: 0, disability: 0 };
    return { dob: this.dob.get(idx) ?? null, sex: this.sex.get(idx), ethnicity: this.ethnicity.get(idx), disability: this.disability.get(idx) };
  }

  /**
   * Buffers every child's row in `insert` (columns idx, child_id, dob, sex, ethnicity, disability),
   * calling `afterRow` after each (to write what has piled up) and letting the event loop run between
   * slices: a keyed hash per child is seconds of work for a million-event file.
   */
  async writeTo(insert: BatchInsert, afterRow: () => void, slice = new TimeSlice()): Promise<void> {
    await loopSliced(
      this.ids.length,
      (from, to) => {
        for (let idx = from; idx < to; idx++) {
          const p = insert.params;
          const k = insert.row();
          p[k] = idx;
          p[k + 1] = this.pseudonyms.pseudonym(this.ids.get(idx));
          p[k + 2] = this.dob.get(idx);
          p[k + 3] = this.sex.get(idx);
          p[k + 4] = this.ethnicity.get(idx);
          p[k + 5] = this.disability.get(idx);
          p[k + 6] = this.dobMonthOnly.get(idx);
          insert.commitRow();
          afterRow();
        }
      },
      slice,
      256,
    );
  }

  /**
   * The real identifiers in index order, sealed for the `dataset_identifier_parts` table: one sealed JSON
   * array per PART_IDS identifiers (at least one part, `[]` for none), a slice at a time.
   */
  async *sealedParts(slice = new TimeSlice()): AsyncGenerator<Buffer> {
    for (let start = 0; start === 0 || start < this.ids.length; start += PART_IDS) {
      const end = Math.min(this.ids.length, start + PART_IDS);
      const sealer = this.pseudonyms.sealer();
      // JSON.stringify of the part's ids in pieces: '[', the elements of each block joined by ',', ']'.
      sealer.update('[');
      await loopSliced(end - start, (from, to) => sealer.update((from === 0 ? '' : ',') + JSON.stringify(this.ids.slice(start + from, start + to)).slice(1, -1)), slice, 4096);
      sealer.update(']');
      yield sealer.final();
      if (slice.due()) await slice.pause();
    }
  }
}
