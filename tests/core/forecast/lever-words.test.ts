// Levers that cannot mean what they say are said to (audit a13f): a population table that leaves ages out holds
// those ages' arrivals at today's number (it made every age grow as the under-1s, contacts ×2.70 where the
// under-1s are 5% of them) and the answer names the ages and their share of contacts; a lever dated after the
// forecast's last day, or the same lever given twice, is accepted but said.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { fitForecast } from '../../../core/forecast/fit.js';
import { compileScenario, ScenarioSchema } from '../../../core/forecast/levers.js';
import { leverWarnings } from '../../../core/forecast/scenario.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { trendLog } from './trend-log.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));
const AS_OF = dayFromCivil(2023, 12, 31);
const underOnes = { lever: 'demand_growth', population: { under_1: { '2024': 1000, '2026': 2000 } }, from: '2024-01-01' };

describe('levers said as they act', { timeout: 120_000 }, () => {
  it('a table of the under-1s alone grows the under-1s and holds every other age', () => {
    const effects = compileScenario(ScenarioSchema.parse({ levers: [underOnes] }), AS_OF);
    const day = dayFromCivil(2026, 1, 1);
    const ages = (entries: Array<[number, number]>) => {
      const a = new Float64Array(19);
      for (const [age, share] of entries) a[age] = share;
      return a;
    };
    expect(effects.demand(day, ages([[0, 1]]))).toBeCloseTo(2, 2);
    expect(effects.demand(day, ages([[9, 1]]))).toBeCloseTo(1, 6);
    // 5% under 1, the rest older: ×1.05, not ×2
    expect(effects.demand(day, ages([[0, 0.05], [12, 0.95]]))).toBeCloseTo(1.05, 6);
    // arrivals of unknown age follow the known ages' mix
    expect(effects.demand(day, ages([[0, 0.05], [12, 0.45], [18, 0.5]]))).toBeCloseTo(1.1, 6);
  });

  it('names the ages a table leaves out, and their share of contacts; a lever after the last day; a lever twice', () => {
    const { table } = trendLog({ seed: 5, perDay: 4, to: AS_OF });
    const fitted = fitForecast(table, map, AS_OF);
    const shares = new Float64Array(19);
    shares[0] = 0.05;
    shares[10] = 0.95;
    const model = { ...fitted, ageShares: fitted.ageShares.map((s, k) => (k === 0 ? shares : s)) };
    const scenario = ScenarioSchema.parse({ levers: [underOnes, { lever: 's47_rate', multiplier: 0.5, from: '2030-01-01' }, { lever: 's47_rate', multiplier: 0.8, from: '2024-02-01' }] });
    const words = leverWarnings(model, scenario, { runs: 10, seed: 1, months: 12 });
    expect(words).toContain("levers.0: the population table gives no band for ages 1 to 17: arrivals of children of those ages (95% of the contacts in the last fitted year) are held at today's number, not grown. Give a band for every age to grow them too.");
    expect(words).toContain("levers.1: s47_rate acts from 1 January 2030, after the forecast's last day (31 December 2024): it changes nothing in this forecast.");
    expect(words).toContain('levers.2: s47_rate is given twice (levers.1 too): both act, one on top of the other.');
    const whole = ScenarioSchema.parse({ levers: [{ lever: 'demand_growth', population: { '0_4': { '2024': 1, '2026': 2 }, '5_plus': { '2024': 1, '2026': 1.5 } }, from: '2024-01-01' }] });
    expect(leverWarnings(model, whole, { runs: 10, seed: 1, months: 12 })).toEqual([]);
  });

  it('says a population table that grows nothing over the forecast changes nothing (audit a13g)', () => {
    const { table } = trendLog({ seed: 5, perDay: 4, to: AS_OF });
    const model = fitForecast(table, map, AS_OF);
    const flat = (population: Record<string, Record<string, number>>) => ScenarioSchema.parse({ levers: [{ lever: 'demand_growth', population, from: '2024-01-01' }] });
    const said = "levers.0: the population table gives the same population for every band from 1 January 2024 to the forecast's last day (31 December 2024)";
    const day = dayFromCivil(2024, 12, 31);
    const mix = new Float64Array(19).fill(1 / 19);
    // one year only; only a year after the forecast; two years both after it: each grows nothing, and is said
    const tables: Array<Record<string, Record<string, number>>> = [{ '0_17': { '2024': 1000 } }, { '0_17': { '2030': 1000 } }, { '0_4': { '2030': 10, '2031': 20 }, '5_17': { '2030': 30 } }];
    for (const population of tables) {
      const scenario = flat(population);
      expect(compileScenario(scenario, AS_OF).demand(day, mix)).toBe(1);
      expect(leverWarnings(model, scenario, { runs: 10, seed: 1, months: 12 }).some((w) => w.startsWith(said))).toBe(true);
    }
    // a band that grows inside the forecast is not flat, even beside a flat one
    const growing = flat({ '0_4': { '2024': 10, '2025': 20 }, '5_17': { '2030': 30 } });
    expect(compileScenario(growing, AS_OF).demand(day, mix)).toBeGreaterThan(1);
    expect(leverWarnings(model, growing, { runs: 10, seed: 1, months: 12 }).some((w) => w.includes('gives the same population'))).toBe(false);
  });
});
