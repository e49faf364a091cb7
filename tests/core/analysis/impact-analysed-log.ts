// A generated log made ready for the impact verdict: prepared metrics, rate indicators and the days it covers.
// Shared by the impact tests (the generators themselves stay apart from the analysis).
import { rateIndicators, type RateIndicators } from '../../../core/analysis/rate-indicators.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import { prepareMetrics, type PreparedMetrics } from '../../../core/metrics.js';

/** Two years, like the checks the issue describes; 20,000 children is about 245 referrals a week. */
export const START = '2022-04-04';
export const END = '2024-04-02';
export const PER_WEEK = 20_000 / 0.78 / 104.4;

export interface AnalysedLog {
  prepared: PreparedMetrics;
  indicators: RateIndicators;
  span: { first: number; last: number };
}

export function logOf(records: EventRecord[]): AnalysedLog {
  const prepared = prepareMetrics(buildEventTable(records));
  let first = Infinity;
  let last = -Infinity;
  for (const r of records) {
    first = Math.min(first, r.day);
    last = Math.max(last, r.day);
  }
  return { prepared, indicators: rateIndicators(prepared), span: { first, last } };
}
