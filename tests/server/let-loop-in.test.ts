// The audit trail's pages and a deleted dataset's purge batches let the event loop in between them with
// letLoopIn (server/event-loop.ts), as an import's slices do: a due timer runs between two pages or two
// batches whatever phase of the loop the reading or the purge began in. With one setImmediate, begun from an
// I/O callback (a response's stream asking for more) or a timer, the next page or batch ran in the same
// turn of the loop, before the due timers, so the two held the service as one.
import { mkdtempSync, readFile, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditLog, AuditQuery, AuditRecord } from '../../server/audit/audit-log.js';
import { createPurger } from '../../server/db/purge.js';
import { openDatabase } from '../../server/db/store.js';
import { auditPages } from '../../server/routes/audit.js';

type Phase = 'io' | 'timer' | 'immediate';
const PHASES: Phase[] = ['io', 'timer', 'immediate'];

/**
 * Sets a timer (calling `onTimer`) due at once, keeps the thread busy 5 ms so that it is due, then runs `task`;
 * all of it begun from an I/O callback, a timer or an immediate.
 */
function fromPhase<T>(phase: Phase, onTimer: () => void, task: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const run = () => {
      setTimeout(onTimer, 0);
      for (const t = performance.now(); performance.now() - t < 5;);
      task().then(resolve, reject);
    };
    if (phase === 'io') readFile(new URL(import.meta.url), () => run());
    else if (phase === 'timer') setTimeout(run, 0);
    else setImmediate(run);
  });
}

/** An audit trail of `n` records in memory (ids 1..n), listed newest first as AuditLog.list does. */
function trail(n: number): AuditLog {
  const records: AuditRecord[] = Array.from({ length: n }, (_, i) => ({ id: n - i, at: '2026-12-05T00:00:00.000Z', actor: 'a', role: 'admin', action: 'import', dataset: null, outcome: 'ok', detail: null, address: null }));
  return {
    record() {},
    running() {},
    settle() {},
    opened() {},
    closed() {},
    settleInterrupted() {},
    list(query: AuditQuery = {}) {
      return records.filter((r) => r.id < (query.before ?? Infinity)).slice(0, query.limit ?? 1000);
    },
  };
}

describe('letting the loop in between pages and batches', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('the audit trail: a due timer runs before the next page is read, from an I/O callback or a timer too', async () => {
    const seen: boolean[] = [];
    for (const phase of PHASES) {
      let fired = false;
      const firedAtPage: boolean[] = [];
      await fromPhase(phase, () => (fired = true), async () => {
        for await (const page of auditPages(trail(250), { limit: 1000 })) {
          expect(page.length).toBeGreaterThan(0);
          firedAtPage.push(fired);
        }
      });
      expect(firedAtPage.length).toBe(3); // 250 records in pages of 100
      seen.push(firedAtPage[1]!); // the second page is read after the first pause
    }
    expect(seen).toEqual([true, true, true]);
  });

  it('the purge: a due timer runs after the first batch and before the second, from an I/O callback or a timer too', async () => {
    const seen: number[] = [];
    for (const phase of PHASES) {
      const dir = mkdtempSync(join(tmpdir(), 'loop-in-'));
      dirs.push(dir);
      const db = openDatabase(join(dir, 'p.db'));
      db.pragma('foreign_keys = OFF'); // as the store's maintenance connection (purge.ts)
      const insert = db.prepare('INSERT INTO rejections (dataset_id, line, reason) VALUES (1, ?, ?)');
      db.transaction(() => {
        for (let line = 1; line <= 15_000; line++) insert.run(line, 'r');
      })();
      db.prepare('INSERT INTO purge_queue (dataset_id) VALUES (1)').run();
      const left = db.prepare('SELECT count(*) FROM rejections').pluck();
      const purger = createPurger(db);
      // the rejections left when the timer ran: 10,000 after one batch of 5,000 (BATCH_ROWS), fewer after more
      let leftWhenFired = -1;
      await fromPhase(phase, () => (leftWhenFired = left.get() as number), async () => {
        purger.kick(); // the first batch runs now
        await purger.idle();
      });
      expect(left.get()).toBe(0);
      purger.stop();
      db.close();
      seen.push(leftWhenFired);
    }
    expect(seen).toEqual([10_000, 10_000, 10_000]);
  });
});
