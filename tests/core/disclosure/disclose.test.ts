import { describe, expect, it } from 'vitest';
import { makeTable, tableToCsv } from '../../../core/analysis/view-table.js';
import { discloseTables } from '../../../core/disclosure/disclose.js';
import { publishCount, publishShare, RATE_MAX_ERROR, SUPPRESSED } from '../../../core/disclosure/policy.js';

const table = makeTable(
  't',
  'Test',
  [
    ['group', 'Group', 'text'],
    ['day', 'Days', 'id'],
    ['n', 'Referrals', 'count'],
    ['k', 'Re-referrals', 'count'],
    ['rate', 'Rate', 'rate', { basis: ['k', 'n'] }],
    ['median', 'Median days', 'number', { basis: ['n'] }],
    ['england', 'England', 'number', { basis: [] }],
    ['differs', 'Differs?', 'text', { basis: ['k'] }],
    ['date', 'Month', 'date'],
  ],
  [
    { group: 'all', day: 3, n: 121, k: 30, rate: 30 / 121, median: 40, england: 0.226, differs: 'yes', date: '2024-01' },
    { group: 'girls', day: 2, n: 12, k: 3, rate: 0.25, median: 31, england: 0.226, differs: 'no', date: '2024-01' },
    { group: 'none', day: 1, n: 0, k: 0, rate: null, median: null, england: 0.226, differs: null, date: '2024-01' },
  ],
);

describe('the disclosure policy', () => {
  it('shows 1–4 as [c], rounds other counts to the nearest 5 and keeps 0', () => {
    expect([0, 1, 4, 5, 7, 8, 12, 13, 1234].map(publishCount)).toEqual([0, SUPPRESSED, SUPPRESSED, 5, 5, 10, 10, 15, 1235]);
  });

  it('suppresses what is built on a [c] count, never an identifying cell, and leaves the original alone', () => {
    const { tables, suppressed, rounded } = discloseTables([table], { exact: false });
    expect(tables[0]!.rows[0]).toEqual(['all', 3, 120, 30, 0.25, 40, 0.226, 'yes', '2024-01']);
    expect(tables[0]!.rows[1]).toEqual(['girls', 2, 10, '[c]', '[c]', 31, 0.226, '[c]', '2024-01']);
    expect(tables[0]!.rows[2]).toEqual(['none', 1, 0, 0, null, null, 0.226, null, '2024-01']);
    expect(suppressed).toBe(1);
    expect(rounded).toBe(2);
    expect(table.rows[1]![3]).toBe(3);
  });

  it('puts the counts of a cohort beside everyone\'s under the cohort policy, and its figures with them', () => {
    // the cohorts view: A everyone, B a cohort; B's 0 out of 0 and 3 out of 7 read alike
    const ab = makeTable(
      'rates',
      'A and B',
      [
        ['a_k', 'A: count', 'count'],
        ['a_n', 'A: out of', 'count'],
        ['a_rate', 'A: rate', 'rate', { basis: ['a_k', 'a_n'] }],
        ['b_k', 'B: count', 'count'],
        ['b_n', 'B: out of', 'count'],
        ['b_rate', 'B: rate', 'rate', { basis: ['b_k', 'b_n'] }],
        ['b_lower', 'B: lower', 'rate', { basis: ['b_k', 'b_n'], recompute: 'wilson_lower' }],
        ['diff', 'A − B', 'rate', { basis: ['a_k', 'a_n', 'b_k', 'b_n'], recompute: 'difference' }],
      ],
      [
        { a_k: 7, a_n: 61, a_rate: 7 / 61, b_k: 0, b_n: 0, b_rate: null, b_lower: null, diff: null },
        { a_k: 7, a_n: 61, a_rate: 7 / 61, b_k: 3, b_n: 7, b_rate: 3 / 7, b_lower: 0.158, diff: -0.314 },
        { a_k: 40, a_n: 120, a_rate: 1 / 3, b_k: 12, b_n: 48, b_rate: 0.25, b_lower: 0.149, diff: 0.083 },
      ],
    );
    const rows = discloseTables([ab], { exact: false, cohortCounts: [{ table: 'rates', columns: ['b_k', 'b_n'] }] }).tables[0]!.rows;
    // everyone's column as everyone's answers show it (7 reads 5); B's under 10, 0 too, [c] with all built on them
    expect(rows[0]).toEqual([5, 60, 0.083, '[c]', '[c]', '[c]', '[c]', '[c]']);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]!.slice(0, 5)).toEqual([40, 120, 0.333, 10, 50]);
    expect(rows[2]![5]).toBe(0.2);
    // the same table with no cohort: B's 0 and 3 are everyone's 0 and [c]
    expect(discloseTables([ab], { exact: false }).tables[0]!.rows[0]!.slice(3, 5)).toEqual([0, 0]);
    // a cohort's answer: an interval or a difference out of 0 reads as one out of 1 to 9 ([c]), not null
    const cohort = discloseTables([ab], { exact: false, policy: 'cohort' }).tables[0]!.rows;
    expect(cohort[0]).toEqual(cohort[1]);
  });

  it('publishes exact numbers when the server allows them', () => {
    expect(discloseTables([table], { exact: true }).tables[0]!.rows).toEqual(table.rows);
  });

  it('makes every sum of published counts a multiple of 5, so no subtraction gives a [c] back', () => {
    // A total of 103 split into 3 + 45 + 55: total − the two visible parts = 103→105 − 45 − 55 = 5, not 3.
    const parts = makeTable('p', 'P', [['part', 'Part', 'text'], ['n', 'N', 'count']], [{ part: 'a', n: 3 }, { part: 'b', n: 45 }, { part: 'c', n: 55 }, { part: 'total', n: 103 }]);
    const rows = discloseTables([parts], { exact: false }).tables[0]!.rows;
    const rebuilt = (rows[3]![1] as number) - (rows[1]![1] as number) - (rows[2]![1] as number);
    expect(rows[0]![1]).toBe(SUPPRESSED);
    expect(rebuilt % 5).toBe(0);
    expect(rebuilt).not.toBe(3);
  });

  it('publishes no figure an exact count can be solved back from: rates from the rounded counts, headline counts rounded, p-values to one figure', () => {
    // The review's case: 55 of 917 published as 0.0599781897… gave k = 55 and n = 917 back.
    const t = makeTable(
      'h',
      'Headlines',
      [
        ['label', 'Measure', 'text'],
        ['value', 'This period', 'number', { basis: ['k', 'n'] }],
        ['k', 'Count', 'count'],
        ['n', 'Out of', 'count'],
        ['p_upper', 'P(as high or higher)', 'number', { basis: ['k', 'n'] }],
        ['survival', 'Still in care', 'rate', { basis: ['k', 'n'] }],
      ],
      [
        { label: 'nfa', value: 55 / 917, k: 55, n: 917, p_upper: 0.8576 ** 12, survival: 1 - 3 / 365 },
        { label: 'referrals', value: 917, k: 917, n: null, p_upper: null, survival: null },
      ],
    );
    const [nfa, referrals] = discloseTables([t], { exact: false }).tables[0]!.rows;
    expect(nfa![1]).toBe(0.06); // 55/915 = 0.0601 → 0.060: any k from 53 to 57 of 913–917 gives it
    expect(nfa![2]).toBe(55);
    expect(nfa![3]).toBe(915);
    // The rate is a function of the published counts alone: every exact k of 53–57 over n of 913–917
    // (all published as 55 of 915) publishes the same rate, so it cannot tell them apart.
    const published = new Set<unknown>();
    for (const k of [53, 54, 55, 56, 57]) {
      for (const n of [913, 914, 915, 916, 917]) {
        const row = discloseTables([{ ...t, rows: [['nfa', k / n, k, n, null, null]] }], { exact: false }).tables[0]!.rows[0]!;
        published.add(row[1]);
      }
    }
    expect([...published]).toEqual([0.06]);
    // P = 0.8576^n to one figure: 0.2 fits n from 9 to 12, so n stays hidden.
    expect(nfa![4]).toBe(0.2);
    const ns = [8, 9, 10, 11, 12, 13].filter((n) => Math.abs(0.8576 ** n - (nfa![4] as number)) < 0.05);
    expect(ns.length).toBeGreaterThan(2);
    // A rate on two counts is their ratio from the published counts, even when the route rounded it to
    // 4 decimals first (a share 10/170 kept to 2 decimals read 0.06, not the 0.059 of 9–11 out of 170).
    expect(nfa![5]).toBe(0.06);
    expect(referrals![1]).toBe(915);
  });

  it('writes the published cells to CSV, [c] included', () => {
    const { tables } = discloseTables([table], { exact: false });
    expect(tableToCsv(tables[0]!).split('\r\n')[2]).toBe('girls,2,10,[c],[c],31,0.226,[c],2024-01');
  });
});

