// The 'max-t' impact model (core/analysis/in-time-placebo.ts): the jump at the marker against the jumps at every
// other week of the same data. Its one promise is a bound that holds by construction: over the markers that share
// a table, at most floor(0.05 × K) are called changed, whatever the data do; the sentence never says more than the
// interval drawn; and a marker too near the data's edge is not tested rather than judged on a table of its own.
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPACT_MODEL, impactOfChange, SEASON_UNKNOWN } from '../../../core/analysis/impact.js';
import { localJump } from '../../../core/analysis/in-time-placebo.js';
import { dayOf, generateLog } from './impact-logs.js';
import { generateCouncilLog } from './impact-logs-council.js';
import { END, expectConsistent, logOf, PER_WEEK, START } from './impact-analysed-log.js';


describe('localJump', () => {
  it('measures a step between two lines exactly, and only from the weeks either side', () => {
    const n = 40;
    const value = new Float64Array(n);
    const weight = new Float64Array(n).fill(200);
    const usable = new Uint8Array(n).fill(1);
    // A trend of 0.1 point a week, a step of 7 points at week 20, and a small alternating wobble.
    for (let j = 0; j < n; j++) value[j] = 0.07 + 0.001 * j + (j >= 20 ? 0.07 : 0) + (j % 2 ? 0.002 : -0.002);
    const jump = localJump({ value, weight, usable }, 20, 10, 10)!;
    expect(Math.abs(jump.estimate - 0.07)).toBeLessThan(0.002);
    expect(jump.before.slope).toBeCloseTo(0.001, 3);
    expect(jump.t).toBeGreaterThan(20);
    // A week outside the windows does not matter; a week inside them that is not usable refuses the jump.
    usable[5] = 0;
    expect(localJump({ value, weight, usable }, 20, 10, 10)!.estimate).toBeCloseTo(jump.estimate, 12);
    usable[12] = 0;
    expect(localJump({ value, weight, usable }, 20, 10, 10)).toBeNull();
  });
});

