// Audit a12c finding 6: the synthetic report answered 500 on a 60-child dataset (the first 60 children of a
// synthetic file: all first seen on two days, their journeys running four years): the arrivals' Poisson fit
// had every month but one with no arrival, its effects ran to minus infinity, the solve gave NaN and the
// model failed to validate. Such data now gets a flat rate, said in `merged`.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import type { Model } from '../../synth/model.js';
import { fitArrivals } from '../../synth/arrivals.js';

describe('arrivals too few or too bunched to fit trend and seasons', () => {
  it('give a finite flat rate, and say so', () => {
    const from = dayFromCivil(2021, 4, 1);
    const to = dayFromCivil(2025, 3, 21);
    const days = [...new Array<number>(33).fill(from), ...new Array<number>(27).fill(from + 1)];
    const merged: Model['merged'] = [];
    const a = fitArrivals(days, from, to, 10, merged);
    for (const v of [a.perWeek, a.trendPerYear, ...a.monthOfYear, ...a.dayOfWeek]) expect(Number.isFinite(v)).toBe(true);
    expect(a.perWeek).toBeCloseTo((60 / (to - from + 1)) * 7, 6);
    expect(merged).toContainEqual({ cell: 'arrivals: trend, months and weekdays', into: 'a flat rate (too few arrivals to fit them)' });
  });
});
