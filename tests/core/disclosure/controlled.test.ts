import { describe, expect, it } from 'vitest';
import { roundBreakdown, roundLifeTable, type Departures, type PublishedLife } from '../../../core/disclosure/controlled.js';

/** Random departures down a 27-row table: mostly small counts, some empty groups' rows, a few large. */
function departures(rand: () => number, rows: number, scale: number): Departures {
  const draw = () => (rand() < 0.4 ? 0 : Math.floor(rand() ** 3 * scale));
  return { ended: Array.from({ length: rows }, draw), censored: Array.from({ length: rows }, draw) };
}

describe('life tables rounded together', () => {
  it('everyone: multiples of 5 that chain exactly (at risk next = at risk − ended − still open), each within 4', () => {
    const exact: Departures = { ended: [1, 0, 3, 7, 0, 2], censored: [0, 4, 0, 1, 12, 0] };
    const p = roundLifeTable(exact);
    let atRisk = exact.ended.reduce((a, b) => a + b, 0) + exact.censored.reduce((a, b) => a + b, 0);
    p.atRisk.forEach((a, i) => {
      expect(a % 5).toBe(0);
      expect(Math.abs(a - atRisk)).toBeLessThanOrEqual(4);
      expect(Math.abs(p.ended[i]! - exact.ended[i]!)).toBeLessThanOrEqual(4);
      expect(a - p.ended[i]! - p.censored[i]!).toBe(p.atRisk[i + 1] ?? 0);
      atRisk -= exact.ended[i]! + exact.censored[i]!;
    });
    expect(p.spells).toBe(p.atRisk[0]);
    expect(p.endedTotal + p.open).toBe(p.spells);
  });

  // The checks run as plain comparisons gathered into one list, asserted once: 2,000 tables make about
  // 1.2 million checks, and as separate expect() calls they took 19.5 s of a 20 s limit here and timed out
  // on CI (20.7 s); the rounding itself takes 0.25 s.
  it('a breakdown: always found, groups add up to everyone row by row, no negative count, each within 9 (2,000 random tables)', () => {
    let s = 12345;
    const rand = () => ((s = (Math.imul(s, 48271) + 11) >>> 0) / 2 ** 32);
    const problems: string[] = [];
    const check = (ok: boolean, what: () => string) => {
      if (!ok && problems.length < 20) problems.push(what());
    };
    for (let t = 0; t < 2000; t++) {
      const groups = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => departures(rand, 27, rand() < 0.5 ? 6 : 60));
      const everyone: Departures = {
        ended: groups[0]!.ended.map((_, i) => groups.reduce((a, g) => a + g.ended[i]!, 0)),
        censored: groups[0]!.censored.map((_, i) => groups.reduce((a, g) => a + g.censored[i]!, 0)),
      };
      const all = roundLifeTable(everyone);
      const parts = roundBreakdown(groups, everyone);
      if (!parts) {
        check(false, () => `table ${t}: no breakdown found`);
        continue;
      }
      all.atRisk.forEach((a, i) => {
        const sum = (pick: (p: PublishedLife) => number[]) => parts.reduce((x, p) => x + pick(p)[i]!, 0);
        check(sum((p) => p.atRisk) === a, () => `table ${t} row ${i}: groups' at risk ${sum((p) => p.atRisk)} ≠ everyone's ${a}`);
        check(sum((p) => p.ended) === all.ended[i], () => `table ${t} row ${i}: groups' ended ≠ everyone's`);
        check(sum((p) => p.censored) === all.censored[i], () => `table ${t} row ${i}: groups' still open ≠ everyone's`);
      });
      parts.forEach((p, g) => {
        let atRisk = groups[g]!.ended.reduce((a, b) => a + b, 0) + groups[g]!.censored.reduce((a, b) => a + b, 0);
        p.atRisk.forEach((a, i) => {
          for (const v of [a, p.ended[i]!, p.censored[i]!]) check(v % 5 === 0 && v >= 0, () => `table ${t} group ${g} row ${i}: ${v} is not a non-negative multiple of 5`);
          check(Math.abs(a - atRisk) <= 9, () => `table ${t} group ${g} row ${i}: at risk ${a} is ${Math.abs(a - atRisk)} from ${atRisk}`);
          check(a - p.ended[i]! - p.censored[i]! === (p.atRisk[i + 1] ?? 0), () => `table ${t} group ${g} row ${i}: at risk does not chain`);
          atRisk -= groups[g]!.ended[i]! + groups[g]!.censored[i]!;
        });
      });
    }
    expect(problems).toEqual([]);
  });
});
