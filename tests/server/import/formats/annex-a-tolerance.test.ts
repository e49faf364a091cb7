// Annex A files as a reviewer and councils make them: header hints, the DfE's full code labels, old
// Mac workbooks, and an assessment that started before the referral it was authorised under.
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../../core/dates.js';
import { ETHNICITY_CODES, SEX_CODES } from '../../../../core/events.js';
import { ANNEX_A_LISTS, templateHeaders, type AnnexList } from '../../../../server/import/annex-a/lists.js';
import { writeXlsx } from '../../../../server/import/common/xlsx-write.js';
import { eventsOf, fixture, storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

describe('headers with hints and councils\' own wordings (finding 9)', () => {
  it('reads "Date of Birth (dd/mm/yyyy)" and "Continuous Assessment Start Date (DD/MM/YYYY)"', async () => {
    const r = await useStore().importSources('hints', [fixture('annex-a', 'review/annexcsv/list4_dates_with_hint.csv')]);
    expect(eventsOf(useStore(), 'hints').map((e) => [e.event, e.date, e.outcome])).toEqual([['assessment_start', '2023-06-10', null], ['assessment_end', '2023-07-20', 'cin']]);
    expect(formatDay(useStore().loadDataset('hints')!.children.dob[0]!)).toBe('2015-01-01');
    expect(r.quality.total).toBe(0);
    expect(r.warnings.filter((w) => w.includes('is not a column'))).toEqual([]);
  });

  it('matches wordings by their words: "Date Birth", "Child\'s date of birth", "Referral date (dd-mm-yy)", "Source of the referral"', async () => {
    const csv = [
      'Child Unique Identifier,Sex,Child Ethnicity,Date Birth,Referral date (dd-mm-yy),Source of the referral,Referral NFA (Y/N)',
      'W1,F,WBRI,03/04/2012,05/06/2023,Police,No',
    ].join('\n');
    const r = await useStore().importSources('wordings', [textFile('annex-a', 'List 3 referrals.csv', csv)]);
    expect(eventsOf(useStore(), 'wordings').map((e) => [e.child, e.event, e.date, e.source, e.outcome])).toEqual([['W1', 'referral', '2023-06-05', '6', null]]);
    expect(formatDay(useStore().loadDataset('wordings')!.children.dob[0]!)).toBe('2012-04-03');
    expect(r.warnings.filter((w) => w.includes('is not a column'))).toEqual([]);
    const other = await useStore().importSources('dob-words', [textFile('annex-a', 'List 1.csv', "Child ID,Child's date of birth,Contact date\nW2,01/02/2013,02/03/2023")]);
    expect(formatDay(useStore().loadDataset('dob-words')!.children.dob[0]!)).toBe('2013-02-01');
    expect(other.imported).toBe(1);
  });
});

describe('the DfE\'s full labels (finding 10)', () => {
  it('reads all 22 contact sources as labelled in the DfE guidance, and group-prefixed ethnicities', async () => {
    const r = await useStore().importSources('labels', [fixture('annex-a', 'review/labels/List 1 labels.csv')]);
    const events = eventsOf(useStore(), 'labels');
    const source = Object.fromEntries(events.map((e) => [e.child, e.source]));
    expect(Array.from({ length: 22 }, (_, k) => source[`L${k}`])).toEqual([
      '1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10',
    ]);
    const { children, table } = useStore().loadDataset('labels')!;
    const ethnicity = (id: string): string | undefined => ETHNICITY_CODES[children.ethnicity[table.childIds.indexOf(id)]! - 1];
    expect(['L0', 'L1', 'L2', 'L3', 'L4', 'L10', 'L19', 'L20', 'L21'].map(ethnicity)).toEqual(['WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'APKN', 'NOBT', 'MWAS', 'BAFR']);
    const sex = (id: string): string | undefined => SEX_CODES[children.sex[table.childIds.indexOf(id)]! - 1];
    expect(['L0', 'L3', 'L7', 'L8', 'L9', 'L10'].map(sex)).toEqual(['M', 'U', 'M', 'M', 'F', 'U']);
    // only the two values that are no ethnicity at all are reported
    expect(r.quality.problems.map((p) => [p.code, p.row, p.field])).toEqual([['code_not_in_list', 24, 'Ethnicity'], ['code_not_in_list', 25, 'Ethnicity']]);
  });
});

describe('a workbook saved with the 1904 date system (finding 12)', () => {
  it('reads its date numbers from 1 January 1904 and says so', async () => {
    const r = await useStore().importSources('mac', [fixture('annex-a', 'review/annex/mac1904.xlsx')]);
    expect(eventsOf(useStore(), 'mac').map((e) => [e.event, e.date])).toEqual([['contact', '2023-06-05']]);
    expect(formatDay(useStore().loadDataset('mac')!.children.dob[0]!)).toBe('2015-01-01'); // 40543 from 1904
    expect(r.warnings).toContain('mac1904.xlsx: the workbook uses the 1904 date system (old Mac Excel); its date numbers are read from 1 January 1904');
  });
});

describe('an assessment started before the referral it belongs to (finding 7)', () => {
  it('is reported (CIN 1103) in the reviewer\'s workbook: List 4 row 4', async () => {
    const r = await useStore().importSources('annex-review', [fixture('annex-a', 'review/annex/annex.xlsx')], { lenient: true });
    const found = r.quality.problems.filter((p) => p.code === 'assessment_before_referral');
    expect(found.map((p) => [p.sheet, p.row, p.field, p.dfeRule])).toEqual([['List 4', 4, 'Continuous Assessment Start Date', 'CIN 1103']]);
    expect(found[0]!.message).toBe('The assessment start date cannot be before the referral date: the assessment is dated before its referral');
    // the start and its authorisation are one assessment, in the referral's episode: no end without its start
    expect(r.quality.problems.filter((p) => p.code === 'end_without_start' && p.sheet === 'List 4')).toEqual([]);
    const c007 = eventsOf(useStore(), 'annex-review').filter((e) => e.child === 'C007' && e.event !== 'strategy_discussion' && e.event !== 's47_start' && e.event !== 'icpc');
    expect(new Set(c007.map((e) => e.episode)).size).toBe(1);
  });

  it('keeps a row\'s dates in one episode when a new referral comes between them, and leaves rows before any referral out of every episode', async () => {
    const head = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth'];
    const bytes = writeXlsx([
      { name: 'List 3', rows: [[...head, 'Date of Referral', 'Referral NFA?'], ['K', 'F', 'WBRI', '01/01/2012', '01/03/2023', 'No'], ['K', 'F', 'WBRI', '01/01/2012', '01/05/2023', 'No']] },
      { name: 'List 4', rows: [[...head, 'Continuous Assessment Start Date', 'Continuous Assessment Date of Authorisation'], ['K', 'F', 'WBRI', '01/01/2012', '10/04/2023', '20/05/2023'], ['K', 'F', 'WBRI', '01/01/2012', '01/01/2023', '01/02/2023']] },
    ]);
    const r = await useStore().importSources('spanning', [textFile('annex-a', 'span.xlsx', bytes)]);
    const events = eventsOf(useStore(), 'spanning');
    const episodeOf = (event: string, date: string): number => events.find((e) => e.event === event && e.date === date)!.episode;
    // the assessment of 10/04 (under the March referral) is authorised after the May referral: still one assessment
    expect(episodeOf('assessment_end', '2023-05-20')).toBe(episodeOf('referral', '2023-03-01'));
    expect(episodeOf('assessment_start', '2023-04-10')).toBe(episodeOf('referral', '2023-03-01'));
    // January's assessment precedes every referral of the child in the lists: it belongs to none
    expect(episodeOf('assessment_start', '2023-01-01')).toBe(-1);
    expect(r.quality.total).toBe(0);
  });
});

describe('the template\'s headers and liia-tools\' schema headers (the writer\'s before issue 14)', () => {
  // Each list as the template spells it (`Age`, `(Y/N))`, curly quotes, `Date of Adoption Order `, List 9's
  // 13 columns, List 10's family identifier second) and as liia-tools' schema spells it (`Age of Child
  // (Years)`, List 9's 17 columns): the same rows give the same events and every column is read.
  const lists = ANNEX_A_LISTS.filter((l) => l.use !== 'skipped');
  const book = (headers: (list: AnnexList) => readonly string[]): Buffer =>
    writeXlsx(lists.map((list) => {
      const head = headers(list);
      const row = head.map((h) => {
        const column = list.columns.find((c) => c.header === h || c.template === h)!;
        return column.key === 'childId' ? `C${list.list}` : column.key === 'dob' ? '01/02/2012' : column.kind === 'date' ? '03/04/2023' : null;
      });
      return { name: `List ${list.list}`, rows: [[...head], row] };
    }));

  it('reads both, every column of both, to the same events', async () => {
    const template = await useStore().importSources('template-headers', [textFile('annex-a', 'template.xlsx', book(templateHeaders))]);
    const schema = await useStore().importSources('schema-headers', [textFile('annex-a', 'schema.xlsx', book((l) => l.columns.map((c) => c.header)))]);
    expect(templateHeaders(lists[0]!)[4]).toBe('Age');
    expect(lists.find((l) => l.list === 9)!.columns.map((c) => c.header)).toHaveLength(17);
    for (const r of [template, schema]) expect(r.warnings.filter((w) => w.includes('is not a column') || w.includes('no "'))).toEqual([]);
    const events = (name: string) => eventsOf(useStore(), name).map((e) => [e.child, e.event, e.date]);
    expect(events('template-headers').length).toBeGreaterThan(8);
    expect(events('template-headers')).toEqual(events('schema-headers'));
  });
});
