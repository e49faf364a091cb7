// Reads back what a source import stored beside the events: its data-quality problems (for the CSV
// download and the import panel) and its care episodes (legal status and placement, for the views).
import type { Database } from 'better-sqlite3';
import { formatDay } from '../../core/dates.js';
import type { Problem } from '../import/quality/problems.js';
import type { ProblemCodeName } from '../import/quality/problem-codes.js';

interface ProblemRow {
  code: string;
  message: string;
  file: string;
  sheet: string | null;
  row: number;
  field: string | null;
  dfe_rule: string | null;
  is_new: number;
}

/** A dataset's problems by file (as uploaded: `open` reads the sealed name), sheet, row and code. */
export function readQualityProblems(db: Database, datasetId: number, open: (stored: string) => string): Problem[] {
  const rows = db
    .prepare('SELECT code, message, file, sheet, row, field, dfe_rule, is_new FROM quality_problems WHERE dataset_id = ? ORDER BY file, sheet, row, code')
    .all(datasetId) as ProblemRow[];
  // A name or message is sealed once per import (the same stored text for its rows): each opened once.
  const names = new Map<string, string>();
  const opened = (stored: string): string => {
    let text = names.get(stored);
    if (text === undefined) names.set(stored, (text = open(stored)));
    return text;
  };
  const problems = rows.map((r) => {
    const file = opened(r.file);
    return { code: r.code as ProblemCodeName, message: opened(r.message), file, sheet: r.sheet, row: r.row, field: r.field, dfeRule: r.dfe_rule, isNew: r.is_new === 1 };
  });
  // SQL ordered the rows by the sealed names: the files' own order, rows within each kept.
  const byName = (a: Problem, b: Problem) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return problems.sort(byName);
}

export interface StoredCareEpisode {
  /** the child's index in the dataset (as in the event table) */
  child: number;
  period: number;
  start: string;
  end: string | null;
  rne: string | null;
  legalStatus: string | null;
  needCode: string | null;
  placement: string | null;
  provider: string | null;
  reasonEnded: string | null;
}

interface CareRow {
  child_idx: number;
  period: number;
  start_day: number;
  end_day: number | null;
  rne: string | null;
  legal_status: string | null;
  need_code: string | null;
  placement: string | null;
  provider: string | null;
  reason_ended: string | null;
}

export function readCareEpisodes(db: Database, datasetId: number): StoredCareEpisode[] {
  const rows = db.prepare('SELECT * FROM care_episodes WHERE dataset_id = ? ORDER BY child_idx, start_day').all(datasetId) as CareRow[];
  return rows.map((r) => ({
    child: r.child_idx,
    period: r.period,
    start: formatDay(r.start_day),
    end: r.end_day === null ? null : formatDay(r.end_day),
    rne: r.rne,
    legalStatus: r.legal_status,
    needCode: r.need_code,
    placement: r.placement,
    provider: r.provider,
    reasonEnded: r.reason_ended,
  }));
}
