import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/random.js';
import { rateIndicators, tallyRate, tallyWindows } from '../../../core/analysis/rate-indicators.js';
import { monthWindows } from '../../../core/analysis/windows.js';
import { computeMetrics, prepareMetrics, RATE_KEYS } from '../../../core/metrics.js';
import { buildEventTable, day, randomRecords } from './fixtures.js';

describe('rate indicators', () => {
  const table = buildEventTable(randomRecords(600, 3));
  const prepared = prepareMetrics(table);
  const indicators = rateIndicators(prepared);

  it('add up to exactly computeMetrics on random windows, for every rate', () => {
    const random = seededRandom(9);
    for (let trial = 0; trial < 25; trial++) {
      const from = day('2019-01-01') + Math.floor(random() * 1800);
      const to = from + Math.floor(random() * 500);
      const [tally] = tallyWindows(prepared, indicators, [{ from, to }]);
      const metrics = computeMetrics(prepared, { from, to });
      for (const key of RATE_KEYS) expect(tallyRate(tally!, key).rate, `${key} ${from}..${to}`).toBe(metrics.rates[key]);
      expect(tallyRate(tally!, 'referral_nfa').n).toBe(metrics.counts.referral);
    }
  });

  it('tally consecutive windows in one pass, each equal to its own computeMetrics, honouring a cohort mask', () => {
    const windows = monthWindows(day('2020-03-15'), day('2021-02-10'));
    const mask = Uint8Array.from({ length: table.length }, (_, i) => (table.child[i]! % 3 === 0 ? 1 : 0));
    const tallies = tallyWindows(prepared, indicators, windows, mask);
    windows.forEach((w, i) => {
      const metrics = computeMetrics(prepared, w, mask);
      for (const key of RATE_KEYS) expect(tallyRate(tallies[i]!, key).rate).toBe(metrics.rates[key]);
    });
  });
});