describe("impactOfChange, model 'max-t'", () => {
  it('is the default: a page that names no model gets the level shift against every week, with the allowance for week-to-week echo', { timeout: 60_000 }, () => {
    expect(DEFAULT_IMPACT_MODEL).toBe('max-t');
    const l = logOf(generateLog({ seed: 45, referralsPerWeek: PER_WEEK / 2, start: START, end: END, noiseSd: 0.15, noiseRho: 0.7 }));
    const marker = dayOf('2023-04-03');
    const run = (extra: object) => impactOfChange(l.prepared, l.indicators, marker, { weeksEitherSide: 26, span: l.span, ...extra });
    const plain = run({});
    expect(plain.model).toBe('max-t');
    expect(plain.calibration!.positions).toBeGreaterThanOrEqual(50);
    expect(plain.findings).toEqual(run({ model: 'max-t', jump: { statistic: 'level', levelEcho: true } }).findings);
    // With the allowance (echoing noise in the structural model) every jump is measured against the error the noise's
    // echo from week to week gives it, so the table and its bar differ from the model without it.
    expect(plain.calibration!.critical).not.toBe(run({ model: 'max-t', jump: { levelEcho: false } }).calibration!.critical);
    expectConsistent(plain);
  });

  it('calls a change at no more than floor(5% × K) of the markers that share a table, on a council log with a deep December and monthly staffing shifts', { timeout: 120_000 }, () => {
    // The kind of log that gave 7.3% false changes when each edge marker had windows (and a table) of its own.
    const l = logOf(generateCouncilLog({ seed: 82, referralsPerWeek: PER_WEEK, start: START, end: END, december: 0.55, monthWobble: 0.09, staffing: 0.1 }));
    // As shipped (the echo allowance on), without it, and with the measures standardised by their own spread:
    // each is one rule at every position.
    for (const jump of [{}, { autocorrelation: false }, { standardise: true }]) {
      let tested = 0;
      let flagged = 0;
      let positions = 0;
      let allowed = 0;
      for (let m = l.span.first + 7; m <= l.span.last - 7; m += 7) {
        const result = impactOfChange(l.prepared, l.indicators, m, { weeksEitherSide: 26, span: l.span, model: 'max-t', jump });
        expectConsistent(result);
        if (result.tested === 0) {
          // Within 26 weeks of either edge: not tested, and said so.
          expect(result.calibration).toBeNull();
          expect(result.sentence).toMatch(/^No measure could be tested: too little data either side of the marker to tell/);
          continue;
        }
        tested++;
        positions = result.calibration!.positions;
        allowed = result.calibration!.allowed;
        expect(result.calibration!.weeksBefore).toBe(26);
        if (result.findings.some((f) => f.changed)) flagged++;
      }
      // Every marker with 26 whole weeks either side is one position of the same table, and nothing else is tested.
      expect(tested).toBe(positions);
      expect(positions).toBeGreaterThanOrEqual(50);
      expect(allowed).toBe(Math.floor(0.05 * positions));
      expect(flagged).toBeLessThanOrEqual(allowed);
    }
  });

  it('reports NFA at referral changed, upwards, for a step from 7% to 14% in the middle of a two-year log', { timeout: 60_000 }, () => {
    for (const [seed, step] of [[41, '2023-04-03'], [43, '2023-09-18']] as const) {
      const l = logOf(generateLog({ seed, referralsPerWeek: PER_WEEK, start: START, end: END, nfa: { base: 0.07 }, step: { measure: 'referral_nfa', date: step, to: 0.14 } }));
      const result = impactOfChange(l.prepared, l.indicators, dayOf(step), { weeksEitherSide: 26, span: l.span, model: 'max-t' });
      const nfa = result.findings.find((f) => f.measure === 'referral_nfa')!;
      expect(nfa.changed, `seed ${seed}`).toBe(true);
      expect(nfa.direction).toBe('up');
      expect(nfa.estimate!).toBeGreaterThan(0.04);
      expect(nfa.estimate!).toBeLessThan(0.1);
      expect(result.sentence).toContain('referrals ending in no further action went up');
      expectConsistent(result);
    }
  });

  it('shortens the windows on a one-year log so that at least 20 weeks are compared, and tests nothing nearer the edge than they reach', { timeout: 60_000 }, () => {
    const l = logOf(generateLog({ seed: 44, referralsPerWeek: PER_WEEK, start: '2023-04-03', end: '2024-04-01' }));
    // Without the season taken out (one year cannot teach it), the windows shorten and the marker is tested.
    const middle = impactOfChange(l.prepared, l.indicators, dayOf('2023-10-02'), { weeksEitherSide: 26, span: l.span, model: 'max-t', jump: { season: false } });
    expect(middle.tested).toBeGreaterThan(0);
    expect(middle.calibration!.positions).toBeGreaterThanOrEqual(20);
    expect(middle.calibration!.weeksBefore).toBeLessThan(26);
    expect(middle.calibration!.weeksBefore).toBe(middle.calibration!.weeksAfter);
    expectConsistent(middle);
    const early = impactOfChange(l.prepared, l.indicators, dayOf('2023-05-01'), { weeksEitherSide: 26, span: l.span, model: 'max-t' });
    expect(early.tested).toBe(0);
    for (const f of early.findings) expect(f.untested).toMatch(/^4 usable weeks before the change; at least \d+ needed/);
    expectConsistent(early);
  });

  it('on a one-year log, as shipped, calls no change and says a season cannot be told from a change there', { timeout: 60_000 }, () => {
    const l = logOf(generateLog({ seed: 44, referralsPerWeek: PER_WEEK, start: '2023-04-03', end: '2024-04-01', step: { measure: 'referral_nfa', date: '2023-10-02', to: 0.14 } }));
    const middle = impactOfChange(l.prepared, l.indicators, dayOf('2023-10-02'), { weeksEitherSide: 26, span: l.span });
    expect(middle.tested).toBe(0);
    for (const f of middle.findings) expect(f.changed).toBe(false);
    expect(middle.findings.find((f) => f.measure === 'referral_nfa')!.untested).toBe(SEASON_UNKNOWN);
    expect(middle.sentence).toMatch(/^No measure could be tested: .*a season at this time of year cannot be told from a change/);
    expectConsistent(middle);
  });
});
