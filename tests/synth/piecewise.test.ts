import { describe, expect, it } from 'vitest';
import { valueAt } from '../../synth/piecewise.js';

describe('valueAt: a value per period read on any day', () => {
  const mids = [100, 200, 400];
  const values = [1, 2, 0.5];
  it('is flat before the first midpoint and after the last', () => {
    expect(valueAt(mids, values, -5000)).toBe(1);
    expect(valueAt(mids, values, 100)).toBe(1);
    expect(valueAt(mids, values, 400)).toBe(0.5);
    expect(valueAt(mids, values, 9000)).toBe(0.5);
  });
  it('is linear between neighbouring midpoints, and exact at each', () => {
    expect(valueAt(mids, values, 150)).toBeCloseTo(1.5, 12);
    expect(valueAt(mids, values, 200)).toBe(2);
    expect(valueAt(mids, values, 300)).toBeCloseTo(1.25, 12);
  });
  it('with one period is that period everywhere', () => {
    expect(valueAt([50], [0.8], 0)).toBe(0.8);
    expect(valueAt([50], [0.8], 99)).toBe(0.8);
  });
});
