// The `datasets` table as DatasetInfo (removing a dataset: purge.ts).
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
