// Streams an events CSV into the database. Good rows go straight into the dataset tables under a
// pending dataset id that readers cannot see (see ../db/pending-dataset.ts), in short transactions
// between which other connections can write; the import is published in one short transaction at the
// end, so readers see the old dataset or the new one, never half of one. A strict import with any bad
// row deletes what it wrote, leaving the database as it was. The events read are also walked through
// the journey grammar (quality/event-grammar.ts): its breaks are the dataset's data-quality report, as
// for the returns' formats.
import type { Database } from 'better-sqlite3';
import { FLUSH_ROWS, PendingDataset } from '../db/pending-dataset.js';
import { sealedNames, sealedText, type Pseudonymiser } from '../privacy/pseudonyms.js';
import { ChildRegistry, TooManyChildrenError } from './child-registry.js';
import { CsvParser, CsvSyntaxError, recordFault, type CsvRecordView } from './csv-stream.js';
import { HeaderError, emptyEventRow, isBlankRecord, readEventRecord, readEventsHeader, type EventsHeader } from './events-csv.js';
import { ImportError, RejectionList, describeRejection, type ImportOptions, type ImportReport } from './import-report.js';
import { addProblemRow, problemRows } from './quality/problem-rows.js';
import { eventGrammarProblems, type ReadEvents } from './quality/event-grammar.js';
import { TimeSlice, feedSliced } from './time-slice.js';
import { GrowingInt32 } from './source-log.js';
import type { QualityReport } from './quality/problems.js';

/** An events import's report, with the data-quality problems the journey grammar finds. */
export interface EventsImportReport extends ImportReport {
  quality?: QualityReport;
}

export type CsvInput = NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>;

/** What reading the file found: counts, rejections and the per-child state. */
interface Tally {
  header: EventsHeader | null;
  rows: number;
  imported: number;
  blankLines: number;
  minDay: number;
  maxDay: number;
  rejections: RejectionList;
  children: ChildRegistry;
  /** the imported rows' journey columns (for the grammar's data-quality report) */
  read: { child: GrowingInt32; type: GrowingInt32; day: GrowingInt32; outcome: GrowingInt32; source: GrowingInt32; episodeId: (string | null)[]; line: GrowingInt32 };
}

/** Reads the whole input, writing good rows (and leniently, bad ones) under the pending id. */
async function read(pending: PendingDataset, input: CsvInput, lenient: boolean, pseudonyms: Pseudonymiser): Promise<Tally> {
  const t: Tally = {
    header: null,
    rows: 0,
    imported: 0,
    blankLines: 0,
    minDay: Infinity,
    maxDay: -Infinity,
    rejections: new RejectionList(),
    children: new ChildRegistry(pseudonyms),
    // typed columns: a million rows are not a million array slots for the garbage collector to scan
    read: { child: new GrowingInt32(), type: new GrowingInt32(), day: new GrowingInt32(), outcome: new GrowingInt32(), source: new GrowingInt32(), episodeId: [], line: new GrowingInt32() },
  };
  const row = emptyEventRow();
  const events = pending.events;
  const take = (record: CsvRecordView): void => {
    if (t.header === null) {
      if (record.error !== null) throw new HeaderError(null, `the header (line 1): ${record.error}`);
      t.header = readEventsHeader(record.fields());
      return;
    }
    if (isBlankRecord(record)) {
      t.blankLines++;
      return;
    }
    t.rows++;
    const fault = recordFault(record, t.header.names) ?? readEventRecord(t.header, record, row);
    if (fault !== null) {
      t.rejections.add(record.line, fault.column, fault.reason);
      if (lenient) {
        pending.rejections.add(record.line, fault.column, fault.reason);
        pending.flushIfDue();
      }
      return;
    }
    // A strict import that has failed only goes on reading to report every bad row.
    if (!lenient && t.rejections.count > 0) return;
    let idx: number;
    try {
      idx = t.children.add(row);
    } catch (error) {
      if (error instanceof TooManyChildrenError) error.line = record.line;
      throw error;
    }
    events.add(idx, row.type, row.day, row.seconds, t.children.episode(row.episodeId), row.outcome, row.source, row.team, record.line);
    t.read.child.push(idx);
    t.read.type.push(row.type);
    t.read.day.push(row.day);
    t.read.outcome.push(row.outcome);
    t.read.source.push(row.source);
    t.read.episodeId.push(row.episodeId);
    t.read.line.push(record.line);
    if (events.full) pending.flushIfDue();
    t.imported++;
    if (row.day < t.minDay) t.minDay = row.day;
    if (row.day > t.maxDay) t.maxDay = row.day;
  };
  // Records are handled as the parser finds them; no transaction is open across an await.
  const parser = new CsvParser(take);
  await feedSliced(input as AsyncIterable<Uint8Array | string>, (chunk) => parser.write(chunk));
  parser.end();
  return t;
}

/** Publishes the import as dataset `name`, replacing any old one; `fileName` as stored (sealed). */
async function publish(pending: PendingDataset, name: string, t: Tally, fileName: string | null): Promise<void> {
  await t.children.writeTo(pending.children, () => pending.flushIfDue());
  await pending.writeSealedIds(t.children.sealedParts());
  const any = t.imported > 0;
  pending.publish({
    name,
    sourceFile: fileName,
    rows: t.rows,
    imported: t.imported,
    rejected: t.rejections.count,
    minDay: any ? t.minDay : null,
    maxDay: any ? t.maxDay : null,
    children: t.children.size,
  });
}

function datasetExists(pending: PendingDataset, name: string): boolean {
  return pending.db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined;
}

function emptyReport(name: string): ImportReport {
  return { dataset: name, rows: 0, imported: 0, rejected: [], warnings: [] };
}

