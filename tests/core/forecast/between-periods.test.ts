// The between-period variance the forecast's runs draw their rates and hazards with.
import { describe, expect, it } from 'vitest';
import { betweenBlockVariance, hazardBetweenBlocks, rateBetweenBlocks } from '../../../core/forecast/between-periods.js';

describe('between-period variance', () => {
  it('is 0 when blocks differ no more than their counts explain, and near the true variance when they do', () => {
    // The same rate in every block, counts as a binomial would give them: nothing beyond sampling error.
    expect(rateBetweenBlocks([1000, 1000, 1000, 1000], [130, 140, 135, 128])).toBe(0);
    // Rates of 10%, 20%, 10%, 20% over 10,000 anchors each: logit spread about (1.386 − 2.197)² / 4 ≈ 0.164.
    const tau2 = rateBetweenBlocks([1e4, 1e4, 1e4, 1e4], [1000, 2000, 1000, 2000]);
    expect(tau2).toBeGreaterThan(0.2);
    expect(tau2).toBeLessThan(0.25);
    // Fewer than three blocks say nothing; empty blocks are left out.
    expect(rateBetweenBlocks([1000, 1000], [100, 300])).toBe(0);
    expect(rateBetweenBlocks([1000, 0, 1000], [100, 0, 300])).toBe(0);
    // Hazards: ends seen as expected, then twice and half as many.
    expect(hazardBetweenBlocks([100, 101, 99, 100], [100, 100, 100, 100])).toBe(0);
    expect(hazardBetweenBlocks([200, 50, 200, 50], [100, 100, 100, 100])).toBeGreaterThan(0.4);
    expect(betweenBlockVariance([0, 1, 0, 1], [1e-6, 1e-6, 1e-6, 1e-6])).toBeCloseTo(1 / 3, 3);
  });
});
