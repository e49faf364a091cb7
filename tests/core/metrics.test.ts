import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../core/events.js';
import { cpPlanBandIndex, median } from '../../core/metrics.js';
import { ev, metricsOf } from './metrics-helpers.js';

const YEAR = ['2023-04-01', '2024-03-31'] as const;

describe('counts', () => {
  it('counts every event type in the window, zero where none, both ends inclusive', () => {
    const m = metricsOf(
      [ev('a', 'contact', '2023-03-31'), ev('a', 'contact', '2023-04-01'), ev('a', 'referral', '2024-03-31T23:59'), ev('b', 'referral', '2024-04-01')],
      ...YEAR,
    );
    expect(Object.keys(m.counts)).toEqual([...EVENT_TYPES]);
    expect(m.counts.contact).toBe(1);
    expect(m.counts.referral).toBe(1);
    expect(m.counts.cla_start).toBe(0);
    expect(m.window).toEqual({ from: '2023-04-01', to: '2024-03-31' });
  });
});

describe('rates with empty denominators', () => {
  it('are null, and medians are null, where there is nothing to measure', () => {
    const m = metricsOf([], ...YEAR);
    for (const value of Object.values(m.rates)) expect(value).toBeNull();
    expect(m.durations.assessment_days_median).toBeNull();
    expect(m.durations.cp_plan_bands.le_3m).toBeNull();
    expect(m.open_at_end).toEqual({ assessment: 0, cp_plan: 0, cla: 0 });
  });
});

describe('contact_to_referral', () => {
  it('converts on outcome referral, or on a blank outcome with a referral 0–7 days later', () => {
    const m = metricsOf(
      [
        ev('a', 'contact', '2023-05-01', { outcome: 'referral' }), // converts by outcome, no referral needed
        ev('b', 'contact', '2023-05-01'),
        ev('b', 'referral', '2023-05-08'), // 7 days later: converts
        ev('c', 'contact', '2023-05-01'),
        ev('c', 'referral', '2023-05-09'), // 8 days later: does not
        ev('d', 'contact', '2023-05-01', { outcome: 'nfa' }),
        ev('d', 'referral', '2023-05-02'), // outcome says nfa: does not convert
        ev('e', 'contact', '2023-05-01T15:00'),
        ev('e', 'referral', '2023-05-01T09:00'), // same calendar day, earlier time: 0 days, converts
        ev('f', 'contact', '2023-05-01'),
        ev('g', 'referral', '2023-05-02'), // another child's referral does not count
        ev('h', 'contact', '2023-05-10'),
        ev('h', 'referral', '2023-05-09'), // a referral before the contact does not count
      ],
      ...YEAR,
    );
    expect(m.rates.contact_to_referral).toBeCloseTo(3 / 7, 12);
  });
});

describe('referral_nfa', () => {
  it('is referrals with outcome nfa over referrals in the window', () => {
    const m = metricsOf([ev('a', 'referral', '2023-05-01', { outcome: 'nfa' }), ev('b', 'referral', '2023-05-01'), ev('c', 'referral', '2023-06-01'), ev('d', 'referral', '2022-06-01', { outcome: 'nfa' })], ...YEAR);
    expect(m.rates.referral_nfa).toBeCloseTo(1 / 3, 12);
  });
});

describe('rereferral_12m and prior_referral_36m', () => {
  it('do not count a referral on the same day as an earlier one', () => {
    const m = metricsOf([ev('a', 'referral', '2023-06-01'), ev('a', 'referral', '2023-06-01')], ...YEAR);
    expect(m.rates.rereferral_12m).toBe(0);
    expect(m.rates.prior_referral_36m).toBe(0);
  });
  it('reach back exactly 12 calendar months, across a leap day, and outside the window', () => {
    const window = ['2024-02-29', '2025-03-01'] as const;
    const m = metricsOf(
      [
        ev('a', 'referral', '2024-02-28'), // outside the window, looked back to
        ev('a', 'referral', '2025-02-28'), // 12 months back is 2024-02-28: counts
        ev('b', 'referral', '2024-02-27'),
        ev('b', 'referral', '2025-02-28'), // 2024-02-27 is a day too early
        ev('c', 'referral', '2023-02-28'),
        ev('c', 'referral', '2024-02-29'), // 12 months back from 29 Feb is 28 Feb 2023: counts
        ev('d', 'referral', '2024-02-29'),
        ev('d', 'referral', '2025-03-01'), // 12 months back is 2024-03-01: 29 Feb does not count… but it is in the window
      ],
      ...window,
    );
    // In the window: a@2025-02-28 (yes), b@2025-02-28 (no), c@2024-02-29 (yes), d@2024-02-29 (no earlier), d@2025-03-01 (no)
    expect(m.counts.referral).toBe(5);
    expect(m.rates.rereferral_12m).toBeCloseTo(2 / 5, 12);
    // Within 36 months: a yes, b yes (2024-02-27), c yes, d@2024-02-29 no, d@2025-03-01 yes
    expect(m.rates.prior_referral_36m).toBeCloseTo(4 / 5, 12);
  });
  it('reach back 36 months for the prior-referral share', () => {
    const m = metricsOf(
      [ev('a', 'referral', '2020-06-01'), ev('a', 'referral', '2023-06-01'), ev('b', 'referral', '2020-05-31'), ev('b', 'referral', '2023-06-01')],
      ...YEAR,
    );
    expect(m.rates.rereferral_12m).toBe(0);
    expect(m.rates.prior_referral_36m).toBe(0.5);
  });
});

