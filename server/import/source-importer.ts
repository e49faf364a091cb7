// Imports the files councils already have (Annex A, CIN census, SSDA903; several at once, of one
// format or several) as one dataset: every reader hands its children and events to one SourceLog,
// the sequence rules run over all of it, and the result is written under a pending dataset id and
// published in one short transaction (readers see the old dataset or the new one, never half).
// Strict (default): a row that cannot be read at all (no child identifier, no usable date) fails
// the import and nothing is kept. Lenient: such rows are listed and the rest imported. Data-quality
// problems never drop a row and never fail an import.
import { TooManyChildrenError } from './child-registry.js';
import { Readable } from 'node:stream';
import type { Database } from 'better-sqlite3';
import { EVENT_TYPES } from '../../core/events.js';
import { BatchInsert } from '../db/batch-insert.js';
import { addProblemRow, problemRows } from './quality/problem-rows.js';
import { FLUSH_ROWS, PendingDataset } from '../db/pending-dataset.js';
import { readAnnexACsv, readAnnexAWorkbook } from './annex-a/read.js';
import { letLoopIn } from '../event-loop.js';
import { TimeSlice, drainSliced, loopSliced } from './time-slice.js';
import { CinReader } from './cin/read.js';
import { CsvSyntaxError } from './csv-stream.js';
import { ImportError, type ImportReport, type Rejection } from './import-report.js';
import { XmlSyntaxError } from './common/xml-tokenizer.js';
import { ZipError } from './common/zip.js';
import { assignAnnexEpisodes } from './annex-a/episodes.js';
import { supersedeAnnexRepeats } from './annex-a/repeats.js';
import { countCare, mergeSources } from './merge-sources.js';
import { checkBirths } from './quality/birth-rules.js';
import { checkSequences } from './quality/sequence-rules.js';
import type { QualityReport } from './quality/problems.js';
import { DEAD, SourceLog, type CareEpisode, type SheetTally } from './source-log.js';
import { Ssda903Reader } from './ssda903/read.js';
import { sealedNames, type Pseudonymiser } from '../privacy/pseudonyms.js';

export const SOURCE_FORMATS = ['annex-a', 'cin', 'ssda903'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface SourceFile {
  /** the file's name as the user knows it (reports name it) */
  name: string;
  format: SourceFormat;
  input: AsyncIterable<Uint8Array | string>;
}

export interface SourceImportOptions {
  lenient?: boolean;
  /** let files that give no event replace an existing dataset of that name (else refused) */
  allowEmpty?: boolean;
  /** at most this many problems are listed in the report (all are stored and in the CSV download) */
  listProblems?: number;
  /** the most a workbook may unpack to (JOURNEYS_MAX_UNPACK_MB; 512 MiB by default) */
  maxUnpackedBytes?: number;
}

export interface SourceRejectionReport extends Rejection {
  file: string;
  sheet: string | null;
}

/** Rows of one file (and workbook sheet). imported + rejected = rows, always (on a failed import, imported is 0). */
export interface SourceFileReport extends SheetTally {
  /** rejected rows that cannot be read at all (no child identifier, no usable date) */
  unreadable: number;
}

/**
 * One meaning for each figure, everywhere (this report, the CLI, the API, the import panel and
 * GET /api/datasets): `rows` are source rows read (spreadsheet rows, CIN census modules, CSV lines);
 * `imported` rows whose content is in the dataset; `rejectedRows` the others (imported + rejectedRows
 * = rows), of which `unreadable` cannot be read and `notRead` were not read on purpose (a list or
 * table that is not imported, a census copy a later census superseded); `rejected` lists them with
 * why. Events are counted apart (`eventCount`, `events` by type): one row can give several events,
 * and merging sources makes one event of two rows. A failed (strict) import imports nothing: imported
 * and every event count are 0, and `rejected` lists the rows that made it fail.
 */
export interface SourceImportReport extends ImportReport {
  formats: SourceFormat[];
  rejected: SourceRejectionReport[];
  rejectedRows: number;
  unreadable: number;
  notRead: number;
  children: number;
  eventCount: number;
  /** events imported, by type (every type, zero where none) */
  events: Record<string, number>;
  /** rows per file and sheet: imported + rejected = rows */
  files: SourceFileReport[];
  /** CIN episodes, SSDA903 care episodes, periods of care and those still open, events merged across sources */
  counts: Record<string, number>;
  quality: QualityReport;
}

/** Reads every file into a SourceLog (nothing is written). Throws ImportError for a file that cannot be read at all. */
export async function readSources(files: readonly SourceFile[], pseudonyms: Pseudonymiser, maxUnpackedBytes?: number): Promise<SourceLog> {
  const log = new SourceLog(pseudonyms);
  const cin = new CinReader(log);
  const ssda903 = new Ssda903Reader(log);
  for (const file of files) {
    try {
      if (file.format === 'annex-a') {
        const bytes = await collect(file.input);
        if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) await readAnnexAWorkbook(bytes, file.name, log, maxUnpackedBytes);
        else await readAnnexACsv(Readable.from([bytes]), file.name, log);
      } else if (file.format === 'cin') await cin.read(file.input, file.name);
      else ssda903.add(file.input, file.name);
    } catch (error) {
      throw unreadable(file.name, error);
    }
  }
  if (files.some((f) => f.format === 'cin')) {
    try {
      cin.finish();
    } catch (error) {
      throw unreadable('CIN census files', error);
    }
  }
  if (files.some((f) => f.format === 'ssda903')) {
    try {
      await ssda903.finish();
    } catch (error) {
      throw unreadable('SSDA903 files', error);
    }
  }
  // Whole-log passes with the event loop let in between them: run back to back they held the service for
  // 0.2 s on an SSDA903 upload of 130,000 episodes; the longer ones a step at a time (drainSliced: each held
  // uploads of 1-3 million events for 50-200 ms, audit a12f M1 and M2).
  const between = letLoopIn;
  const slice = new TimeSlice();
  if (files.filter((f) => f.format === 'annex-a').length > 1) supersedeAnnexRepeats(log);
  await drainSliced(assignAnnexEpisodes(log), slice);
  await drainSliced(checkBirths(log), slice);
  await between();
  const merged = mergeSources(log);
  if (merged > 0) log.counts.mergedEvents = merged;
  await between();
  const care = await drainSliced(countCare(log), slice);
  await between();
  if (care.periods > 0 || files.some((f) => f.format !== 'cin')) {
    log.counts.periodsOfCare = care.periods;
    log.counts.openPeriodsOfCare = care.open;
  }
  await checkSequences(log);
  return log;
}

