// The `datasets` table as DatasetInfo (removing a dataset: purge.ts).
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

/** `open`: a stored file name as uploaded (it is stored sealed: privacy/pseudonyms.ts sealedText). */
export function toDatasetInfo(row: DatasetRow, open: (stored: string) => string): DatasetInfo {
  return {
    name: row.name,
    createdAt: row.created_at,
    sourceFile: row.source_file === null ? null : open(row.source_file),
    rows: row.rows,
    imported: row.imported,
    rejected: row.rejected,
    events: row.events,
    from: row.min_day === null ? null : formatDay(row.min_day),
    to: row.max_day === null ? null : formatDay(row.max_day),
    children: row.children,
  };
}
