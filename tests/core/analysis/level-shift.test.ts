// The level shift of level-shift.ts on weekly series built here (a share with binomial-sized noise; white, wandering
// or with a sharp one-month season), not on event logs.
import { describe, expect, it } from 'vitest';
import { jumpTable, weekMonths, type WeekSeries } from '../../../core/analysis/in-time-placebo.js';
import { levelModel, levelShiftFitted, levelShifts } from '../../../core/analysis/level-shift.js';
import { seededRandom } from '../../../core/random.js';

const WEEKS = 140;
const CASES = 120;
const SD = Math.sqrt((0.1 * 0.9) / CASES);
const weekStarts = Array.from({ length: WEEKS }, (_, j) => 18_900 + 7 * j);
const months = weekMonths(weekStarts);
const all = () => true;

function series(seed: number, options: { step?: number; at?: number; wander?: number; august?: number } = {}): WeekSeries {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const value = new Float64Array(WEEKS);
  let level = 0.1;
  for (let j = 0; j < WEEKS; j++) {
    level += (options.wander ?? 0) * SD * normal();
    value[j] = level + (j >= (options.at ?? WEEKS) ? options.step ?? 0 : 0) + (months[j] === 7 ? options.august ?? 0 : 0) + SD * normal();
  }
  return { value, weight: new Float64Array(WEEKS).fill(CASES), usable: new Uint8Array(WEEKS).fill(1) };
}

describe('levelShifts: a step in a structural model of the whole series', () => {
  it('on white noise, reads a level shift from every week either side: its standard error near the difference of the means’, a third of the local lines’', () => {
    const s = series(1);
    const model = levelModel(s, months)!;
    const [shift] = levelShifts(model, [70], all, 4);
    const means = SD * Math.sqrt(2 / 70);
    expect(shift!.se).toBeGreaterThan(0.8 * means);
    expect(shift!.se).toBeLessThan(1.6 * means);
    const lines = jumpTable(weekStarts, { share: s }, 26, 26, { statistic: 'lines', season: false, slope: false });
    expect(shift!.se).toBeLessThan(0.5 * lines.jumps.share![lines.positions.indexOf(70)]!.se);
  });

  // A real step is partly taken for wander when the variances are chosen (seeds 1 to 6: the level's variance 0.03 to
  // 0.11 of the noise's, the step's standard error 3.3 to 4.2 times the difference of the means'): still found here.
  it('finds a 7-point step at the position, its interval holding it', () => {
    const s = series(1, { step: 0.07, at: 70 });
    const [shift] = levelShifts(levelModel(s, months)!, [70], all, 4);
    expect(shift!.t).toBeGreaterThan(3);
    expect(Math.abs(shift!.estimate - 0.07)).toBeLessThan(2 * shift!.se);
  });

  it('on a level that wanders, widens the error with the wander (only the weeks near the step inform it)', () => {
    const quiet = levelShifts(levelModel(series(2, { step: 0.07, at: 70 }), months)!, [70], all, 4)[0]!;
    const wandering = levelShifts(levelModel(series(2, { step: 0.07, at: 70, wander: 0.5 }), months)!, [70], all, 4)[0]!;
    expect(wandering.se).toBeGreaterThan(1.5 * quiet.se);
  });

  it('keeps a sharp month season in the model only where the data show one, so an August is not a step', () => {
    const seasonal = levelModel(series(3, { august: 0.14 }), months)!;
    expect(seasonal.season).toBe(true);
    expect(levelModel(series(3), months)!.season).toBe(false);
    // at the first week of August, the season is not taken for a change
    const firstAugust = months.findIndex((m, j) => m === 7 && j > 30);
    const [shift] = levelShifts(seasonal, [firstAugust], all, 4);
    expect(Math.abs(shift!.t)).toBeLessThan(3);
  });

  it('draws the step it states: the fitted line less the counterfactual at the position is the estimate', () => {
    const s = series(4, { step: 0.07, at: 60, wander: 0.2 });
    const model = levelModel(s, months)!;
    const [shift] = levelShifts(model, [60], all, 4);
    const drawn = levelShiftFitted(model, 60, WEEKS)!;
    expect(drawn.fitted[60]! - drawn.counterfactual[60]!).toBeCloseTo(shift!.estimate, 9);
    expect(drawn.step).toBeCloseTo(shift!.estimate, 9);
    // before the position the two are the same line
    expect(drawn.fitted[59]).toBe(drawn.counterfactual[59]);
    expect(drawn.fitted[61]! - drawn.counterfactual[61]!).toBeCloseTo(shift!.estimate, 9);
  });

  // A viewer gets weekly referrals rounded to 5 and the drawn line to 0.1: the smoothed drift and echo followed a
  // wandering count so closely that its exact value could be read back (the line before this test).
  it('draws no drift: the line holds one value per calendar month either side of the step, nowhere near each week’s count', () => {
    const random = seededRandom(6);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const value = new Float64Array(WEEKS);
    let level = 80;
    for (let j = 0; j < WEEKS; j++) {
      level += 4 * normal();
      value[j] = Math.round(level + 3 * normal());
    }
    const counts: WeekSeries = { value, weight: new Float64Array(WEEKS).fill(1), usable: new Uint8Array(WEEKS).fill(1) };
    const model = levelModel(counts, months)!;
    const drawn = levelShiftFitted(model, 70, WEEKS)!;
    const byMonth = new Map<string, Set<number>>();
    for (let j = 0; j < WEEKS; j++) {
      const key = `${months[j]}|${j >= 70}`;
      byMonth.set(key, (byMonth.get(key) ?? new Set()).add(Number(drawn.fitted[j]!.toFixed(9))));
    }
    for (const values of byMonth.values()) expect(values.size).toBe(1);
    const close = Array.from(value).filter((v, j) => Math.abs(drawn.fitted[j]! - v) < 0.5).length;
    expect(close).toBeLessThan(0.1 * WEEKS);
  });

  it('tests no position with fewer than minSide weeks with cases on a side, nor one the caller rules out', () => {
    const model = levelModel(series(5), months)!;
    const out = levelShifts(model, [2, 70, 138], (at) => at !== 70, 4);
    expect(out).toEqual([null, null, null]);
  });
});