describe('referral_to_assessment', () => {
  it('links events to the most recent referral on or before them when there is no episode_id', () => {
    const m = metricsOf(
      [
        ev('a', 'referral', '2023-05-01'),
        ev('a', 'referral', '2023-07-01'),
        ev('a', 'assessment_start', '2023-07-02'), // belongs to the July referral only
        ev('b', 'assessment_start', '2023-05-01'), // before any referral: no episode
        ev('b', 'referral', '2023-05-02'),
        ev('c', 'assessment_start', '2023-05-03'),
        ev('c', 'referral', '2023-05-03'), // listed after, same date: still on or before, so linked
      ],
      ...YEAR,
    );
    expect(m.rates.referral_to_assessment).toBeCloseTo(2 / 4, 12);
  });
  it('lets episode_id decide where it is given', () => {
    const m = metricsOf(
      [
        ev('a', 'referral', '2023-05-01', { episode: 'E1' }),
        ev('a', 'referral', '2023-07-01', { episode: 'E2' }),
        ev('a', 'assessment_start', '2023-07-02', { episode: 'E1' }), // late, but E1's
        ev('b', 'referral', '2023-05-01', { episode: 'E1' }), // same id, another child: another episode
      ],
      ...YEAR,
    );
    expect(m.rates.referral_to_assessment).toBeCloseTo(1 / 3, 12);
  });
});

describe('assessment durations and the 45-working-day rate', () => {
  it('pairs each end with the latest start of its episode, leaves unpaired ends out, and counts working days', () => {
    const m = metricsOf(
      [
        ev('a', 'referral', '2023-09-01'),
        ev('a', 'assessment_start', '2023-09-04'),
        ev('a', 'assessment_end', '2023-11-06'), // 45 wd, 63 days: within
        ev('b', 'referral', '2023-09-01'),
        ev('b', 'assessment_start', '2023-09-04'),
        ev('b', 'assessment_end', '2023-11-07'), // 46 wd, 64 days: not within
        ev('c', 'referral', '2024-03-01'),
        ev('c', 'assessment_start', '2024-03-01'),
        ev('c', 'assessment_end', '2024-03-20'), // 19 days, 13 wd: within
        ev('d', 'assessment_end', '2023-10-01'), // unpaired: no start
        ev('e', 'referral', '2023-05-01'),
        ev('e', 'assessment_start', '2023-05-01'),
        ev('e', 'referral', '2023-06-01'),
        ev('e', 'assessment_end', '2023-06-10'), // new episode without a start: unpaired
      ],
      ...YEAR,
    );
    expect(m.rates.assessment_within_45_wd).toBeCloseTo(2 / 3, 12);
    expect(m.durations.assessment_days_median).toBe(63); // 19, 63, 64
    expect(m.counts.assessment_end).toBe(5); // counts take every end, paired or not
    expect(m.open_at_end.assessment).toBe(1); // e's start never ended in its episode
  });
  it('crosses bank holidays', () => {
    const m = metricsOf(
      [ev('a', 'referral', '2024-02-20'), ev('a', 'assessment_start', '2024-02-26'), ev('a', 'assessment_end', '2024-05-01')], // 47 weekdays minus Good Friday and Easter Monday = 45
      '2024-04-01',
      '2025-03-31',
    );
    expect(m.rates.assessment_within_45_wd).toBe(1);
    const late = metricsOf(
      [ev('a', 'referral', '2024-02-20'), ev('a', 'assessment_start', '2024-02-23'), ev('a', 'assessment_end', '2024-05-01')], // 46
      '2024-04-01',
      '2025-03-31',
    );
    expect(late.rates.assessment_within_45_wd).toBe(0);
  });
  it('takes the mean of the middle two for an even count', () => {
    const m = metricsOf(
      [
        ev('a', 'referral', '2023-05-01'), ev('a', 'assessment_start', '2023-05-01'), ev('a', 'assessment_end', '2023-05-11'),
        ev('b', 'referral', '2023-05-01'), ev('b', 'assessment_start', '2023-05-01'), ev('b', 'assessment_end', '2023-05-16'),
      ],
      ...YEAR,
    );
    expect(m.durations.assessment_days_median).toBe(12.5);
  });
});