describe('rates a viewer is shown', () => {
  it('are [c] below 40: 9 of 12 (75%) would read 10 of 10, 100%', () => {
    expect(publishShare(9, 12)).toBe(SUPPRESSED);
    expect(publishShare(20, 37)).toBe(SUPPRESSED); // published 20 of 35
    expect(publishShare(35, 38)).toBe(0.875); // published 35 of 40: 92.1% shown as 87.5%, within 10 points
    expect(publishShare(30, 40)).toBe(0.75);
    expect(publishShare(0, 0)).toBe(null);
  });

  it('are within ±10 points of the truth for every exact k ≤ n behind the published counts', () => {
    let worst = 0;
    for (let n = 1; n <= 400; n++) {
      for (let k = 0; k <= n; k++) {
        const shown = publishShare(k, n);
        if (typeof shown !== 'number') continue;
        worst = Math.max(worst, Math.abs(shown - k / n));
      }
    }
    expect(worst).toBeLessThanOrEqual(RATE_MAX_ERROR + 0.0005);
    expect(worst).toBeGreaterThan(0.05); // the bound is close, not loose
  });

  it('suppresses the table rates, Wilson limits and differences out of too few, from the published n', () => {
    const t = makeTable(
      'r',
      'Rates',
      [
        ['k', 'Count', 'count'], ['n', 'Out of', 'count'],
        ['rate', 'Rate', 'rate', { basis: ['k', 'n'] }],
        ['lo', 'Lower', 'rate', { basis: ['k', 'n'], recompute: 'wilson_lower' }],
        ['value', 'Headline', 'number', { basis: ['k', 'n'] }],
      ],
      [{ k: 9, n: 12, rate: 0.75, lo: 0.5, value: 0.75 }, { k: 90, n: 120, rate: 0.75, lo: 0.66, value: 0.75 }],
    );
    const rows = discloseTables([t], { exact: false }).tables[0]!.rows;
    expect(rows[0]).toEqual([10, 10, SUPPRESSED, SUPPRESSED, SUPPRESSED]);
    expect(rows[1]!.slice(2)).toEqual([0.75, expect.any(Number), 0.75]);
  });
});
