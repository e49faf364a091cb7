// Reads a stored dataset back as core columns: events in (child, day, seconds, file order), linked
// into episodes by core's linkEpisodes, and the children's attributes aligned with the child ids.
// Events are stored in file order in columnar chunks (imports stay fast), so the table order is made
// here, in memory.
import type { Database } from 'better-sqlite3';
import { NO_DATE, emptyChildAttributes, type ChildAttributes } from '../../core/children.js';
import { linkEpisodes, type EventTable, type SortedEventColumns } from '../../core/event-table.js';
import { readEventChunks } from './event-chunks.js';

export interface DatasetColumns {
  table: EventTable;
  children: ChildAttributes;
}

/** JSON arrays of: dob, sex | ethnicity << 8 | disability << 16 */
type ChildTuple = [dob: string, codes: string];

/**
 * Reads dataset `id`, which holds `eventCount` events, into typed columns. `childIds`: the children's
 * identifiers in index order (the store unseals them; the children table holds only pseudonyms).
 */
export function readDatasetColumns(db: Database, id: number, eventCount: number, childIds: string[]): DatasetColumns {
  const [dobJson, codesJson] = db
    .prepare(
      `SELECT json_group_array(dob), json_group_array(sex | (ethnicity << 8) | (disability << 16) | (dob_month_only << 24))
       FROM (SELECT * FROM children WHERE dataset_id = ? ORDER BY idx)`,
    )
    .raw()
    .get(id) as ChildTuple;
  const childDob = JSON.parse(dobJson) as (number | null)[];
  const childCodes = JSON.parse(codesJson) as number[];
  if (childCodes.length !== childIds.length) throw new Error(`dataset ${id} has ${childCodes.length} children but ${childIds.length} identifiers`);
  const children = { ...emptyChildAttributes(childIds.length), dobMonthOnly: new Uint8Array(childIds.length) };
  const dob = children.dob as Int32Array;
  const sex = children.sex as Uint8Array;
  const ethnicity = children.ethnicity as Uint8Array;
  const disability = children.disability as Uint8Array;
  for (let c = 0; c < childIds.length; c++) {
    const d = childDob[c]!;
    dob[c] = d === null ? NO_DATE : d;
    const codes = childCodes[c]!;
    sex[c] = codes & 255;
    ethnicity[c] = (codes >> 8) & 255;
    disability[c] = (codes >> 16) & 255;
    children.dobMonthOnly[c] = (codes >> 24) & 1;
  }

  // Stored in file order as columnar chunks; read in file order, then put in table order here (see sortOrder).
  const file = readEventChunks(db, id, eventCount);
  const fileChild = file.child;
  const fileDay = file.day;
  const fileSeconds = file.seconds;
  const fileEpisode = file.episodeId;
  const order = sortOrder(fileChild, fileDay, fileSeconds, childIds.length);
  const columns: SortedEventColumns = {
    childIds,
    child: new Int32Array(eventCount),
    type: new Uint8Array(eventCount),
    day: new Int32Array(eventCount),
    seconds: new Int32Array(eventCount),
    outcome: new Uint8Array(eventCount),
    source: new Uint8Array(eventCount),
    episodeId: new Array<string | null>(eventCount),
  };
  const episodeId = columns.episodeId as (string | null)[];
  for (let k = 0; k < eventCount; k++) {
    const j = order[k]!;
    columns.child[k] = fileChild[j]!;
    columns.type[k] = file.type[j]!;
    columns.day[k] = fileDay[j]!;
    columns.seconds[k] = fileSeconds[j]!;
    columns.outcome[k] = file.outcome[j]!;
    columns.source[k] = file.source[j]!;
    episodeId[k] = fileEpisode[j]!;
  }
  return { table: linkEpisodes(columns), children };
}

/** Children this small sort their events by insertion; larger ones use Array#sort (stable). */
const INSERTION_SORT_MAX = 32;

/**
 * The permutation that puts rows given in file order into table order (child, day, seconds, file
 * order): a stable counting sort by child, then a stable sort of each child's few rows by time.
 * Linear for the usual handful of events per child, where SQLite's ORDER BY costs seconds per million.
 */
export function sortOrder(child: Int32Array, day: Int32Array, seconds: Int32Array, childCount: number): Int32Array {
  const n = child.length;
  const start = new Int32Array(childCount + 1);
  for (let i = 0; i < n; i++) start[child[i]! + 1]!++;
  for (let c = 0; c < childCount; c++) start[c + 1]! += start[c]!;
  const next = start.slice(0, childCount);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[child[i]!]!++] = i;
  const before = (a: number, b: number): boolean => day[a]! < day[b]! || (day[a] === day[b] && seconds[a]! < seconds[b]!);
  for (let c = 0; c < childCount; c++) {
    const lo = start[c]!;
    const hi = start[c + 1]!;
    if (hi - lo > INSERTION_SORT_MAX) {
      const part = Array.from(order.subarray(lo, hi)).sort((a, b) => day[a]! - day[b]! || seconds[a]! - seconds[b]! || a - b);
      order.set(part, lo);
      continue;
    }
    for (let k = lo + 1; k < hi; k++) {
      const row = order[k]!;
      let m = k - 1;
      while (m >= lo && before(row, order[m]!)) {
        order[m + 1] = order[m]!;
        m--;
      }
      order[m + 1] = row;
    }
  }
  return order;
}
