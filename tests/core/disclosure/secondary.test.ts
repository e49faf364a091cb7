import { describe, expect, it } from 'vitest';
import { makeTable } from '../../../core/analysis/view-table.js';
import { discloseTables } from '../../../core/disclosure/disclose.js';
import { partitionSuppress, secondarySuppress, type SumRelation } from '../../../core/disclosure/secondary.js';

const cols = [
  ['group', 'Group', 'text'],
  ['from', 'From day', 'id'],
  ['at_risk', 'At risk', 'count'],
  ['ended', 'Ended', 'count'],
  ['censored', 'Still open', 'count'],
  ['survival', 'Survival', 'rate', { basis: ['at_risk', 'ended'] }],
] as const;
const chain = (n: number): SumRelation[] =>
  Array.from({ length: n }, (_, i) => ({
    total: { table: 'life', row: i, column: 'at_risk' },
    parts: [{ table: 'life', row: i, column: 'ended' }, { table: 'life', row: i, column: 'censored' }, ...(i + 1 < n ? [{ table: 'life', row: i + 1, column: 'at_risk' }] : [])],
  }));

describe('secondary suppression', () => {
  it('hides a neighbour when rounding alone leaves a [c] one value (at risk 8–12, next 1–4, none still open: 4 ended)', () => {
    // exact: 8 at risk, 4 ended, 0 still open, 4 at risk next
    const life = makeTable('life', 'Life table', cols, [
      { group: 'all', from: 0, at_risk: 8, ended: 4, censored: 0, survival: 0.5 },
      { group: 'all', from: 30, at_risk: 4, ended: 1, censored: 3, survival: 0.375 },
    ]);
    const { tables } = discloseTables([life], { exact: false });
    // rounded: 10, [c], 0 / [c], [c], [c]: ended = (8..12) − 0 − (1..4) ≥ 4, and [c] ≤ 4, so 4
    expect(tables[0]!.rows.map((r) => r.slice(2, 5))).toEqual([[10, '[c]', 0], ['[c]', '[c]', '[c]']]);
    const added = secondarySuppress(tables, chain(2));
    expect(added).toBeGreaterThan(0);
    // the at-risk 10 goes (the smallest published count besides the [c]), with the survival built on it
    expect(tables[0]!.rows[0]!.slice(2, 6)).toEqual(['[c]', '[c]', 0, '[c]']);
  });

  it('leaves a table alone when no [c] is pinned', () => {
    const life = makeTable('life', 'Life table', cols, [
      { group: 'all', from: 0, at_risk: 100, ended: 3, censored: 7, survival: 0.97 },
      { group: 'all', from: 30, at_risk: 90, ended: 20, censored: 70, survival: 0.75 },
    ]);
    const { tables } = discloseTables([life], { exact: false });
    expect(secondarySuppress(tables, chain(2))).toBe(0);
  });
});

describe('secondary suppression across the cohorts of a dimension', () => {
  // one month's count by sex (M, F, U, not recorded), with a rate built on it
  const month = (n: number, m: number) =>
    makeTable('conversion', 'Conversion', [['month', 'Month', 'date'], ['k', 'Count', 'count'], ['n', 'Out of', 'count'], ['rate', 'Rate', 'rate', { basis: ['k', 'n'] }]], [{ month: '2022-01', k: n, n: m, rate: n / m }]);
  /** Each cohort's answer (a set of the four values, as bits) for values' counts `ks` (out of 60 each). */
  const answers = (ks: number[]) => {
    const values = ks.map((k) => [month(k, 60)]);
    const shown = new Map<number, (string | number | null)[]>();
    for (let bits = 1; bits < 15; bits++) {
      const sum = ks.reduce((s, k, v) => (bits & (1 << v) ? s + k : s), 0);
      const n = 60 * ks.filter((_, v) => bits & (1 << v)).length;
      const { tables } = discloseTables([month(sum, n)], { exact: false, policy: 'cohort' });
      partitionSuppress(tables, values, ks.map((_, v) => (bits & (1 << v)) !== 0));
      shown.set(bits, tables[0]!.rows[0]!);
    }
    return shown;
  };

  it('hides a cohort count beside the review\'s case (everyone 26; boys 9, girls 13, unknown 3 + 1: girls, not-boys, not-girls at a bound)', () => {
    const shown = answers([9, 13, 3, 1]);
    // rounded alone: girls 15, not-boys (F, U, blank) 15, not-girls (M, U, blank) 15, boys [c], unknown [c]
    const hidden = [...shown].filter(([bits, row]) => row[1] === '[c]' && [9, 13, 3, 1].reduce((s, k, v) => (bits & (1 << v) ? s + k : s), 0) >= 10);
    expect(hidden.length).toBeGreaterThan(0);
    // with the rate built on it, and only some cohorts: not everything goes
    for (const [, row] of hidden) expect(row[3]).toBe('[c]');
    expect([...shown.values()].filter((row) => typeof row[1] === 'number').length).toBeGreaterThan(2);
  });

  it('leaves counts alone when every value is 0 or 10 or more', () => {
    const shown = answers([12, 0, 40, 17]);
    expect([...shown.values()].every((row) => typeof row[1] === 'number' || row[1] === '[c]')).toBe(true);
    expect([...shown].filter(([, row]) => row[1] === '[c]').map(([bits]) => bits)).toEqual([2]);
  });
});
