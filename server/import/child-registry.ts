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
import { TimeSlice, loopSliced } from './time-slice.js';

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

/**
 * Identifier -> index, spread over 64 maps by a cheap hash of the identifier's length and last two
 * characters. One Map of 300,000 children doubles its table at 262,144 entries, rehashing them all in
 * one go (tens of milliseconds of the event loop); each of 64 rehashes 1/64th of that. Identifiers
 * that all end alike fall in fewer maps, which is no worse than one.
 */
class ShardedIndex {
  private readonly shards = Array.from({ length: 64 }, () => new Map<string, number>());

  private shard(id: string): Map<string, number> {
    const n = id.length;
    return this.shards[(n + id.charCodeAt(n - 1) * 31 + id.charCodeAt(n - 2) * 7) & 63]!;
  }

  get(id: string): number | undefined {
    return this.shard(id).get(id);
  }

  set(id: string, idx: number): void {
    this.shard(id).set(id, idx);
  }
}

export class ChildRegistry {
  private readonly indexById = new ShardedIndex();
  private readonly ids: string[] = [];
  private readonly dob: (number | null)[] = [];
  private readonly dobMonthOnly: number[] = [];
  private readonly dobKey: number[] = [];
  private readonly sex: number[] = [];
  private readonly sexKey: number[] = [];
  private readonly ethnicity: number[] = [];
  private readonly ethnicityKey: number[] = [];
  private readonly disability: number[] = [];
  private readonly disabilityKey: number[] = [];
  private lastId = '';
  private lastIdx = -1;
  private lastEpisode: string | null = null;
  private lastEpisodePseudonym = '';

  constructor(private readonly pseudonyms: Pseudonymiser) {}

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
    if (attrs.dob !== null && key >= this.dobKey[idx]!) {
      this.dob[idx] = attrs.dob;
      this.dobMonthOnly[idx] = attrs.dobMonthOnly ? 1 : 0;
      this.dobKey[idx] = key;
    }
    if (attrs.sex !== 0 && key >= this.sexKey[idx]!) {
      this.sex[idx] = attrs.sex;
      this.sexKey[idx] = key;
    }
    if (attrs.ethnicity !== 0 && key >= this.ethnicityKey[idx]!) {
      this.ethnicity[idx] = attrs.ethnicity;
      this.ethnicityKey[idx] = key;
    }
    if (attrs.disability !== 0 && key >= this.disabilityKey[idx]!) {
      this.disability[idx] = attrs.disability;
      this.disabilityKey[idx] = key;
    }
    return idx;
  }

  /** Every child's identifier, by index (the registry's own list: read, do not change). */
  get identifiers(): readonly string[] {
    return this.ids;
  }

  /** Every child's date of birth (day number) or null, by index (the registry's own list). */
  get datesOfBirthMonthOnly(): readonly number[] {
    return this.dobMonthOnly;
  }

  /** Every child's date of birth (day number) or null, by index (the registry's own list). */
  get datesOfBirth(): readonly (number | null)[] {
    return this.dob;
  }

  /** The identifier of child `idx`. */
  idOf(idx: number): string {
    return this.ids[idx]!;
  }

  /** The attributes kept for child `idx` so far. */
  attributesOf(idx: number): ChildAttributeValues {
    return { dob: this.dob[idx] ?? null, sex: this.sex[idx] ?? 0, ethnicity: this.ethnicity[idx] ?? 0, disability: this.disability[idx] ?? 0 };
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
          p[k + 1] = this.pseudonyms.pseudonym(this.ids[idx]!);
          p[k + 2] = this.dob[idx];
          p[k + 3] = this.sex[idx];
          p[k + 4] = this.ethnicity[idx];
          p[k + 5] = this.disability[idx];
          p[k + 6] = this.dobMonthOnly[idx];
          insert.commitRow();
          afterRow();
        }
      },
      slice,
      256,
    );
  }

  /** The real identifiers in index order, sealed for the `dataset_identifiers` table, a slice at a time. */
  async sealedIds(slice = new TimeSlice()): Promise<Buffer> {
    const sealer = this.pseudonyms.sealer();
    // JSON.stringify(ids) in pieces: '[', the elements of each block joined by ',', ']'.
    sealer.update('[');
    await loopSliced(this.ids.length, (from, to) => sealer.update((from === 0 ? '' : ',') + JSON.stringify(this.ids.slice(from, to)).slice(1, -1)), slice, 4096);
    sealer.update(']');
    return sealer.final();
  }
}