function unreadable(name: string, error: unknown): unknown {
  if (error instanceof TooManyChildrenError) {
    const report: ImportReport = { dataset: '', rows: 0, imported: 0, rejected: [{ line: 0, column: null, reason: `${name}: ${error.message}` }], warnings: [] };
    return new ImportError(`cannot import ${name}: ${error.message}`, report);
  }
  if (error instanceof CsvSyntaxError || error instanceof XmlSyntaxError || error instanceof ZipError || (error instanceof Error && /xlsx|workbook/.test(error.message))) {
    const line = error instanceof CsvSyntaxError || error instanceof XmlSyntaxError ? error.line : 0;
    if (error instanceof CsvSyntaxError && error.file !== null) name = error.file;
    const reason = error.message.replace(/^line \d+: /, '');
    const report: ImportReport = { dataset: '', rows: 0, imported: 0, rejected: [{ line, column: null, reason: `${name}: ${reason}` }], warnings: [] };
    return new ImportError(`cannot read ${name}: ${error.message}`, report);
  }
  return error;
}

async function collect(input: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of input) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return Buffer.concat(parts);
}

/** Imports `files` as dataset `name` on `db` (a connection used by nothing else meanwhile, foreign_keys OFF). */
export async function importSources(db: Database, name: string, files: readonly SourceFile[], pseudonyms: Pseudonymiser, options: SourceImportOptions = {}): Promise<SourceImportReport> {
  if (files.length === 0) throw new ImportError(`cannot import "${name}": no files were given`, { dataset: name, rows: 0, imported: 0, rejected: [], warnings: [] });
  let log: SourceLog;
  try {
    log = await readSources(files, pseudonyms, options.maxUnpackedBytes);
  } catch (error) {
    if (error instanceof ImportError) error.report.dataset = name;
    throw error;
  }
  const previous = db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(name) as number | undefined;
  const previousKeys = previous === undefined ? null : new Set(db.prepare('SELECT key FROM quality_problems WHERE dataset_id = ?').pluck().all(previous) as string[]);
  log.problems.markNew(previousKeys);
  if (options.lenient !== true) log.refuseUnreadDates();
  const failed = options.lenient !== true && log.unreadableCount > 0;
  const report = await buildReport(name, files, log, previousKeys !== null, options.listProblems ?? Infinity, failed);
  if (failed) {
    const first = log.rejections.find((r) => !r.skipped)!;
    const count = log.unreadableCount;
    throw new ImportError(
      `cannot import "${name}": ${count} row${count === 1 ? '' : 's'} cannot be read, so nothing was imported ` +
        `(first: ${first.file}${first.sheet ? ` › ${first.sheet}` : ''} row ${first.line}: ${first.reason}); fix them or import leniently`,
      report,
    );
  }
  if (report.eventCount === 0 && options.allowEmpty !== true && previous !== undefined) {
    throw new ImportError(
      `cannot import "${name}": the files give no event, and importing them would replace the dataset "${name}" with an empty one; ` +
        'ask for that explicitly (replaceWithEmpty=1) if it is what you want',
      report,
    );
  }
  await write(db, name, files, log, report, sealedNames(pseudonyms));
  return report;
}

