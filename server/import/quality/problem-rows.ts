// The one way a data-quality problem becomes a row of `quality_problems`, for every importer.
import type { Database } from 'better-sqlite3';
import { BatchInsert } from '../../db/batch-insert.js';
import type { KeyedProblem } from './problems.js';

/** A batched insert into `quality_problems` for the dataset `datasetId`. */
export function problemRows(db: Database, datasetId: number): BatchInsert {
  return new BatchInsert(db, 'quality_problems', ['code', 'message', 'file', 'sheet', 'row', 'field', 'dfe_rule', 'is_new', 'key'], { dataset_id: datasetId });
}

/** Buffers problem `q` in `insert` (made by problemRows). */
export function addProblemRow(insert: BatchInsert, q: KeyedProblem): void {
  const p = insert.params;
  const k = insert.row();
  p[k] = q.code;
  p[k + 1] = q.message;
  p[k + 2] = q.file;
  p[k + 3] = q.sheet;
  p[k + 4] = q.row;
  p[k + 5] = q.field;
  p[k + 6] = q.dfeRule;
  p[k + 7] = q.isNew ? 1 : 0;
  p[k + 8] = q.key;
  insert.commitRow();
}
