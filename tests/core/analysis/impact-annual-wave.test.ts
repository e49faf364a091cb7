// JumpOptions.annual: one annual sine-and-cosine pair learnt from the weeks outside a position's windows
// (in-time-placebo.ts annualWave), with a level for each side of the windows so a step there does not leak into it.
import { describe, expect, it } from 'vitest';
import { annualWave, type WeekSeries } from '../../../core/analysis/in-time-placebo.js';
import { seededRandom } from '../../../core/random.js';

const WEEKS_A_YEAR = 365.25 / 7;

function series(n: number, f: (j: number) => number, noise: number, seed: number): WeekSeries {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return {
    value: Float64Array.from({ length: n }, (_, j) => f(j) + noise * gauss()),
    weight: new Float64Array(n).fill(1),
    usable: new Uint8Array(n).fill(1),
  };
}

describe('annualWave', () => {
  it('recovers a ±4-point sine beside a trend from the weeks outside the windows, and keeps nearly all of it', () => {
    const s = series(104, (j) => 0.78 + 0.0005 * j + 0.04 * Math.sin((2 * Math.PI * j) / WEEKS_A_YEAR), 0.01, 1);
    const wave = annualWave(s, 26, 78)!;
    // the pair's standard errors here are about 0.004 (sin) and 0.002 (cos): the bounds are 2.5 of them
    expect(wave.sin).toBeGreaterThan(0.03);
    expect(wave.sin).toBeLessThan(0.05);
    expect(Math.abs(wave.cos)).toBeLessThan(0.005);
    expect(Math.sqrt(wave.covariance[0])).toBeLessThan(0.006);
    expect(wave.kept).toBeGreaterThan(0.9);
  });

  it('a step between the two sides of the windows does not leak into the wave', () => {
    const s = series(104, (j) => (j >= 52 ? 0.14 : 0.07), 0.002, 2);
    const wave = annualWave(s, 26, 78)!;
    expect(Math.hypot(wave.sin, wave.cos)).toBeLessThan(0.003);
  });

  it('keeps little of a wave that is not there', () => {
    let kept = 0;
    for (let seed = 1; seed <= 20; seed++) kept += annualWave(series(104, () => 0.5, 0.02, seed), 30, 70)!.kept;
    expect(kept / 20).toBeLessThan(0.35);
  });

  it('is null when the weeks outside the windows are too few', () => {
    expect(annualWave(series(60, () => 0.5, 0.02, 3), 2, 58)).toBeNull();
  });
});
