// Fit on data from an independent generator (reference-generator.ts, parameters unlike the defaults),
// regenerate as many children, and every rate of metrics.md must come back within 2 percentage points
// and every median within 10%: the fidelity report must say so too.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { EV } from '../../core/events.js';
import { RATE_KEYS, computeMetrics, prepareMetrics, type Metrics } from '../../core/metrics.js';
import { fidelityReport, type FidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { generateDataset, type SyntheticDataset } from '../../synth/output.js';
import { referenceDataset, type ReferenceDataset } from './reference-generator.js';

const FROM = dayFromCivil(2021, 4, 1);
const TO = dayFromCivil(2025, 3, 31);
// Enough children that sampling noise on the rarest rate (ICPC to CP plan) stays well under 2 points.
const CHILDREN = 100_000;

describe('fit then generate reproduces the metrics of data it has never seen the generator of', () => {
  let real: ReferenceDataset;
  let synthetic: SyntheticDataset;
  let a: Metrics;
  let b: Metrics;
  let report: FidelityReport;

  beforeAll(() => {
    real = referenceDataset({ children: CHILDREN, from: FROM, to: TO, seed: 9 });
    const model = fitModel(real.table, real.children, { to: TO });
    synthetic = generateDataset(model, { children: real.table.childIds.length, from: FROM, to: TO, seed: 1 });
    a = computeMetrics(prepareMetrics(real.table), { from: FROM, to: TO });
    b = computeMetrics(prepareMetrics(synthetic.table), { from: FROM, to: TO });
    report = fidelityReport(real, synthetic, { from: FROM, to: TO });
  }, 120_000);

  it('generates the same number of children', () => {
    expect(synthetic.table.childIds.length).toBe(real.table.childIds.length);
  });

  it.each(RATE_KEYS)('rate %s within 2 percentage points', (key) => {
    expect(a.rates[key]).not.toBeNull();
    expect(Math.abs(b.rates[key]! - a.rates[key]!)).toBeLessThanOrEqual(0.02);
  });

  it.each(['assessment_days_median', 's47_to_icpc_wd_median', 'cp_plan_days_median', 'cla_days_median'] as const)('median %s within 10%%', (key) => {
    expect(a.durations[key]).not.toBeNull();
    expect(Math.abs(b.durations[key]! - a.durations[key]!)).toBeLessThanOrEqual(0.1 * a.durations[key]!);
  });

  it('the fidelity report agrees: every rate and median passes, side by side with the real figures', () => {
    expect(report.pass).toBe(true);
    for (const r of report.rates) {
      expect(r.real).toBeCloseTo(a.rates[r.key as keyof Metrics['rates']]!, 10);
      expect(r.synthetic).toBeCloseTo(b.rates[r.key as keyof Metrics['rates']]!, 10);
    }
    expect(report.medians.every((m) => m.pass)).toBe(true);
  });

  it('the fidelity report passes monthly volumes, attribute marginals and most step durations', () => {
    expect(report.monthly.series.find((s) => s.event === 'referral')?.pass).toBe(true);
    expect(report.marginals.every((m) => m.pass)).toBe(true);
    expect(report.durations.length).toBeGreaterThan(10);
    expect(report.durations.filter((d) => d.pass).length / report.durations.length).toBeGreaterThan(0.9);
    expect(report.score).toBeGreaterThan(0.9);
  });

  it('the fidelity report fails a dataset that is not like the real one', () => {
    const other = referenceDataset({ children: 20_000, from: FROM, to: TO, seed: 3 });
    // Another sample whose assessment_ends are turned into strategy discussions: rates and medians must fail.
    const damaged = { ...other, table: { ...other.table, type: other.table.type.map((t) => (t === EV.assessment_end ? EV.strategy_discussion : t)) } };
    const bad = fidelityReport(real, damaged, { from: FROM, to: TO });
    expect(bad.pass).toBe(false);
    expect(bad.rates.find((r) => r.key === 'assessment_within_45_wd')?.pass).toBe(false);
  });
});
