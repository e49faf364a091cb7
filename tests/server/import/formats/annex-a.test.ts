// Expected values worked out by hand from the sample workbook (its cells listed with a separate
// script): Excel serial 44090 is 16/09/2020, and so on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_DATE } from '../../../../core/children.js';
import { formatDay } from '../../../../core/dates.js';
import { ImportError, type Store } from '../../../../server/db/store.js';
import { writeXlsx } from '../../../../server/import/common/xlsx-write.js';
import type { SourceImportReport } from '../../../../server/import/source-importer.js';
import { countBy, eventsOf, fixture, tempStore, textFile } from './helpers.js';

let store: Store;
let close: () => void;
let report: SourceImportReport;
beforeAll(async () => {
  ({ store, close } = tempStore());
  report = await store.importSources('annex', [fixture('annex-a', 'annex-a/Annex_A_sample.xlsx')]);
});
afterAll(() => close());

describe('the sample Annex A workbook', () => {
  it('counts every row of every sheet: imported + rejected = rows, and list 11 (adopters) skipped', () => {
    expect(report.files.map((f) => [f.sheet, f.rows, f.imported, f.rejected, f.skipped])).toEqual([
      ['List 1', 5, 5, 0, 0],
      ['List 2', 5, 5, 0, 0],
      ['List 3', 6, 6, 0, 0],
      ['List 4', 5, 5, 0, 0],
      ['List 5', 5, 5, 0, 0],
      ['List 6', 5, 5, 0, 0],
      ['List 7', 7, 7, 0, 0],
      ['List 8', 5, 5, 0, 0],
      ['List 9', 6, 6, 0, 0],
      ['List 10', 5, 5, 0, 0],
      ['List 11', 5, 0, 5, 5],
    ]);
    expect(report.rows).toBe(59);
    expect(report.imported).toBe(54);
    expect(report.rejected.map((r) => [r.sheet, r.line])).toEqual([2, 3, 4, 5, 6].map((row) => ['List 11', row]));
    expect(report.warnings).toContain('Annex_A_sample.xlsx › List 11: List 11 (Adopters) describes adopters, not children: it is not imported');
  });

  it('gives the events of lists 1–8, per type', () => {
    expect(report.events).toMatchObject({
      contact: 5, early_help_start: 5, early_help_end: 5, referral: 6, assessment_start: 5, assessment_end: 5,
      strategy_discussion: 5, s47_start: 5, icpc: 3, cin_plan_start: 5, cin_plan_end: 0, cp_plan_start: 7, cp_plan_end: 5,
      cla_start: 5, cla_end: 1, case_closed: 0, s47_end: 0,
    });
    const events = eventsOf(store, 'annex');
    expect(events).toHaveLength(67);
    expect(countBy(events, (e) => e.event)).toEqual({
      contact: 5, early_help_start: 5, early_help_end: 5, referral: 6, assessment_start: 5, assessment_end: 5,
      strategy_discussion: 5, s47_start: 5, icpc: 3, cin_plan_start: 5, cp_plan_start: 7, cp_plan_end: 5, cla_start: 5, cla_end: 1,
    });
    // List 1: contacts on 16/09/2020 (44090) with their sources, prefixes and labels stripped
    expect(events.filter((e) => e.event === 'contact').map((e) => [e.child, e.date, e.source])).toEqual([
      ['9212044', '2020-09-16', '6'], ['11973218', '2020-09-16', '6'], ['6217392', '2020-09-16', '1B'], ['16248829', '2020-09-16', '6'], ['13981739', '2020-09-16', '9'],
    ]);
    // List 5: the strategy discussion and the S47 on one date; the three ICPCs resulted in plans
    expect(events.filter((e) => e.child === '11641472').map((e) => [e.event, e.date, e.outcome])).toEqual([
      ['strategy_discussion', '2020-09-16', null], ['s47_start', '2020-09-16', null], ['icpc', '2020-10-05', 'cp_plan'],
    ]);
    expect(events.filter((e) => e.event === 'icpc').map((e) => e.outcome)).toEqual(['cp_plan', 'cp_plan', 'cp_plan']);
    // List 3: none marked NFA
    expect(events.filter((e) => e.event === 'referral').every((e) => e.outcome === null)).toBe(true);
    // List 8 row 6: ceased 22/09/2020 (44096), reason E47
    expect(events.filter((e) => e.event === 'cla_end').map((e) => [e.child, e.date, e.outcome])).toEqual([['3623204', '2020-09-22', 'E47']]);
  });

  it('makes one child of the same identifier in several lists, with attributes from every list', () => {
    expect(report.children).toBe(48);
    const { children, table } = store.loadDataset('annex')!;
    const idx = table.childIds.indexOf('6537810'); // in list 3 and list 5
    expect(idx).toBeGreaterThanOrEqual(0);
    expect(formatDay(children.dob[idx]!)).toBe('2004-07-18'); // 38186 = 1970-01-01 (25569) + 12617 days
    // List 1 row 3 has no date of birth
    expect(children.dob[table.childIds.indexOf('11973218')]).toBe(NO_DATE);
    expect(report.counts).toMatchObject({ periodsOfCare: 5, openPeriodsOfCare: 4 });
  });

  it('reports each date of birth after an event by sheet and row', () => {
    const dob = report.quality.problems.filter((p) => p.code === 'dob_after_event').map((p) => [p.sheet, p.row, p.field]);
    expect(dob).toEqual([
      ['List 4', 5, 'Continuous Assessment Start Date'],
      ['List 7', 2, 'Child Protection Plan Start Date'],
      ['List 7', 8, 'Child Protection Plan Start Date'],
      ['List 8', 5, 'Date Started to be Looked After'],
      ['List 10', 5, 'Date the Child Entered Care'],
    ]);
    expect(report.quality.problems.find((p) => p.sheet === 'List 4' && p.row === 5 && p.code === 'dob_after_event')!.message)
      .toBe('the child\'s date of birth is after "Continuous Assessment Start Date"');
  });

  it('reports codes outside their lists and Excel error cells without dropping the rows', () => {
    const byCode = Object.fromEntries(report.quality.byCode.map((g) => [g.code, g.count]));
    // List 4's outcome "CS Assessment Updated" (5 rows); List 6 row 2's need code PSRMEM
    expect(byCode.code_not_in_list).toBe(6);
    // List 6's Allocated Team is #N/A in all 5 rows (Allocated Worker is not read)
    expect(byCode.cell_error).toBe(5);
    expect(report.quality.problems.filter((p) => p.code === 'cell_error').map((p) => [p.sheet, p.row, p.field])).toEqual(
      [2, 3, 4, 5, 6].map((row) => ['List 6', row, 'Allocated Team']),
    );
  });
});

