// Levers, the baseline-scenario difference and costs, on an independent log (trend-log.ts).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { fitForecast, type FittedForecast } from '../../../core/forecast/fit.js';
import { compileScenario, ScenarioSchema } from '../../../core/forecast/levers.js';
import { emptyChildAttributes } from '../../../core/children.js';
import { forecastScenario, ScenarioBodySchema, type ScenarioBody } from '../../../core/forecast/scenario.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { trendLog } from './trend-log.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));
const options = { months: 24, runs: 100, seed: 9 };
let model: FittedForecast;
beforeAll(() => {
  model = fitForecast(trendLog({ seed: 41, perDay: 5 }).table, map, dayFromCivil(2023, 12, 31));
});
const run = (body: unknown) => forecastScenario(model, options, ScenarioBodySchema.parse(body) as ScenarioBody);
const width = (b: { p10: number[]; p90: number[] }, m: number) => b.p90[m]! - b.p10[m]!;

describe('scenario levers', { timeout: 120_000 }, () => {
  it('no levers: the scenario is the baseline run for run, the difference exactly 0', () => {
    const r = run({ levers: [] });
    expect(r.series).toEqual(r.baseline);
    for (const band of Object.values(r.difference)) expect(band.p2_5.concat(band.p97_5).every((v) => v === 0)).toBe(true);
  });
  it('same draws: the difference band is narrower than the baseline band', () => {
    const r = run({ levers: [{ lever: 's47_rate', multiplier: 0.8, from: '2024-01-01' }] });
    expect(width(r.difference.s47_start!, 12)).toBeLessThan(width(r.baseline.s47_start!, 12));
    expect(r.difference.s47_start!.p50[12]!).toBeLessThan(0);
    expect(r.difference.contact!.p97_5.every((v) => v === 0)).toBe(true);
  });
  it('a lever from a later date with a phase-in acts only from then, fully after it', () => {
    const r = run({ levers: [{ lever: 'contact_to_referral', multiplier: 0.5, from: '2024-07-01', phaseInMonths: 6 }] });
    const ratio = (m: number) => r.series.referral!.p50[m]! / r.baseline.referral!.p50[m]!;
    expect(ratio(2)).toBeCloseTo(1, 1);
    expect(ratio(8)).toBeGreaterThan(0.55);
    expect(ratio(8)).toBeLessThan(0.95);
    expect(ratio(18)).toBeGreaterThan(0.4);
    expect(ratio(18)).toBeLessThan(0.6);
  });
  it('a cap on time in care lowers the looked-after stock; a multiplier above 1 raises it', () => {
    const cap = run({ levers: [{ lever: 'time_in_care', capDays: 365, from: '2024-01-01' }] });
    expect(cap.series.open_looked_after!.p50[23]!).toBeLessThan(cap.baseline.open_looked_after!.p50[23]! * 0.8);
    const longer = run({ levers: [{ lever: 'time_on_cp_plan', multiplier: 1.5, from: '2024-01-01' }] });
    expect(longer.series.open_cp_plan!.p50[12]!).toBeGreaterThan(longer.baseline.open_cp_plan!.p50[12]! * 1.15);
  });
  it('a cap with no phase-in says that it ends every period over it at once; with a phase-in, or a multiplier, it says nothing', () => {
    // The lever's meaning is kept (those over the cap leave on its first day); the answer says so instead of
    // leaving a first-month cliff to be read off the chart (on the demo: April's children looked after 127 -> 36).
    const cap = run({ levers: [{ lever: 'time_in_care', capDays: 365, from: '2024-01-01' }] });
    expect(cap.warnings).toHaveLength(1);
    const said = /^Time in care capped at 365 days from 1 January 2024 with no phase-in: (\d+) of the (\d+) periods of care open on 31 December 2023 are then 365 days long or more and end that day, so the number of children looked after falls within the first month\. To bring the cap in gradually, phase it in over some months \(phaseInMonths\)\.$/.exec(cap.warnings[0]!);
    expect(said).not.toBeNull();
    const [atOnce, open] = [Number(said![1]), Number(said![2])];
    expect(open).toBe(model.start.looked_after);
    expect(atOnce).toBeGreaterThan(0);
    // the fall the warning names is the first month's: the stock drops by at least half of those ended at once
    expect(cap.baseline.open_looked_after!.p50[0]! - cap.series.open_looked_after!.p50[0]!).toBeGreaterThan(atOnce / 2);
    expect(run({ levers: [{ lever: 'time_in_care', capDays: 365, from: '2024-01-01', phaseInMonths: 12 }] }).warnings).toEqual([]);
    expect(run({ levers: [{ lever: 'time_in_care', multiplier: 0.5, from: '2024-01-01' }] }).warnings).toEqual([]);
    // a cap longer than any period open on the date ends none at once
    expect(run({ levers: [{ lever: 'time_on_cp_plan', capDays: 100_000, from: '2024-01-01' }] }).warnings).toEqual([]);
  });
  it('step-down from care: 20% a year lowers the care stock by roughly that after a year', () => {
    const r = run({ levers: [{ lever: 'step_down_from_care', sharePerYear: 0.2, from: '2024-01-01' }] });
    const ratio = r.series.open_looked_after!.p50[11]! / r.baseline.open_looked_after!.p50[11]!;
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(0.92);
  });
  it('demand growth of 10% a year raises contacts ~10% in the second year; a population table the same', () => {
    const g = run({ levers: [{ lever: 'demand_growth', percentPerYear: 10, from: '2024-01-01' }] });
    const second = (s: number[]) => s.slice(12).reduce((a, b) => a + b);
    const ratio = second(g.series.contact!.p50) / second(g.baseline.contact!.p50);
    expect(ratio).toBeGreaterThan(1.1);
    expect(ratio).toBeLessThan(1.2); // 1.1^1.5 = 1.154 in the middle of year 2
    const p = run({ levers: [{ lever: 'demand_growth', population: { '0_9': { '2024': 10000, '2026': 12100 }, '10_17': { '2024': 10000, '2026': 12100 } }, from: '2024-01-01' }] });
    const ratioP = second(p.series.contact!.p50) / second(p.baseline.contact!.p50);
    expect(ratioP).toBeGreaterThan(1.1);
    expect(ratioP).toBeLessThan(1.2);
  });
  it('a lever dated before asOf (2023-12-31) changes nothing before it: the same answer as from the day after', () => {
    // The data up to asOf is what happened. Before, time on a CP plan ×0.5 from 2022-06-01 halved the CP
    // plans open on asOf within January 2024, step-down from 2022 took a fifth of the children in care at
    // once, and 10% a year from 2021 raised January's contacts by 1.1^3 at once.
    const levers = [
      { lever: 'time_on_cp_plan', multiplier: 0.5 },
      { lever: 'time_in_care', multiplier: 0.6 },
      { lever: 'time_on_cin_plan', capDays: 200 },
      { lever: 'step_down_from_care', sharePerYear: 0.2 },
      { lever: 'demand_growth', percentPerYear: 10 },
      { lever: 'demand_growth', population: { '0_9': { '2021': 10000, '2026': 12100 }, '10_17': { '2021': 10000, '2026': 10000 } } },
      { lever: 'contact_to_referral', multiplier: 0.75 },
    ];
    for (const lever of levers) {
      const past = run({ levers: [{ ...lever, from: lever.lever === 'demand_growth' ? '2021-01-01' : '2022-06-01' }] });
      const next = run({ levers: [{ ...lever, from: '2024-01-01' }] });
      // No cliff in the first month (halving the time left on CP plans from 1 January takes January's
      // month-end CP plans to 0.90 of the baseline; from 2022 it took them to 0.44). A cap is left out:
      // from 1 January it closes at once the plans already longer (CIN plans in January: 0.71).
      for (const name of 'capDays' in lever ? [] : ['open_cp_plan', 'open_looked_after', 'open_cin_plan', 'contact']) {
        const ratio = past.series[name]!.p50[0]! / past.baseline[name]!.p50[0]!;
        expect(ratio, `${lever.lever}: ${name} in January 2024, scenario over baseline`).toBeGreaterThan(0.8);
        expect(ratio, `${lever.lever}: ${name} in January 2024, scenario over baseline`).toBeLessThan(1.1);
      }
      expect(past.series, lever.lever).toEqual(next.series);
    }
  });
  it('costs: quarterly sums of month-end stock × weeks × weekly cost, inflated', () => {
    const r = run({ levers: [], costs: { weekly: { looked_after: 1000 }, inflationPerYear: 0 } });
    const c = r.costs!.baseline;
    expect(c.quarters.slice(0, 2)).toEqual(['2024-Q1', '2024-Q2']);
    expect(c.quarters).toHaveLength(8);
    // Q1 2024: Jan 31, Feb 29, Mar 31 days; the median of a sum is near the sum of medians
    const s = r.baseline.open_looked_after!.p50;
    const expected = ((s[0]! * 31 + s[1]! * 29 + s[2]! * 31) / 7) * 1000;
    expect(Math.abs(c.series.cost_looked_after!.p50[0]! / expected - 1)).toBeLessThan(0.03);
    expect(c.series.cost_total!.p50).toEqual(c.series.cost_looked_after!.p50);
    const inflated = run({ levers: [], costs: { weekly: { looked_after: 1000 }, inflationPerYear: 10 } });
    expect(inflated.costs!.baseline.series.cost_total!.p50[7]! / c.series.cost_total!.p50[7]!).toBeCloseTo(1.1 ** ((dayFromCivil(2025, 11, 15) - dayFromCivil(2023, 12, 31)) / 365.25), 1);
    expect(() => run({ levers: [], costs: { weekly: { nowhere: 1 } } })).toThrow(/no station "nowhere"/);
    expect(c.quarterMonths.every((months) => months.length === 3)).toBe(true);
  });
  it('costs: a quarter the forecast only partly covers says which months its sum holds', () => {
    // 13 months from 2023-12-31: the last quarter, 2025-Q1, holds January 2025 only, a third of a quarter's cost.
    const r = forecastScenario(model, { ...options, months: 13 }, ScenarioBodySchema.parse({ levers: [], costs: { weekly: { looked_after: 1000 } } }) as ScenarioBody);
    const c = r.costs!.baseline;
    expect(c.quarters.at(-1)).toBe('2025-Q1');
    expect(c.quarterMonths.at(-1)).toEqual(['2025-01']);
    expect(c.quarterMonths[0]).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(r.costs!.scenario.quarterMonths).toEqual(c.quarterMonths);
    expect(r.costs!.difference.quarterMonths).toEqual(c.quarterMonths);
    const ratio = c.series.cost_total!.p50.at(-1)! / c.series.cost_total!.p50.at(-2)!;
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(0.42);
  });
});

