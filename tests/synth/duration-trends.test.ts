// The duration trends' two parts on their own: the log-rank pretest (placebo and power on spans censored by the
// data's end, as a log's are) and the additive fit of strata levels and year shifts.
import { describe, expect, it } from 'vitest';
import { additiveShifts, differsByYear } from '../../synth/duration-trends.js';

/** A small PRNG of the test's own (LCG with an xorshift output). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const x = s ^ (s >>> 13);
    return (x >>> 0) / 4294967296;
  };
}

/**
 * Spans begun uniformly over 7 years (2,555 days) and censored at the end, log-normal lengths of median `median(year)`
 * days; two strata of different levels (the second twice as long). Returns the pretest's inputs.
 */
function spans(seed: number, perYear: number, median: (year: number) => number) {
  const u = random(seed);
  const days: number[] = [];
  const ended: number[] = [];
  const groups: number[][][] = [0, 1].map(() => Array.from({ length: 7 }, () => [] as number[]));
  for (let stratum = 0; stratum < 2; stratum++) {
    for (let k = 0; k < perYear * 7; k++) {
      const start = Math.floor(u() * 2555);
      const year = Math.floor(start / 365);
      const normal = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      const length = Math.max(1, Math.round(median(year) * (stratum + 1) * Math.exp(0.6 * normal)));
      const left = 2555 - start;
      days.push(Math.min(length, left));
      ended.push(length <= left ? 1 : 0);
      groups[stratum]![year]!.push(days.length - 1);
    }
  }
  return { groups, days, ended };
}

describe('the duration trends\' pretest (stratified log-rank, 0.1%)', () => {
  it('placebo: spans alike every year are rarely called different (200 logs)', () => {
    let called = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const s = spans(seed, 150, () => 40);
      if (differsByYear(s.groups, s.days, s.ended)) called++;
    }
    // 0.1% asked: 0 or 1 expected of 200; 3 would be past any chance
    expect(called).toBeLessThanOrEqual(2);
  });

  it('power: lengths 25% shorter from the fifth year on are found (50 logs)', () => {
    let called = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const s = spans(1000 + seed, 150, (year) => (year >= 4 ? 30 : 40));
      if (differsByYear(s.groups, s.days, s.ended)) called++;
    }
    expect(called).toBeGreaterThanOrEqual(45);
  });
});

describe('the year shifts (strata levels plus one shift per year)', () => {
  it('recovers the shifts of an additive table, a stratum missing some years, whatever the weights', () => {
    const s = [0.3, 0.2, 0.1, -0.1, -0.2, -0.3];
    const a = [3, 4.5];
    const level = a.map((ag, g) => s.map((sy, y) => (g === 1 && y >= 4 ? null : ag + sy)));
    const weight = a.map((_, g) => s.map((_, y) => (g === 0 ? 10 + y * 50 : 500 - y * 60)));
    const fitted = additiveShifts(level, weight);
    // the shifts are found up to a constant (they are centred on the years' weighted mean)
    const offset = fitted[0]! - s[0]!;
    fitted.forEach((v, y) => expect(v! - offset).toBeCloseTo(s[y]!, 3));
  });

  it('leaves a year no stratum has a level for without a shift', () => {
    expect(additiveShifts([[1, null, 2]], [[5, 5, 5]])[1]).toBeNull();
  });
});
