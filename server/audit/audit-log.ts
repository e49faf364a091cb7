// The audit trail: who did what, when, to which dataset, with counts, never a child-level value.
// Rows are only ever inserted (triggers in the schema refuse UPDATE and DELETE).
import type { Database } from 'better-sqlite3';

export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_out',
  'import',
  'delete',
  'export',
  'child_timeline',
  'user_add',
  'user_remove',
  'user_token',
  /** a user linked to (or unlinked from) their identity at the single sign-on provider */
  'user_link',
  'audit_read',
  /** a request refused for its credentials (401) or its role (403), counted (server/audit/audit-tally.ts) */
  'access',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  actor: string | null;
  role: string | null;
  action: AuditAction;
  dataset?: string | null;
  /** 'ok', 'failed' or 'refused' */
  outcome: 'ok' | 'failed' | 'refused';
  /** counts and codes only: rows, imported, rejected, format, table, map, … */
  detail?: Record<string, string | number | boolean | null>;
  address?: string | null;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string | null;
  role: string | null;
  action: string;
  dataset: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
  address: string | null;
}

export interface AuditQuery {
  /** records with an id below this one (paging backwards from the newest) */
  before?: number;
  limit?: number;
  action?: string;
  dataset?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): void;
  /** Sets the running count of a kind of attempt (audit-tally.ts): on disk at once, in the trail once settled. */
  running(kind: string, entry: AuditEntry, attempts: number, since: string): void;
  /** Moves every running count into the trail, each a row with `attempts` and `since`, and clears them. */
  settle(): void;
  /**
   * Puts on disk at once the entry an action under way would leave if the service died before it ended (an import:
   * outcome 'failed', reason 'interrupted'); `closed(key)` removes it when the action ends and records its own outcome.
   * Left there by a crash, OOM or kill -9, the next start records it (settleInterrupted), with `since` its start.
   */
  opened(key: string, entry: AuditEntry): void;
  closed(key: string): void;
  /** Records every entry an action left open (the service stopped during it), with `since`, and clears them. At start only. */
  settleInterrupted(): void;
  /** newest first */
  list(query?: AuditQuery): AuditRecord[];
}

/** The kind prefix of an action under way in audit_running (AuditLog.opened). */
const OPEN = 'open:';

interface AuditRow extends Omit<AuditRecord, 'detail'> {
  detail: string | null;
}

export function createAuditLog(db: Database): AuditLog {
  const insert = db.prepare(
    'INSERT INTO audit (at, actor, role, action, dataset, outcome, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const select = db.prepare<[number, string | null, string | null, string | null, string | null, number], AuditRow>(
    `SELECT id, at, actor, role, action, dataset, outcome, detail, address FROM audit
     WHERE id < ? AND (? IS NULL OR action = ?) AND (? IS NULL OR dataset = ?) ORDER BY id DESC LIMIT ?`,
  );
  const record = (entry: AuditEntry): void => {
    insert.run(
      new Date().toISOString(),
      entry.actor,
      entry.role,
      entry.action,
      entry.dataset ?? null,
      entry.outcome,
      entry.detail ? JSON.stringify(entry.detail) : null,
      entry.address ?? null,
    );
  };
  // One table for both kinds of running entry: a tally's counts (kind is the tally's key) and actions under way
  // (kind OPEN + key), which a tally's periodic settle must leave alone.
  const setRunning = db.prepare('INSERT INTO audit_running (kind, entry, attempts, since) VALUES (?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET attempts = excluded.attempts');
  // Running entries of one kind or the other: `= OPEN` picks actions under way, `<> OPEN` the tallies.
  const ofKind = (op: '=' | '<>') => `substr(kind, 1, ${OPEN.length}) ${op} '${OPEN}'`;
  const removeRunning = db.prepare('DELETE FROM audit_running WHERE kind = ?');
  /** Records every running entry of one kind into the trail and clears them, in one transaction. */
  const settleRunning = (op: '=' | '<>', detail: (r: { attempts: number; since: string }) => Record<string, string | number>) => {
    const rows = db.prepare<[], { entry: string; attempts: number; since: string }>(`SELECT entry, attempts, since FROM audit_running WHERE ${ofKind(op)} ORDER BY rowid`);
    const clear = db.prepare(`DELETE FROM audit_running WHERE ${ofKind(op)}`);
    // IMMEDIATE: the write lock first. A deferred one read, then wrote; a commit by another connection between
    // the two (an import's thread writing its rows) made the write fail at once with SQLITE_BUSY, not wait.
    return db.transaction(() => {
      for (const r of rows.all()) {
        const entry = JSON.parse(r.entry) as AuditEntry;
        record({ ...entry, detail: { ...entry.detail, ...detail(r) } });
      }
      clear.run();
    }).immediate;
  };
  const settle = settleRunning('<>', (r) => ({ attempts: r.attempts, since: r.since }));
  const settleInterrupted = settleRunning('=', (r) => ({ since: r.since }));
  return {
    record,
    running(kind, entry, attempts, since) {
      setRunning.run(kind, JSON.stringify(entry), attempts, since);
    },
    settle() {
      settle();
    },
    opened(key, entry) {
      setRunning.run(OPEN + key, JSON.stringify(entry), 0, new Date().toISOString());
    },
    closed(key) {
      removeRunning.run(OPEN + key);
    },
    settleInterrupted() {
      settleInterrupted();
    },
    list(query = {}) {
      const limit = Math.max(1, Math.min(query.limit ?? 1000, 100_000));
      const action = query.action ?? null;
      const dataset = query.dataset ?? null;
      return select
        .all(query.before ?? Number.MAX_SAFE_INTEGER, action, action, dataset, dataset, limit)
        .map((row) => ({ ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>) }));
    },
  };
}
