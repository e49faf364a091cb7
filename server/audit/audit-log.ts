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
  /** newest first */
  list(query?: AuditQuery): AuditRecord[];
}

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
  const setRunning = db.prepare('INSERT INTO audit_running (kind, entry, attempts, since) VALUES (?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET attempts = excluded.attempts');
  const allRunning = db.prepare<[], { entry: string; attempts: number; since: string }>('SELECT entry, attempts, since FROM audit_running ORDER BY rowid');
  const clearRunning = db.prepare('DELETE FROM audit_running');
  const settle = db.transaction(() => {
    for (const r of allRunning.all()) {
      const entry = JSON.parse(r.entry) as AuditEntry;
      record({ ...entry, detail: { ...entry.detail, attempts: r.attempts, since: r.since } });
    }
    clearRunning.run();
  });
  return {
    record,
    running(kind, entry, attempts, since) {
      setRunning.run(kind, JSON.stringify(entry), attempts, since);
    },
    settle() {
      settle();
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
