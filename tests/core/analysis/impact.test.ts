import { describe, expect, it } from 'vitest';
import { compareCohorts } from '../../../core/analysis/compare-cohorts.js';
import { impactOfChange } from '../../../core/analysis/impact.js';
import { rateIndicators } from '../../../core/analysis/rate-indicators.js';
import { timeToEnd } from '../../../core/analysis/time-in-care.js';
import { computeMetrics, prepareMetrics, RATE_KEYS } from '../../../core/metrics.js';
import { buildEventTable, day, ev, randomRecords } from './fixtures.js';

const table = buildEventTable(randomRecords(800, 21));
const prepared = prepareMetrics(table);
const indicators = rateIndicators(prepared);

describe('impactOfChange', () => {
  const marker = day('2021-06-07');
  const impact = impactOfChange(prepared, indicators, marker, 26, null, { seed: 4, reps: 200 });

  it('compares the 26 weeks before the marker with the 26 weeks from it, agreeing with computeMetrics', () => {
    const before = computeMetrics(prepared, { from: marker - 182, to: marker - 1 });
    const after = computeMetrics(prepared, { from: marker, to: marker + 181 });
    for (const key of RATE_KEYS) {
      expect(impact.before.rates[key].rate).toBe(before.rates[key]);
      expect(impact.after.rates[key].rate).toBe(after.rates[key]);
    }
    expect(impact.before.medians.assessment_days_median?.median ?? null).toBe(before.durations.assessment_days_median);
    expect(impact.after.medians.cp_plan_days_median?.median ?? null).toBe(after.durations.cp_plan_days_median);
    expect(impact.after.medians.s47_to_icpc_wd_median?.median ?? null).toBe(after.durations.s47_to_icpc_wd_median);
  });

  it('gives Wilson intervals, a difference with its interval, and a regression of 52 weekly points', () => {
    const r = impact.after.rates.referral_nfa;
    expect(r.ci!.lower).toBeLessThanOrEqual(r.rate!);
    expect(r.ci!.upper).toBeGreaterThanOrEqual(r.rate!);
    const d = impact.differences.referral_nfa!;
    expect(d.estimate).toBeCloseTo(impact.after.rates.referral_nfa.rate! - impact.before.rates.referral_nfa.rate!, 12);
    expect(impact.weeks).toHaveLength(52);
    expect(impact.weeks[26]).toBe('2021-06-07');
    const weeklyReferrals = impact.weekly.referrals_per_week as number[];
    expect(weeklyReferrals.slice(26).reduce((a, b) => a + b, 0)).toBe(after.counts.referral);
    expect(impact.regression.referrals_per_week!.breakIndex).toBe(26);
  });
  const after = computeMetrics(prepared, { from: marker, to: marker + 181 });

  it('sees a step it was built to see: referrals double from the marker', () => {
    const records = [];
    const m = day('2022-01-03');
    for (let w = -10; w < 10; w++) {
      const perWeek = w < 0 ? 5 : 10;
      for (let k = 0; k < perWeek; k++) records.push({ child: `w${w}k${k}`, type: 'referral' as const, day: m + 7 * w + (k % 5), outcome: null });
    }
    const p = prepareMetrics(buildEventTable(records));
    const result = impactOfChange(p, rateIndicators(p), m, 10);
    const fit = result.regression.referrals_per_week!;
    expect(fit.coefficients.level_change.estimate).toBeCloseTo(5, 9);
    expect(fit.coefficients.slope_change.estimate).toBeCloseTo(0, 9);
    expect(fit.largerThanNoise).toBe(true);
    expect(() => impactOfChange(p, rateIndicators(p), m, 1)).toThrow(/weeksEitherSide/);
  });
});

describe('compareCohorts', () => {
  it('puts two cohorts side by side, each agreeing with computeMetrics under its mask', () => {
    const window = { from: day('2020-01-01'), to: day('2021-12-31') };
    const odd = Uint8Array.from({ length: table.length }, (_, i) => table.child[i]! % 2);
    const even = odd.map((v) => 1 - v);
    const cmp = compareCohorts(prepared, indicators, window, odd, even, { reps: 100 });
    for (const key of RATE_KEYS) {
      expect(cmp.a.rates[key].rate).toBe(computeMetrics(prepared, window, odd).rates[key]);
      expect(cmp.b.rates[key].rate).toBe(computeMetrics(prepared, window, even).rates[key]);
    }
    expect(cmp.a.medians.cla_days_median?.median ?? null).toBe(computeMetrics(prepared, window, odd).durations.cla_days_median);
  });
});

describe('timeToEnd', () => {
  it('measures spells from start to paired end, censoring open ones at the given day', () => {
    const t = buildEventTable([
      ev('a', 'cla_start', '2020-01-01'),
      ev('a', 'cla_end', '2020-01-11', 'E11'), // 10 days, ended
      ev('b', 'cla_start', '2020-02-01'), // open: censored at 2020-03-01, 29 days
      ev('c', 'cla_start', '2020-01-15'),
      ev('c', 'cla_end', '2020-03-15', 'E11'), // ends after the censor day: censored at 46 days
      ev('d', 'cla_start', '2019-06-01'), // before the window
    ]);
    const p = prepareMetrics(t);
    const r = timeToEnd(p, 'cla', { from: day('2020-01-01'), to: day('2020-12-31') }, day('2020-03-01'));
    const curve = r.groups[0]!.curve;
    expect(curve.n).toBe(3);
    expect(curve.events).toBe(1);
    expect(curve.steps).toHaveLength(1);
    expect(curve.steps[0]).toMatchObject({ time: 10, atRisk: 3, events: 1 });
    expect(curve.steps[0]!.survival).toBeCloseTo(2 / 3, 12);
    expect(r.groups[0]!.atRisk.slice(0, 2)).toEqual([{ day: 0, n: 3 }, { day: 91, n: 0 }]);
  });
});
