// The censoring weights are the same whichever sort orders a cell's times (a counting sort for days in a
// short range, a packed numeric sort for long ones, a comparator for fractions), and the same when one
// cell's sorted times serve several censorings: checked against a plain Aalen–Johansen written here.
import { describe, expect, it } from 'vitest';
import { incidenceWeights, sortedTimes } from '../../synth/censoring.js';
import { wholeDayOrder } from '../../synth/durations.js';

/** Park–Miller: the test's own stream. */
function stream(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** Weights by the textbook: at each distinct time, steps' share of those at risk (entered, not yet gone). */
function reference(t: number[], censored: number[], entry: number[]): number[] {
  const times = [...new Set(t)].sort((a, b) => a - b);
  const w = t.map(() => 0);
  let survival = 1;
  for (const time of times) {
    const atRisk = t.filter((x, i) => x >= time && entry[i]! <= time).length;
    const here = t.map((_, i) => i).filter((i) => t[i] === time);
    const steps = here.filter((i) => !censored[i]);
    if (steps.length === 0 || atRisk === 0) continue;
    for (const i of steps) w[i] = survival / atRisk;
    survival *= 1 - steps.length / atRisk;
  }
  return w;
}

function cell(random: () => number, n: number, span: number, fractions: boolean, entries: boolean) {
  const t = Array.from({ length: n }, () => (fractions ? Math.round(random() * span * 4) / 4 : Math.floor(random() * span)));
  const censored = t.map(() => (random() < 0.3 ? 1 : 0));
  // an entry is a half day before the time (left truncation), or 0
  const entry = t.map((x) => (entries && random() < 0.4 ? Math.max(0, Math.floor(random() * x)) + 0.5 : 0)).map((e, i) => Math.min(e, t[i]!));
  return { t, censored, entry };
}

describe('incidenceWeights', () => {
  const random = stream(20261206);
  const kinds = [
    { name: 'days in a short range (counting sort)', span: 20, fractions: false },
    { name: 'days in a long range (packed sort)', span: 100_000, fractions: false },
    { name: 'fractions of days (comparator sort)', span: 30, fractions: true },
  ];
  for (const kind of kinds) {
    for (const entries of [false, true]) {
      it(`matches the textbook estimator: ${kind.name}${entries ? ', with late entries' : ''}`, () => {
        for (let trial = 0; trial < 20; trial++) {
          const n = 5 + Math.floor(random() * 200);
          const { t, censored, entry } = cell(random, n, kind.span, kind.fractions, entries);
          const got = incidenceWeights(Float64Array.from(t), Uint8Array.from(censored), Float64Array.from(entry));
          const want = reference(t, censored, entry);
          for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(want[i]!, 14);
        }
      });
    }
  }

  it('gives the same weights from a cell sorted once as from each censoring sorting its own', () => {
    const { t, censored, entry } = cell(random, 300, 40, false, true);
    const times = Float64Array.from(t);
    const entries = Float64Array.from(entry);
    const sorted = sortedTimes(times, entries);
    const other = Uint8Array.from(censored, (c, i) => (i % 3 === 0 ? 1 - c : c));
    for (const c of [Uint8Array.from(censored), other]) {
      expect(Array.from(incidenceWeights(times, c, entries, sorted))).toEqual(Array.from(incidenceWeights(times, c, entries)));
    }
  });
});

describe('wholeDayOrder (the fitted durations\' sort)', () => {
  it('orders as a stable sort by day, then flag, then index, and leaves fractions to the comparator', () => {
    const random = stream(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(random() * 300);
      const days = Array.from({ length: n }, () => Math.floor(random() * (trial % 2 ? 15 : 3000)));
      const flag = days.map(() => random() < 0.4);
      const want = days.map((_, i) => i).sort((a, b) => days[a]! - days[b]! || Number(flag[a]) - Number(flag[b]) || a - b);
      expect(Array.from(wholeDayOrder(days, n, flag)!)).toEqual(want);
      expect(Array.from(wholeDayOrder(days, n)!)).toEqual(days.map((_, i) => i).sort((a, b) => days[a]! - days[b]! || a - b));
    }
    expect(wholeDayOrder([3, 1.5, 2], 3)).toBeNull();
    expect(wholeDayOrder([3, -1, 2], 3)).toBeNull();
  });
});
