import { describe, expect, it } from 'vitest';
import { lifeTable } from '../../../core/analysis/kaplan-meier.js';

describe('lifeTable', () => {
  it('carries no survival past the last row anyone is followed into (the review printed 0.7729 out to 2,190 days with 0 at risk)', () => {
    // Five stays: two ended at 10 and 40 days, three still running at 50, 200 and 300 days.
    const rows = lifeTable([10, 40, 50, 200, 300], [1, 1, 0, 0, 0], [0, 30, 61, 365, 730]);
    expect(rows.map((r) => r.atRisk)).toEqual([5, 4, 2, 0, 0]);
    expect(rows[0]!.survival).toBeCloseTo(0.8, 9);
    expect(rows[1]!.survival).toBeCloseTo(0.6, 9);
    expect(rows[2]!.survival).toBeCloseTo(0.6, 9);
    expect(rows[3]!.survival).toBeNull();
    expect(rows[3]!.lower).toBeNull();
  });
});
