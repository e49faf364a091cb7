// Every CSV the importers read (events, SSDA903, Annex A lists saved as CSV) refuses what no CSV value
// may hold — a stray quote, text after a closing quote, a NUL or other control character, a byte-order
// mark in the middle of the file — with its file, line and column. Read on, such a row splits one
// child's identifier into two children.
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../server/db/store.js';
import type { SourceFile, SourceImportOptions } from '../../../../server/import/source-importer.js';
import { storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

const HEADER_903 = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nK1,1,17/06/2015,WBRI,,,\n';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const episodes = (second: string) => `${EPISODES}\nK1,01/05/2023,S,C2,N1,U4,PR1,09/02/2024,X1,,,,\n${second}\n`;

async function attempt(name: string, files: () => SourceFile[], options: SourceImportOptions = {}) {
  try {
    return { failed: false, ...(await useStore().importSources(name, files(), options)) };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { failed: true, message: error.message, ...error.report };
  }
}

describe('SSDA903 CSV', () => {
  it.each([
    ['a stray quote in CHILD', 'K1"q,09/02/2024,P,C2,N1,U4,PR1,,,,,,', 'CHILD', /quote inside an unquoted field/],
    ['text after a closing quote', '"K1"q,09/02/2024,P,C2,N1,U4,PR1,,,,,,', 'CHILD', /text after its closing quote/],
    ['a NUL in LS', 'K1,09/02/2024,P,C\u00002,N1,U4,PR1,,,,,,', 'LS', /control character \(U\+0000\)/],
    ['a byte-order mark mid-file', '\uFEFFK1,09/02/2024,P,C2,N1,U4,PR1,,,,,,', 'CHILD', /byte-order mark/],
  ])('rejects %s strictly with file, line and column; leniently the child stays one', async (what, row, column, reason) => {
    const name = `q903 ${what}`;
    const files = () => [textFile('ssda903', '2024-header.csv', HEADER_903), textFile('ssda903', '2024-episodes.csv', episodes(row))];
    const strict = await attempt(name, files);
    expect(strict.failed).toBe(true);
    expect(strict.rejected).toEqual([expect.objectContaining({ file: '2024-episodes.csv', line: 3, column, reason: expect.stringMatching(reason) })]);
    expect(useStore().getDataset(name)).toBeNull();
    const lenient = await attempt(name, files, { lenient: true });
    expect(lenient).toMatchObject({ failed: false, children: 1 });
  });

  it('refuses a header with a fault as an unreadable file, naming it', async () => {
    const r = await attempt('q903h', () => [textFile('ssda903', '2024-header.csv', 'CHILD,S"EX,DOB,ETHNIC\nK1,1,17/06/2015,WBRI\n')], { lenient: true });
    expect(r.failed).toBe(true);
    expect(r.rejected).toEqual([expect.objectContaining({ line: 1, reason: expect.stringMatching(/^2024-header\.csv: the header: .*quote/) })]);
  });
});

describe('Annex A list saved as CSV', () => {
  const HEADER = 'Child Unique ID,Gender,Ethnicity,Date of Birth (dd/mm/yyyy),Age,Does the Child have a Disability,Continuous Assessment Start Date (DD/MM/YYYY),Continuous Assessment Date of Authorisation,Was the child assessed as requiring LA children\'s social care support?';
  const list = (row: string) => `${HEADER}\nC001,a) Male,a) WBRI,01/01/2015,8,b) No,10/06/2023,20/07/2023,a) Yes\n${row}\n`;

  it.each([
    ['a stray quote in the child id', 'C0"01,a) Male,a) WBRI,01/01/2015,8,b) No,10/07/2023,20/07/2023,a) Yes', 'Child Unique ID', /quote inside an unquoted field/],
    ['a NUL in the gender', 'C001,a) Ma\u0000le,a) WBRI,01/01/2015,8,b) No,10/07/2023,20/07/2023,a) Yes', 'Gender', /control character/],
    ['a byte-order mark mid-file', '\uFEFFC001,a) Male,a) WBRI,01/01/2015,8,b) No,10/07/2023,20/07/2023,a) Yes', 'Child Unique ID', /byte-order mark/],
  ])('rejects %s strictly with file, line and column; leniently the child stays one', async (_what, row, column, reason) => {
    const files = () => [textFile('annex-a', 'List 4.csv', list(row))];
    const strict = await attempt('qannex', files);
    expect(strict.failed).toBe(true);
    expect(strict.rejected).toEqual([expect.objectContaining({ file: 'List 4.csv', line: 3, column, reason: expect.stringMatching(reason) })]);
    const lenient = await attempt('qannex', files, { lenient: true });
    expect(lenient).toMatchObject({ failed: false, children: 1 });
  });
});
