// Issue 13's back-test rule on logs whose demand trend bends two years or eighteen months before the
// forecast's date (trend-log.ts `bends`): a model fitted on 36 or 48 months draws a trend through both
// slopes and its bands, holding only the model's own error, missed the months after (before the level's
// drift, count-model.ts fitArrivalStream: rise then fall held the referrals in 7, 9, 12, 6 and 5 of 12
// months for seeds 101-105, flat then rise in 10, 7, 9, 9 and 8).
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

describe('back-tests on logs whose trend bends', { timeout: 600_000 }, () => {
  for (const shape of SHAPES) {
    it(`${shape.name}: the 80% band holds the monthly referrals in ≥ 8 of 12 months and the 95% band the month-12 stocks, seeds 101-105`, () => {
      const misses: string[] = [];
      for (let seed = 101; seed <= 105; seed++) {
        const { table } = trendLog({ seed, trendPerYear: shape.trendPerYear, bends: shape.bends });
        const result = backtest(table, map, { monthsBack: 12, runs: 1000, seed: 7, asOf: AS_OF });
        const inside = Math.round(result.measures.referral!.inside80 * 12);
        if (inside < 8) misses.push(`seed ${seed}: referrals inside the 80% band in ${inside} of 12 months`);
        for (const name of ['open_cp_plan', 'open_looked_after']) {
          const band = result.forecast.series[name]!;
          const actual = result.measures[name]!.actual[11]!;
          if (actual < band.p2_5[11]! || actual > band.p97_5[11]!) misses.push(`seed ${seed}: ${name} month 12 ${actual} outside [${band.p2_5[11]}, ${band.p97_5[11]}]`);
        }
      }
      expect(misses).toEqual([]);
    });
  }

  it('a log whose contacts rise steadily draws no drift for them (its bands are the model\'s own)', () => {
    for (let seed = 101; seed <= 105; seed++) {
      const model = fitForecast(trendLog({ seed, trendPerYear: 1.15 }).table, map, AS_OF);
      expect(model.streams[0]!.drift ?? 0, `seed ${seed}`).toBeLessThan(0.05);
      const bent = fitForecast(trendLog({ seed, ...SHAPES[0]! }).table, map, AS_OF);
      expect(bent.streams[0]!.drift ?? 0, `seed ${seed}, bent`).toBeGreaterThan(0.1);
    }
  });
});
