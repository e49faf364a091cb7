// The forecast judged as the "Done when" judges it, on logs written by trend-log.ts (not by
// synth/): fit to a date, forecast 12 months, then compare with what the log holds after that date.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { backtest } from '../../../core/forecast/backtest.js';
import { fitForecast } from '../../../core/forecast/fit.js';
import { forecast } from '../../../core/forecast/forecast.js';
import { compileScenario, ScenarioSchema } from '../../../core/forecast/levers.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import { EVENT_TYPES, outcomeName } from '../../../core/events.js';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { buildWhereabouts, stationsAt } from '../../../core/whereabouts.js';
import { englandWalesCalendar } from '../../../core/working-days.js';
import { contactRate, trendLog } from './trend-log.js';

const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/front-door.json', import.meta.url), 'utf8')));
const AS_OF = dayFromCivil(2023, 12, 31);
const BACKTEST_RUNS = 1000;

describe('back-test on logs with a trend and seasons', { timeout: 600_000 }, () => {
  for (const [seed, trend] of [[1, 1.15], [2, 0.9], [3, 1.0], [4, 1.25]] as const) {
    it(`seed ${seed}, trend ×${trend} a year: 80% band holds the monthly referrals in ≥ 8 of 12 months, 95% band the month-12 stocks`, () => {
      const { table } = trendLog({ seed, trendPerYear: trend });
      // 1,000 runs, the forecast's default: a 2.5% quantile from 200 runs is its 5th lowest run, and moved
      // seed 2's looked-after band across the actual (51 vs [51.95, 79.03]; [50.98, 80.02] from 1,000).
      const result = backtest(table, map, { monthsBack: 12, runs: BACKTEST_RUNS, seed: 7, asOf: AS_OF });
      const referrals = result.measures.referral!;
      expect(referrals.inside80 * 12).toBeGreaterThanOrEqual(8);
      for (const name of ['open_cp_plan', 'open_looked_after']) {
        const band = result.forecast.series[name]!;
        const actual = result.measures[name]!.actual[11]!;
        expect(actual, `${name} month 12: ${actual} vs [${band.p2_5[11]}, ${band.p97_5[11]}]`).toBeGreaterThanOrEqual(band.p2_5[11]!);
        expect(actual).toBeLessThanOrEqual(band.p97_5[11]!);
      }
      // The fan's bands nest (95% ⊇ 80% ⊇ 50% ⊇ median) in every month of every series.
      const order = ['p2_5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p97_5'] as const;
      for (const [name, band] of Object.entries(result.forecast.series)) {
        for (let m = 0; m < 12; m++) {
          for (let q = 1; q < order.length; q++) expect(band[order[q]!][m]!, `${name} month ${m} ${order[q]}`).toBeGreaterThanOrEqual(band[order[q - 1]!][m]!);
        }
      }
    });
  }
});

describe('starting point', () => {
  it('month 0 stocks are what "who is where" shows on the date (those past the horizon apart), and nothing after the date is read', () => {
    const { table } = trendLog({ seed: 5 });
    const model = fitForecast(table, map, AS_OF);
    const at = stationsAt(buildWhereabouts(table, map), AS_OF);
    for (const s of model.stations) {
      const w = at.stations.find((x) => x.id === s.id)!;
      expect(model.start[s.id]! + model.pastHorizon[s.id]!).toBe(w.waiting);
      expect(model.pastHorizon[s.id]).toBe(w.pastHorizon);
    }
    expect(model.stations.map((s) => s.id).sort()).toEqual(['assessment', 'cin_plan', 'cp_plan', 'looked_after']);
    // Events added after asOf (a burst of referrals and care starts) change nothing in the fit.
    const records: EventRecord[] = [];
    for (let i = 0; i < table.length; i++) {
      records.push({ child: table.childIds[table.child[i]!]!, type: EVENT_TYPES[table.type[i]!]!, day: table.day[i]!, outcome: outcomeName(table.outcome[i]!) });
    }
    for (let k = 0; k < 500; k++) {
      records.push({ child: table.childIds[k]!, type: 'referral', day: AS_OF + 1 + (k % 200) });
      records.push({ child: table.childIds[k]!, type: 'cla_start', day: AS_OF + 2 + (k % 200) });
    }
    const again = fitForecast(buildEventTable(records), map, AS_OF);
    expect(again.transitions).toEqual(model.transitions);
    expect(again.streams).toEqual(model.streams);
    expect(again.start).toEqual(model.start);
    expect(again.openEpisodes).toEqual(model.openEpisodes);
  });
});

