import { describe, expect, it } from 'vitest';
import { makeTable, rowsAsObjects, tableToCsv } from '../../../core/analysis/view-table.js';

describe('view tables', () => {
  const table = makeTable('t', 'Test', [['group', 'Group', 'text'], ['n', 'Referrals', 'count'], ['id', 'Id', 'text', { hidden: true }]], [{ group: 'girls, "young"', n: 12, id: 'g' }, { group: 'none', n: 0 }]);
  it('writes RFC 4180 CSV with a header of labels, quoting where needed, hidden columns included', () => {
    expect(tableToCsv(table)).toBe('Group,Referrals,Id\r\n"girls, ""young""",12,g\r\nnone,0,\r\n');
  });
  it('defuses text that a spreadsheet would run as a formula', () => {
    const t = makeTable('f', 'F', [['x', 'X', 'text']], [{ x: '=SUM(A1)' }]);
    expect(tableToCsv(t)).toBe("X\r\n'=SUM(A1)\r\n");
  });
  it('gives the rows back as objects keyed by column, which is how each view’s JSON is made', () => {
    expect(rowsAsObjects(table)).toEqual([{ group: 'girls, "young"', n: 12, id: 'g' }, { group: 'none', n: 0, id: null }]);
    expect(table.columns[2]).toEqual({ key: 'id', label: 'Id', kind: 'text', hidden: true });
  });
});

describe('a CSV with its answer\'s cohort note', () => {
  const note = 'Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the cohort \'no earlier referral\'.';
  it('adds a "Cohort incomplete?" column saying it on every row', () => {
    const table = makeTable('t', 'T', [['group', 'Group', 'text'], ['n', 'Referrals', 'count']], [{ group: 'a', n: 12 }, { group: 'b', n: 3 }]);
    expect(tableToCsv(table, note)).toBe(`Group,Referrals,Cohort incomplete?\r\na,12,"${note}"\r\nb,3,"${note}"\r\n`);
    expect(tableToCsv(table, null)).toBe('Group,Referrals\r\na,12\r\nb,3\r\n');
  });

  it('adds none where every row\'s own "Incomplete?" already says it', () => {
    const table = makeTable('t', 'T', [['group', 'Group', 'text'], ['incomplete', 'Incomplete?', 'text']], [{ group: 'a', incomplete: note }]);
    expect(tableToCsv(table, note)).toBe(`Group,Incomplete?\r\na,"${note}"\r\n`);
  });
});
