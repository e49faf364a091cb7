// Streams an events CSV into the database. Good rows are staged in TEMP tables of the importer's own
// connection while the file streams (no lock on the main database, no awaits while holding one),
// then one BEGIN IMMEDIATE … COMMIT replaces the dataset: readers never see half an import, and a
// strict import with any bad row never touches the main database at all.
import type { Database } from 'better-sqlite3';
import { BatchInsert } from '../db/batch-insert.js';
import { deleteDatasetRows } from '../db/datasets.js';
import { SQL, childCode, timeKey } from '../db/event-packing.js';
import { ChildRegistry } from './child-registry.js';
import { CsvParser, CsvSyntaxError, type CsvRecord } from './csv-stream.js';
import { HeaderError, emptyEventRow, isBlankRecord, readEventRow, readEventsHeader, type EventRow, type EventsHeader } from './events-csv.js';
import { ImportError, RejectionList, describeRejection, type ImportOptions, type ImportReport } from './import-report.js';

export type CsvInput = NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

// Staged rows pack their numbers into two columns (see event-packing.ts).
const STAGE_SQL = `
DROP TABLE IF EXISTS temp.staged_events;
DROP TABLE IF EXISTS temp.staged_rejections;
CREATE TEMP TABLE staged_events (child_code INTEGER, time_key INTEGER, line INTEGER, episode_id TEXT, team TEXT);
CREATE TEMP TABLE staged_rejections (line INTEGER, column TEXT, reason TEXT);
`;
const COPY_EVENTS_SQL = `
INSERT INTO events (dataset_id, child_idx, type, day, seconds, episode_id, outcome, source, team, line)
SELECT ?, ${SQL.childIdx}, ${SQL.type}, ${SQL.day}, ${SQL.seconds}, episode_id, ${SQL.outcome}, ${SQL.source}, team, line
FROM temp.staged_events ORDER BY rowid`;
const STAGED_COLUMNS = ['child_code', 'time_key', 'line', 'episode_id', 'team'];

/** Buffers staged event rows and writes them in multi-row INSERTs. */
class EventStager extends BatchInsert {
  constructor(db: Database) {
    super(db, 'temp.staged_events', STAGED_COLUMNS);
  }

  addEvent(childIdx: number, row: EventRow, line: number): void {
    const p = this.params;
    let k = this.row();
    p[k++] = childCode(childIdx, row.type, row.outcome, row.source);
    p[k++] = timeKey(row.day, row.seconds);
    p[k++] = line;
    p[k++] = row.episodeId;
    p[k] = row.team;
    this.commitRow();
  }
}

interface Staged {
  header: EventsHeader | null;
  rows: number;
  imported: number;
  blankLines: number;
  minDay: number;
  maxDay: number;
  rejections: RejectionList;
  children: ChildRegistry;
}

/** Reads the whole input into the staging tables. Throws CsvSyntaxError / HeaderError for a file fault. */
async function stage(db: Database, input: CsvInput, lenient: boolean): Promise<Staged> {
  db.exec(STAGE_SQL);
  const events = new EventStager(db);
  const rejections = new BatchInsert(db, 'temp.staged_rejections', ['line', 'column', 'reason']);
  const s: Staged = {
    header: null,
    rows: 0,
    imported: 0,
    blankLines: 0,
    minDay: Infinity,
    maxDay: -Infinity,
    rejections: new RejectionList(),
    children: new ChildRegistry(),
  };
  const row = emptyEventRow();
  const take = (record: CsvRecord): void => {
    if (s.header === null) {
      s.header = readEventsHeader(record.fields);
      return;
    }
    if (isBlankRecord(record.fields)) {
      s.blankLines++;
      return;
    }
    s.rows++;
    const fault = record.error !== null ? { column: null, reason: record.error } : readEventRow(s.header, record.fields, row);
    if (fault !== null) {
      s.rejections.add(record.line, fault.column, fault.reason);
      if (lenient) rejections.add(record.line, fault.column, fault.reason);
      return;
    }
    // A strict import that has failed only goes on reading to report every bad row.
    if (!lenient && s.rejections.count > 0) return;
    const idx = s.children.add(row);
    events.addEvent(idx, row, record.line);
    s.imported++;
    if (row.day < s.minDay) s.minDay = row.day;
    if (row.day > s.maxDay) s.maxDay = row.day;
  };
  // Records are handled as the parser finds them, so each dies young (cheap to collect).
  const parser = new CsvParser(take);
  db.exec('BEGIN'); // writes only temp tables: takes no lock on the main database
  try {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) parser.write(chunk);
    parser.end();
    events.flush();
    rejections.flush();
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return s;
}

