// What a command-line read of a dataset leaves in the audit trail: the HTTP routes record their exports
// (metrics, the synthetic model and report, forecasts), and the same figures written to a terminal or a file
// left no row (audit a12i F2): an exact fidelity report, a fitted model and a forecast taken away unrecorded.
// Whoever runs the CLI holds the database and its key, so this records, it does not guard.
import { userInfo } from 'node:os';
import type { Database } from 'better-sqlite3';
import { createAuditLog } from './audit-log.js';

/** Who runs the command line, as the audit trail names them. */
export function cliActor(): string {
  return `cli:${userInfo().username}`;
}

/** One `export` row by `cli:<user>`, naming what was read (`what`) and nothing of a child. */
export function recordCliExport(db: Database, dataset: string | null, what: string, detail: Record<string, string | number | boolean | null> = {}): void {
  createAuditLog(db).record({ actor: cliActor(), role: null, address: null, action: 'export', dataset, outcome: 'ok', detail: { what, ...detail } });
}
