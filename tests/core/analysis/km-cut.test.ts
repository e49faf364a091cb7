// The Kaplan–Meier curve is cut where fewer than KM_MIN_AT_RISK (10) are still followed (review v9b
// finding 8): the curve fell from 53% to 0% at one child at risk, and the groups table read "median 552
// days" from that one child while the headline said "not reached". Medians, percentiles and the life
// table's survival all go through the same cut.
import { describe, expect, it } from 'vitest';
import { kaplanMeier, KM_MIN_AT_RISK, lifeTable, survivalQuantile } from '../../../core/analysis/kaplan-meier.js';

/** 40 stays: 18 end early, 21 are still open at 300 days, one is followed to 640 days and ends then. */
function tailOnOne() {
  const times: number[] = [];
  const events: boolean[] = [];
  for (let i = 0; i < 18; i++) { times.push(20 + i * 10); events.push(true); }
  for (let i = 0; i < 21; i++) { times.push(300 + i); events.push(false); }
  times.push(640); events.push(true);
  return { times, events };
}

describe('a Kaplan–Meier curve with few left at risk', () => {
  it('gives no median when only the one child left at risk takes it below half', () => {
    const { times, events } = tailOnOne();
    const curve = kaplanMeier(times, events);
    // the raw curve does fall to 0 at 640 days, with one at risk
    const last = curve.steps[curve.steps.length - 1]!;
    expect([last.time, last.atRisk, last.survival]).toEqual([640, 1, 0]);
    expect(survivalQuantile(curve, 0.5)).toBeNull();
    expect(survivalQuantile(curve, 0.25)).not.toBeNull(); // reached while 22 or more were at risk
  });

  it('leaves the life table blank past the cut, not a fall to 0', () => {
    const { times, events } = tailOnOne();
    const rows = lifeTable(times, events, [0, 100, 200, 365, 548, 730], kaplanMeier(times, events), KM_MIN_AT_RISK);
    for (const r of rows) {
      if (r.atRisk < KM_MIN_AT_RISK) expect(r.survival, `from ${r.from}`).toBeNull();
    }
    expect(rows.some((r) => r.survival === 0)).toBe(false);
    expect(rows[0]!.survival).toBeGreaterThan(0.5);
  });

  it('still reads a median reached with plenty at risk', () => {
    const times = Array.from({ length: 50 }, (_, i) => i + 1);
    const curve = kaplanMeier(times, times.map(() => true));
    expect(survivalQuantile(curve, 0.5)).toBe(25);
  });
});
