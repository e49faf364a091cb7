// The impact of a change (an inspection, a threshold change): each rate and median in the weeks before
// a marker against the weeks after, with 95% intervals, and a segmented regression of each weekly
// series to say plainly whether the change is larger than the week-to-week noise.
import { formatDay } from '../dates.js';
import { RATE_KEYS, type PreparedMetrics, type RateKey } from '../metrics.js';
import { proportionDifference, type ProportionDifference } from './difference.js';
import { tallyRate, tallyWindows, type RateIndicators } from './rate-indicators.js';
import { summariseWindow, type SummaryOptions, type WindowSummary } from './rate-summary.js';
import { segmentedRegression, type SegmentedFit } from './segmented-regression.js';

export const WEEKLY_COUNT_KEY = 'referrals_per_week';

export interface ImpactResult {
  marker: string;
  weeksEitherSide: number;
  before: WindowSummary;
  after: WindowSummary;
  /** after − before, per rate */
  differences: Record<RateKey, ProportionDifference | null>;
  weeks: string[];
  /** weekly value per rate (null where the week has no denominator), and weekly referral counts */
  weekly: Record<RateKey | typeof WEEKLY_COUNT_KEY, (number | null)[]>;
  regression: Record<RateKey | typeof WEEKLY_COUNT_KEY, SegmentedFit | null>;
}

/**
 * Before = the `weeksEitherSide` whole weeks ending the day before `markerDay`; after = the same number
 * of weeks from `markerDay` on. Weeks are counted from the marker, not the calendar.
 */
export function impactOfChange(
  prepared: PreparedMetrics, indicators: RateIndicators, markerDay: number, weeksEitherSide: number,
  include: Uint8Array | null = null, options: SummaryOptions = {},
): ImpactResult {
  if (!Number.isInteger(weeksEitherSide) || weeksEitherSide < 2) {
    throw new RangeError(`impactOfChange: weeksEitherSide must be an integer ≥ 2, got ${weeksEitherSide}`);
  }
  const W = weeksEitherSide;
  const before = { from: markerDay - 7 * W, to: markerDay - 1 };
  const after = { from: markerDay, to: markerDay + 7 * W - 1 };
  const weekWindows = Array.from({ length: 2 * W }, (_, j) => {
    const from = markerDay + 7 * (j - W);
    return { from, to: from + 6 };
  });
  const tallies = tallyWindows(prepared, indicators, weekWindows, include);
  const weekly = {} as ImpactResult['weekly'];
  const regression = {} as ImpactResult['regression'];
  for (const key of RATE_KEYS) {
    weekly[key] = tallies.map((t) => tallyRate(t, key).rate);
    regression[key] = segmentedRegression(weekly[key], W);
  }
  weekly[WEEKLY_COUNT_KEY] = tallies.map((t) => tallyRate(t, 'referral_nfa').n);
  regression[WEEKLY_COUNT_KEY] = segmentedRegression(weekly[WEEKLY_COUNT_KEY], W);

  const b = summariseWindow(prepared, indicators, before, include, options);
  const a = summariseWindow(prepared, indicators, after, include, options);
  const differences = Object.fromEntries(
    RATE_KEYS.map((key) => [key, proportionDifference(a.rates[key].k, a.rates[key].n, b.rates[key].k, b.rates[key].n)]),
  ) as Record<RateKey, ProportionDifference | null>;
  return {
    marker: formatDay(markerDay),
    weeksEitherSide: W,
    before: b,
    after: a,
    differences,
    weeks: weekWindows.map((w) => formatDay(w.from)),
    weekly,
    regression,
  };
}
