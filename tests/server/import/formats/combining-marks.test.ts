// An identifier holding a combining mark (`K1` with U+0301 after the K) is refused by every importer, strictly and
// leniently, with the file, line, column and the code point, never the identifier (issue 12's audit, O5: NFKC
// makes it `Ḱ1`, not `K1`, so it was imported as a second child). Councils' identifiers are ASCII letters,
// digits and hyphens: a mark in one is a typing or encoding accident. Every identifier here is made up.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../../server/db/store.js';
import { ImportError, type ImportReport } from '../../../../server/import/import-report.js';
import type { SourceFile } from '../../../../server/import/source-importer.js';
import { tempStore, textFile } from './helpers.js';

let store: Store;
let close: () => void;
beforeAll(() => ({ store, close } = tempStore()));
afterAll(() => close());

const MARKED = 'K\u03011'; // K, COMBINING ACUTE ACCENT, 1
const REASON = /^the child identifier holds a combining mark \(U\+0301\) at character 2: .*identifiers must not hold one$/;

/** The report of an import, failed or not. */
async function outcome(run: () => Promise<ImportReport>): Promise<ImportReport & { failed: boolean }> {
  try {
    return { ...(await run()), failed: false };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { ...error.report, failed: true };
  }
}

const events = (id: string) => `child_id,event,date\nK1,contact,2023-01-01\n${id},referral,2023-01-02\nK2,contact,2023-01-03\n`;

describe('an identifier holding a combining mark (O5)', () => {
  it('events CSV: refused strictly, the row left out leniently, so K1 stays one child', async () => {
    const strict = await outcome(() => store.importEventsCsv('ev-strict', Readable.from([events(MARKED)])));
    expect(strict.failed).toBe(true);
    expect(strict.rejected).toEqual([{ line: 3, column: 'child_id', reason: expect.stringMatching(REASON) }]);
    expect(store.getDataset('ev-strict')).toBeNull();
    const lenient = await outcome(() => store.importEventsCsv('ev-lenient', Readable.from([events(MARKED)]), { lenient: true }));
    expect(lenient.failed).toBe(false);
    expect(lenient.rejected).toEqual([{ line: 3, column: 'child_id', reason: expect.stringMatching(REASON) }]);
    expect(lenient.imported).toBe(2);
    expect(store.getDataset('ev-lenient')!.children).toBe(2);
    expect(JSON.stringify(lenient)).not.toContain(MARKED);
  });

  it('events CSV: every kind of mark, as typed or as NFKC folds the identifier, is refused with its code point', async () => {
    // a mark alone, a nonspacing mark after a digit, a spacing mark (Mc), an enclosing one (Me), two marks, a
    // decomposed é, and a spacing diaeresis (U+00A8), which NFKC folds to a space and U+0308
    const cases: [string, string][] = [['\u0301', '0301'], ['K1\u0308', '0308'], ['K\u09031', '0903'], ['K1\u20dd', '20DD'], ['K\u0301\u03011', '0301'], ['Ze\u0301-7', '0301'], ['K\u00a81', '0308']];
    for (const [k, [id, hex]] of cases.entries()) {
      const r = await outcome(() => store.importEventsCsv(`marks${k}`, Readable.from([events(id)])));
      expect(r.failed, JSON.stringify(id)).toBe(true);
      expect(r.rejected, JSON.stringify(id)).toEqual([{ line: 3, column: 'child_id', reason: expect.stringContaining(`combining mark (U+${hex})`) }]);
    }
  });

  it('events CSV: keeps a letter with its accent written as one character, and other scripts', async () => {
    const r = await outcome(() => store.importEventsCsv('precomposed', Readable.from(['child_id,event,date\nZo\u00eb-7,contact,2023-01-01\n\u01411,contact,2023-01-02\nK1,contact,2023-01-03\n'])));
    expect(r.failed).toBe(false);
    expect(store.getDataset('precomposed')!.children).toBe(3);
  });

  const header = (id: string) => `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nK1,1,01/01/2010,WBRI,,,\n${id},2,01/01/2011,WBRI,,,\n`;
  const census = (id: string) =>
    `<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children>\n<Child><ChildIdentifiers><LAchildID>K1</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2022-05-01</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails></Child>\n<Child><ChildIdentifiers><LAchildID>${id}</LAchildID></ChildIdentifiers>\n<CINdetails><CINreferralDate>2022-05-02</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>`;
  const list = (id: string) => `Child ID,Child's date of birth,Contact date\nK1,01/02/2013,02/03/2022\n${id},01/02/2013,03/03/2022\n`;
  // (a census's rejection is on the line of the referral the child's identifier belongs to)
  it.each<[string, (id: string) => SourceFile, string, number]>([
    ['SSDA903', (id) => textFile('ssda903', '2022-header.csv', header(id)), 'CHILD', 3],
    ['CIN census', (id) => textFile('cin', 'cin.xml', census(id)), 'LAchildID', 4],
    ['Annex A', (id) => textFile('annex-a', 'List 1.csv', list(id)), 'Child Unique ID', 3],
  ])('%s: refused strictly and leniently, with the file, line, column and code point', async (format, file, column, line) => {
    const rejection = { file: file('').name, sheet: null, line, column, reason: expect.stringMatching(REASON) };
    const strict = await outcome(() => store.importSources(`${format}-strict`, [file(MARKED)]));
    expect(strict.failed).toBe(true);
    expect(strict.rejected).toEqual([rejection]);
    expect(store.getDataset(`${format}-strict`)).toBeNull();
    const lenient = await outcome(() => store.importSources(`${format}-lenient`, [file(MARKED)], { lenient: true }));
    expect(lenient.failed).toBe(false);
    expect(lenient.rejected).toEqual([rejection]);
    expect(JSON.stringify(lenient)).not.toContain(MARKED);
    // the same file without the mark holds the one child K1 and no other
    const plain = await outcome(() => store.importSources(`${format}-plain`, [file('K1')], { lenient: true }));
    expect(plain.rejected).toEqual([]);
    expect(store.getDataset(`${format}-plain`)!.children).toBe(1);
  });
});
