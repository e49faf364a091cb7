// A generated log made ready for the impact verdict: prepared metrics, rate indicators and the days it covers.
// Shared by the impact tests (the generators themselves stay apart from the analysis).
import { expect } from 'vitest';
import { effectText, EXPLORATORY_CAVEAT, MAX_T_CAVEAT, MEASURE_NAMES, trendText, type ImpactResult } from '../../../core/analysis/impact.js';
import { rateIndicators, type RateIndicators } from '../../../core/analysis/rate-indicators.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import { prepareMetrics, type PreparedMetrics } from '../../../core/metrics.js';

/** Two years, like the checks the issue describes; 20,000 children is about 245 referrals a week. */
export const START = '2022-04-04';
export const END = '2024-04-02';
export const PER_WEEK = 20_000 / 0.78 / 104.4;

export interface AnalysedLog {
  prepared: PreparedMetrics;
  indicators: RateIndicators;
  span: { first: number; last: number };
}

export function logOf(records: EventRecord[]): AnalysedLog {
  const prepared = prepareMetrics(buildEventTable(records));
  let first = Infinity;
  let last = -Infinity;
  for (const r of records) {
    first = Math.min(first, r.day);
    last = Math.max(last, r.day);
  }
  return { prepared, indicators: rateIndicators(prepared), span: { first, last } };
}

/**
 * What every verdict must keep, whichever model gave it: an untested measure is never changed; changed ⇔ the
 * interval drawn excludes 0, with the direction of the estimate; the sentence names exactly the changed measures
 * and, when any changed, ends with its model's caveat (the false-change rate, so nobody reads it as certain).
 */
export function expectConsistent(result: ImpactResult): void {
  const maxT = result.model === 'max-t';
  if (!maxT) return expectExploratory(result);
  for (const f of result.findings) {
    if (f.untested !== null) {
      expect(f.changed).toBe(false);
      expect(f.estimate).toBeNull();
      continue;
    }
    // Beyond the noise ⇔ the jump's interval (estimate, lower, upper) excludes 0; changed is that (and, with a
    // margin, beyond the margin too), with the jump's direction. The change in trend is information with no verdict
    // of its own (review v9d finding 5): whatever its interval, it never makes a measure changed.
    const jumpOut = f.lower! > 0 || f.upper! < 0;
    const t = f.trend;
    if (t) {
      expect(Object.keys(t).sort()).toEqual(['detectable', 'estimate', 'lower', 'upper']);
      expect(t.lower).toBeLessThanOrEqual(t.estimate);
      expect(t.upper).toBeGreaterThanOrEqual(t.estimate);
    }
    expect(f.beyondNoise).toBe(jumpOut);
    if (f.minimumChange === null) expect(f.changed).toBe(f.beyondNoise);
    else if (f.changed) expect(f.beyondNoise).toBe(true);
    expect(result.sentence.includes(`${MEASURE_NAMES[f.measure]} went`)).toBe(f.changed);
    expect(f.direction).toBe(!f.changed ? null : f.estimate! > 0 ? 'up' : 'down');
    // max-t: p is the share of weeks with as large a jump in any measure, at most alpha; series: Holm's p below alpha.
    expect(maxT ? f.p! <= result.alpha : f.p! < result.alpha).toBe(f.beyondNoise);
  }
  if (result.findings.some((f) => f.changed)) expect(result.sentence.endsWith(MAX_T_CAVEAT)).toBe(true);
  else expect(result.sentence).toMatch(/^No measure (changed|could be tested)/);
  expectReadoutSaysTheSentence(result);
  // The chart draws the jump it states: at the marker's week the fitted line less the counterfactual is the estimate.
  const at = result.weeks.findIndex((w) => w.t === 0);
  for (const fit of result.fits) {
    const f = result.findings.find((x) => x.measure === fit.measure)!;
    if (f.estimate === null || fit.fitted[at] == null) continue;
    expect(fit.fitted[at]! - fit.counterfactual[at]!).toBeCloseTo(f.estimate, 9);
  }
}

