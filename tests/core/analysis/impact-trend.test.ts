// Changes in trend in the default impact verdict: each finding carries the change in weekly trend at the marker
// (per year), judged against the changes in trend of every measure at the other weeks of the same data, with one
// in five of the flags the family may raise given to trend changes and the rest to jumps (in-time-placebo.ts
// splitCritical). A measure that starts rising at the marker, with no jump, is reported changed through its trend;
// on a log with no change, the markers flagged (jumps and trends together) stay within floor(5% × K).
import { describe, expect, it } from 'vitest';
import { impactOfChange, trendText, MEASURE_NAMES } from '../../../core/analysis/impact.js';
import { dayOf, generateLog } from './impact-logs.js';
import { expectConsistent, logOf, PER_WEEK } from './impact-analysed-log.js';

describe('impactOfChange (the default): changes in trend', () => {
  it('flags at most floor(5% × K) markers of one table on a three-year log with trends and seasons, at most floor(that / 5) by their trend', { timeout: 300_000 }, () => {
    const l = logOf(generateLog({ seed: 77, referralsPerWeek: PER_WEEK, start: '2021-01-04', end: '2024-01-01', growthPerYear: 0.08, nfa: { base: 0.06, drift: 0.03, curve: -0.01 } }));
    let tested = 0;
    let flagged = 0;
    let byTrend = 0;
    let calibration = null as ReturnType<typeof impactOfChange>['calibration'];
    for (let m = l.span.first + 7; m <= l.span.last - 7; m += 7) {
      const result = impactOfChange(l.prepared, l.indicators, m, { weeksEitherSide: 26, span: l.span });
      expectConsistent(result);
      if (result.tested === 0) continue;
      tested++;
      calibration = result.calibration;
      for (const f of result.findings) if (f.untested === null) expect(f.trend).not.toBeNull();
      if (result.findings.some((f) => f.changed)) flagged++;
      if (result.findings.some((f) => f.trend?.changed)) byTrend++;
    }
    expect(tested).toBe(calibration!.positions);
    expect(tested).toBeGreaterThanOrEqual(100);
    const all = Math.floor(0.05 * tested);
    expect(calibration!.trend!.allowed).toBe(Math.floor(all / 5));
    expect(calibration!.allowed + calibration!.trend!.allowed).toBe(all);
    expect(byTrend).toBeLessThanOrEqual(calibration!.trend!.allowed);
    expect(flagged).toBeLessThanOrEqual(all);
  });

  it('estimates a change in trend of 40 points a year in NFA at referral (no jump) near its size, with an interval that holds it, at every seed', { timeout: 300_000 }, () => {
    for (const seed of [61, 62, 63, 64]) {
      const marker = '2022-07-04';
      const l = logOf(generateLog({ seed, referralsPerWeek: PER_WEEK, start: '2021-01-04', end: '2024-01-01', nfa: { base: 0.07 }, ramp: { measure: 'referral_nfa', date: marker, perYear: 0.4 } }));
      const result = impactOfChange(l.prepared, l.indicators, dayOf(marker), { weeksEitherSide: 26, span: l.span });
      expectConsistent(result);
      const nfa = result.findings.find((f) => f.measure === 'referral_nfa')!;
      const text = `${seed}: trend ${trendText('referral_nfa', nfa.trend!.estimate)} (${trendText('referral_nfa', nfa.trend!.lower)} to ${trendText('referral_nfa', nfa.trend!.upper)})`;
      // Found +33 to +39 points a year, intervals about ±40 (2026-12-02): the estimate is of the size put in ...
      expect(nfa.trend!.estimate, text).toBeGreaterThan(0.2);
      expect(nfa.trend!.estimate, text).toBeLessThan(0.6);
      // ... and the interval drawn holds the truth; the line beside the sentence says it per year.
      expect(nfa.trend!.lower, text).toBeLessThan(0.4);
      expect(nfa.trend!.upper, text).toBeGreaterThan(0.4);
      expect(result.readout.measures.find((m) => m.measure === 'referral_nfa')!.text).toContain(`change in trend ${trendText('referral_nfa', nfa.trend!.estimate)}`);
      if (nfa.trend!.changed) expect(result.sentence).toContain(`${MEASURE_NAMES.referral_nfa} went up (`);
    }
  });

  // Not yet: at 40 points a year the intervals (±40) reach 0 at all 4 seeds; at 80 a year the ramp runs on past the
  // after window to the log's end and bends at the probability's ceiling, which raises the bar (README).
  it.todo('reports NFA at referral changed, upwards, through its trend, when it starts rising at the marker, at most seeds');
});
