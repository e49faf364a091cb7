// A cell's value never goes into a stored message (issue 12: "rejection reasons echo field values such as a
// date of birth into the stored report"). Audit a12b: an Annex A date of birth holding a number that is no
// date (9434765919, shaped like an NHS number) was stored as '"Date of Birth" holds 9434765919, which is not
// a date' in the quality report, readable by analysts and in the file.
import { describe, expect, it } from 'vitest';
import { writeXlsx } from '../../../../server/import/common/xlsx-write.js';
import { storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

describe('an Annex A cell that is no date', () => {
  it('is reported by field and reason, without its value, in the answer and in the database', async () => {
    const head = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Date of Contact'];
    const bytes = writeXlsx([{ name: 'List 1', rows: [head, ['V1', 'M', 'WBRI', 9434765919, '01/07/2020'], ['V2', 'F', 'WBRI', '01/06/2015', '02/07/2020']] }]);
    const store = useStore();
    const r = await store.importSources('no-echo', [textFile('annex-a', 'annex.xlsx', bytes)], { lenient: true });
    // A date of birth that is no date refuses its row (audit a12b 9b), listed by sheet, line and field
    expect(r.rejected.map((x) => [x.sheet, x.line, x.column])).toEqual([['List 1', 2, 'Date of Birth']]);
    expect(r.rejected[0]!.reason).toMatch(/not a date/);
    expect(JSON.stringify(r)).not.toContain('9434765919');
    const texts = store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    for (const table of texts) {
      const rows = store.db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][];
      const text = rows.map((row) => row.map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v))).join('\t')).join('\n');
      expect(text, table).not.toContain('9434765919');
    }
  });
});
