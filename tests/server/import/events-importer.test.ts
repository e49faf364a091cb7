import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_DATE } from '../../../core/children.js';
import { parseBirthDate, parseTimestamp } from '../../../core/dates.js';
import { ETHNICITY_CODES, EV, OUTCOME_CODES } from '../../../core/events.js';
import { checkJourneys } from '../../../core/grammar.js';
import type { QualityReport } from '../../../server/import/quality/problems.js';
import { readEventChunks } from '../../../server/db/event-chunks.js';
import { ImportError, openStore, type ImportReport, type Store } from '../../../server/db/store.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/events');
const fixture = (name: string) => createReadStream(join(FIXTURES, name));

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'events-importer-'));
  store = openStore(join(dir, 'test.db'));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importError(promise: Promise<ImportReport>): Promise<ImportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('the import should have failed');
}

const count = (table: string, datasetId: number | null): number =>
  (store.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE dataset_id = ?`).get(datasetId) as { n: number }).n;

const BAD_VALUE_REJECTIONS = [
  { line: 3, column: 'event', reason: 'unknown event: not one of the event types of the events CSV (contact, referral, assessment_start, …)' },
  { line: 4, column: 'date', reason: 'impossible date: no such day in the calendar' },
  { line: 5, column: 'outcome', reason: 'the outcome is not an outcome of referral (expected one of nfa)' },
  { line: 6, column: 'source', reason: 'unknown source code (expected a CIN census source code such as 1A, 2B or 10)' },
  { line: 7, column: 'sex', reason: 'unknown sex code (expected M, F or U)' },
  { line: 8, column: 'ethnicity', reason: 'unknown ethnicity code (expected a DfE ethnicity code such as WBRI or MWBC)' },
  { line: 9, column: 'disability', reason: 'unknown disability code (expected Y, N or U)' },
  { line: 10, column: 'child_id', reason: 'child_id is 65 characters long; at most 64 are allowed' },
  { line: 11, column: null, reason: 'the row has 6 fields but the header has 9' },
  { line: 12, column: 'dob', reason: 'impossible date of birth: no such day in the calendar' },
  { line: 13, column: 'date', reason: 'date is not YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]' },
  { line: 14, column: 'child_id', reason: 'child_id is blank' },
];

describe('importing an events CSV', () => {
  it('reads a BOM, CRLF line ends, quoted fields and a header in any order and case', async () => {
    const report = await store.importEventsCsv('quoted', fixture('quoted-bom-crlf.csv'), { fileName: 'quoted-bom-crlf.csv' });
    expect(report).toEqual({ dataset: 'quoted', rows: 4, imported: 4, rejected: [], warnings: ['unknown column "Notes" (column 5) is ignored'], quality: { total: 0, newSinceLastImport: 0, comparedWithPrevious: false, byCode: [], problems: [], truncated: false } });
    const { table, info } = store.loadDataset('quoted')!;
    expect(info).toMatchObject({ sourceFile: 'quoted-bom-crlf.csv', rows: 4, imported: 4, rejected: 0, children: 2, from: '2023-01-05', to: '2023-02-01' });
    expect(table.childIds).toEqual(['C,1', 'C2']);
    expect(Array.from(table.type)).toEqual([EV.contact, EV.referral, EV.assessment_start, EV.assessment_end]);
    expect(Array.from(table.seconds)).toEqual([-1, -1, -1, 9 * 3600 + 30 * 60]);
    expect(OUTCOME_CODES[table.outcome[3]! - 1]).toBe('nfa');
    const stored = readEventChunks(store.db, store.datasetId('quoted')!, 4, true);
    expect(stored.team).toEqual(['Front door, north', 'Team "A"', null, null]);
    expect(Array.from(stored.line!)).toEqual([2, 3, 5, 6]); // the quoted line break makes row 3 two lines long
  });

  it('strict: fails on bad rows, reporting every one with its line, column and reason, and writes nothing', async () => {
    const error = await importError(store.importEventsCsv('bad', fixture('bad-values.csv')));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('IMPORT_FAILED');
    expect(error.report.rejected).toEqual(BAD_VALUE_REJECTIONS);
    expect(error.report).toMatchObject({ dataset: 'bad', rows: 13, imported: 0 });
    expect(error.message).toContain('12 bad rows');
    expect(store.getDataset('bad')).toBeNull();
    expect(store.db.prepare('SELECT count(*) FROM rejections').pluck().get()).toBe(0);
  });

  it('lenient: imports the good rows and records each bad one; imported + rejected = rows', async () => {
    const report = await store.importEventsCsv('lenient', fixture('bad-values.csv'), { lenient: true });
    expect(report.rejected).toEqual(BAD_VALUE_REJECTIONS);
    expect(report.rows).toBe(13);
    expect(report.imported).toBe(1);
    expect(report.imported + report.rejected.length).toBe(report.rows);
    const id = store.datasetId('lenient');
    expect(store.db.prepare('SELECT sum(count) FROM event_chunks WHERE dataset_id = ?').pluck().get(id)).toBe(1);
    expect(store.db.prepare('SELECT line, column, reason FROM rejections WHERE dataset_id = ? ORDER BY line').all(id)).toEqual(BAD_VALUE_REJECTIONS);
    expect(store.getDataset('lenient')).toMatchObject({ rows: 13, imported: 1, rejected: 12, children: 1 });
  });

  it.each([
    ['missing-date.csv', 'date', /no required column "date"/],
    ['duplicate-header.csv', 'event', /names column "event" twice/],
  ])('fails the whole file %s for its header, even leniently', async (file, column, message) => {
    for (const lenient of [false, true]) {
      const error = await importError(store.importEventsCsv('header', fixture(file), { lenient }));
      expect(error.message).toMatch(message);
      expect(error.report.rejected).toEqual([{ line: 1, column, reason: expect.stringMatching(message) }]);
    }
    expect(store.getDataset('header')).toBeNull();
  });

  it('fails the whole file on an unterminated quote, naming the line it opened on', async () => {
    for (const lenient of [false, true]) {
      const error = await importError(store.importEventsCsv('quote', fixture('unterminated-quote.csv'), { lenient }));
      expect(error.report.rejected).toEqual([{ line: 3, column: null, reason: expect.stringMatching(/^unterminated quote/) }]);
      expect(error.message).toContain('line 3');
    }
    expect(store.getDataset('quote')).toBeNull();
  });

  it('fails an empty file', async () => {
    const error = await importError(store.importEventsCsv('empty', Readable.from([''])));
    expect(error.message).toContain('no header row');
  });

  it('skips wholly empty lines, counting them in a warning', async () => {
    const report = await store.importEventsCsv('blank', fixture('blank-lines.csv'));
    expect(report).toMatchObject({ rows: 2, imported: 2, rejected: [], warnings: ['4 empty lines were skipped'] });
  });

  it('takes each child attribute from the latest-dated row that has one, a tie going to the later row', async () => {
    await store.importEventsCsv('attributes', fixture('attributes.csv'));
    const { table, children } = store.loadDataset('attributes')!;
    expect(table.childIds).toEqual(['K1', 'K2']);
    expect(Array.from(children.dob)).toEqual([parseBirthDate('2015-01-01'), parseBirthDate('2019-07')]);
    expect(Array.from(children.sex)).toEqual([3, 2]); // U (tie on 2023-03-01: the later row), F
    expect(Array.from(children.ethnicity)).toEqual([ETHNICITY_CODES.indexOf('BAFR') + 1, 0]);
    expect(Array.from(children.disability)).toEqual([1, 2]); // Y, N
    // Events come back in date order, whatever the file order.
    expect(Array.from(table.day.subarray(0, 4))).toEqual(['2023-01-01', '2023-02-01', '2023-03-01', '2023-03-01'].map((d) => parseTimestamp(d)!.day));
  });

  it('lists at most 1000 rejections but counts and records them all', async () => {
    const rows = ['child_id,event,date', 'G1,contact,2023-01-01'];
    for (let i = 0; i < 1205; i++) rows.push(`B${i},nonsense,2023-01-01`);
    const report = await store.importEventsCsv('many', Readable.from([rows.join('\n')]), { lenient: true });
    expect(report.rejected).toHaveLength(1000);
    expect(report.rejected[999]).toEqual({ line: 1002, column: 'event', reason: expect.stringMatching(/^unknown event: /) });
    expect(report.warnings).toEqual(['1205 rows were rejected; only the first 1000 are listed']);
    expect(report).toMatchObject({ rows: 1206, imported: 1 });
    expect(count('rejections', store.datasetId('many'))).toBe(1205);
    expect(store.getDataset('many')).toMatchObject({ rejected: 1205, imported: 1, rows: 1206 });
  });

  it('a dob given as a month (YYYY-MM): an end in the month of the 18th birthday is no step after it, in the quality report and for the fit (review v10d F5)', async () => {
    // M's birthday lies somewhere in June 2020; D was born on 2002-06-01, so its plan ended after its birthday.
    const rows = ['child_id,event,date,dob'];
    for (const [child, dob] of [['M', '2002-06'], ['D', '2002-06-01']]) {
      rows.push(`${child},referral,2020-01-03,${dob}`, `${child},cin_plan_start,2020-02-01,${dob}`, `${child},cin_plan_end,2020-06-09,${dob}`);
    }
    const report = (await store.importEventsCsv('month-dob', Readable.from([rows.join('\n')]))) as ImportReport & { quality: QualityReport };
    const after = report.quality.problems.filter((p) => p.code === 'step_after_eighteen');
    expect(after.map((p) => p.row)).toEqual([7]);
    const { table, children } = store.loadDataset('month-dob')!;
    const m = table.childIds.indexOf('M');
    expect([children.dob[m], children.dobMonthOnly?.[m]]).toEqual([parseBirthDate('2002-06'), 1]);
    expect(checkJourneys(table, children.dob, children.dobMonthOnly).breaks.map((b) => table.childIds[b.child])).toEqual(['D']);
  });

  it('keeps a child whose every attribute is blank as unknown', async () => {
    await store.importEventsCsv('plain', Readable.from(['child_id,event,date\nP,contact,2023-01-01\n']));
    const { children } = store.loadDataset('plain')!;
    expect([children.dob[0], children.sex[0], children.ethnicity[0], children.disability[0]]).toEqual([NO_DATE, 0, 0, 0]);
  });
});