describe('Annex A files as councils make them', () => {
  const header = ['Child ID', 'SEX', 'ethnicity', 'DOB', 'Age', 'date of contact', 'Source of contact'];

  it('matches renamed headers and reads dd/mm/yyyy, ISO and serial dates in a list saved as CSV', async () => {
    const csv = [header.join(','), 'C1,Male,WBRI,01/02/2015,5,16/09/2020,Police', 'C2,b) Female,a) WBRI,2016-03-04,4,2020-09-17,t) 9: Anonymous', 'C3,F,APKN,42029,,44090,q) 6: Police'].join('\n');
    const r = await store.importSources('csv-list', [textFile('annex-a', 'Annex A List 1 contacts.csv', csv)]);
    expect(r.files).toEqual([{ file: 'Annex A List 1 contacts.csv', sheet: null, rows: 3, imported: 3, rejected: 0, skipped: 0, unreadable: 0 }]);
    expect(eventsOf(store, 'csv-list').map((e) => [e.child, e.event, e.date, e.source])).toEqual([
      ['C1', 'contact', '2020-09-16', '6'], ['C2', 'contact', '2020-09-17', '9'], ['C3', 'contact', '2020-09-16', '6'],
    ]);
    const { children } = store.loadDataset('csv-list')!;
    expect([...children.dob].map(formatDay)).toEqual(['2015-02-01', '2016-03-04', '2015-01-25']); // 42029
    expect(r.quality.total).toBe(0);
  });

  it('recognises a list by its headers when the sheet has another name, and reads formulas by their cached value', async () => {
    const bytes = writeXlsx([
      { name: 'Title', rows: [['Annex A return, Council X'], []] },
      {
        name: 'Referrals',
        rows: [
          ['Annex A list 3 as at 31/03/2021'],
          ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', 'Date of Referral', 'Referral Source', 'Referral NFA?', 'Allocated Team'],
          ['R1', 'a) Male', 'a) WBRI', 40000, 9, 44100, 'e) 2A: Schools', 'a) Yes', 'Team A'],
          ['R2', 'a) Male', 'a) WBRI', 40000, 9, { formula: 'F3+1', cached: 44101 }, 'e) 2A: Schools', 'No', 'Team A'],
          ['R3', 'a) Male', 'a) WBRI', 40000, 9, { formula: 'F3+2' }, 'e) 2A: Schools', 'No', 'Team A'],
          [null, 'a) Male', 'a) WBRI', 40000, 9, 44100, 'e) 2A: Schools', 'No', 'Team A'],
        ],
      },
    ]);
    const failed = await store.importSources('by-headers', [textFile('annex-a', 'book.xlsx', bytes)]).catch((e: unknown) => e);
    // Strict: R3's only date is a formula with no saved result, and the last row has no child: nothing is imported.
    expect(failed).toBeInstanceOf(ImportError);
    expect((failed as ImportError).report.rejected).toEqual([
      // the cover sheet is listed as not read, but does not fail the import
      { file: 'book.xlsx', sheet: 'Title', line: 1, column: null, reason: 'the sheet has no header row with a child identifier column (such as "Child Unique ID"), so it is not one of the lists' },
      { file: 'book.xlsx', sheet: 'Referrals', line: 5, column: 'Date of Referral', reason: 'no usable date in "Date of Referral"' },
      { file: 'book.xlsx', sheet: 'Referrals', line: 6, column: 'Child Unique ID', reason: 'no child identifier' },
    ]);
    expect(store.getDataset('by-headers')).toBeNull();
    const r = await store.importSources('by-headers', [textFile('annex-a', 'book.xlsx', bytes)], { lenient: true });
    expect(r.files.find((f) => f.sheet === 'Referrals')).toEqual({ file: 'book.xlsx', sheet: 'Referrals', rows: 4, imported: 2, rejected: 2, skipped: 0, unreadable: 2 });
    expect(eventsOf(store, 'by-headers').map((e) => [e.child, e.date, e.outcome, e.source])).toEqual([
      ['R1', '2020-09-26', 'nfa', '2A'], ['R2', '2020-09-27', null, '2A'],
    ]);
    expect(r.quality.problems.map((p) => [p.code, p.sheet, p.row, p.field])).toEqual([['formula_without_value', 'Referrals', 5, 'Date of Referral']]);
  });

  it('reports an NFA referral with a later assessment, and overlapping CP plans', async () => {
    const head = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age'];
    const bytes = writeXlsx([
      { name: 'List 3', rows: [[...head, 'Date of Referral', 'Referral Source', 'Referral NFA?'], ['N1', 'M', 'WBRI', '01/01/2010', 10, '01/09/2020', '6', 'Yes']] },
      { name: 'List 4', rows: [[...head, 'Continuous Assessment Start Date', 'Continuous Assessment Date of Authorisation'], ['N1', 'M', 'WBRI', '01/01/2010', 10, '03/09/2020', '01/09/2020']] },
      {
        name: 'List 7',
        rows: [[...head, 'Child Protection Plan Start Date', 'Child Protection Plan End Date'], ['N1', 'M', 'WBRI', '01/01/2010', 10, '01/10/2020', ''], ['N1', 'M', 'WBRI', '01/01/2010', 10, '01/12/2020', '01/03/2021']],
      },
    ]);
    const r = await store.importSources('sequence', [textFile('annex-a', 'seq.xlsx', bytes)]);
    // The assessment and both CP plans follow the NFA referral (no later referral): each is reported.
    expect(r.quality.problems.map((p) => [p.code, p.sheet, p.row])).toEqual([
      ['end_before_start', 'List 4', 2],
      ['nfa_with_later_steps', 'List 4', 2],
      ['nfa_with_later_steps', 'List 7', 2],
      ['cp_plans_overlap', 'List 7', 3],
      ['nfa_with_later_steps', 'List 7', 3],
    ]);
  });
});
