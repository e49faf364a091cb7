// JumpOptions.monthShrink 'pretest' (the default): the month pattern learnt from the weeks outside a position's windows
// (in-time-placebo.ts seasonalPattern) is taken out whole where its Wald test rejects "no season" at 0.1%, and not at
// all elsewhere. The earlier rule ('wald', 1 − (m − 1)/W) left (m − 1)/W of a real season in every jump: on the spring
// test's logs the timeliness dip kept 0.75 to 0.8, and the part left in moved the jumps at the dip's edges one way
// (README "Impact", "Spring, still open").
import { describe, expect, it } from 'vitest';
import { seasonalPattern, weekMonths, type WeekSeries } from '../../../core/analysis/in-time-placebo.js';
import { seededRandom } from '../../../core/random.js';
import { dayOf } from './impact-logs.js';

const N = 156;
const weekStarts = Array.from({ length: N }, (_, j) => dayOf('2021-01-04') + 7 * j);
const months = weekMonths(weekStarts);
/** a three-year weekly series: 0.84, less `dip` in April to June, with noise of sd `noise` */
function series(dip: number, noise: number, seed: number): WeekSeries {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return {
    value: Float64Array.from({ length: N }, (_, j) => 0.84 - (months[j]! >= 3 && months[j]! <= 5 ? dip : 0) + noise * gauss()),
    weight: new Float64Array(N).fill(1),
    usable: new Uint8Array(N).fill(1),
  };
}

describe('seasonalPattern, the month pattern learnt outside the windows', () => {
  it('takes a clear season out whole', () => {
    let whole = 0;
    for (let seed = 1; seed <= 100; seed++) if (seasonalPattern(series(0.08, 0.04, seed), months, 52, 104)!.kept === 1) whole++;
    // Wald's statistic is about 80 here: 'wald' kept 0.86 of it on average, never all
    expect(whole).toBe(100);
  });

  it('takes out nothing where the weeks outside show no season', () => {
    let none = 0;
    for (let seed = 1; seed <= 100; seed++) if (seasonalPattern(series(0, 0.04, seed), months, 52, 104)!.kept === 0) none++;
    // the test's level is 0.1%; 'wald' kept part of the noise wherever W > 11 (about 45 of 100)
    expect(none).toBeGreaterThanOrEqual(97);
  });
});
