import { describe, expect, it } from 'vitest';
import { makeTable, suppressSmallNumbers, tableToCsv } from '../../../core/analysis/view-table.js';

const table = makeTable(
  't',
  'Test',
  [['group', 'Group', 'text'], ['n', 'Referrals', 'count'], ['k', 'Re-referrals', 'count'], ['rate', 'Rate', 'rate'], ['date', 'Month', 'date']],
  [
    { group: 'all', n: 120, k: 30, rate: 0.25, date: '2024-01' },
    { group: 'girls, "young"', n: 12, k: 3, rate: 0.25, date: '2024-01' },
    { group: 'none', n: 0, k: 0, rate: null, date: '2024-01' },
  ],
);

describe('small-number suppression', () => {
  it('replaces counts 1–4 with <5 and blanks that row’s rates; 0 and 5+ stay', () => {
    const s = suppressSmallNumbers(table);
    expect(s.rows[0]).toEqual(['all', 120, 30, 0.25, '2024-01']);
    expect(s.rows[1]).toEqual(['girls, "young"', 12, '<5', '<5', '2024-01']);
    expect(s.rows[2]).toEqual(['none', 0, 0, null, '2024-01']);
    expect(table.rows[1]![2]).toBe(3); // the original is untouched
  });
  it('writes RFC 4180 CSV with a header of labels, quoting where needed', () => {
    expect(tableToCsv(table)).toBe(
      'Group,Referrals,Re-referrals,Rate,Month\r\nall,120,30,0.25,2024-01\r\n"girls, ""young""",12,<5,<5,2024-01\r\nnone,0,0,,2024-01\r\n',
    );
  });
  it('defuses text that a spreadsheet would run as a formula', () => {
    const t = makeTable('f', 'F', [['x', 'X', 'text']], [{ x: '=SUM(A1)' }]);
    expect(tableToCsv(t)).toBe("X\r\n'=SUM(A1)\r\n");
  });
});
