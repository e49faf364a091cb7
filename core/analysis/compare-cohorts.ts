// Two cohorts side by side on every rate and median of metrics.md, each with its 95% interval, and
// the difference of each rate (A − B) with Newcombe's interval. The medians of stay lengths are
// Kaplan–Meier medians of the stays begun in the window (rate-summary.ts).
import { RATE_KEYS, type MetricsWindow, type PreparedMetrics, type RateKey } from '../metrics.js';
import { proportionDifference, type ProportionDifference } from './difference.js';
import type { RateIndicators } from './rate-indicators.js';
import { summariseWindow, type SummaryOptions, type WindowSummary } from './rate-summary.js';

export interface CohortComparison {
  a: WindowSummary;
  b: WindowSummary;
  differences: Record<RateKey, ProportionDifference | null>;
}

export function compareCohorts(
  prepared: PreparedMetrics, indicators: RateIndicators, window: MetricsWindow,
  maskA: Uint8Array | null, maskB: Uint8Array | null, options: SummaryOptions,
): CohortComparison {
  const a = summariseWindow(prepared, indicators, window, maskA, options);
  const b = summariseWindow(prepared, indicators, window, maskB, options);
  const differences = Object.fromEntries(
    RATE_KEYS.map((key) => [key, proportionDifference(a.rates[key].k, a.rates[key].n, b.rates[key].k, b.rates[key].n)]),
  ) as Record<RateKey, ProportionDifference | null>;
  return { a, b, differences };
}