describe('trend: placebo and power', { timeout: 180_000 }, () => {
  // The second forecast year over the first: the same calendar months, so seasons cancel.
  const growth = (series: number[]) => series.slice(12).reduce((a, b) => a + b) / series.slice(0, 12).reduce((a, b) => a + b);
  it('placebo: with no trend in the data the median forecast has none (5 logs)', () => {
    for (let seed = 11; seed <= 15; seed++) {
      const { table } = trendLog({ seed, trendPerYear: 1 });
      const f = forecast(fitForecast(table, map, AS_OF), { months: 24, runs: 60, seed: 1 });
      const g = growth(f.series.contact!.p50);
      expect(Math.abs(g - 1), `seed ${seed}: year 2 over year 1 = ${g}`).toBeLessThan(0.04);
    }
  });
  it('power: a real trend of +20% a year is followed (5 logs)', () => {
    for (let seed = 21; seed <= 25; seed++) {
      const { table, options } = trendLog({ seed, trendPerYear: 1.2 });
      const f = forecast(fitForecast(table, map, AS_OF), { months: 24, runs: 60, seed: 1 });
      const g = growth(f.series.contact!.p50);
      expect(g, `seed ${seed}`).toBeGreaterThan(1.14);
      expect(g).toBeLessThan(1.26);
      // and the level is where the generator put it (June 2024: 30 days)
      const truth = contactRate(options, dayFromCivil(2024, 6, 15)) * 30;
      expect(Math.abs(f.series.contact!.p50[5]! / truth - 1), `seed ${seed}`).toBeLessThan(0.08);
    }
  });
});

describe('scenario: contact → referral conversion cut by a quarter', { timeout: 180_000 }, () => {
  it('lowers referrals by about a quarter at once and CP plan and care stocks later, on the same draws', () => {
    const { table } = trendLog({ seed: 31, trendPerYear: 1.05 });
    const model = fitForecast(table, map, AS_OF);
    const options = { months: 24, runs: 200, seed: 3 };
    const scenario = ScenarioSchema.parse({ levers: [{ lever: 'contact_to_referral', multiplier: 0.75, from: '2024-01-01' }] });
    const base = forecast(model, options);
    const cut = forecast(model, options, compileScenario(scenario, model.asOf));
    const ratio = (name: string, m: number) => cut.series[name]!.p50[m]! / base.series[name]!.p50[m]!;
    for (let m = 1; m < 24; m++) {
      expect(ratio('referral', m)).toBeGreaterThan(0.68);
      expect(ratio('referral', m)).toBeLessThan(0.82);
    }
    expect(ratio('contact', 5)).toBe(1);
    // Downstream stocks fall with a lag: little in month 1, more by month 12, more again by month 24.
    for (const name of ['open_cp_plan', 'open_looked_after']) {
      expect(ratio(name, 0)).toBeGreaterThan(0.95);
      expect(ratio(name, 11)).toBeLessThan(ratio(name, 0));
      expect(ratio(name, 23)).toBeLessThan(ratio(name, 11) + 0.01);
    }
    expect(ratio('open_cp_plan', 11)).toBeLessThan(0.88);
    // The size for children looked after too (the checks above hold for a fall of 0.1%): by month 24 the
    // stock is down by most of the care starts the cut removed, and by no more than them (seed 31: 0.864 of
    // the baseline, 15 children fewer of 110, for 20 fewer care starts over the 24 months, 117 → 97).
    expect(ratio('open_looked_after', 23)).toBeLessThan(0.95);
    const sum = (name: string, f: typeof base) => f.series[name]!.p50.reduce((a, b) => a + b, 0);
    const startsLost = sum('cla_start', base) - sum('cla_start', cut);
    const stockLost = base.series.open_looked_after!.p50[23]! - cut.series.open_looked_after!.p50[23]!;
    expect(startsLost / sum('cla_start', base), 'care starts over 24 months, lost share').toBeGreaterThan(0.1);
    expect(stockLost, `looked after at month 24: ${stockLost} fewer for ${startsLost} fewer care starts`).toBeGreaterThan(0.4 * startsLost);
    expect(stockLost).toBeLessThanOrEqual(startsLost);
  });
});

