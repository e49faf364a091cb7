// The impact verdict on logs from impact-logs.ts (written apart from the code under test): it must
// rarely call a change where none was built in (placebo), must see a real step (power), and must never
// invent weeks, count part-weeks or say more than its intervals.
import { describe, expect, it } from 'vitest';
import { completeRange } from '../../../core/analysis/cutoffs.js';
import { impactOfChange, IMPACT_MEASURES, FALSE_CHANGE_CAVEAT, MEASURE_NAMES, measureBaseline, type ImpactResult } from '../../../core/analysis/impact.js';
import { computeMetrics, type PreparedMetrics } from '../../../core/metrics.js';
import type { RateIndicators } from '../../../core/analysis/rate-indicators.js';
import { dayOf, generateLog, type LogOptions } from './impact-logs.js';
import { generateHolidayLog, type HolidayLogOptions } from './impact-logs-holidays.js';
import { generateCouncilLog, type CouncilLogOptions } from './impact-logs-council.js';
import { END, logOf, PER_WEEK, START } from './impact-analysed-log.js';

interface Log {
  prepared: PreparedMetrics;
  indicators: RateIndicators;
  span: { first: number; last: number };
}

function log(options: LogOptions): Log {
  return logOf(generateLog(options));
}

function holidayLog(options: HolidayLogOptions): Log {
  return logOf(generateHolidayLog(options));
}

function councilLog(options: CouncilLogOptions): Log {
  return logOf(generateCouncilLog(options));
}


function expectConsistent(result: ImpactResult): void {
  for (const f of result.findings) {
    if (f.untested !== null) {
      expect(f.changed).toBe(false);
      expect(f.estimate).toBeNull();
      continue;
    }
    // The interval drawn never contradicts the decision.
    if (f.changed) {
      expect(f.lower! > 0 || f.upper! < 0).toBe(true);
      expect(f.direction).toBe(f.estimate! > 0 ? 'up' : 'down');
      expect(f.p!).toBeLessThan(result.alpha);
      expect(result.sentence).toContain(MEASURE_NAMES[f.measure]);
      // A reported change always carries the measured false-change rate, so nobody reads it as certain.
      expect(result.sentence.endsWith(FALSE_CHANGE_CAVEAT)).toBe(true);
    } else {
      expect(f.lower!).toBeLessThanOrEqual(0);
      expect(f.upper!).toBeGreaterThanOrEqual(0);
      expect(f.direction).toBeNull();
      expect(f.p!).toBeGreaterThanOrEqual(result.alpha);
    }
  }
  if (!result.findings.some((f) => f.changed)) expect(result.sentence).toMatch(/^No measure changed|^No measure could be tested/);
}

/** Markers every 14 days over each log, checked for consistency; the share that reported any change. */
function expectFewFalseChanges(logs: readonly Log[]): void {
  let markers = 0;
  let flagged = 0;
  for (const l of logs) {
    for (let m = l.span.first + 14; m <= l.span.last - 14; m += 14) {
      const result = impactOfChange(l.prepared, l.indicators, m, { weeksEitherSide: 26, span: l.span });
      expectConsistent(result);
      markers++;
      if (result.findings.some((f) => f.changed)) flagged++;
    }
  }
  expect(markers).toBeGreaterThan(140);
  expect(flagged / markers).toBeLessThanOrEqual(0.05);
}

/** The step's verdict on NFA at referral: changed, upwards, and consistent with its interval. */
function expectStepSeen(l: Log, stepDay: number, label: string): ImpactResult {
  const result = impactOfChange(l.prepared, l.indicators, stepDay, { weeksEitherSide: 26, span: l.span });
  const nfa = result.findings.find((f) => f.measure === 'referral_nfa')!;
  expect(nfa.changed, label).toBe(true);
  expect(nfa.direction).toBe('up');
  expectConsistent(result);
  return result;
}