/**
 * The readout the page shows (verdict, a line per measure, method) says what the sentence says, split to scan: the
 * verdict is one sentence naming exactly the measures that changed and which way; each measure's line carries its
 * decision, estimate and interval; every figure of the sentence is somewhere in the readout; the caveat ends the method.
 */
export function expectReadoutSaysTheSentence(result: ImpactResult): void {
  const { verdict, measures, method } = result.readout;
  expect(measures.map((m) => m.measure)).toEqual(result.findings.map((f) => f.measure));
  if (result.tested === 0) {
    expect(verdict).toBe(result.sentence);
    return;
  }
  expect(verdict.match(/\.(\s|$)/g) ?? [], verdict).toHaveLength(1);
  expect(verdict.endsWith('.')).toBe(true);
  expect(result.sentence.startsWith(verdict.split(':')[0]!.replace(/\.$/, ''))).toBe(true);
  for (const [i, f] of result.findings.entries()) {
    const line = measures[i]!;
    expect(line.changed).toBe(f.changed);
    expect(verdict.includes(`${MEASURE_NAMES[f.measure]} went ${f.direction}`)).toBe(f.changed);
    if (f.untested !== null) expect(line.text).toContain(`not tested (${f.untested})`);
    else expect(line.text).toContain(effectText(f.measure, f.estimate!));
    if (f.untested === null) expect(line.text).toContain(`interval ${effectText(f.measure, f.lower!)} to ${effectText(f.measure, f.upper!)}`);
    // The change in trend is drawn beside the jump: its figures are on the measure's line, per year, said to be no
    // part of the verdict; the line never says a measure changed in trend.
    if (f.trend) expect(line.text).toContain(`change in trend ${trendText(f.measure, f.trend.estimate)} (interval ${trendText(f.measure, f.trend.lower)} to ${trendText(f.measure, f.trend.upper)}), not part of the verdict`);
    expect(line.text).not.toMatch(/in trend \(|trend changed/);
    if (f.changed) expect(line.text).toMatch(new RegExp(`: went ${f.direction}( at the marker)? \\(`));
  }
  const figures = (text: string) => new Set(text.match(/[+−]?\d+(?:\.\d+)?/g) ?? []);
  const shown = figures([verdict, ...measures.map((m) => m.text), method].join(' '));
  for (const figure of figures(result.sentence)) expect(shown.has(figure), `figure ${figure} of the sentence is not in the readout`).toBe(true);
  if (result.findings.some((f) => f.changed)) expect(method.endsWith(MAX_T_CAVEAT)).toBe(true);
}

/**
 * The 'series' model gives estimates, never a verdict (audit 9c: it called changes at 10 of 78 placebo markers): no
 * measure changed, no direction, no "changed" or "went up/down" in any of its words; each estimated measure's line
 * carries its estimate and interval, and the method ends with why there is no verdict.
 */
export function expectExploratory(result: ImpactResult): void {
  for (const f of result.findings) {
    expect(f.changed).toBe(false);
    expect(f.direction).toBeNull();
    if (f.untested === null) {
      expect(f.lower!).toBeLessThanOrEqual(f.estimate!);
      expect(f.upper!).toBeGreaterThanOrEqual(f.estimate!);
      expect(f.p! < result.alpha).toBe(f.beyondNoise);
    } else expect(f.estimate).toBeNull();
  }
  const { verdict, measures, method } = result.readout;
  for (const text of [result.sentence, verdict, method, ...measures.map((m) => m.text)]) expect(text).not.toMatch(/\bchanged\b|went (up|down)|no change (found|beyond)/);
  expect(result.sentence.endsWith(EXPLORATORY_CAVEAT)).toBe(true);
  expect(result.sentence).toMatch(result.tested === 0 ? /^No measure could be estimated/ : /^Exploratory estimates, no verdict/);
  for (const [i, f] of result.findings.entries()) {
    const line = measures[i]!;
    expect(line.changed).toBe(false);
    if (f.untested !== null) expect(line.text).toContain(`not estimated (${f.untested})`);
    else expect(line.text).toContain(`${effectText(f.measure, f.estimate!)} against its earlier trend and season (interval ${effectText(f.measure, f.lower!)} to ${effectText(f.measure, f.upper!)}; exploratory)`);
  }
}

