// Conversion rates over time (contact → referral, referral → assessment, S47 → ICPC, …): each rate of
// metrics.md per window, with its count and Wilson 95% interval.
import type { MetricsWindow, PreparedMetrics, RateKey } from '../metrics.js';
import { tallyRate, tallyWindows, type RateIndicators } from './rate-indicators.js';
import type { LabelledWindow } from './windows.js';
import { wilsonInterval } from './wilson.js';

export const CONVERSION_KEYS: readonly RateKey[] = ['contact_to_referral', 'referral_to_assessment', 'referral_nfa', 's47_to_icpc', 'icpc_to_cp_plan'];

export interface ConversionPoint {
  month: string;
  rates: Record<string, { k: number; n: number; rate: number | null; lower: number | null; upper: number | null }>;
}

/** One point per window (sorted, not overlapping), labelled by the window's label. */
export function conversionSeries(
  prepared: PreparedMetrics, indicators: RateIndicators, windows: readonly (LabelledWindow & MetricsWindow)[],
  include: Uint8Array | null = null, keys: readonly RateKey[] = CONVERSION_KEYS,
): ConversionPoint[] {
  const tallies = tallyWindows(prepared, indicators, windows, include);
  return windows.map((w, i) => ({
    month: w.label,
    rates: Object.fromEntries(
      keys.map((key) => {
        const r = tallyRate(tallies[i]!, key);
        const ci = wilsonInterval(r.k, r.n);
        return [key, { ...r, lower: ci?.lower ?? null, upper: ci?.upper ?? null }];
      }),
    ),
  }));
}
