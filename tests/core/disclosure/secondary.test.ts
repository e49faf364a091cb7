import { describe, expect, it } from 'vitest';
import { makeTable } from '../../../core/analysis/view-table.js';
import { discloseTables } from '../../../core/disclosure/disclose.js';
import { secondarySuppress, type SumRelation } from '../../../core/disclosure/secondary.js';

const cols = [
  ['group', 'Group', 'text'],
  ['from', 'From day', 'id'],
  ['at_risk', 'At risk', 'count'],
  ['ended', 'Ended', 'count'],
  ['censored', 'Still open', 'count'],
  ['survival', 'Survival', 'rate', { basis: ['at_risk', 'ended'], recompute: 'km_survival' }],
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

  it('works the survival out from the published counts, a [c] as 2.5', () => {
    const life = makeTable('life', 'Life table', cols, [
      { group: 'all', from: 0, at_risk: 100, ended: 3, censored: 7, survival: 0.97 },
      { group: 'all', from: 30, at_risk: 90, ended: 21, censored: 69, survival: 0.7437 },
    ]);
    const { tables } = discloseTables([life], { exact: false });
    expect(tables[0]!.rows[0]![5]).toBe('[c]');
    expect(tables[0]!.rows[1]![5]).toBe(Math.round((1 - 2.5 / 100) * (1 - 20 / 90) * 1000) / 1000);
  });
});