describe('impactOfChange: placebo (trends and seasons, no change)', () => {
  it('reports a change at no more than 1 marker in 20, with markers every 14 days over two years, on three seeds and three kinds of log', { timeout: 240_000 }, () => {
    const kinds: Array<Partial<LogOptions>> = [
      { growthPerYear: 0.08 },
      { growthPerYear: -0.05, referralsPerWeek: PER_WEEK / 5 },
      { growthPerYear: 0.03, noiseSd: 0.15, noiseRho: 0.7, rateNoiseSd: 0.25, season: [1.1, 1.1, 1.05, 0.9, 1.05, 1.05, 0.95, 0.6, 1.1, 1.15, 1.1, 0.75] },
    ];
    expectFewFalseChanges(kinds.map((kind, i) => log({ seed: 31 + i, referralsPerWeek: PER_WEEK, start: START, end: END, ...kind })));
  });
});

describe('impactOfChange: power (a step from 7% to 14% in NFA at referral)', () => {
  it('reports NFA at referral changed, upwards, on a 20,000-child log, for three seeds and steps', { timeout: 120_000 }, () => {
    for (const [seed, step] of [[41, '2023-04-03'], [42, '2023-06-12'], [43, '2023-09-18']] as const) {
      const l = log({ seed, referralsPerWeek: PER_WEEK, start: START, end: END, nfa: { base: 0.07 }, step: { measure: 'referral_nfa', date: step, to: 0.14 } });
      const result = impactOfChange(l.prepared, l.indicators, dayOf(step), { weeksEitherSide: 26, span: l.span });
      const nfa = result.findings.find((f) => f.measure === 'referral_nfa')!;
      expect(nfa.changed, `seed ${seed}`).toBe(true);
      expect(nfa.direction).toBe('up');
      expect(nfa.lower!).toBeGreaterThan(0.02);
      expect(nfa.estimate!).toBeGreaterThan(0.04);
      expect(nfa.estimate!).toBeLessThan(0.1);
      expect(result.sentence).toContain('referrals ending in no further action went up');
      expectConsistent(result);
    }
  });
});

describe('impactOfChange with a minimum change that matters (option minimumChange, off by default)', () => {
  const step = '2023-06-12';
  const l = log({ seed: 42, referralsPerWeek: PER_WEEK, start: START, end: END, nfa: { base: 0.07 }, step: { measure: 'referral_nfa', date: step, to: 0.14 } });
  const run = (rule: 'estimate' | 'interval', rateAbsolute: number) =>
    impactOfChange(l.prepared, l.indicators, dayOf(step), { weeksEitherSide: 26, span: l.span, minimumChange: { rule, rateAbsolute, rateRelative: 0.15, countRelative: 0.1 } });

  it('calls a step beyond the noise and beyond a 2-point margin changed, and says the margin in the sentence', { timeout: 60_000 }, () => {
    const result = run('interval', 0.02);
    const nfa = result.findings.find((f) => f.measure === 'referral_nfa')!;
    // The margin is the larger of 2 points and 15% of the level before the marker (about 7%).
    const level = measureBaseline('referral_nfa', result.weekly.referral_nfa, result.weeks, 26)!;
    expect(level).toBeGreaterThan(0.05);
    expect(level).toBeLessThan(0.09);
    expect(nfa.minimumChange).toBe(0.02);
    expect(nfa.beyondNoise).toBe(true);
    expect(nfa.changed).toBe(true);
    expect(nfa.lower!).toBeGreaterThan(nfa.minimumChange!);
    expect(result.sentence).toContain('and by more than the smallest change that matters');
    expect(result.sentence).toContain('referrals ending in no further action went up');
    expect(result.sentence).toContain('smallest change counted 2.0 points');
  });

  it('does not call changed a step beyond the noise but inside the margin, and names it as not counted', { timeout: 60_000 }, () => {
    for (const rule of ['estimate', 'interval'] as const) {
      const result = run(rule, 0.5);
      const nfa = result.findings.find((f) => f.measure === 'referral_nfa')!;
      expect(nfa.beyondNoise).toBe(true);
      expect(nfa.changed).toBe(false);
      expect(nfa.direction).toBeNull();
      expect(result.findings.filter((f) => f.changed)).toEqual([]);
      expect(result.sentence).toMatch(/^No measure changed/);
      expect(result.sentence).toContain('referrals ending in no further action moved +');
      expect(result.sentence).toMatch(/so not counted as (a change|changes)\./);
      // What the sentence says about the interval is true of the interval drawn.
      expect(nfa.lower!).toBeGreaterThan(0);
      expect(nfa.upper!).toBeLessThan(0.5);
    }
  });

  it('reports no margin and no change in the JSON when the option is off', { timeout: 60_000 }, () => {
    const result = impactOfChange(l.prepared, l.indicators, dayOf(step), { weeksEitherSide: 26, span: l.span });
    for (const f of result.findings) {
      expect(f.minimumChange).toBeNull();
      expect(f.changed).toBe(f.beyondNoise);
    }
  });
});

