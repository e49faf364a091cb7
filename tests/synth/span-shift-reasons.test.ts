// Care lengths by the age band at entry, fitted within end reason (synth/span-durations.ts), when a reason
// is given at one age only. The drift log's care lasts by age alone, and independent living (E8) ends care
// begun at 16 or over only: against E8's median over every age (its own, 16+) such spans have no residual,
// so the band's shift came out half its size, and the generator, which adds the shift to E8's durations
// (16+ lengths already), shortened them again: 116 days in the log, 72 in the copy (50,000 children).
// The reasons' medians are now taken with each span's band shift off, in turn with the shifts.
import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../../core/children.js';
import { SpanTally } from '../../synth/span-durations.js';

/** n lengths spread evenly on the log scale around `median` (±0.6). */
function lengths(median: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(median * Math.exp(0.6 * ((2 * (i + 0.5)) / n - 1))));
}

describe('care-end shifts by age band, with a reason given at one age only', () => {
  it('a band whose lengths are half another\'s gets a shift of log(1/2) against it, whatever the reasons carry (was about half that)', () => {
    const tally = new SpanTally();
    const band = (age: string) => AGE_BANDS.indexOf(age as (typeof AGE_BANDS)[number]);
    let child = 0;
    // 10-15: E4A only, a median of 300 days; 16+: half E8 (given at no other age), half E4A, both 150.
    for (const d of lengths(300, 200)) tally.add('cla_end', band('10_15'), d, true, 0, child++, 'E4A');
    for (const d of lengths(150, 100)) tally.add('cla_end', band('16_plus'), d, true, 0, child++, 'E8');
    for (const d of lengths(150, 100)) tally.add('cla_end', band('16_plus'), d, true, 0, child++, 'E4A');
    const shifts = new Map(tally.fit(10, []).map((s) => [s.age, s.logShift]));
    const gap = shifts.get('16_plus')! - shifts.get('10_15')!;
    expect(Math.abs(gap - Math.log(0.5)), `16+ against 10-15: ${gap.toFixed(3)}`).toBeLessThan(0.1);
  });
});
