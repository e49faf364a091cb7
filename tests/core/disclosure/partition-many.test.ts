// Secondary suppression across the cohorts of a dimension of many values: ethnicity (7 values, the blank
// "not recorded" among them) and age bands (6). A viewer may ask for any set of a dimension's values, so
// beside everyone's answer there are 126 cohorts of ethnicity, each rounded by the cohort's rule ([c] under
// 10, the rest to the nearest 5). The attacker below is written apart from core/disclosure/secondary.ts: it
// reads every published count as the range the stated policy gives, narrows the ranges by every way a
// cohort is two disjoint cohorts put together until nothing changes, and counts the counts of 1 to 9 (1 to 4
// of everyone's) left with one possible value. Before, dimensions of more than 4 values had no secondary
// suppression at all, and this attacker pinned counts of them.
import { describe, expect, it } from 'vitest';
import { makeTable } from '../../../core/analysis/view-table.js';
import { discloseTables } from '../../../core/disclosure/disclose.js';
import { partitionSuppress } from '../../../core/disclosure/secondary.js';

type Cell = string | number | null;
const BIG = 1e9;

const month = (k: number, n: number) =>
  makeTable('conversion', 'Conversion', [['month', 'Month', 'date'], ['k', 'Count', 'count'], ['n', 'Out of', 'count']], [{ month: '2022-01', k, n }]);

/** What every cohort (a set of values, as bits; all of them is everyone) is shown of a count, as a viewer. */
function published(ks: readonly number[]): Map<number, Cell> {
  const full = (1 << ks.length) - 1;
  const values = ks.map((k) => [month(k, 1000)]);
  const shown = new Map<number, Cell>();
  for (let bits = 1; bits <= full; bits++) {
    const sum = ks.reduce((s, k, v) => (bits & (1 << v) ? s + k : s), 0);
    const { tables } = discloseTables([month(sum, 1000)], { exact: false, policy: bits === full ? 'everyone' : 'cohort' });
    partitionSuppress(tables, values, ks.map((_, v) => (bits & (1 << v)) !== 0));
    shown.set(bits, tables[0]!.rows[0]![1]!);
  }
  return shown;
}

/**
 * The counts of 1 to 9 (1 to 4 of everyone's) a viewer can pin from every cohort's answer. `everyoneKnown`:
 * the viewer knows everyone's count exactly when it is 5 or more (the cohorts of another dimension can pin it).
 */
