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
    const bad = r.quality.problems.filter((p) => p.code === 'bad_date');
    expect(bad.map((p) => [p.sheet, p.row, p.field])).toEqual([['List 1', 2, 'Date of Birth']]);
    expect(JSON.stringify(r)).not.toContain('9434765919');
    const stored = store.db.prepare('SELECT message FROM quality_problems').pluck().all() as string[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.join('\n')).not.toContain('9434765919');
  });
});
