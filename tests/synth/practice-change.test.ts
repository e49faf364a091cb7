// Issue 10 (audit a10m): a council that changes its practice in mid-log. The transition cells pool every year, so
// before the duration and step trends a copy of such a log blended the two practices: on the "reform" log below
// (50,000 children, a reform on 1 October 2021), copy seed 7 had assessments a median 24-25 days in 2022-25 where
// the log has 19, S47s −28% in 2020-21 and +48% in 2024-25, and 186 CP plans open at the end where the log has 90.
// The placebo is the same process without the reform: no trend of either kind is fitted.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { EV, outcomeCode } from '../../core/events.js';
import { computeMetrics, prepareMetrics, type Metrics } from '../../core/metrics.js';
import { fidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import type { Model } from '../../synth/model.js';
import { generateDataset, type SyntheticDataset } from '../../synth/output.js';
import { reformLog } from './generators/reform.js';
import type { TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);
const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024];
const yearly = (log: { table: TestLog['table'] }): Metrics[] => {
  const prepared = prepareMetrics(log.table);
  return YEARS.map((y) => computeMetrics(prepared, { from: dayFromCivil(y, 4, 1), to: dayFromCivil(y + 1, 3, 31) }));
};

describe('a change of practice in mid-log (test generator "reform")', () => {
  let log: TestLog;
  let model: Model;
  let copy: SyntheticDataset;

  beforeAll(() => {
    log = reformLog({ children: 50_000, from: FROM, to: TO, seed: 11 }, { reformDay: dayFromCivil(2021, 10, 1) });
    model = fitModel(log.table, log.children);
    copy = generateDataset(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: 7 });
  }, 120_000);

  it('fits shorter assessments and CP plans after the change, and fewer S47s after a strategy discussion', () => {
    const shifts = (event: string) => model.durationTrends?.find((t) => t.event === event)?.periods.map((p) => p.logShift) ?? [];
    // log(40 / 19) = 0.74 and log(330 / 175) = 0.63 between the first years and the last
    expect(shifts('assessment_end')[0]! - shifts('assessment_end').at(-1)!).toBeGreaterThan(0.5);
    expect(shifts('cp_plan_end')[0]! - shifts('cp_plan_end').at(-1)!).toBeGreaterThan(0.45);
    const s47 = model.stepTrends?.find((t) => t.after === 'strategy_discussion')?.periods.map((p) => p.factors.find((f) => f.event === 's47_start')?.factor ?? 1) ?? [];
    expect(s47.length).toBeGreaterThanOrEqual(5);
    expect(s47.at(-1)! / s47[0]!).toBeLessThan(0.75);
  });

  it('the copy follows the log year by year: assessment lengths, S47s, CIN plans, what is open at the end', () => {
    const real = yearly(log);
    const synthetic = yearly(copy);
    YEARS.forEach((year, k) => {
      const r = real[k]!;
      const s = synthetic[k]!;
      // every year but the reform's own (its assessments are a blend the years' midpoints smooth over)
      if (year !== 2021) expect(Math.abs(s.durations.assessment_days_median! / r.durations.assessment_days_median! - 1), `assessment median ${year}`).toBeLessThanOrEqual(0.12);
      // counts within 3 standard errors of the difference of two samples (S47s a year: about 400-1,000, so 9-14%)
      for (const key of ['s47_start', 'cin_plan_start'] as const) {
        const [a, b] = [r.counts[key]!, s.counts[key]!];
        expect(Math.abs(b - a), `${key} ${year}: ${a} vs ${b}`).toBeLessThanOrEqual(3 * Math.sqrt(a + b));
      }
    });
    const report = fidelityReport(log, copy);
    for (const o of report.openAtEnd) expect(o.pass, `open at the end: ${o.stage} ${o.real} vs ${o.synthetic}`).toBe(true);
    for (const m of report.medians) expect(m.pass, `median ${m.key}: ${m.real} vs ${m.synthetic}`).toBe(true);
    for (const r of report.rates) expect(r.pass, `rate ${r.key}: ${r.real} vs ${r.synthetic}`).toBe(true);
    for (const v of report.volumes) expect(v.pass, `${v.measure} ${v.from}: ${v.real} vs ${v.synthetic}`).toBe(true);
    expect(report.grammar.syntheticBreaks).toBe(0);
  });

  it('keeps a same-day step after an assessment whose lengths changed: early help starting the day it ends (audit a10n)', () => {
    // The year's shift was taken off days from the previous event too, and the copy's same-day early help fell to 20%.
    const withHelp = reformLog({ children: 30_000, from: FROM, to: TO, seed: 14 }, { reformDay: dayFromCivil(2021, 10, 1), earlyHelp: true });
    const fitted = fitModel(withHelp.table, withHelp.children);
    expect(fitted.durationTrends?.some((t) => t.event === 'assessment_end')).toBe(true);
    const helped = generateDataset(fitted, { children: withHelp.table.childIds.length, ...fittedPeriod(fitted), seed: 7 });
    const sameDay = (table: TestLog['table']): number => {
      let ended = 0;
      let linked = 0;
      for (let c = 0; c < table.childIds.length; c++) {
        for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
          if (table.type[i] !== EV.assessment_end || table.outcome[i] !== outcomeCode('early_help')) continue;
          ended++;
          for (let j = table.childStart[c]!; j < table.childStart[c + 1]!; j++) if (table.type[j] === EV.early_help_start && table.day[j] === table.day[i]) (linked++, (j = table.childStart[c + 1]!));
        }
      }
      return linked / ended;
    };
    expect(sameDay(withHelp.table)).toBeGreaterThan(0.95);
    expect(sameDay(helped.table)).toBeGreaterThan(sameDay(withHelp.table) - 0.05);
  }, 120_000);

  it('placebo: the same process without the reform gets no trend in lengths or steps (two logs)', () => {
    for (const seed of [12, 13]) {
      const still = reformLog({ children: 50_000, from: FROM, to: TO, seed });
      const fitted = fitModel(still.table, still.children);
      expect(fitted.durationTrends, `seed ${seed}`).toBeUndefined();
      expect(fitted.stepTrends, `seed ${seed}`).toBeUndefined();
    }
  }, 120_000);
});
