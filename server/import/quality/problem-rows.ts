// The one way a data-quality problem becomes a row of `quality_problems`, for every importer.
import type { Database } from 'better-sqlite3';
import { BatchInsert } from '../../db/batch-insert.js';
import type { KeyedProblem } from './problems.js';

/** A batched insert into `quality_problems` for the dataset `datasetId`. */
export function problemRows(db: Database, datasetId: number): BatchInsert {
  return new BatchInsert(db, 'quality_problems', ['code', 'message', 'file', 'sheet', 'row', 'field', 'dfe_rule', 'is_new', 'key'], { dataset_id: datasetId });
}

/**
 * Buffers problem `q` in `insert` (made by problemRows), its file's name and its message (which may name
 * another file) as `seal` stores them (privacy/pseudonyms.ts: a file's name may hold a child's identifier).
 */
export function addProblemRow(insert: BatchInsert, q: KeyedProblem, seal: (text: string) => string): void {
  const p = insert.params;
  const k = insert.row();
  p[k] = q.code;
  p[k + 1] = seal(q.message);
  p[k + 2] = seal(q.file);
  p[k + 3] = q.sheet;
  p[k + 4] = q.row;
  p[k + 5] = q.field;
  p[k + 6] = q.dfeRule;
  p[k + 7] = q.isNew ? 1 : 0;
  p[k + 8] = q.key;
  insert.commitRow();
}
