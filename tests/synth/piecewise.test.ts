import { describe, expect, it } from 'vitest';
import { valueAt, wholeQuarters } from '../../synth/piecewise.js';

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

describe('wholeQuarters: the return odds\' quarters', () => {
  it('counts whole quarters to `last`, a part quarter joined to the last, which ends on `to`', () => {
    const q = wholeQuarters(0, 400, 431);
    expect(q.years).toBe(4);
    expect([q.start(1), q.end(1), q.start(3), q.end(3)]).toEqual([91, 182, 274, 431]);
    expect([q.of(0), q.of(100), q.of(400)]).toEqual([0, 1, 3]);
  });
  it('is one period where `last` is less than two quarters on', () => {
    expect(wholeQuarters(0, 181, 212).years).toBe(1);
  });
});