/**
 * Imports an events CSV as dataset `name` on `db`, a connection used by nothing else meanwhile and
 * opened with foreign_keys OFF (see ../db/pending-dataset.ts).
 * Strict (default): any bad row throws ImportError listing every bad row, and nothing is kept.
 * Lenient: good rows are imported and bad ones recorded. A file that cannot be read (bad header,
 * unterminated quote, not UTF-8) throws ImportError in both modes.
 */
export async function importEvents(db: Database, name: string, input: CsvInput, pseudonyms: Pseudonymiser, options: ImportOptions = {}): Promise<EventsImportReport> {
  const pending = PendingDataset.begin(db);
  let published = false;
  try {
    const report = await importPending(db, pending, name, input, pseudonyms, options);
    published = true;
    return report;
  } finally {
    if (!published) discardQuietly(pending);
  }
}

/** Deletes a failed import's rows without hiding why it failed; rows left by a failed delete are
 * removed by the next import or store opening (removeCrashedImports). */
function discardQuietly(pending: PendingDataset): void {
  try {
    pending.discard();
  } catch {
    // the import's own error is the one to report
  }
}

async function importPending(db: Database, pending: PendingDataset, name: string, input: CsvInput, pseudonyms: Pseudonymiser, options: ImportOptions): Promise<EventsImportReport> {
  const lenient = options.lenient === true;
  let t: Tally;
  try {
    t = await read(pending, input, lenient, pseudonyms);
  } catch (error) {
    if (error instanceof HeaderError) {
      const report = emptyReport(name);
      report.rejected.push({ line: 1, column: error.column, reason: error.message });
      throw new ImportError(`cannot import "${name}": ${error.message}`, report);
    }
    if (error instanceof TooManyChildrenError) {
      const report = emptyReport(name);
      report.rejected.push({ line: error.line, column: null, reason: error.message });
      throw new ImportError(`cannot import "${name}": line ${error.line}: ${error.message}`, report);
    }
    if (error instanceof CsvSyntaxError) {
      const report = emptyReport(name);
      report.rejected.push({ line: error.line, column: null, reason: error.message.replace(/^line \d+: /, '') });
      throw new ImportError(`cannot import "${name}": ${error.message}`, report);
    }
    throw error;
  }
  if (t.header === null) {
    const reason = 'the file is empty: it has no header row';
    throw new ImportError(`cannot import "${name}": ${reason}`, { ...emptyReport(name), rejected: [{ line: 1, column: null, reason }] });
  }
  const warnings = [...t.header.warnings];
  if (t.blankLines > 0) warnings.push(`${t.blankLines} empty line${t.blankLines === 1 ? ' was' : 's were'} skipped`);
  if (t.rows === 0) warnings.push('the file has a header but no data rows');
  const capWarning = t.rejections.capWarning();
  if (capWarning) warnings.push(capWarning);
  const report: ImportReport = { dataset: name, rows: t.rows, imported: t.imported, rejected: t.rejections.listed, warnings };
  if (t.imported === 0 && options.allowEmpty !== true && datasetExists(pending, name)) {
    const reason = t.rows === 0 ? 'the file has a header but no data rows' : 'no row of the file could be imported';
    throw new ImportError(
      `cannot import "${name}": ${reason}, and importing it would replace the dataset "${name}" with an empty one; ` +
        'ask for that explicitly (replaceWithEmpty=1, or --allow-empty) if it is what you want',
      { ...report, imported: 0 },
    );
  }
  if (!lenient && t.rejections.count > 0) {
    const first = t.rejections.listed[0]!;
    const count = t.rejections.count;
    throw new ImportError(
      `cannot import "${name}": ${count} bad row${count === 1 ? '' : 's'}, so nothing was imported ` +
        `(first: ${describeRejection(first)}); fix them or import leniently`,
      { ...report, imported: 0 },
    );
  }
  const quality = await writeQuality(db, pending, t, options.fileName ?? name, sealedNames(pseudonyms));
  await publish(pending, name, t, options.fileName === undefined ? null : sealedText(pseudonyms, options.fileName));
  return { ...report, quality };
}

/** Problems listed in the import report (GET …/quality and its CSV have them all). */
const LISTED_PROBLEMS = 1000;

/** The grammar's breaks in what was read, written as the dataset's quality problems under the pending id. */
async function writeQuality(db: Database, pending: PendingDataset, t: Tally, file: string, seal: (text: string) => string): Promise<QualityReport> {
  const children = t.children;
  const r = t.read;
  const column = (c: GrowingInt32) => c.data.subarray(0, c.length);
  const { identifiers, datesOfBirth, datesOfBirthMonthOnly } = await children.columns();
  const events: ReadEvents = {
    childIds: identifiers,
    dob: datesOfBirth,
    dobMonthOnly: datesOfBirthMonthOnly,
    child: column(r.child),
    type: column(r.type),
    day: column(r.day),
    outcome: column(r.outcome),
    source: column(r.source),
    line: column(r.line),
    episodeId: r.episodeId,
  };
  const problems = await eventGrammarProblems(events, file, (childId, parts) => children.problemKey(childId, parts));
  const insert = problemRows(db, pending.id);
  const flush = db.transaction((all: boolean) => insert.write(all)).immediate;
  // Every problem is new: an events import is not compared with the previous one.
  const slice = new TimeSlice();
  for (const q of problems.sorted()) {
    addProblemRow(insert, q, seal);
    if (insert.pending >= FLUSH_ROWS) flush(false);
    if (slice.due()) await slice.pause();
  }
  flush(true);
  return problems.report(false, LISTED_PROBLEMS);
}
