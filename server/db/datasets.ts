// The `datasets` table as DatasetInfo, and the one way to remove a dataset and everything of it.
import type { Database } from 'better-sqlite3';
import { formatDay } from '../../core/dates.js';

export interface DatasetInfo {
  name: string;
  /** ISO 8601 timestamp of the import */
  createdAt: string;
  sourceFile: string | null;
  /** source rows read (CSV lines, spreadsheet rows, CIN census modules); imported + rejected = rows */
  rows: number;
  /** rows imported */
  imported: number;
  /** rows not imported */
  rejected: number;
  /** events in the dataset (a row of the formats councils have can give several; an events CSV row gives one) */
  events: number;
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
  events: number;
  min_day: number | null;
  max_day: number | null;
  children: number;
}

/** The columns of a DatasetRow; `events` is counted from the dataset's event chunks. */
export const DATASET_COLUMNS =
  'id, name, created_at, source_file, rows, imported, rejected, min_day, max_day, children, (SELECT coalesce(sum(c.count), 0) FROM event_chunks c WHERE c.dataset_id = datasets.id) AS events';

export function toDatasetInfo(row: DatasetRow): DatasetInfo {
  return {
    name: row.name,
    createdAt: row.created_at,
    sourceFile: row.source_file,
    rows: row.rows,
    imported: row.imported,
    rejected: row.rejected,
    events: row.events,
    from: row.min_day === null ? null : formatDay(row.min_day),
    to: row.max_day === null ? null : formatDay(row.max_day),
    children: row.children,
  };
}

/** Tables holding rows of a dataset; deleted child tables first, the dataset row last. */
const DATASET_TABLES = ['event_chunks', 'children', 'rejections', 'quality_problems', 'care_episodes', 'moves_cache', 'markers'] as const;

/**
 * Deletes the dataset with this id and all its rows. Explicit rather than relying on the cascade
 * alone, so it is right even on a connection opened without `foreign_keys`. Call inside a transaction.
 */
export function deleteDatasetRows(db: Database, id: number): void {
  for (const table of DATASET_TABLES) db.prepare(`DELETE FROM ${table} WHERE dataset_id = ?`).run(id);
  db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
}
