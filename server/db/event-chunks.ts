// A dataset's events are stored as columnar chunks: one `event_chunks` row per CHUNK_EVENTS events in
// file order, each numeric column a blob holding a typed array, the two text columns JSON arrays.
// One SQLite row per 16,384 events instead of one per event makes the import's writes and
// loadDataset's reads memcpys rather than row-by-row work; deleting a dataset deletes a handful of rows.
// Chunks of 65,536 held the importer's event loop for 40-50 ms a write (its other requests waited);
// a chunk of any size reads back (each row says how many events it holds).
// Blobs hold the machine's byte order (little-endian on every platform Node supports).
import type { Database, Statement } from 'better-sqlite3';

/** Events per stored chunk: also bounds the importer's buffered events. */
export const CHUNK_EVENTS = 16_384;

/** One chunk's columns as the importer fills them. */
export class EventChunkWriter {
  readonly child = new Int32Array(CHUNK_EVENTS);
  readonly type = new Uint8Array(CHUNK_EVENTS);
  readonly day = new Int32Array(CHUNK_EVENTS);
  readonly seconds = new Int32Array(CHUNK_EVENTS);
  readonly outcome = new Uint8Array(CHUNK_EVENTS);
  readonly source = new Uint8Array(CHUNK_EVENTS);
  readonly line = new Int32Array(CHUNK_EVENTS);
  private readonly episodeId = new Array<string | null>(CHUNK_EVENTS).fill(null);
  private readonly team = new Array<string | null>(CHUNK_EVENTS).fill(null);
  private anyEpisode = false;
  private anyTeam = false;
  /** events in the chunk being filled */
  count = 0;
  /** number of the next chunk written */
  private chunk = 0;
  private readonly insert: Statement;

