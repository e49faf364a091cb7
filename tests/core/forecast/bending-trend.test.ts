// Issue 13's back-test rule on logs whose demand trend bends two years or eighteen months before the
// forecast's date (trend-log.ts `bends`): a model fitted on 36 or 48 months draws a trend through both
// slopes and its bands, holding only the model's own error, missed the months after (before the level's
// drift, count-model.ts fitArrivalStream: rise then fall held the referrals in 7, 9, 12, 6 and 5 of 12
// months for seeds 101-105, flat then rise in 10, 7, 9, 9 and 8). Bends 12 and 15 months back are what the rolling
// origins cannot see (their year ahead ends a year before the forecast's date): the straight trend averaged with
// bent ones (count-model.ts bentTrends) meets the rule on 7 of those 10 logs, 1 of 10 before.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { backtest } from '../../../core/forecast/backtest.js';
import { fitForecast } from '../../../core/forecast/fit.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { trendLog } from './trend-log.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));
const AS_OF = dayFromCivil(2023, 12, 31);
const SHAPES = [
  { name: 'contacts rising 15% a year, then falling 12% a year from January 2022', trendPerYear: 1.15, bends: [{ day: dayFromCivil(2022, 1, 1), trendPerYear: 0.88 }] },
  { name: 'contacts flat, then rising 20% a year from July 2022', trendPerYear: 1.0, bends: [{ day: dayFromCivil(2022, 7, 1), trendPerYear: 1.2 }] },
];

const RECENT = [
  { name: 'contacts rising 15% a year, then falling 12% a year from January 2023 (12 months back)', trendPerYear: 1.15, bends: [{ day: dayFromCivil(2023, 1, 1), trendPerYear: 0.88 }] },
  { name: 'the same from October 2022 (15 months back)', trendPerYear: 1.15, bends: [{ day: dayFromCivil(2022, 10, 1), trendPerYear: 0.88 }] },
];

/** Issue 13's rule on one log: what it misses (referral months, month-12 stocks). */
function backTestMisses(shape: (typeof SHAPES)[number], seed: number): { referrals: string | null; stocks: string[] } {
  const { table } = trendLog({ seed, trendPerYear: shape.trendPerYear, bends: shape.bends });
  const result = backtest(table, map, { monthsBack: 12, runs: 1000, seed: 7, asOf: AS_OF });
  const inside = Math.round(result.measures.referral!.inside80 * 12);
  const stocks: string[] = [];
  for (const name of ['open_cp_plan', 'open_looked_after']) {
    const band = result.forecast.series[name]!;
    const actual = result.measures[name]!.actual[11]!;
    if (actual < band.p2_5[11]! || actual > band.p97_5[11]!) stocks.push(`seed ${seed}: ${name} month 12 ${actual} outside [${band.p2_5[11]}, ${band.p97_5[11]}]`);
  }
  return { referrals: inside < 8 ? `seed ${seed}: referrals inside the 80% band in ${inside} of 12 months` : null, stocks };
}

describe('back-tests on logs whose trend bends', { timeout: 600_000 }, () => {
  it('bends 24 and 18 months back: the 80% band holds the monthly referrals in ≥ 8 of 12 months on every log, the 95% band the month-12 stocks but for at most 1 of the 20 (a 95% band misses 1 in 20 by design), seeds 101-105', () => {
    const referrals: string[] = [];
    const stocks: string[] = [];
    for (const shape of SHAPES) {
      for (let seed = 101; seed <= 105; seed++) {
        const m = backTestMisses(shape, seed);
        if (m.referrals) referrals.push(`${shape.name}, ${m.referrals}`);
        stocks.push(...m.stocks.map((x) => `${shape.name}, ${x}`));
      }
    }
    expect(referrals).toEqual([]);
    expect(stocks.length, stocks.join('; ')).toBeLessThanOrEqual(1);
  });

  it('bends 12 and 15 months back: at least 7 of the 10 logs meet the whole rule (1 of 10 with the straight trend alone), seeds 101-105', () => {
    const failing: string[] = [];
    for (const shape of RECENT) {
      for (let seed = 101; seed <= 105; seed++) {
        const m = backTestMisses(shape, seed);
        if (m.referrals || m.stocks.length) failing.push(`${shape.name}: ${[m.referrals, ...m.stocks].filter(Boolean).join(', ')}`);
      }
    }
    expect(failing.length, failing.join('; ')).toBeLessThanOrEqual(3);
  });

  it('a log whose contacts rise steadily draws no drift for them (its bands are the model\'s own)', () => {
    for (let seed = 101; seed <= 105; seed++) {
      const model = fitForecast(trendLog({ seed, trendPerYear: 1.15 }).table, map, AS_OF);
      expect(model.streams[0]!.drift ?? 0, `seed ${seed}`).toBeLessThan(0.05);
      const bent = fitForecast(trendLog({ seed, ...SHAPES[0]! }).table, map, AS_OF);
      expect(bent.streams[0]!.drift ?? 0, `seed ${seed}, bent`).toBeGreaterThan(0.1);
    }
  });
});
