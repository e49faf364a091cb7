// A dataset being imported is written straight into the dataset tables (event_chunks, rejections, children)
// under an id reserved in `pending_datasets` but absent from `datasets`. Readers find datasets through
// `datasets`, so they cannot see it. Rows go in in short transactions, so no lock is held while the
// file streams (other connections, the store's own included, can still write), and nothing is copied
// twice. Publishing is one short transaction that deletes the old dataset of that name and inserts
// the new `datasets` row; a failed import deletes its rows in one transaction, and rows left by an
// import whose process died are deleted by the next store opened on the file.
//
// The writing connection must run with foreign_keys OFF: the rows precede their `datasets` row.
import { isMainThread, workerData } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { BatchInsert } from './batch-insert.js';
import { EventChunkWriter } from './event-chunks.js';
import { unpublishDataset } from './purge.js';

/** Rows (rejections, children, problems) buffered before they are written in one transaction: bounds
 * memory, amortises commits, and keeps each transaction to a few milliseconds of the event loop (65,536
 * children took 100-200 ms). Events are written a chunk (CHUNK_EVENTS) at a time. */
export const FLUSH_ROWS = 4_096;

export const CHILD_COLUMNS = ['idx', 'child_id', 'dob', 'sex', 'ethnicity', 'disability', 'dob_month_only'] as const;
export const REJECTION_COLUMNS = ['line', 'column', 'reason'] as const;
const PENDING_TABLES = ['event_chunks', 'rejections', 'children', 'quality_problems', 'care_episodes', 'dataset_identifier_parts'] as const;

/**
 * What every thread of this process shares about its imports (an import may run in a thread of its own:
 * ../import/import-thread.ts passes this to it): the owner written with each pending id, pid and the main
 * thread's start time, as pids get reused (pid 1 in every container), and the ids being imported right now,
 * in any thread. Each thread had its own: a thread's import took another's (or the service's) for one of
 * an earlier process of the same pid, and deleted its rows as a crashed import's.
 */
export interface PendingShared {
  owner: string;
  /** ids being imported, 0 in a free slot */
  ids: SharedArrayBuffer;
}
const SLOTS = 256;
const shared: PendingShared = (!isMainThread && (workerData as { pendingShared?: PendingShared } | null)?.pendingShared) || {
  owner: `${process.pid}@${Math.round(performance.timeOrigin)}`,
  ids: new SharedArrayBuffer(SLOTS * 4),
};
const OWNER = shared.owner;
const activeIds = new Int32Array(shared.ids);
/** Ids this process is importing right now, in any of its threads. */
const active = {
  add(id: number): void {
    for (let i = 0; i < activeIds.length; i++) if (Atomics.compareExchange(activeIds, i, 0, id) === 0) return;
    throw new Error(`more than ${SLOTS} imports at once in one process`);
  },
  delete(id: number): void {
    for (let i = 0; i < activeIds.length; i++) if (Atomics.compareExchange(activeIds, i, id, 0) === id) return;
  },
  has: (id: number): boolean => activeIds.some((_, i) => Atomics.load(activeIds, i) === id),
};

/** This process's shared state of imports, for a thread that imports (workerData.pendingShared). */
export const pendingShared = (): PendingShared => shared;

/**
 * In an import's own thread, where it writes the id it reserves (workerData.pendingSlot, one Int32 the service
 * reads): a thread that dies (out of memory, say) cannot discard its rows, so the service does (abandonImport).
 */
const threadSlot: Int32Array | null = (() => {
  const slot = isMainThread ? undefined : (workerData as { pendingSlot?: SharedArrayBuffer } | null)?.pendingSlot;
  return slot instanceof SharedArrayBuffer ? new Int32Array(slot) : null;
})();

/** The `datasets` row written when the import is published. */
export interface DatasetSummary {
  name: string;
  sourceFile: string | null;
  rows: number;
  imported: number;
  rejected: number;
  minDay: number | null;
  maxDay: number | null;
  children: number;
}

export class PendingDataset {
  /** buffers of rows (events: the chunk being filled); call `flushIfDue()` after adding to them */
  readonly events: EventChunkWriter;
  readonly rejections: BatchInsert;
  readonly children: BatchInsert;
  private readonly writeBuffered: (all: boolean) => void;

  private constructor(
    readonly db: Database,
    readonly id: number,
  ) {
    const fixed = { dataset_id: id };
    this.events = new EventChunkWriter(db, id);
    this.rejections = new BatchInsert(db, 'rejections', REJECTION_COLUMNS, fixed);
    this.children = new BatchInsert(db, 'children', CHILD_COLUMNS, fixed);
    this.writeBuffered = db.transaction((all: boolean) => {
      this.events.write(all);
      this.rejections.write(all);
      this.children.write(all);
    }).immediate;
  }