describe('forecast from a date inside a month (review v13 finding 2)', { timeout: 180_000 }, () => {
  it('from 1, 15 and 31 March the April referrals agree; a mid-month start forecasts March itself, its observed days counted as they are', () => {
    const { table } = trendLog({ seed: 61, trendPerYear: 1.05 });
    const from = (d: number) => forecast(fitForecast(table, map, dayFromCivil(2023, 3, d)), { months: 3, runs: 200, seed: 5 });
    const end = from(31);
    expect(end.months[0]).toBe('2023-04');
    const aprilEnd = end.series.referral!.p50[0]!;
    let marchActual = 0;
    for (let i = 0; i < table.length; i++) {
      const day = table.day[i]!;
      if (EVENT_TYPES[table.type[i]!] === 'referral' && day >= dayFromCivil(2023, 3, 1) && day <= dayFromCivil(2023, 3, 31)) marchActual++;
    }
    for (const d of [1, 15]) {
      const f = from(d);
      expect(f.months.slice(0, 2), `from 2023-03-${d}`).toEqual(['2023-03', '2023-04']);
      const april = f.series.referral!.p50[1]!;
      expect(Math.abs(april / aprilEnd - 1), `April referrals from 2023-03-${d}: ${april}, from 31 March ${aprilEnd}`).toBeLessThan(0.08);
      const march = f.series.referral!;
      expect(marchActual, `March from 2023-03-${d}: actual ${marchActual} vs [${march.p2_5[0]}, ${march.p97_5[0]}]`).toBeGreaterThanOrEqual(march.p2_5[0]!);
      expect(marchActual).toBeLessThanOrEqual(march.p97_5[0]!);
    }
  });
});

describe('records never closed (review v13 finding 3)', { timeout: 180_000 }, () => {
  it('assessments left open past the map\'s horizon are reported apart and left out of both the start stock and the back-test\'s actual', () => {
    // The ends of the assessments begun in 2021 were never recorded (a recording gap).
    const { table } = trendLog({ seed: 71 });
    const records: EventRecord[] = [];
    const lost = [dayFromCivil(2021, 1, 1), dayFromCivil(2021, 12, 31)];
    const started = new Map<string, number>();
    for (let i = 0; i < table.length; i++) {
      const child = table.childIds[table.child[i]!]!;
      const type = EVENT_TYPES[table.type[i]!]!;
      if (type === 'assessment_start') started.set(child, table.day[i]!);
      if (type === 'assessment_end') {
        const from = started.get(child);
        if (from !== undefined && from >= lost[0]! && from <= lost[1]!) continue;
      }
      records.push({ child, type, day: table.day[i]!, outcome: outcomeName(table.outcome[i]!) });
    }
    const gappy = buildEventTable(records);
    const result = backtest(gappy, map, { monthsBack: 12, runs: 200, seed: 7, asOf: AS_OF });
    const horizon = map.stations.find((s) => s.id === 'assessment')!.staleAfterDays!;
    const at = stationsAt(buildWhereabouts(gappy, map), AS_OF).stations.find((s) => s.id === 'assessment')!;
    expect(at.pastHorizon, 'the gap leaves assessments open for years').toBeGreaterThan(100);
    // The start stock is what the map shows minus those past the horizon, and they are reported.
    expect(result.forecast.start.open_assessment).toBe(at.waiting - at.pastHorizon);
    expect(result.forecast.pastHorizon.open_assessment).toBe(at.pastHorizon);
    expect(horizon).toBe(365);
    // No cliff in month 1, and the actual (counted the same way) lies in the 95% band most months.
    const band = result.forecast.series.open_assessment!;
    expect(Math.abs(band.p50[0]! / result.forecast.start.open_assessment! - 1)).toBeLessThan(0.15);
    const m = result.measures.open_assessment!;
    expect(m.inside95 * 12, `actual ${m.actual.join(' ')}; band ${band.p2_5.join(' ')} – ${band.p97_5.join(' ')}`).toBeGreaterThanOrEqual(10);
    expect(m.pastHorizon![11]).toBeGreaterThan(100);
  });
});