describe('impactOfChange on the second generator (log-odds trends, sharp holiday dips, a winter bump in late assessments)', () => {
  it('reports a change at no more than 1 marker in 20, markers every 14 days over two years, on three kinds of log', { timeout: 300_000 }, () => {
    const kinds: Array<Partial<HolidayLogOptions>> = [{}, { summerFactor: 0.55, christmasFactor: 0.3, winterLateBump: 1.0 }, { noiseRho: 0.7, volumeNoiseSd: 0.12, rateNoiseSd: 0.2 }];
    expectFewFalseChanges(kinds.map((kind, i) => holidayLog({ seed: 61 + i, referralsPerWeek: PER_WEEK, start: START, end: END, ...kind })));
  });

  it('reports NFA at referral changed, upwards, for steps from 7% to 14% late and early in the second year', { timeout: 120_000 }, () => {
    for (const [seed, step] of [[71, '2023-05-15'], [72, '2023-10-02']] as const) {
      const l = holidayLog({ seed, referralsPerWeek: PER_WEEK, start: START, end: END, nfaStart: 0.07, nfaTrend: 0, step: { measure: 'referral_nfa', date: step, to: 0.14 } });
      expectStepSeen(l, dayOf(step), `seed ${seed}`);
    }
  });
});

describe('impactOfChange on the third generator (a growing council, month-set volumes, bank holidays, monthly staffing shifts)', () => {
  it('reports a change at no more than 1 marker in 20, markers every 14 days over two years, on three kinds of log', { timeout: 300_000 }, () => {
    const kinds: Array<Partial<CouncilLogOptions>> = [{}, { december: 0.55, monthWobble: 0.09, staffing: 0.1 }, { growth: 0.12, growthAcceleration: 0.1, nfaTrend: -0.3, weekNoise: 0.16, weekRho: 0.6 }];
    expectFewFalseChanges(kinds.map((kind, i) => councilLog({ seed: 81 + i, referralsPerWeek: PER_WEEK, start: START, end: END, ...kind })));
  });

  it('reports NFA at referral changed, upwards, for a step from 7% to 14% in the second year (weeks 70 and 91 of 104)', { timeout: 120_000 }, () => {
    for (const [seed, weeksIn] of [[91, 70], [92, 91]] as const) {
      const step = new Date((dayOf(START) + 7 * weeksIn) * 86_400_000).toISOString().slice(0, 10);
      const l = councilLog({ seed, referralsPerWeek: PER_WEEK, start: START, end: END, nfaStart: 0.07, nfaTrend: 0, step: { measure: 'referral_nfa', date: step, to: 0.14 } });
      expectStepSeen(l, dayOf(step), `seed ${seed}`);
    }
  });

  // Not met by the shipped model (README, "Power"): a step 13 to 52 weeks into a two-year log is often missed,
  // because the earlier trend carried forward is learnt from too few weeks. Kept visible until it is.
  it.todo('reports NFA at referral changed, upwards, for a step 15 weeks into a two-year log (and into a one-year log)');
  it.todo('reports NFA at referral changed, upwards, for a step 26 to 52 weeks into a two-year log on all three generators');
});

