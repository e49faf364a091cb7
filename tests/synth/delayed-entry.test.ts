// A step counted from an anchor before its state was entered (a period of care's end after a CP plan ended
// during it, counted from the care's start) is seen only when it lasted at least until then: its lengths are
// left-truncated. The generator draws such a step at least `entered` days on (daysAtLeastAt), so the fit must
// hold the lengths as they would be unconditioned (Lynden-Bell's delayed entry), or the copy conditions twice.
// Issue 10: on the trips-growth log, care begun on a CP plan ran a Kaplan–Meier median of 397-451 days in six
// copies against the log's 360.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import type { EventTable } from '../../core/event-table.js';
import { daysAtLeastAt, durationFromSamples, durationMedian } from '../../synth/durations.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { careOnPlan, kmMedian } from './care-stats.js';
import { tripsLog } from './generators/trips.js';

/** A small seeded generator of its own (not the fit's): Park–Miller. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

describe('durations seen from a state entered after their anchor', () => {
  it('recover the unconditioned lengths, and a draw at least as long as the entry gives the truncated ones', () => {
    const r = lcg(7);
    const normal = (): number => Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
    const days: number[] = [];
    const entered: number[] = [];
    // Lengths log-normal about 300 days; each seen only if it lasted past its entry (uniform over 0-400 days).
    while (days.length < 4000) {
      const d = Math.round(300 * Math.exp(0.8 * normal()));
      const e = Math.floor(r() * 400);
      if (d >= e) (days.push(d), entered.push(e));
    }
    const seen = durationFromSamples(days, days.length);
    const unconditioned = durationFromSamples(days, days.length, undefined, undefined, false, entered);
    // The lengths as seen are long (the truncation); taken with their entries, about the true 300.
    expect(durationMedian(seen)).toBeGreaterThan(360);
    expect(Math.abs(durationMedian(unconditioned) / 300 - 1)).toBeLessThan(0.08);
    // Drawn again at least as long as each entry, from the unconditioned lengths: the seen lengths' median.
    const redrawn = entered.map((e) => daysAtLeastAt(unconditioned.sameDay, unconditioned.logQuantiles, e, r())).sort((a, b) => a - b);
    const seenMedian = [...days].sort((a, b) => a - b)[days.length >> 1]!;
    expect(Math.abs(redrawn[redrawn.length >> 1]! / seenMedian - 1)).toBeLessThan(0.08);
    // From the seen lengths instead (the code before), conditioned twice: longer still.
    const twice = entered.map((e) => daysAtLeastAt(seen.sameDay, seen.logQuantiles, e, r())).sort((a, b) => a - b);
    expect(twice[twice.length >> 1]! / seenMedian).toBeGreaterThan(1.1);
  });

  it('trips-growth: copies keep the length of care begun on a CP plan', () => {
    const FROM = dayFromCivil(2018, 4, 1);
    const TO = dayFromCivil(2025, 3, 31);
    const stays = (table: EventTable): Array<[number, boolean]> => careOnPlan(table, FROM, TO).stays;
    const real = tripsLog({ children: 50_000, from: FROM, to: TO, seed: 5 }, { ids: true, gapScale: 6, growth: 1.2 });
    const model = fitModel(real.table, real.children);
    const copies = [1, 2, 3, 4, 5, 6].map((seed) => kmMedian(stays(generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed }).table)));
    const mean = copies.reduce((a, b) => a + b, 0) / copies.length;
    // The log: 360 days. Before the fix the copies' medians were 397-451 (mean 418, +16%); after 352-403 (+2%).
    expect(kmMedian(stays(real.table))).toBe(360);
    expect(Math.abs(mean / 360 - 1)).toBeLessThan(0.08);
  }, 90_000);
});