describe('working days (review v13 finding 5)', { timeout: 180_000 }, () => {
  it('contacts made mostly on working days: each month\'s forecast follows its working days and bank holidays', () => {
    const { table, options } = trendLog({ seed: 81, perDay: 20, offDayRate: 0.2, season: 0.5, trendPerYear: 1.05 });
    const f = forecast(fitForecast(table, map, AS_OF), { months: 12, runs: 100, seed: 2 });
    const errors = f.months.map((label, m) => {
      const [y, mo] = label.split('-').map(Number) as [number, number];
      let truth = 0;
      for (let d = dayFromCivil(y, mo, 1); d < dayFromCivil(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1); d++) truth += contactRate(options, d);
      return f.series.contact!.p50[m]! / truth - 1;
    });
    const text = errors.map((e, m) => `${f.months[m]} ${(e * 100).toFixed(1)}%`).join(', ');
    expect(Math.max(...errors.map(Math.abs)), text).toBeLessThan(0.07); // without working days: 12.0% (March 2024, Easter)
    expect(errors.reduce((a, e) => a + Math.abs(e), 0) / 12, text).toBeLessThan(0.025); // without: 4.2%
  });

  it('contacts only on working days at a constant daily rate: months scale with their working days', () => {
    const { table, options } = trendLog({ seed: 82, perDay: 20, offDayRate: 0, season: 0, trendPerYear: 1 });
    const f = forecast(fitForecast(table, map, AS_OF), { months: 12, runs: 200, seed: 3 });
    const workingDays = f.months.map((label) => {
      const [y, mo] = label.split('-').map(Number) as [number, number];
      return englandWalesCalendar().between(dayFromCivil(y, mo, 1) - 1, dayFromCivil(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1) - 1);
    });
    const few = workingDays.indexOf(Math.min(...workingDays));
    const many = workingDays.indexOf(Math.max(...workingDays));
    const band = f.series.contact!;
    const text = f.months.map((m, k) => `${m} ${workingDays[k]} wd: ${band.p50[k]} [${band.p10[k]}, ${band.p90[k]}]`).join('; ');
    // 2024: March (Good Friday) has 20 working days, July 23
    expect([workingDays[few], workingDays[many]], text).toEqual([20, 23]);
    // each month's expected count (20 a working day) inside its 80% band, and the two months in the ratio of their working days
    for (const k of [few, many]) {
      expect(options.perDay * workingDays[k]!, text).toBeGreaterThanOrEqual(band.p10[k]!);
      expect(options.perDay * workingDays[k]!, text).toBeLessThanOrEqual(band.p90[k]!);
    }
    expect(band.p50[many]! / band.p50[few]!, text).toBeCloseTo(23 / 20, 1);
    expect(Math.abs(band.p50[many]! / band.p50[few]! / (23 / 20) - 1), text).toBeLessThan(0.04);
  });
});