  /** Reserves a dataset id that no other import, here or in another process, can be given. */
  static begin(db: Database): PendingDataset {
    removeCrashedImports(db);
    let added = 0;
    const reserve = db.transaction((): number => {
      const next = db
        .prepare(
          `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'datasets'), 0),
                      coalesce((SELECT max(id) FROM datasets), 0),
                      coalesce((SELECT max(id) FROM pending_datasets), 0)) + 1`,
        )
        .pluck()
        .get() as number;
      // AUTOINCREMENT then never hands this id out, nor reuses it once the import is over.
      if (db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'datasets'").run(next).changes === 0) {
        db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('datasets', ?)").run(next);
      }
      db.prepare('INSERT INTO pending_datasets (id, owner, started_at) VALUES (?, ?, ?)').run(next, OWNER, new Date().toISOString());
      // live before it is committed: another thread's removeCrashedImports never sees it without
      active.add((added = next));
      if (threadSlot !== null) Atomics.store(threadSlot, 0, next);
      return next;
    });
    let id: number;
    try {
      id = reserve.immediate();
    } catch (error) {
      if (added !== 0) active.delete(added);
      throw error;
    }
    return new PendingDataset(db, id);
  }

  /** Writes the buffered rows once enough have piled up. Call between rows, outside any transaction. */
  flushIfDue(): void {
    if (this.events.full || this.rejections.pending + this.children.pending >= FLUSH_ROWS) this.writeBuffered(false);
  }

  /**
   * Writes the dataset's real child identifiers, sealed in parts (server/privacy/pseudonyms.ts), each part in
   * a transaction of its own with the event loop free between them. Call once, before publish.
   */
  async writeSealedIds(parts: AsyncIterable<Buffer>): Promise<void> {
    const insert = this.db.prepare('INSERT INTO dataset_identifier_parts (dataset_id, part, sealed) VALUES (?, ?, ?)');
    const write = this.db.transaction((part: number, sealed: Buffer) => insert.run(this.id, part, sealed));
    let part = 0;
    for await (const sealed of parts) write.immediate(part++, sealed);
  }

  /** Writes what is still buffered, then makes the dataset visible as `summary.name`, replacing any old one. */
  publish(summary: DatasetSummary): void {
    this.writeBuffered(true);
    const db = this.db;
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM pending_datasets WHERE id = ?').get(this.id) === undefined) {
        throw new Error(`import of "${summary.name}" was cancelled: its rows were removed as those of a crashed import`);
      }
      const old = db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(summary.name) as number | undefined;
      // The old dataset's rows are purged afterwards, a batch at a time (purge.ts).
      if (old !== undefined) unpublishDataset(db, old);
      db.prepare(
        `INSERT INTO datasets (id, name, created_at, source_file, rows, imported, rejected, min_day, max_day, children)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(this.id, summary.name, new Date().toISOString(), summary.sourceFile, summary.rows, summary.imported,
        summary.rejected, summary.minDay, summary.maxDay, summary.children);
      db.prepare('DELETE FROM pending_datasets WHERE id = ?').run(this.id);
    }).immediate();
    active.delete(this.id);
  }

  /** Deletes every row written so far, in one transaction. */
  discard(): void {
    try {
      discardRows(this.db, this.id);
    } finally {
      active.delete(this.id);
    }
  }
}

function discardRows(db: Database, id: number): void {
  db.transaction(() => {
    for (const table of PENDING_TABLES) db.prepare(`DELETE FROM ${table} WHERE dataset_id = ?`).run(id);
    db.prepare('DELETE FROM pending_datasets WHERE id = ?').run(id);
  }).immediate();
}

/**
 * Queues for purging (purge.ts: a batch at a time, the event loop free between) the rows of import `id` whose
 * thread died before it could discard them (import-thread.ts), unless it was published meanwhile (its pending
 * row gone: its rows are then the dataset's). Returns whether it queued them; the caller kicks the purger.
 */
export function abandonImport(db: Database, id: number): boolean {
  try {
    return db.transaction((): boolean => {
      if (db.prepare('DELETE FROM pending_datasets WHERE id = ?').run(id).changes === 0) return false;
      unpublishDataset(db, id); // (never published: only queues its rows)
      return true;
    }).immediate();
  } finally {
    active.delete(id);
  }
}

/** Whether the import that wrote `owner` may still be running. */
function isLive(owner: string, id: number): boolean {
  if (owner === OWNER) return active.has(id);
  const pid = Number.parseInt(owner, 10);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false; // same pid, earlier process
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists but is not ours to signal
  }
}

/** Deletes the rows of imports whose process has died (or that this process failed to clean up). */
export function removeCrashedImports(db: Database): number {
  const pending = db.prepare('SELECT id, owner FROM pending_datasets').all() as { id: number; owner: string }[];
  let removed = 0;
  for (const { id, owner } of pending) {
    if (isLive(owner, id)) continue;
    discardRows(db, id);
    removed++;
  }
  return removed;
}
