// Changes in trend beside the default impact verdict: each finding carries the change in weekly trend at the marker
// (per year) with an interval made by the jumps' rule from the changes in trend of every measure at the other weeks
// of the same data. It is information only: the verdict is the jump's, with all floor(5% × K) flags (review v9d
// finding 5; impact-trend-verdict.test.ts checks a turn in trend alone is not called a change). On a log with no
// change, the markers flagged stay within floor(5% × K).
import { describe, expect, it } from 'vitest';
import { impactOfChange, trendText, MEASURE_NAMES } from '../../../core/analysis/impact.js';
import { dayOf, generateLog } from './impact-logs.js';
import { expectConsistent, logOf, PER_WEEK } from './impact-analysed-log.js';

describe('impactOfChange (the default): changes in trend', () => {
  it('flags at most floor(5% × K) markers of one table on a three-year log with trends and seasons, all of them by their jump', { timeout: 300_000 }, () => {
    const l = logOf(generateLog({ seed: 77, referralsPerWeek: PER_WEEK, start: '2021-01-04', end: '2024-01-01', growthPerYear: 0.08, nfa: { base: 0.06, drift: 0.03, curve: -0.01 } }));
    let tested = 0;
    let flagged = 0;
    let trendClear = 0;
    let calibration = null as ReturnType<typeof impactOfChange>['calibration'];
    for (let m = l.span.first + 7; m <= l.span.last - 7; m += 7) {
      const result = impactOfChange(l.prepared, l.indicators, m, { weeksEitherSide: 26, span: l.span });
      expectConsistent(result);
      if (result.tested === 0) continue;
      tested++;
      calibration = result.calibration;
      for (const f of result.findings) if (f.untested === null) expect(f.trend).not.toBeNull();
      if (result.findings.some((f) => f.changed)) flagged++;
      // changed is the jump's alone: a changed finding's own interval excludes 0 (expectConsistent), and a trend
      // interval clear of 0 is counted here, to show it is not a verdict
      for (const f of result.findings) if (f.changed) expect(f.lower! > 0 || f.upper! < 0).toBe(true);
      if (result.findings.some((f) => f.trend && (f.trend.lower > 0 || f.trend.upper < 0))) trendClear++;
    }
    expect(tested).toBe(calibration!.positions);
    expect(tested).toBeGreaterThanOrEqual(100);
    const all = Math.floor(0.05 * tested);
    // every flag goes to jumps; the trend intervals use the same rule, so at most `all` markers have one clear of 0
    expect(calibration!.allowed).toBe(all);
    expect(calibration!.trend).not.toBeNull();
    expect(trendClear).toBeLessThanOrEqual(all);
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
      // the change in trend is no part of the verdict: NFA is called changed only if its jump's interval excludes 0
      expect(result.sentence.includes(`${MEASURE_NAMES.referral_nfa} went`)).toBe(nfa.lower! > 0 || nfa.upper! < 0);
    }
  });

});