function pinnedBy(ks: readonly number[], shown: Map<number, Cell>, everyoneKnown = false): number[] {
  const full = (1 << ks.length) - 1;
  const truth = (bits: number) => ks.reduce((s, k, v) => (bits & (1 << v) ? s + k : s), 0);
  const lo: number[] = [];
  const hi: number[] = [];
  for (let bits = 1; bits <= full; bits++) {
    const cell = shown.get(bits);
    if (bits === full) {
      // everyone: [c] is 1 to 4, 0 is 0, a number v is v − 2 to v + 2 and at least 5
      [lo[bits], hi[bits]] = cell === '[c]' ? [1, 4] : cell === 0 ? [0, 0] : [Math.max(Number(cell) - 2, 5), Number(cell) + 2];
      if (everyoneKnown && truth(bits) >= 5) [lo[bits], hi[bits]] = [truth(bits), truth(bits)];
    } else if (cell === '[c]') {
      // a cohort's [c] is 0 to 9, or any size when it was taken to protect another (the viewer is told which)
      [lo[bits], hi[bits]] = truth(bits) >= 10 ? [0, BIG] : [0, 9];
    } else {
      [lo[bits], hi[bits]] = [Math.max(Number(cell) - 2, 10), Number(cell) + 2];
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    const tighten = (bits: number, l: number, h: number) => {
      if (l > lo[bits]!) { lo[bits] = l; changed = true; }
      if (h < hi[bits]!) { hi[bits] = h; changed = true; }
    };
    for (let a = 1; a <= full; a++) {
      for (let b = a + 1; b <= full; b++) {
        if (a & b) continue;
        const u = a | b;
        tighten(u, lo[a]! + lo[b]!, hi[a]! + hi[b]!);
        tighten(a, lo[u]! - hi[b]!, hi[u]! - lo[b]!);
        tighten(b, lo[u]! - hi[a]!, hi[u]! - lo[a]!);
      }
    }
  }
  const pinned: number[] = [];
  for (let bits = 1; bits <= full; bits++) {
    const t = truth(bits);
    if (t >= 1 && t <= (bits === full ? 4 : 9) && lo[bits] === hi[bits]) pinned.push(bits);
  }
  return pinned;
}

/** Counts of a group of children split by a dimension with one large value and several small ones, some 0. */
function counts(values: number, seed: number): number[][] {
  let x = seed;
  const rand = () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  const shares = values === 7 ? [0.7, 0.08, 0.08, 0.06, 0.03, 0.03, 0.02] : [0.05, 0.25, 0.3, 0.2, 0.15, 0.05];
  return Array.from({ length: 60 }, () => {
    const size = 3 + rand() * 60;
    return shares.map((s) => Math.max(0, Math.round(s * size + (rand() - 0.5) * 2 * Math.sqrt(s * size + 1))));
  });
}

describe('a viewer differencing the cohorts of a dimension of 6 or 7 values pins no count of 1 to 4', () => {
  it.each([
    ['ethnicity (7 values)', 7, 11],
    ['age bands (6 values)', 6, 12],
  ])('%s: 60 counts, none of 1 to 4 pinned, and the suppression hides a small share of the cohorts', (_, values, seed) => {
    const pins: Array<{ ks: number[]; bits: number }> = [];
    let hidden = 0;
    let cohorts = 0;
    const full = (1 << values) - 1;
    for (const ks of counts(values, seed)) {
      const shown = published(ks);
      for (const bits of pinnedBy(ks, shown)) pins.push({ ks, bits });
      for (const [bits, cell] of shown) {
        if (bits === full) continue;
        cohorts++;
        if (cell === '[c]' && sumOf(ks, bits) >= 10) hidden++;
      }
    }
    expect(pins.filter(({ ks, bits }) => sumOf(ks, bits) <= 4)).toEqual([]);
    // A cohort's [c] stands for 0 to 9, and one case no cohort's answer can protect: everyone 18 (shown 20, so 18
    // to 22) made of two cohorts of 9, each [c] (0 to 9), so each 9. Any other pin fails here.
    for (const { ks, bits } of pins) expect([sumOf(ks, bits), sumOf(ks, full ^ bits), sumOf(ks, full)]).toEqual([9, 9, 18]);
    // what it costs: cohorts of 10 or more shown as [c] to protect another (groups of 3 to 63 children: 0.24 of
    // ethnicity's, 0.39 of age bands', whose values are more even; 0.17 and 0.30 before everyone's count was
    // taken as known, 2026-12-03); most of a cohort's numbers stay readable
    if (process.env.DEBUG_PIN) console.log(values, 'values: hidden', hidden, 'of', cohorts);
    expect(hidden / cohorts).toBeLessThan(0.5);
  });

  // Everyone is all the cohorts of two dimensions share, and the answers of one can pin it (the sexes' answers
  // pinned everyone's 31, shown 30; beside it an ethnicity's 4 came back: two-dimension-attack.test.ts). So the
  // suppression holds against a viewer who knows everyone's count exactly too. One case it cannot: a small
  // everyone (14 = 1 + 5 + 2 + 3 + 1 + 2 by age band) known exactly, where every cohort of 10 or more is [c]
  // already and this attacker is told which [c] are those (0 to any size) and which 0 to 9: then every
  // cohort is pinned, and nothing is left to hide. A viewer sees every cohort [c] there, and everyone's 15
  // (2 and 4 of 60 sets of counts by age band, none by ethnicity, whose groups are less even).
  it.each([
    ['ethnicity (7 values)', 7, 11, 0],
    ['age bands (6 values)', 6, 12, 2],
    ['ethnicity, other counts', 7, 21, 0],
    ['age bands, other counts', 6, 22, 4],
  ])('%s: none of 1 to 4 pinned by a viewer who knows everyone\'s count exactly, but where every cohort is [c]', (_, values, seed, allHidden) => {
    const pins: Array<{ ks: number[]; bits: number }> = [];
    let everyCohortHidden = 0;
    const full = (1 << values) - 1;
    for (const ks of counts(values, seed)) {
      const shown = published(ks);
      if ([...shown].every(([bits, cell]) => bits === full || cell === '[c]') && [...shown].some(([bits]) => bits !== full && sumOf(ks, bits) >= 10)) {
        everyCohortHidden++;
        continue;
      }
      for (const bits of pinnedBy(ks, shown, true)) pins.push({ ks, bits });
    }
    expect(pins.filter(({ ks, bits }) => sumOf(ks, bits) <= 4)).toEqual([]);
    expect(everyCohortHidden).toBe(allHidden);
  });

  it('a value counted 0 adds no work: each cohort hidden without the 0-valued values is hidden with every set of them', () => {
    // the sex case of secondary.test.ts (boys 9, girls 13, unknown 3, blank 1), with three more values counted 0
    const without = [9, 13, 3, 1];
    const withZeros = [9, 0, 13, 3, 0, 1, 0];
    const hiddenOf = (ks: number[]) => [...published(ks)].filter(([bits, cell]) => cell === '[c]' && sumOf(ks, bits) >= 10).length;
    expect(hiddenOf(without)).toBeGreaterThan(0);
    expect(hiddenOf(withZeros)).toBe(8 * hiddenOf(without));
    expect(pinnedBy(withZeros, published(withZeros))).toEqual([]);
    expect(pinnedBy(without, published(without))).toEqual([]);
  });
});

function sumOf(ks: readonly number[], bits: number): number {
  return ks.reduce((s, k, v) => (bits & (1 << v) ? s + k : s), 0);
}
