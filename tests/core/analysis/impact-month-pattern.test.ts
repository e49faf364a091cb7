// JumpOptions.monthShrink 'pretest' (the default): the month pattern learnt from the weeks outside a position's windows
// (in-time-placebo.ts seasonalPattern) is taken out whole where its Wald test rejects "no season" at 0.1%, and not at
// all elsewhere. The earlier rule ('wald', 1 − (m − 1)/W) left (m − 1)/W of a real season in every jump: on the spring
// test's logs the timeliness dip kept 0.75 to 0.8, and the part left in moved the jumps at the dip's edges one way
// (README "Impact", "Spring, still open").
import { describe, expect, it } from 'vitest';
import { monthPatternJoint, seasonalPattern, weekMonths, type WeekSeries } from '../../../core/analysis/in-time-placebo.js';
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

// JumpOptions.monthFit 'joint' / 'windows' (brief sp9b, tried and not the default): one regression on the outside weeks
// (and with 'windows' the windows' own weeks, a line each side of the position).
describe('monthPatternJoint, the month pattern from one regression', () => {
  it('recovers a clear season, and a step at the position does not leak into it', () => {
    for (const windowsAt of [null, 78]) {
      let error = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const s = series(0.08, 0.04, seed);
        // a step of 0.2 at week 78, and a different level after the windows
        for (let j = 78; j < N; j++) s.value[j]! += 0.2;
        const p = monthPatternJoint(s, months, 52, 104, true, null, windowsAt)!;
        expect(p.kept).toBe(1);
        // true effects: −0.08 in April to June less the mean (−0.02)
        for (let m = 0; m < 12; m++) error = Math.max(error, Math.abs(p.gamma[m]! - ((m >= 3 && m <= 5 ? -0.08 : 0) + 0.02)) / Math.sqrt(p.variance[m]!));
      }
      expect(error).toBeLessThan(4.5);
    }
  });

  it('takes out nothing where the weeks show no season', () => {
    let none = 0;
    for (let seed = 1; seed <= 100; seed++) if (monthPatternJoint(series(0, 0.04, seed), months, 52, 104)!.kept === 0) none++;
    expect(none).toBeGreaterThanOrEqual(97);
  });
});
