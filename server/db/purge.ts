// Removing a dataset's rows without stalling the service: deleting a dataset (or replacing it) only
// deletes its `datasets` row and queues its id in `purge_queue`, in one short transaction; its other
// rows (millions of children for a large one) are then deleted a batch at a time, letting the event
// loop in between batches (letLoopIn: timers that are due run too). Readers find datasets through `datasets`, so they never see the rest.
// The queue is on disk: a purge cut short by a crash goes on at the next start.
//
// The connection must run with foreign_keys OFF (else deleting the datasets row would cascade to
// every row at once, which is what this avoids).
import type { Database } from 'better-sqlite3';
import { letLoopIn } from '../event-loop.js';

/** Tables holding a dataset's rows, besides `datasets`. */
export const DATASET_ROW_TABLES = ['event_chunks', 'children', 'dataset_identifiers', 'dataset_identifier_parts', 'rejections', 'quality_problems', 'care_episodes', 'moves_cache', 'markers'] as const;

/** Rows deleted per batch (event chunks are 65,536 events each, so fewer of those). */
const BATCH_ROWS: Record<(typeof DATASET_ROW_TABLES)[number], number> = {
  event_chunks: 8,
  children: 5_000,
  dataset_identifiers: 1,
  dataset_identifier_parts: 4,
  rejections: 5_000,
  quality_problems: 5_000,
  care_episodes: 5_000,
  moves_cache: 2,
  markers: 5_000,
};

/** Unpublishes dataset `id` and queues its rows for purging. Call inside a transaction. */
export function unpublishDataset(db: Database, id: number): void {
  db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  db.prepare('INSERT OR IGNORE INTO purge_queue (dataset_id) VALUES (?)').run(id);
}

export interface Purger {
  /** starts purging what is queued, unless already purging */
  kick(): void;
  /** resolves when the queue is empty */
  idle(): Promise<void>;
  stop(): void;
}

export function createPurger(db: Database): Purger {
  const next = db.prepare('SELECT dataset_id FROM purge_queue LIMIT 1').pluck();
  const done = db.prepare('DELETE FROM purge_queue WHERE dataset_id = ?');
  const batches = DATASET_ROW_TABLES.map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE dataset_id = ? LIMIT ${BATCH_ROWS[table]})`),
  );
  let running: Promise<void> | null = null;
  let stopped = false;

  /** One batch; false when the queue is empty. */
  const step = db.transaction((): boolean => {
    const id = next.get() as number | undefined;
    if (id === undefined) return false;
    for (const batch of batches) if (batch.run(id).changes > 0) return true;
    done.run(id);
    return true;
  });

  async function run(): Promise<void> {
    let purged = false;
    while (!stopped && step.immediate()) {
      purged = true;
      await letLoopIn(); // due timers run between batches, whatever phase the purge was kicked from
    }
    // only after a purge: at every store open it would fold in a log that holds nothing deleted
    if (purged && !stopped) truncateLog();
  }

  /**
   * The write-ahead log keeps the pages the dataset's import wrote until later writes reuse its space:
   * once a purge is done the log is folded into the file (whose freed pages secure_delete has zeroed) and
   * cut to 0 bytes. Without waiting: while another connection is reading, it is left to a later purge or close.
   */
  function truncateLog(): void {
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // busy: nothing lost, the log is folded in later
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  return {
    kick() {
      if (stopped || running !== null) return;
      running = run().finally(() => {
        running = null;
      });
    },
    idle: () => running ?? Promise.resolve(),
    stop() {
      stopped = true;
    },
  };
}
