// The per-child state of an import, the only state that grows with the data: each child's index (in
// order of first good row) and its attributes. For each attribute the value on the latest row that
// has one wins, "latest" in the event table's own order (day, then time, then file order), so a tie
// goes to the later row in the file.
import type { EventRow } from './events-csv.js';

/** Sorts like (day, seconds) with seconds -1..86399; exact in a double. */
function dateKey(day: number, seconds: number): number {
  return day * 86401 + (seconds + 1);
}

export interface ChildRow {
  idx: number;
  childId: string;
  /** day number, null when no row gave one */
  dob: number | null;
  sex: number;
  ethnicity: number;
  disability: number;
}

export class ChildRegistry {
  private readonly indexById = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly dob: (number | null)[] = [];
  private readonly dobKey: number[] = [];
  private readonly sex: number[] = [];
  private readonly sexKey: number[] = [];
  private readonly ethnicity: number[] = [];
  private readonly ethnicityKey: number[] = [];
  private readonly disability: number[] = [];
  private readonly disabilityKey: number[] = [];
  private lastId = '';
  private lastIdx = -1;

  get size(): number {
    return this.ids.length;
  }

  /** The child's index, registering it on its first good row; then records the row's attributes. */
  add(row: EventRow): number {
    // Files are usually grouped by child: the previous row's child saves a hash lookup.
    let idx = row.childId === this.lastId ? this.lastIdx : this.indexById.get(row.childId);
    if (idx === undefined) {
      idx = this.ids.length;
      this.indexById.set(row.childId, idx);
      this.ids.push(row.childId);
      this.dob.push(null);
      this.sex.push(0);
      this.ethnicity.push(0);
      this.disability.push(0);
      this.dobKey.push(-Infinity);
      this.sexKey.push(-Infinity);
      this.ethnicityKey.push(-Infinity);
      this.disabilityKey.push(-Infinity);
    }
    this.lastId = row.childId;
    this.lastIdx = idx;
    const key = dateKey(row.day, row.seconds);
    // `>=`: rows arrive in file order, so an equal date means a later row, which wins.
    if (row.dob !== null && key >= this.dobKey[idx]!) {
      this.dob[idx] = row.dob;
      this.dobKey[idx] = key;
    }
    if (row.sex !== 0 && key >= this.sexKey[idx]!) {
      this.sex[idx] = row.sex;
      this.sexKey[idx] = key;
    }
    if (row.ethnicity !== 0 && key >= this.ethnicityKey[idx]!) {
      this.ethnicity[idx] = row.ethnicity;
      this.ethnicityKey[idx] = key;
    }
    if (row.disability !== 0 && key >= this.disabilityKey[idx]!) {
      this.disability[idx] = row.disability;
      this.disabilityKey[idx] = key;
    }
    return idx;
  }

  *rows(): IterableIterator<ChildRow> {
    for (let idx = 0; idx < this.ids.length; idx++) {
      yield {
        idx,
        childId: this.ids[idx]!,
        dob: this.dob[idx]!,
        sex: this.sex[idx]!,
        ethnicity: this.ethnicity[idx]!,
        disability: this.disability[idx]!,
      };
    }
  }
}
