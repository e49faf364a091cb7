// The `datasets` table as DatasetInfo, and the one way to remove a dataset and everything of it.
import type { Database } from 'better-sqlite3';
import { formatDay } from '../../core/dates.js';

export interface DatasetInfo {
  name: string;
  /** ISO 8601 timestamp of the import */
  createdAt: string;
  sourceFile: string | null;
  /** data rows in the file */
  rows: number;
  imported: number;
  rejected: number;
  /** first and last event date, YYYY-MM-DD; null when the dataset has no events */
  from: string | null;
  to: string | null;
  children: number;
}

export interface DatasetRow {
  id: number;
  name: string;
  created_at: string;
  source_file: string | null;
  rows: number;
  imported: number;
  rejected: number;
  min_day: number | null;
  max_day: number | null;
  children: number;
}

export const DATASET_COLUMNS = 'id, name, created_at, source_file, rows, imported, rejected, min_day, max_day, children';

export function toDatasetInfo(row: DatasetRow): DatasetInfo {
  return {
    name: row.name,
    createdAt: row.created_at,
    sourceFile: row.source_file,
    rows: row.rows,
    imported: row.imported,
    rejected: row.rejected,
    from: row.min_day === null ? null : formatDay(row.min_day),
    to: row.max_day === null ? null : formatDay(row.max_day),
    children: row.children,
  };
}

/** Tables holding rows of a dataset; deleted child tables first, the dataset row last. */
const DATASET_TABLES = ['event_chunks', 'children', 'dataset_identifiers', 'rejections', 'moves_cache', 'markers'] as const;

/**
 * Deletes the dataset with this id and all its rows. Explicit rather than relying on the cascade
 * alone, so it is right even on a connection opened without `foreign_keys`. Call inside a transaction.
 */
export function deleteDatasetRows(db: Database, id: number): void {
  for (const table of DATASET_TABLES) db.prepare(`DELETE FROM ${table} WHERE dataset_id = ?`).run(id);
  db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
}
