// The default impact verdict at the time of year councils mark changes (1 April: a new financial year, new
// structures). On logs with no change built in, where assessments started in February and March are much less
// often done within 45 working days (a spring dip every year), markers every few days through March and April
// must be called changed no more often than about 1 in 20 (at most 2 × 5% over the seeds), not only on average
// over the year. The logs come from this repository's own generator (impact-logs.ts), three years
// (January 2021 to January 2024), so that in springs 2022 and 2023 the timeliness measure has its 6-month look-back,
// 26 weeks either side, and a year of other weeks to learn its season from.
import { describe, expect, it } from 'vitest';
import { impactOfChange } from '../../../core/analysis/impact.js';
import { dayOf, generateLog, MARCH_DIP } from './impact-logs.js';
import { expectConsistent, logOf, PER_WEEK } from './impact-analysed-log.js';

/** Timeliness of assessments started in February and March falls by 25 points (about what a mean of 40 working days instead of 28 does), every year. */
export const SPRING_DIP = MARCH_DIP.map((x, month) => (month === 1 || month === 2 ? -0.25 : month === 3 ? 0.02 : x));


describe('impactOfChange (the default) at spring markers, on logs with a spring dip in timeliness and no change', () => {
  it('calls a change at no more than 10% of markers every 3 days from 1 March to 30 April, over two springs of eight three-year logs', { timeout: 600_000 }, () => {
    let markers = 0;
    let flagged = 0;
    let timelinessTested = 0;
    const byMeasure: Record<string, number> = {};
    for (const seed of [901, 902, 903, 904, 905, 906, 907, 908]) {
      const l = logOf(generateLog({ seed, referralsPerWeek: PER_WEEK * 0.4, start: '2021-01-04', end: '2024-01-01', within45: { base: 0.84, drift: -0.01, season: SPRING_DIP } }));
      for (const year of [2022, 2023]) {
        for (let m = dayOf(`${year}-03-01`); m <= dayOf(`${year}-04-30`); m += 3) {
          const result = impactOfChange(l.prepared, l.indicators, m, { weeksEitherSide: 26, span: l.span });
          expectConsistent(result);
          if (result.tested === 0) continue;
          markers++;
          if (result.findings.find((f) => f.measure === 'assessment_within_45_wd')!.untested === null) timelinessTested++;
          const changed = result.findings.filter((f) => f.changed);
          if (changed.length > 0) flagged++;
          for (const f of changed) byMeasure[f.measure] = (byMeasure[f.measure] ?? 0) + 1;
        }
      }
    }
    expect(markers).toBeGreaterThanOrEqual(300);
    // The measure with the spring dip is tested (not refused) at the spring markers.
    expect(timelinessTested / markers).toBeGreaterThan(0.9);
    expect(flagged / markers, `${flagged} of ${markers} spring markers called changed: ${JSON.stringify(byMeasure)}`).toBeLessThanOrEqual(0.1);
  });
});