/** Replaces dataset `name` with the staged rows, in one immediate transaction. */
function commit(db: Database, name: string, s: Staged, fileName: string | null): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const old = db.prepare('SELECT id FROM datasets WHERE name = ?').get(name) as { id: number } | undefined;
    if (old) deleteDatasetRows(db, old.id);
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO datasets (name, created_at, source_file, rows, imported, rejected, min_day, max_day, children)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(name, new Date().toISOString(), fileName, s.rows, s.imported, s.rejections.count,
        s.imported > 0 ? s.minDay : null, s.imported > 0 ? s.maxDay : null, s.children.size);
    const id = Number(lastInsertRowid);
    db.prepare(COPY_EVENTS_SQL).run(id);
    db.prepare('INSERT INTO rejections (dataset_id, line, column, reason) SELECT ?, line, column, reason FROM temp.staged_rejections ORDER BY line').run(id);
    const children = new BatchInsert(db, 'children', ['dataset_id', 'idx', 'child_id', 'dob', 'sex', 'ethnicity', 'disability']);
    for (const c of s.children.rows()) children.add(id, c.idx, c.childId, c.dob, c.sex, c.ethnicity, c.disability);
    children.flush();
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function emptyReport(name: string): ImportReport {
  return { dataset: name, rows: 0, imported: 0, rejected: [], warnings: [] };
}

/**
 * Imports an events CSV as dataset `name` on `db`, a connection used by nothing else meanwhile.
 * Strict (default): any bad row throws ImportError listing every bad row, and nothing is written.
 * Lenient: good rows are imported and bad ones recorded. A file that cannot be read (bad header,
 * unterminated quote, not UTF-8) throws ImportError in both modes.
 */
export async function importEvents(db: Database, name: string, input: CsvInput, options: ImportOptions = {}): Promise<ImportReport> {
  const lenient = options.lenient === true;
  try {
    return await importStaged(db, name, input, options, lenient);
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.staged_events; DROP TABLE IF EXISTS temp.staged_rejections;');
  }
}

async function importStaged(db: Database, name: string, input: CsvInput, options: ImportOptions, lenient: boolean): Promise<ImportReport> {
  let s: Staged;
  try {
    s = await stage(db, input, lenient);
  } catch (error) {
    if (error instanceof HeaderError) {
      const report = emptyReport(name);
      report.rejected.push({ line: 1, column: error.column, reason: error.message });
      throw new ImportError(`cannot import "${name}": ${error.message}`, report);
    }
    if (error instanceof CsvSyntaxError) {
      const report = emptyReport(name);
      report.rejected.push({ line: error.line, column: null, reason: error.message.replace(/^line \d+: /, '') });
      throw new ImportError(`cannot import "${name}": ${error.message}`, report);
    }
    throw error;
  }
  if (s.header === null) {
    const reason = 'the file is empty: it has no header row';
    throw new ImportError(`cannot import "${name}": ${reason}`, { ...emptyReport(name), rejected: [{ line: 1, column: null, reason }] });
  }
  const warnings = [...s.header.warnings];
  if (s.blankLines > 0) warnings.push(`${s.blankLines} empty line${s.blankLines === 1 ? ' was' : 's were'} skipped`);
  if (s.rows === 0) warnings.push('the file has a header but no data rows');
  const capWarning = s.rejections.capWarning();
  if (capWarning) warnings.push(capWarning);
  const report: ImportReport = { dataset: name, rows: s.rows, imported: s.imported, rejected: s.rejections.listed, warnings };
  if (!lenient && s.rejections.count > 0) {
    const first = s.rejections.listed[0]!;
    const count = s.rejections.count;
    throw new ImportError(
      `cannot import "${name}": ${count} bad row${count === 1 ? '' : 's'}, so nothing was imported ` +
        `(first: ${describeRejection(first)}); fix them or import leniently`,
      { ...report, imported: 0 },
    );
  }
  commit(db, name, s, options.fileName ?? null);
  return report;
}