/**
 * The log's live events counted by type (every type, zero where none), a block at a time with the event loop
 * let in between slices: 2.7 million events of a 110 MB census counted in one piece took about 30 of the
 * 106-145 ms that held the service after its plans were checked (audit a12f M2).
 */
export async function countEventTypes(log: SourceLog, slice = new TimeSlice()): Promise<Record<string, number>> {
  const byType = new Float64Array(EVENT_TYPES.length);
  const type = log.evType.data;
  await loopSliced(log.eventCount, (from, to) => {
    for (let e = from; e < to; e++) if (type[e] !== DEAD) byType[type[e]!]!++;
  }, slice, 65_536);
  return Object.fromEntries(EVENT_TYPES.map((t, k) => [t, byType[k]!]));
}

async function buildReport(name: string, files: readonly SourceFile[], log: SourceLog, compared: boolean, listProblems: number, failed: boolean): Promise<SourceImportReport> {
  const events = failed ? Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) : await countEventTypes(log);
  const fileReports: SourceFileReport[] = log.tallies.map((t) => ({
    file: t.file,
    sheet: t.sheet,
    rows: t.rows,
    imported: failed ? 0 : t.imported,
    rejected: failed ? t.rows : t.rejected,
    skipped: t.skipped,
    unreadable: t.rejected - t.skipped,
  }));
  const rows = fileReports.reduce((n, t) => n + t.rows, 0);
  const imported = fileReports.reduce((n, t) => n + t.imported, 0);
  const warnings = [...log.warnings];
  if (log.rejectedCount > log.rejections.length) warnings.push(`${log.rejectedCount} rows were not imported; only the first ${log.rejections.length} are listed`);
  return {
    dataset: name,
    formats: [...new Set(files.map((f) => f.format))],
    rows,
    imported,
    rejectedRows: rows - imported,
    unreadable: log.unreadableCount,
    notRead: log.rejectedCount - log.unreadableCount,
    rejected: log.rejections.map((r) => ({ file: r.file, sheet: r.sheet, line: r.line, column: r.column, reason: r.reason })),
    warnings,
    children: failed ? 0 : log.registry.size,
    eventCount: failed ? 0 : log.liveEventCount,
    events,
    files: fileReports,
    counts: failed ? {} : { ...log.counts },
    quality: log.problems.report(compared, listProblems),
  };
}

/** `seal`: a file's name as stored (privacy/pseudonyms.ts: a name may hold a child's identifier). */
async function write(db: Database, name: string, files: readonly SourceFile[], log: SourceLog, report: SourceImportReport, seal: (name: string) => string): Promise<void> {
  const pending = PendingDataset.begin(db);
  let published = false;
  try {
    const events = pending.events;
    const d = { child: log.evChild.data, type: log.evType.data, day: log.evDay.data, outcome: log.evOutcome.data, source: log.evSource.data, episode: log.evEpisode.data, team: log.evTeam.data, row: log.evRow.data };
    let minDay = Infinity;
    let maxDay = -Infinity;
    // The event loop runs between slices, after a flush (no transaction is open then): a census of 30,000
    // children written in one stretch held the service for 0.4 s (audit a12e B2).
    const slice = new TimeSlice();
    for (let e = 0; e < log.eventCount; e++) {
      if ((e & 1023) === 0 && slice.due()) await slice.pause();
      const type = d.type[e]!;
      if (type === DEAD) continue;
      const day = d.day[e]!;
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
      const episode = d.episode[e]!;
      const team = d.team[e]!;
      events.add(d.child[e]!, type, day, -1, episode < 0 ? null : log.registry.episode(log.episodes[episode]!), d.outcome[e]!, d.source[e]!, team < 0 ? null : log.teams[team]!, d.row[e]!);
      if (events.full) pending.flushIfDue();
    }
    for (const r of log.rejections) {
      const p = pending.rejections.params;
      const k = pending.rejections.row();
      p[k] = r.line;
      p[k + 1] = r.column;
      p[k + 2] = seal(`${r.file}${r.sheet ? ` › ${r.sheet}` : ''}: ${r.reason}`);
      pending.rejections.commitRow();
      pending.flushIfDue();
    }
    await log.registry.writeTo(pending.children, () => pending.flushIfDue());
    await writeExtras(db, pending.id, log, seal);
    const any = minDay !== Infinity;
    await pending.writeSealedIds(log.registry.sealedParts());
    pending.publish({
      name,
      sourceFile: seal(files.map((f) => f.name).join(', ').slice(0, 1000)),
      rows: report.rows,
      imported: report.imported,
      rejected: report.rejectedRows,
      minDay: any ? minDay : null,
      maxDay: any ? maxDay : null,
      children: log.registry.size,
    });
    published = true;
  } finally {
    if (!published) {
      try {
        pending.discard();
      } catch {
        // the import's own error is the one to report
      }
    }
  }
}