describe('scenario body validation', () => {
  it('names the path and reason of a bad lever', () => {
    const bad = ScenarioSchema.safeParse({ levers: [{ lever: 'contact_to_referral', multiplier: -1, from: '2024-01-01' }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.some((i) => i.path.join('.').startsWith('levers.0'))).toBe(true);
    expect(ScenarioSchema.safeParse({ levers: [{ lever: 'unknown', multiplier: 1, from: '2024-01-01' }] }).success).toBe(false);
    expect(ScenarioSchema.safeParse({ levers: [{ lever: 's47_rate', multiplier: 1, from: '2024-02-30' }] }).success).toBe(false);
    expect(ScenarioSchema.safeParse({ levers: [{ lever: 'time_in_care', from: '2024-01-01' }] }).success).toBe(false);
    expect(ScenarioSchema.safeParse({ levers: [{ lever: 'demand_growth', from: '2024-01-01' }] }).success).toBe(false);
  });
});

describe('a population projection acts per age band (review v13 finding 8)', { timeout: 120_000 }, () => {
  // The same total, 25,000 children in 2024 and 2026, moving from the oldest band to the youngest.
  const shift = { '0_4': { '2024': 10000, '2026': 15000 }, '16_17': { '2024': 15000, '2026': 10000 } };
  const lever = { lever: 'demand_growth', population: shift, from: '2024-01-01' };
  it('each stream grows as the bands its arrivals come from', () => {
    const effects = compileScenario(ScenarioSchema.parse({ levers: [lever] }), dayFromCivil(2023, 12, 31));
    const day = dayFromCivil(2026, 1, 1);
    const young = new Float64Array(19);
    young[2] = 1; // all arrivals aged 2
    const old = new Float64Array(19);
    old[16] = 1;
    expect(effects.demand(day, young)).toBeCloseTo(1.5, 2);
    expect(effects.demand(day, old)).toBeCloseTo(2 / 3, 2);
    const unknown = new Float64Array(19);
    unknown[18] = 1; // age not known, or in no band given: the total's growth
    expect(effects.demand(day, unknown)).toBeCloseTo(1, 2);
    const between = new Float64Array(19);
    between[9] = 1;
    expect(effects.demand(day, between)).toBeCloseTo(1, 2);
    expect(ScenarioSchema.safeParse({ levers: [{ ...lever, population: { '0_4': { '2024': 1 }, '3_6': { '2024': 1 } } }] }).error?.issues[0]?.message).toMatch(/overlap/);
    expect(ScenarioSchema.safeParse({ levers: [{ ...lever, population: { toddlers: { '2024': 1 } } }] }).error?.issues[0]?.message).toMatch(/age band/);
  });
  it('a log of young children: the shift raises their forecast contacts though the total is flat', () => {
    const { table } = trendLog({ seed: 42, perDay: 4 });
    const children = emptyChildAttributes(table.childIds.length);
    for (let c = 0; c < table.childIds.length; c++) children.dob[c] = table.day[table.childStart[c]!]! - 2 * 365; // two at their first event
    const young = fitForecast(table, map, dayFromCivil(2023, 12, 31), children);
    const r = forecastScenario(young, options, ScenarioBodySchema.parse({ levers: [lever] }) as ScenarioBody);
    const second = (s: number[]) => s.slice(12).reduce((a, b) => a + b);
    const ratio = second(r.series.contact!.p50) / second(r.baseline.contact!.p50);
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(1.6);
  });
});