describe('s47_to_icpc', () => {
  it('links an S47 to an ICPC of its episode on or after it and before the next S47', () => {
    const m = metricsOf(
      [
        ev('a', 'referral', '2023-05-01'),
        ev('a', 's47_start', '2023-05-02'), // Tue
        ev('a', 'icpc', '2023-05-23'), // 14 wd later: Mon 8 May 2023 (the coronation) was a bank holiday
        ev('b', 'referral', '2023-06-01'),
        ev('b', 's47_start', '2023-06-01'), // next S47 comes first: not linked
        ev('b', 's47_start', '2023-06-05'),
        ev('b', 'icpc', '2023-06-05'), // same day as the second: its own, 0 wd
        ev('c', 'referral', '2023-06-01'),
        ev('c', 's47_start', '2023-06-01'),
        ev('c', 'referral', '2023-06-02'),
        ev('c', 'icpc', '2023-06-03'), // another episode: not linked
        ev('d', 'referral', '2023-03-01'),
        ev('d', 's47_start', '2023-03-01'), // outside the window
        ev('d', 'icpc', '2023-04-03'),
      ],
      ...YEAR,
    );
    expect(m.counts.s47_start).toBe(4);
    expect(m.rates.s47_to_icpc).toBeCloseTo(2 / 4, 12);
    expect(m.durations.s47_to_icpc_wd_median).toBe(7); // 14 and 0
  });
});

describe('icpc_to_cp_plan', () => {
  it('uses the outcome, or for a blank outcome a CP plan start in the episode 0–7 days later', () => {
    const m = metricsOf(
      [
        ev('a', 'referral', '2023-05-01'), ev('a', 'icpc', '2023-05-10', { outcome: 'cp_plan' }),
        ev('b', 'referral', '2023-05-01'), ev('b', 'icpc', '2023-05-10'), ev('b', 'cp_plan_start', '2023-05-17'),
        ev('c', 'referral', '2023-05-01'), ev('c', 'icpc', '2023-05-10'), ev('c', 'cp_plan_start', '2023-05-18'),
        ev('d', 'referral', '2023-05-01'), ev('d', 'icpc', '2023-05-10', { outcome: 'no_plan' }), ev('d', 'cp_plan_start', '2023-05-10'),
        ev('e', 'referral', '2023-05-01'), ev('e', 'icpc', '2023-05-10'), ev('e', 'referral', '2023-05-11'), ev('e', 'cp_plan_start', '2023-05-12'),
      ],
      ...YEAR,
    );
    expect(m.rates.icpc_to_cp_plan).toBeCloseTo(2 / 5, 12);
  });
});

describe('cp_plan_second_or_subsequent and CP plan durations', () => {
  it('counts starts with an earlier start of the same child at any date', () => {
    const m = metricsOf(
      [
        ev('a', 'cp_plan_start', '2015-01-01'), ev('a', 'cp_plan_start', '2023-06-01'),
        ev('b', 'cp_plan_start', '2023-06-01'), ev('b', 'cp_plan_start', '2023-06-01'), // same day: neither is earlier
        ev('c', 'cp_plan_start', '2023-06-01'), ev('c', 'cp_plan_start', '2024-06-01'),
      ],
      ...YEAR,
    );
    expect(m.rates.cp_plan_second_or_subsequent).toBeCloseTo(1 / 4, 12);
  });
  it('bands plan lengths at 91, 182, 365 and 730 days', () => {
    expect([91, 92, 182, 183, 365, 366, 730, 731].map(cpPlanBandIndex)).toEqual([0, 1, 1, 2, 2, 3, 3, 4]);
    const start = '2021-01-01';
    const ends = ['2021-04-02', '2021-04-03', '2022-01-01', '2023-01-01', '2023-01-02']; // 91, 92, 365, 730, 731 days
    const records = ends.flatMap((end, k) => [ev(`c${k}`, 'cp_plan_start', start), ev(`c${k}`, 'cp_plan_end', end)]);
    const m = metricsOf(records, '2021-01-01', '2023-12-31');
    expect(m.durations.cp_plan_bands).toEqual({ le_3m: 0.2, '3_6m': 0.2, '6_12m': 0.2, '1_2y': 0.2, gt_2y: 0.2 });
    expect(m.durations.cp_plan_days_median).toBe(365);
  });
});

describe('open at the end of the window', () => {
  it('counts starts on or before `to` with no paired end on or before `to`', () => {
    const m = metricsOf(
      [
        ev('a', 'cla_start', '2020-01-01'), // before the window, still open
        ev('b', 'cla_start', '2023-05-01'), ev('b', 'cla_end', '2024-03-31', { outcome: 'E4A' }), // ended on `to`: closed
        ev('c', 'cla_start', '2023-05-01'), ev('c', 'cla_end', '2024-04-01', { outcome: 'E4A' }), // ends after `to`: open
        ev('d', 'cla_start', '2024-04-01'), // starts after `to`
        ev('e', 'cp_plan_start', '2023-05-01'),
      ],
      ...YEAR,
    );
    expect(m.open_at_end).toEqual({ assessment: 0, cp_plan: 1, cla: 2 });
    expect(m.durations.cla_days_median).toBe(335);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
