// The tables shared by the impact view (before vs after) and the cohort view (A vs B): every rate and
// median of both sides with 95% intervals, and the difference of each rate.
import type { ProportionDifference } from '../../../core/analysis/difference.js';
import { MEDIAN_KEYS, type WindowSummary } from '../../../core/analysis/rate-summary.js';
import { makeTable, type ViewTable } from '../../../core/analysis/view-table.js';
import { RATE_KEYS, type RateKey } from '../../../core/metrics.js';
import { ciCells, ciColumns, round1, round4 } from './format.js';

export function comparisonTables(
  a: WindowSummary, b: WindowSummary, differences: Record<RateKey, ProportionDifference | null>, labelA: string, labelB: string,
): ViewTable[] {
  return [
    makeTable(
      'rates',
      `Rates: ${labelA} and ${labelB}, with 95% Wilson intervals; difference ${labelA} − ${labelB} with Newcombe's interval`,
      [
        ['rate', 'Rate', 'text'],
        ['a_k', `${labelA}: numerator`, 'count'],
        ['a_n', `${labelA}: denominator`, 'count'],
        ['a_rate', `${labelA}: rate`, 'rate'],
        ...ciColumns('a_ci', labelA),
        ['b_k', `${labelB}: numerator`, 'count'],
        ['b_n', `${labelB}: denominator`, 'count'],
        ['b_rate', `${labelB}: rate`, 'rate'],
        ...ciColumns('b_ci', labelB),
        ['diff', 'Difference', 'rate'],
        ...ciColumns('diff_ci', 'Difference'),
        ['differs', 'Interval excludes no difference', 'text'],
      ],
      RATE_KEYS.map((key) => {
        const ra = a.rates[key];
        const rb = b.rates[key];
        const d = differences[key];
        return {
          rate: key,
          a_k: ra.k, a_n: ra.n, a_rate: round4(ra.rate), ...ciCells('a_ci', ra.ci),
          b_k: rb.k, b_n: rb.n, b_rate: round4(rb.rate), ...ciCells('b_ci', rb.ci),
          diff: round4(d?.estimate), ...ciCells('diff_ci', d), differs: d ? (d.excludesZero ? 'yes' : 'no') : null,
        };
      }),
    ),
    makeTable(
      'medians',
      `Medians: ${labelA} and ${labelB}, with 95% bootstrap intervals`,
      [
        ['median', 'Median', 'text'],
        ['a_n', `${labelA}: values`, 'count'],
        ['a_median', `${labelA}: median`, 'number'],
        ['a_lower', `${labelA}: 95% CI lower`, 'number'],
        ['a_upper', `${labelA}: 95% CI upper`, 'number'],
        ['b_n', `${labelB}: values`, 'count'],
        ['b_median', `${labelB}: median`, 'number'],
        ['b_lower', `${labelB}: 95% CI lower`, 'number'],
        ['b_upper', `${labelB}: 95% CI upper`, 'number'],
      ],
      MEDIAN_KEYS.map((key) => {
        const ma = a.medians[key];
        const mb = b.medians[key];
        return {
          median: key,
          a_n: ma?.n ?? 0, a_median: round1(ma?.median), a_lower: round1(ma?.lower), a_upper: round1(ma?.upper),
          b_n: mb?.n ?? 0, b_median: round1(mb?.median), b_lower: round1(mb?.lower), b_upper: round1(mb?.upper),
        };
      }),
    ),
  ];
}