/**
 * The care episodes to keep, with each child's periods numbered 1, 2, … by start over every source: a
 * period whose start was merged into another source's (an Annex A List 8 row that SSDA903 also has) is
 * not kept twice. In order of child, period and start (ties in the log's order). The episodes are put
 * in buckets by child and each child's few numbered alone, with the event loop let in between slices:
 * sorting 130,000 episodes by string keys held the service for about 0.5 s (an SSDA903 upload).
 */
export async function carePeriodsNumbered(log: SourceLog, slice = new TimeSlice()): Promise<CareEpisode[]> {
  // The episodes kept, counted and placed by child a block at a time too: in one piece, over the 471,400
  // episodes of a 50 MB SSDA903 upload, this held the service 60-85 ms (39-44 samples; audit a12f M1, s903x100).
  const all = log.careEpisodes;
  const kept = new Uint8Array(all.length);
  let keptCount = 0;
  let children = 0;
  await loopSliced(all.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const e = all[i]!;
      if (e.startEvent >= 0 && !log.isLive(e.startEvent)) continue;
      kept[i] = 1;
      keptCount++;
      if (e.child >= children) children = e.child + 1;
    }
  }, slice);
  // a counting sort by child, stable: a child's episodes keep the log's order
  const first = new Int32Array(children + 1);
  await loopSliced(all.length, (from, to) => {
    for (let i = from; i < to; i++) if (kept[i] === 1) first[all[i]!.child + 1]!++;
  }, slice);
  for (let c = 0; c < children; c++) first[c + 1]! += first[c]!;
  const next = first.slice(0, children);
  const byChild = new Array<CareEpisode>(keptCount);
  await loopSliced(all.length, (from, to) => {
    for (let i = from; i < to; i++) if (kept[i] === 1) byChild[next[all[i]!.child]!++] = all[i]!;
  }, slice);
  const numbered: CareEpisode[] = [];
  await loopSliced(children, (from, to) => {
    for (let c = from; c < to; c++) {
      const eps = byChild.slice(first[c]!, first[c + 1]!);
      if (eps.length === 0) continue;
      // a period is a source's period; its start the earliest of its episodes'
      const periods: { source: string; period: number; start: number }[] = [];
      for (const e of eps) {
        const p = periods.find((q) => q.source === e.source && q.period === e.period);
        if (p === undefined) periods.push({ source: e.source, period: e.period, start: e.start });
        else if (e.start < p.start) p.start = e.start;
      }
      periods.sort((a, b) => a.start - b.start);
      const renumbered = eps.map((e) => ({ ...e, period: periods.findIndex((q) => q.source === e.source && q.period === e.period) + 1 }));
      renumbered.sort((a, b) => a.period - b.period || a.start - b.start);
      for (const e of renumbered) numbered.push(e);
    }
  }, slice, 1024);
  return numbered;
}

/**
 * Quality problems and care episodes, under the pending id (invisible until published). The event loop
 * runs between slices, never inside a transaction: written in one stretch, an SSDA903 upload's 130,000
 * episodes held the service for 0.5 s.
 */
async function writeExtras(db: Database, id: number, log: SourceLog, seal: (name: string) => string, slice = new TimeSlice()): Promise<void> {
  const problems = problemRows(db, id);
  const care = new BatchInsert(db, 'care_episodes', ['child_idx', 'period', 'start_day', 'end_day', 'rne', 'legal_status', 'need_code', 'placement', 'provider', 'reason_ended'], { dataset_id: id });
  const flush = db.transaction((all: boolean) => {
    problems.write(all);
    care.write(all);
  }).immediate;
  for (const q of log.problems.all) {
    addProblemRow(problems, q, seal);
    if (problems.pending >= FLUSH_ROWS) flush(false);
    if (slice.due()) await slice.pause();
  }
  for (const e of await carePeriodsNumbered(log, slice)) {
    const p = care.params;
    const k = care.row();
    p[k] = e.child;
    p[k + 1] = e.period;
    p[k + 2] = e.start;
    p[k + 3] = e.end;
    p[k + 4] = e.rne;
    p[k + 5] = e.legalStatus;
    p[k + 6] = e.needCode;
    p[k + 7] = e.placement;
    p[k + 8] = e.provider;
    p[k + 9] = e.reasonEnded;
    care.commitRow();
    if (care.pending >= FLUSH_ROWS) flush(false);
    if (slice.due()) await slice.pause();
  }
  flush(true);
}
