// One window's rates with Wilson intervals and its medians with bootstrap intervals: the unit that the
// impact view (before vs after) and the cohort view (A vs B) put side by side.
import type { MetricsWindow, PreparedMetrics, RateKey } from '../metrics.js';
import { RATE_KEYS } from '../metrics.js';
import { bootstrapMedianCI, type MedianEstimate } from './bootstrap.js';
import { tallyRate, tallyWindows, type RateIndicators } from './rate-indicators.js';
import { durationSamples } from './windows.js';
import { wilsonInterval, type Interval } from './wilson.js';

export const MEDIAN_KEYS = ['assessment_days_median', 's47_to_icpc_wd_median', 'cp_plan_days_median', 'cla_days_median'] as const;
export type MedianKey = (typeof MEDIAN_KEYS)[number];

export interface RateEstimate {
  k: number;
  n: number;
  rate: number | null;
  ci: Interval | null;
}

export interface WindowSummary {
  window: MetricsWindow;
  rates: Record<RateKey, RateEstimate>;
  medians: Record<MedianKey, MedianEstimate | null>;
}

export interface SummaryOptions {
  /** bootstrap seed. @default 1 */
  seed?: number;
  /** bootstrap resamples. @default 1000 */
  reps?: number;
}

export function summariseWindow(
  prepared: PreparedMetrics, indicators: RateIndicators, window: MetricsWindow, include: Uint8Array | null, options: SummaryOptions = {},
): WindowSummary {
  const [tally] = tallyWindows(prepared, indicators, [window], include);
  const rates = Object.fromEntries(
    RATE_KEYS.map((key) => {
      const { k, n, rate } = tallyRate(tally!, key);
      return [key, { k, n, rate, ci: wilsonInterval(k, n) }];
    }),
  ) as Record<RateKey, RateEstimate>;
  const samples = durationSamples(prepared, window, include);
  const boot = (values: number[]) => bootstrapMedianCI(values, { seed: options.seed ?? 1, reps: options.reps ?? 1000 });
  return {
    window,
    rates,
    medians: {
      assessment_days_median: boot(samples.assessmentDays),
      s47_to_icpc_wd_median: boot(samples.s47ToIcpcWorkingDays),
      cp_plan_days_median: boot(samples.cpPlanDays),
      cla_days_median: boot(samples.claDays),
    },
  };
}
