import { describe, expect, it } from 'vitest';
import { cohortAnchors } from '../../../core/analysis/cohort.js';
import { rateIndicators } from '../../../core/analysis/rate-indicators.js';
import { nfaByPreviousReferrals, rereferralSeries, timeSincePreviousReferral, wholeMonthsBetween } from '../../../core/analysis/rereferrals.js';
import { computeMetrics, prepareMetrics } from '../../../core/metrics.js';
import { buildEventTable, day, ev, randomRecords } from './fixtures.js';

const records = [
  ev('x', 'referral', '2021-01-15'),
  ev('x', 'assessment_start', '2021-01-16'),
  ev('x', 'assessment_end', '2021-02-01', 'cin'),
  ev('x', 'referral', '2022-01-10'), // 11 months after: a re-referral within 12 months
  ev('x', 'referral', '2024-06-01'), // 28 months after: not within 12, within 36
  ev('x', 'assessment_start', '2024-06-02'),
  ev('x', 'assessment_end', '2024-07-01', 'nfa'), // after 2 previous referrals
  ev('y', 'referral', '2022-01-20'),
  ev('y', 'assessment_start', '2022-01-21'),
  ev('y', 'assessment_end', '2022-02-01', 'nfa'),
];
const table = buildEventTable(records);
const prepared = prepareMetrics(table);
const indicators = rateIndicators(prepared);

describe('rereferralSeries', () => {
  const s = rereferralSeries(prepared, indicators, day('2021-01-01'), day('2024-12-31'));
  const monthly = Object.fromEntries(s.monthly.map((p) => [p.label, p]));
  const rolling = Object.fromEntries(s.rolling12.map((p) => [p.label, p]));

  it('gives the monthly DfE 12-month rate and 36-month share, computed by hand', () => {
    expect(s.monthly).toHaveLength(48);
    expect(monthly['2022-01']).toMatchObject({ referrals: 2, rereferrals12m: 1, rate12m: 0.5, prior36m: 1, share36m: 0.5 });
    expect(monthly['2024-06']).toMatchObject({ referrals: 1, rereferrals12m: 0, rate12m: 0, prior36m: 1, share36m: 1 });
    expect(monthly['2021-01']).toMatchObject({ referrals: 1, rate12m: 0, share36m: 0 });
    expect(monthly['2021-05']).toMatchObject({ referrals: 0, rate12m: null, ci12m: null });
  });

  it('gives rolling 12-month figures over the 12 calendar months ending with each month', () => {
    expect(rolling['2022-01']).toMatchObject({ referrals: 2, rate12m: 0.5, from: day('2021-02-01'), to: day('2022-01-31') });
    expect(rolling['2022-12']).toMatchObject({ referrals: 2, rate12m: 0.5 });
    expect(rolling['2023-01']).toMatchObject({ referrals: 0, rate12m: null });
    expect(rolling['2024-06']).toMatchObject({ referrals: 1, rate12m: 0, share36m: 1 });
    expect(rolling['2021-12']).toMatchObject({ referrals: 1, rate12m: 0 }); // includes Jan 2021 only
  });

  it('carries Wilson intervals on each point', () => {
    expect(monthly['2022-01']!.ci12m!.lower).toBeCloseTo(0.0945, 4);
    expect(monthly['2022-01']!.ci12m!.upper).toBeCloseTo(0.9055, 4);
  });

  it('agrees with computeMetrics over each rolling window on random data', () => {
    const t = buildEventTable(randomRecords(400, 5));
    const p = prepareMetrics(t);
    const series = rereferralSeries(p, rateIndicators(p), day('2021-03-10'), day('2022-08-20'));
    for (const point of series.rolling12) {
      const m = computeMetrics(p, { from: point.from, to: point.to });
      expect(point.rate12m).toBe(m.rates.rereferral_12m);
      expect(point.share36m).toBe(m.rates.prior_referral_36m);
      expect(point.referrals).toBe(m.counts.referral);
    }
    expect(series.monthly[0]!.from).toBe(day('2021-03-10')); // the first month is clipped to the window
    const m0 = computeMetrics(p, { from: day('2021-03-10'), to: day('2021-03-31') });
    expect(series.monthly[0]!.rate12m).toBe(m0.rates.rereferral_12m);
  });
});

describe('timeSincePreviousReferral', () => {
  it('bins whole calendar months since the latest earlier referral', () => {
    const h = timeSincePreviousReferral(table, { from: day('2021-01-01'), to: day('2024-12-31') });
    expect(h.referrals).toBe(4);
    expect(h.firstReferrals).toBe(2);
    const counts = Object.fromEntries(h.bins.filter((b) => b.count > 0).map((b) => [b.label, b.count]));
    expect(counts).toEqual({ '6–12 months': 1, '24–36 months': 1 });
    expect(h.bins.find((b) => b.label === '6–12 months')!.share).toBe(0.5);
  });
  it('counts whole months as calendar months, clamped at month ends', () => {
    expect(wholeMonthsBetween(day('2021-01-15'), day('2022-01-10'))).toBe(11);
    expect(wholeMonthsBetween(day('2021-01-15'), day('2022-01-15'))).toBe(12);
    expect(wholeMonthsBetween(day('2024-01-31'), day('2024-02-29'))).toBe(1);
  });
  it('does not treat a second referral on the same date as a return', () => {
    const t = buildEventTable([ev('z', 'referral', '2022-03-01'), ev('z', 'referral', '2022-03-01')]);
    const h = timeSincePreviousReferral(t, { from: day('2022-01-01'), to: day('2022-12-31') });
    expect(h.firstReferrals).toBe(2);
  });
});

describe('nfaByPreviousReferrals', () => {
  it('groups assessments ended in the window by the child’s referrals before the episode', () => {
    const r = nfaByPreviousReferrals(table, cohortAnchors(table), { from: day('2021-01-01'), to: day('2024-12-31') });
    expect(r.groups.map((g) => [g.previousReferrals, g.assessments, g.nfa])).toEqual([
      ['0', 2, 1],
      ['1', 0, 0],
      ['2', 1, 1],
      ['3+', 0, 0],
    ]);
    expect(r.groups[0]!.rate).toBe(0.5);
    expect(r.groups[1]!.ci).toBeNull();
  });
});