describe('impactOfChange: the data’s edges', () => {
  const l = log({ seed: 51, referralsPerWeek: PER_WEEK / 2, start: START, end: END });
  const range = (measure: (typeof IMPACT_MEASURES)[number]) => completeRange(measure, l.span, l.prepared.calendar);

  it('clips the before window to the data at a marker 10 days after the first date, says so, and tests nothing', () => {
    const marker = l.span.first + 10;
    const result = impactOfChange(l.prepared, l.indicators, marker, { weeksEitherSide: 26, span: l.span });
    expect(result.before.window).toMatchObject({ days: 10, requestedDays: 182, clipped: true });
    expect(result.after.window).toMatchObject({ days: 182, clipped: false });
    // No week before the data is listed, so none can be counted as 0 referrals.
    expect(result.weeks[0]!.t).toBe(-2);
    expect(dayOf(result.weeks[0]!.start) + 6).toBeGreaterThanOrEqual(l.span.first);
    expect(result.weeks[0]!.whole).toBe(false);
    expect(result.weekly.referrals_per_week[0]).toMatchObject({ value: null, excluded: 'part-week' });
    for (const f of result.findings) {
      expect(f.changed).toBe(false);
      expect(f.untested).toMatch(/usable weeks? before the change/);
    }
    expect(result.sentence).toBe('No measure could be tested: too few whole weeks of data around the marker.');
    // The raw before figures are the metrics of the clipped window, exactly.
    const before = computeMetrics(l.prepared, { from: l.span.first, to: marker - 1 });
    expect(result.before.values.referral_nfa.value).toBe(before.rates.referral_nfa);
    expect(result.before.values.referral_nfa.completeness.complete).toBe(true);
    expect(result.before.values.rereferral_12m.completeness.lookBackShort).toBe(true);
  });

  it('clips the after window at a marker 10 days before the last date, leaves the last part-week out, and tests nothing', () => {
    const marker = l.span.last - 10;
    const result = impactOfChange(l.prepared, l.indicators, marker, { weeksEitherSide: 26, span: l.span });
    expect(result.after.window).toMatchObject({ days: 11, requestedDays: 182, clipped: true });
    const last = result.weeks[result.weeks.length - 1]!;
    expect(last.t).toBe(1);
    expect(last.whole).toBe(false);
    expect(result.weekly.referrals_per_week[result.weeks.length - 1]!.excluded).toBe('part-week');
    expect(result.weekly.referrals_per_week[result.weeks.length - 1]!.value).toBeNull();
    for (const f of result.findings) expect(f.untested).toMatch(/usable weeks? (before|from) the change/);
    expect(result.findings.find((f) => f.measure === 'referral_nfa')!.untested).toMatch(/^1 usable week from the change on; at least 4/);
    expect(result.after.values.s47_to_icpc.completeness.followUpShort).toBe(true);
    const after = computeMetrics(l.prepared, { from: marker, to: l.span.last });
    expect(result.after.values.referral_nfa.value).toBe(after.rates.referral_nfa);
    expect(result.after.values.referral_nfa.n).toBe(after.counts.referral);
  });

  it('leaves out of the fit the weeks whose look-back or follow-up the data cuts short', () => {
    const marker = dayOf('2023-07-03');
    const result = impactOfChange(l.prepared, l.indicators, marker, { weeksEitherSide: 26, span: l.span });
    result.weeks.forEach((w, j) => {
      const from = dayOf(w.start);
      const re = result.weekly.rereferral_12m[j]!;
      if (w.whole) expect(re.excluded).toBe(from < range('rereferral_12m').from ? 'look-back' : null);
      const s47 = result.weekly.s47_to_icpc[j]!;
      if (w.whole) expect(s47.excluded).toBe(from + 6 > range('s47_to_icpc').to ? 'follow-up' : null);
    });
    expect(result.weekly.rereferral_12m.some((v) => v.excluded === 'look-back')).toBe(true);
    expect(result.weekly.s47_to_icpc.some((v) => v.excluded === 'follow-up')).toBe(true);
    // Fewer weeks before the marker are usable for the 12-month re-referral rate than for NFA at referral.
    const used = (m: string) => result.fits.find((f) => f.measure === m)!.used.before;
    expect(used('rereferral_12m')).toBeLessThan(used('referral_nfa'));
    expectConsistent(result);
  });

  it('refuses a weeks-either-side below 2', () => {
    expect(() => impactOfChange(l.prepared, l.indicators, l.span.first + 200, { weeksEitherSide: 1, span: l.span })).toThrow(/weeksEitherSide/);
  });
});
