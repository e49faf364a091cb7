// A date of birth after an event, wherever the two are: in other rows, other lists, other formats.
import { describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../../server/import/common/xlsx-write.js';
import { fixture, storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

describe('dates of birth against every event of the child (finding 6)', () => {
  it('reports List 3 row 5 of the reviewer\'s workbook: a referral with no date of birth of its own, before the one List 1 gives', async () => {
    const r = await useStore().importSources('births-annex', [fixture('annex-a', 'review/annex/annex.xlsx')], { lenient: true });
    const dob = r.quality.problems.filter((p) => p.code === 'dob_after_event');
    expect(dob.map((p) => [p.sheet, p.row, p.field, p.dfeRule])).toEqual([
      ['List 1 - Contacts', 6, 'Date of Contact', null],
      ['List 3', 5, 'Date of Referral', null],
    ]);
    expect(dob[1]!.message).toBe('the child\'s date of birth is after "Date of Referral"');
  });

  it('checks a row\'s other dates (a visit, a review) as well as its events, against a date of birth from another list', async () => {
    const head = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth'];
    const bytes = writeXlsx([
      { name: 'List 1', rows: [[...head, 'Date of Contact'], ['V', 'M', 'WBRI', '01/06/2020', '01/07/2020']] },
      { name: 'List 7', rows: [[...head, 'Child Protection Plan Start Date', 'Date of the Last Statutory Visit'], ['V', 'M', 'WBRI', null, '01/08/2020', '01/05/2020']] },
      { name: 'List 10', rows: [[...head, 'Date the Child Entered Care'], ['V', 'M', 'WBRI', null, '01/01/2020']] },
    ]);
    const r = await useStore().importSources('births-facts', [textFile('annex-a', 'facts.xlsx', bytes)]);
    expect(r.quality.problems.map((p) => [p.code, p.sheet, p.row, p.field])).toEqual([
      ['dob_after_event', 'List 7', 2, 'Date of the Last Statutory Visit'],
      ['dob_after_event', 'List 10', 2, 'Date the Child Entered Care'],
    ]);
  });

  it('checks CIN census events against an SSDA903 header\'s date of birth, and cites SSDA903 302 only for a first episode', async () => {
    const xml = '<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children>\n<Child><ChildIdentifiers><LAchildID>X</LAchildID></ChildIdentifiers>\n<CINdetails><CINreferralDate>2022-05-01</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>';
    const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX,1,01/06/2022,WBRI,,,';
    const episodes = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nX,01/05/2022,S,V2,N1,U4,PR1,,,,,,';
    const r = await useStore().importSources('births-mixed', [textFile('cin', 'cin.xml', xml), textFile('ssda903', '2023-header.csv', header), textFile('ssda903', '2023-episodes.csv', episodes)]);
    expect(r.quality.problems.filter((p) => p.code === 'dob_after_event').map((p) => [p.file, p.row, p.field, p.dfeRule])).toEqual([
      ['2023-episodes.csv', 2, 'DECOM', 'SSDA903 302'],
      ['cin.xml', 3, 'CINreferralDate', null],
    ]);
  });
});