  constructor(db: Database, private readonly datasetId: number) {
    this.insert = db.prepare(
      `INSERT INTO event_chunks (dataset_id, chunk, count, child_idx, type, day, seconds, outcome, source, line, episode_id, team)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  get full(): boolean {
    return this.count === CHUNK_EVENTS;
  }

  /** Adds one event; call `write` (in a transaction) before adding to a full chunk. */
  add(child: number, type: number, day: number, seconds: number, episodeId: string | null, outcome: number, source: number, team: string | null, line: number): void {
    const k = this.count++;
    this.child[k] = child;
    this.type[k] = type;
    this.day[k] = day;
    this.seconds[k] = seconds;
    this.outcome[k] = outcome;
    this.source[k] = source;
    this.line[k] = line;
    if (episodeId !== null) {
      this.episodeId[k] = episodeId;
      this.anyEpisode = true;
    }
    if (team !== null) {
      this.team[k] = team;
      this.anyTeam = true;
    }
  }

  /** Writes the chunk when full, or with `all` when it holds any events. Call inside a transaction. */
  write(all: boolean): void {
    const n = this.count;
    if (n === 0 || (!all && n < CHUNK_EVENTS)) return;
    this.insert.run(
      this.datasetId,
      this.chunk++,
      n,
      blob(this.child, n),
      blob(this.type, n),
      blob(this.day, n),
      blob(this.seconds, n),
      blob(this.outcome, n),
      blob(this.source, n),
      blob(this.line, n),
      this.anyEpisode ? JSON.stringify(this.episodeId.slice(0, n)) : null,
      this.anyTeam ? JSON.stringify(this.team.slice(0, n)) : null,
    );
    if (this.anyEpisode) this.episodeId.fill(null, 0, n);
    if (this.anyTeam) this.team.fill(null, 0, n);
    this.anyEpisode = false;
    this.anyTeam = false;
    this.count = 0;
  }
}

/** The first `n` elements of `array` as a blob parameter (a view: SQLite copies it on bind). */
function blob(array: Int32Array | Uint8Array, n: number): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, n * array.BYTES_PER_ELEMENT);
}

/** A dataset's events in file order, as stored. */
export interface FileOrderEvents {
  child: Int32Array;
  type: Uint8Array;
  day: Int32Array;
  seconds: Int32Array;
  outcome: Uint8Array;
  source: Uint8Array;
  episodeId: (string | null)[];
  /** only when asked for */
  line: Int32Array | null;
  team: (string | null)[] | null;
}

type ChunkRow = [chunk: number, count: number, child: Buffer, type: Buffer, day: Buffer, seconds: Buffer, outcome: Buffer, source: Buffer, episodes: string | null, line: Buffer | null, team: string | null];

/** Copies a stored column blob into `target` at event `at`, checking its length. */
function copyBlob(target: Int32Array | Uint8Array, at: number, data: Buffer, n: number, what: string): void {
  const bytes = n * target.BYTES_PER_ELEMENT;
  if (!Buffer.isBuffer(data) || data.length !== bytes) throw new Error(`event chunk column ${what} holds ${Buffer.isBuffer(data) ? data.length : 'no'} bytes, expected ${bytes}`);
  new Uint8Array(target.buffer, target.byteOffset + at * target.BYTES_PER_ELEMENT, bytes).set(data);
}

/** Copies a JSON text column into `target` at `at`, or leaves nulls there when the column is NULL. */
function copyTexts(target: (string | null)[], at: number, json: string | null, n: number, what: string): void {
  if (json === null) {
    target.fill(null, at, at + n);
    return;
  }
  const values = JSON.parse(json) as (string | null)[];
  if (!Array.isArray(values) || values.length !== n) throw new Error(`event chunk column ${what} does not hold ${n} values`);
  for (let k = 0; k < n; k++) target[at + k] = values[k]!;
}

/**
 * Reads dataset `id`'s chunks, which must hold `eventCount` events in all, into file-order columns.
 * `extra`: also read the line numbers and teams (loadDataset needs neither).
 */
export function readEventChunks(db: Database, id: number, eventCount: number, extra = false): FileOrderEvents {
  const out: FileOrderEvents = {
    child: new Int32Array(eventCount),
    type: new Uint8Array(eventCount),
    day: new Int32Array(eventCount),
    seconds: new Int32Array(eventCount),
    outcome: new Uint8Array(eventCount),
    source: new Uint8Array(eventCount),
    episodeId: new Array<string | null>(eventCount),
    line: extra ? new Int32Array(eventCount) : null,
    team: extra ? new Array<string | null>(eventCount) : null,
  };
  const rows = db
    .prepare(
      `SELECT chunk, count, child_idx, type, day, seconds, outcome, source, episode_id, ${extra ? 'line, team' : 'NULL, NULL'}
       FROM event_chunks WHERE dataset_id = ? ORDER BY chunk`,
    )
    .raw()
    .iterate(id) as IterableIterator<ChunkRow>;
  let i = 0;
  let expected = 0;
  for (const [chunk, n, child, type, day, seconds, outcome, source, episodes, line, team] of rows) {
    if (chunk !== expected++) throw new Error(`dataset ${id} is missing event chunk ${expected - 1}`);
    if (i + n > eventCount) throw new Error(`dataset ${id} holds more events than its recorded count ${eventCount}`);
    copyBlob(out.child, i, child, n, 'child_idx');
    copyBlob(out.type, i, type, n, 'type');
    copyBlob(out.day, i, day, n, 'day');
    copyBlob(out.seconds, i, seconds, n, 'seconds');
    copyBlob(out.outcome, i, outcome, n, 'outcome');
    copyBlob(out.source, i, source, n, 'source');
    copyTexts(out.episodeId, i, episodes, n, 'episode_id');
    if (out.line !== null) copyBlob(out.line, i, line!, n, 'line');
    if (out.team !== null) copyTexts(out.team, i, team, n, 'team');
    i += n;
  }
  if (i !== eventCount) throw new Error(`dataset ${id} holds ${i} events but records ${eventCount}`);
  return out;
}
