// Reads a stored dataset back as core columns: events in (child, day, seconds, file order), linked
// into episodes by core's linkEpisodes, and the children's attributes aligned with the child ids.
// Events are stored in file order (imports stay fast), so the table order is made here, in memory.
import type { Database } from 'better-sqlite3';
import { NO_DATE, emptyChildAttributes, type ChildAttributes } from '../../core/children.js';
import { linkEpisodes, type EventTable, type SortedEventColumns } from '../../core/event-table.js';
import { CHILD_SHIFT, DAY_OFFSET, SECONDS_SPAN, SQL } from './event-packing.js';

export interface DatasetColumns {
  table: EventTable;
  children: ChildAttributes;
}

/** count, then JSON arrays of: line, child_code, time_key, episode_id (see event-packing.ts) */
type ChunkTuple = [n: number, lines: string, childCodes: string, timeKeys: string, episodes: string];
const LINES_PER_CHUNK = 65_536;
type ChildTuple = [childId: string, dob: number | null, sex: number, ethnicity: number, disability: number];

/** Reads dataset `id`, which holds `eventCount` events, into typed columns. */
export function readDatasetColumns(db: Database, id: number, eventCount: number): DatasetColumns {
  const childRows = db
    .prepare('SELECT child_id, dob, sex, ethnicity, disability FROM children WHERE dataset_id = ? ORDER BY idx')
    .raw()
    .all(id) as ChildTuple[];
  const childIds = new Array<string>(childRows.length);
  const children = emptyChildAttributes(childRows.length);
  const dob = children.dob as Int32Array;
  const sex = children.sex as Uint8Array;
  const ethnicity = children.ethnicity as Uint8Array;
  const disability = children.disability as Uint8Array;
  childRows.forEach(([childId, d, s, e, dis], c) => {
    childIds[c] = childId;
    dob[c] = d === null ? NO_DATE : d;
    sex[c] = s;
    ethnicity[c] = e;
    disability[c] = dis;
  });

  // Stored in file order; read in file order, then put in table order here (see sortOrder). Rows
  // come back as one JSON array per column per chunk of lines: better-sqlite3 makes a JS array per
  // row otherwise, which costs three times as much as this.
  const fileChild = new Int32Array(eventCount);
  const fileCodes = new Int32Array(eventCount);
  const fileDay = new Int32Array(eventCount);
  const fileSeconds = new Int32Array(eventCount);
  const fileEpisode = new Array<string | null>(eventCount);
  const maxLine = (db.prepare('SELECT max(line) FROM events WHERE dataset_id = ?').pluck().get(id) as number | null) ?? 0;
  const chunk = db
    .prepare(
      `SELECT count(*), json_group_array(line), json_group_array(${SQL.childCode}), json_group_array(${SQL.timeKey}),
              json_group_array(episode_id)
       FROM (SELECT * FROM events WHERE dataset_id = ? AND line >= ? AND line < ? ORDER BY line)`,
    )
    .raw();
  let i = 0;
  let lastLine = -1;
  for (let from = 0; from <= maxLine; from += LINES_PER_CHUNK) {
    const [n, lines, childCodes, timeKeys, episodes] = chunk.get(id, from, from + LINES_PER_CHUNK) as ChunkTuple;
    if (n === 0) continue;
    if (i + n > eventCount) throw new Error(`dataset ${id} holds more events than its recorded count ${eventCount}`);
    // The check is cheap insurance: ties in table order are broken by file order.
    for (const line of JSON.parse(lines) as number[]) {
      if (line <= lastLine) throw new Error(`dataset ${id}: events came back out of file order`);
      lastLine = line;
    }
    const codes = JSON.parse(childCodes) as number[];
    const times = JSON.parse(timeKeys) as number[];
    const episode = JSON.parse(episodes) as (string | null)[];
    for (let k = 0; k < n; k++, i++) {
      const code = codes[k]!;
      const child = Math.floor(code / CHILD_SHIFT);
      fileChild[i] = child;
      fileCodes[i] = code - child * CHILD_SHIFT;
      const time = times[k]!;
      const day = Math.floor(time / SECONDS_SPAN);
      fileDay[i] = day - DAY_OFFSET;
      fileSeconds[i] = time - day * SECONDS_SPAN - 1;
      fileEpisode[i] = episode[k]!;
    }
  }
  if (i !== eventCount) throw new Error(`dataset ${id} holds ${i} events but records ${eventCount}`);

  const order = sortOrder(fileChild, fileDay, fileSeconds, childRows.length);
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
    const codes = fileCodes[j]!;
    columns.type[k] = codes & 255;
    columns.day[k] = fileDay[j]!;
    columns.seconds[k] = fileSeconds[j]!;
    columns.outcome[k] = (codes >> 8) & 255;
    columns.source[k] = (codes >> 16) & 255;
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
