// What the CIN census reader keeps of each row it has taken, so that a later census's copy of the
// same episode can replace it: columns of integers (a few per row, no object), and each episode's
// rows as a list through `next`. This is all the reader holds once a <Child> is read, besides the
// events themselves.
import { GrowingInt32 } from '../source-log.js';

/** Row kinds: the CINdetails row, then the modules in schema order. */
export const DETAILS = 0;

export class CensusCopies {
  // Rows: the file (its order), the line, the events [first, end), the problems [from, to) added
  // while reading it, whether it was imported, its kind, its key (a module's start date), and the
  // next module row of its episode (-1: none).
  readonly rowFile = new GrowingInt32();
  readonly rowLine = new GrowingInt32();
  readonly rowFirst = new GrowingInt32();
  readonly rowEnd = new GrowingInt32();
  readonly rowProblemsFrom = new GrowingInt32();
  readonly rowProblemsTo = new GrowingInt32();
  readonly rowImported = new GrowingInt32();
  readonly rowKind = new GrowingInt32();
  readonly rowKey = new GrowingInt32();
  readonly rowNext = new GrowingInt32();
  // Episodes: the census rank of the copy whose CINdetails is used, that row, the first module row, the log's episode index.
  readonly epRankDay = new GrowingInt32();
  readonly epRankOrder = new GrowingInt32();
  readonly epDetails = new GrowingInt32();
  readonly epFirstModule = new GrowingInt32();
  readonly epIndex = new GrowingInt32();
  /** (child, referral date, occurrence) → episode */
  private readonly byKey = new Map<number, number>();

  get episodeCount(): number {
    return this.epIndex.length;
  }

  addRow(file: number, line: number, first: number, end: number, problemsFrom: number, problemsTo: number, imported: boolean, kind: number, key: number): number {
    const r = this.rowFile.length;
    this.rowFile.push(file);
    this.rowLine.push(line);
    this.rowFirst.push(first);
    this.rowEnd.push(end);
    this.rowProblemsFrom.push(problemsFrom);
    this.rowProblemsTo.push(problemsTo);
    this.rowImported.push(imported ? 1 : 0);
    this.rowKind.push(kind);
    this.rowKey.push(key);
    this.rowNext.push(-1);
    return r;
  }

  /** The episode of this key, or -1. `key` null: an episode that cannot be matched (no usable referral date). */
  find(key: number | null): number {
    return key === null ? -1 : (this.byKey.get(key) ?? -1);
  }

  addEpisode(key: number | null, rankDay: number, rankOrder: number, details: number, logEpisode: number): number {
    const ep = this.epIndex.length;
    this.epRankDay.push(rankDay);
    this.epRankOrder.push(rankOrder);
    this.epDetails.push(details);
    this.epFirstModule.push(-1);
    this.epIndex.push(logEpisode);
    if (key !== null) this.byKey.set(key, ep);
    return ep;
  }

  /** Adds a module row to the front of its episode's list. */
  link(ep: number, row: number): void {
    this.rowNext.data[row] = this.epFirstModule.data[ep]!;
    this.epFirstModule.data[ep] = row;
  }

  /** The episode's module rows (a fresh array: callers may relink while walking it). */
  modules(ep: number): number[] {
    const rows: number[] = [];
    for (let r = this.epFirstModule.data[ep]!; r >= 0; r = this.rowNext.data[r]!) rows.push(r);
    return rows;
  }

  /** Empties an episode's module list (before it is rebuilt). */
  clearModules(ep: number): void {
    this.epFirstModule.data[ep] = -1;
  }
}

/** A number identifying an episode across census years: the child, its referral date and which of that date's episodes it is. */
export function episodeKey(child: number, referralDay: number, occurrence: number): number {
  return (child * 65536 + (referralDay & 0xffff)) * 8 + Math.min(occurrence, 7);
}
