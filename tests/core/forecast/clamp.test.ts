// A rate lever's multiplier that takes a probability past 1, where it is held at 1, says so: in how many of the
// runs' fitted probabilities, and what the lever then acts as (audit a13d M2: ×10 gave ×2.9, without a word).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import { fitForecast } from '../../../core/forecast/fit.js';
import { forecastScenario, ScenarioBodySchema, type ScenarioBody } from '../../../core/forecast/scenario.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { lagLog } from './lag-log.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));
const d = (iso: string) => {
  const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
  return dayFromCivil(y, m, day);
};

describe('M2: a multiplier past 1', { timeout: 120_000 }, () => {
  const asOf = d('2024-03-31');
  it('a multiplier that takes a probability past 1 says in how many runs, and what it acts as; none when it stays under', () => {
    const log = lagLog(3, 0.35, 3, 9, asOf);
    const model = fitForecast(log.table, map, asOf);
    const rate = model.transitions.find((t) => t.id === 'contact_referral')!;
    const fitted = rate.events / rate.exposure;
    expect(fitted).toBeGreaterThan(0.3);
    expect(fitted).toBeLessThan(0.4);
    const run = (multiplier: number) =>
      forecastScenario(model, { months: 2, runs: 40, seed: 2 }, ScenarioBodySchema.parse({ levers: [{ lever: 'contact_to_referral', multiplier, from: formatDay(asOf + 1) }] }) as ScenarioBody).warnings;
    const ten = run(10).filter((w) => w.includes('past 1'));
    expect(ten).toHaveLength(1);
    expect(ten[0]).toContain('contact_to_referral ×10 takes the probability that a contact is followed by a referral within 7 days');
    expect(ten[0]).toContain('in 40 of the 40 runs');
    expect(ten[0]).toContain(`acts as about ×${Math.round((1 / fitted) * 100) / 100}`);
    expect(run(1.2).filter((w) => w.includes('past 1'))).toEqual([]);
    // at 1 / the fitted rate, about half the runs' draws are past 1
    const edge = run(1 / fitted).find((w) => w.includes('past 1'))!;
    const over = Number(/in (\d+) of the 40 runs/.exec(edge)![1]);
    expect(over).toBeGreaterThan(5);
    expect(over).toBeLessThan(35);
  });

});
