// A log that starts as an extract does, with the cases open on its first day carried in and nothing else
// from before it (audit a13's logs, where a 3-year warm-up kept only its still-open episodes). The
// anchors before that day are the children whose cases were still open then: their rates (referral →
// care above all, a long step) are those of a selected few, not of the council. A rate's movement from
// one half-year to the next (between-periods.ts) measured on those blocks too made a run's referral →
// care rate range ×0.3 to ×3 on the a13 logs, and the looked-after band twice as wide as the data said
// (month 12, 95% band over the median: 0.75 on average over 16 logs, 0.40 without those blocks).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { fitForecast, T } from '../../../core/forecast/fit.js';
import { forecast } from '../../../core/forecast/forecast.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { trendLog } from './trend-log.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));
const AS_OF = dayFromCivil(2023, 12, 31);

describe('a log whose first years hold only the cases carried in', { timeout: 300_000 }, () => {
  it('draws its rates and bands as the whole log would, not from the carried-in few', () => {
    const options = { seed: 41, perDay: 8, from: dayFromCivil(2016, 1, 1), to: AS_OF };
    // The same draws: the extract only leaves out the chains closed before 2018-01-01.
    const whole = fitForecast(trendLog(options).table, map, AS_OF);
    const extract = fitForecast(trendLog({ ...options, carriedInFrom: dayFromCivil(2018, 1, 1) }).table, map, AS_OF);
    const between = (m: typeof whole) => m.transitions[T.referral_cla]!.between;
    // Before the fix: 0 on the whole log, 0.27 on the extract (logit scale).
    expect(between(extract)).toBeLessThanOrEqual(between(whole) + 0.02);
    const width = (m: typeof whole) => {
      const band = forecast(m, { months: 12, runs: 300, seed: 1 }).series.open_looked_after!;
      return (band.p97_5[11]! - band.p2_5[11]!) / band.p50[11]!;
    };
    // Before the fix: 0.43 on the whole log, 0.73 on the extract; after it 0.43 and 0.44.
    expect(width(extract)).toBeLessThanOrEqual(1.15 * width(whole));
  });
});
