// One window's rates with Wilson intervals and its medians: the unit that the cohort view (A vs B) puts
// side by side. A median of stay lengths (an assessment, a CP plan, a period of care) is the Kaplan–Meier
// median of the stays begun in the window, those still running at the data's last day counted until
// then: the very curve of the time-in-care view (timeToEnd), so the two views never disagree. The
// medians of ended stays alone were biased short (160.5 days on a CP plan from the 244 plans that
// ended, against 270 from all 360 begun). The section 47 to ICPC median keeps its bootstrap interval.
import type { MetricsWindow, PreparedMetrics, RateKey } from '../metrics.js';
import { RATE_KEYS } from '../metrics.js';
import { bootstrapMedianCI } from './bootstrap.js';
import { survivalQuantileInterval } from './kaplan-meier.js';
import { timeToEnd, type StayKind } from './time-in-care.js';
import { tallyRate, tallyWindows, type RateIndicators } from './rate-indicators.js';
import { durationSamples } from './windows.js';
import { wilsonInterval, type Interval } from './wilson.js';

export const MEDIAN_KEYS = ['assessment_days_median', 's47_to_icpc_wd_median', 'cp_plan_days_median', 'cla_days_median'] as const;
export type MedianKey = (typeof MEDIAN_KEYS)[number];

/** The medians of stay lengths, each read off the Kaplan–Meier curve of its kind of stay. */
export const STAY_MEDIANS: Partial<Record<MedianKey, StayKind>> = { assessment_days_median: 'assessment', cp_plan_days_median: 'cp_plan', cla_days_median: 'cla' };

export interface MedianFigure {
  /** null when a Kaplan–Meier curve does not fall to 0.5 before it is cut ("not reached") */
  median: number | null;
  lower: number | null;
  upper: number | null;
  /** the values the median is built on: the durations, or for a stay the stays that ended */
  n: number;
  method: 'bootstrap' | 'kaplan-meier';
  /** stays begun in the window still running on the censoring day (0 for a bootstrap median) */
  open: number;
  /** of those, the ones followed for less than the median (all of them when it is not reached): more data can move the median */
  openShort: number;
}

export interface RateEstimate {
  k: number;
  n: number;
  rate: number | null;
  ci: Interval | null;
}

export interface WindowSummary {
  window: MetricsWindow;
  rates: Record<RateKey, RateEstimate>;
  medians: Record<MedianKey, MedianFigure | null>;
}

export interface SummaryOptions {
  /** bootstrap seed. @default 1 */
  seed?: number;
  /** bootstrap resamples. @default 1000 */
  reps?: number;
  /** the day stays still running are counted until (the data's last day); the medians of stays need it */
  censorDay: number;
}

export function summariseWindow(
  prepared: PreparedMetrics, indicators: RateIndicators, window: MetricsWindow, include: Uint8Array | null, options: SummaryOptions,
): WindowSummary {
  const [tally] = tallyWindows(prepared, indicators, [window], include);
  const rates = Object.fromEntries(
    RATE_KEYS.map((key) => {
      const { k, n, rate } = tallyRate(tally!, key);
      return [key, { k, n, rate, ci: wilsonInterval(k, n) }];
    }),
  ) as Record<RateKey, RateEstimate>;
  const samples = durationSamples(prepared, window, include);
  const boot = (values: number[]): MedianFigure | null => {
    const b = bootstrapMedianCI(values, { seed: options.seed ?? 1, reps: options.reps ?? 1000 });
    return b && { median: b.median, lower: b.lower, upper: b.upper, n: b.n, method: 'bootstrap', open: 0, openShort: 0 };
  };
  const km = (kind: StayKind) => stayMedian(prepared, kind, window, options.censorDay, include);
  return {
    window,
    rates,
    medians: {
      assessment_days_median: km('assessment'),
      s47_to_icpc_wd_median: boot(samples.s47ToIcpcWorkingDays),
      cp_plan_days_median: km('cp_plan'),
      cla_days_median: km('cla'),
    },
  };
}

/**
 * The Kaplan–Meier median of the stays of a kind begun in the window (timeToEnd's curve and median,
 * as the time-in-care view shows them), with its interval from the Greenwood band; null for no stays.
 */
export function stayMedian(prepared: PreparedMetrics, kind: StayKind, window: MetricsWindow, censorDay: number, include: Uint8Array | null): MedianFigure | null {
  const group = timeToEnd(prepared, kind, window, censorDay, { include }).groups[0];
  if (!group) return null;
  const { curve } = group;
  const median = curve.median;
  // stays still running that were followed for less than the median (every one when it is not reached)
  // can still end before it, so more data can move the median. A step's censored are those at its time
  // or later before the next event; those before the first event are in the curve's total only.
  let openShort = curve.censored;
  if (median !== null) for (const step of curve.steps) if (step.time >= median) openShort -= step.censored;
  return { median, ...survivalQuantileInterval(curve, 0.5), n: curve.events, method: 'kaplan-meier', open: curve.censored, openShort };
}

