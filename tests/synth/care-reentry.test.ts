// Review of issue 10, findings F4 and F7, on a log from a generator written for them (generators/reentry.ts):
// children who leave care and come back into it months later (more often after care than before it), CP
// plans that mostly end on their own and sometimes on the day the child comes into care, and a log cut on
// dates with children mid-journey. Fitted, then copied with as many children.
//
// Tolerances are sampling error: a count in the log and in its copy are each about Poisson, so their
// difference has a standard error of √(log + copy), and the copy is allowed 3 of them (a share the same,
// on its denominators). The CP plan quartiles are allowed 3 standard errors of a quantile's difference
// (√(q(1-q)(1/n₁ + 1/n₂)) / density, the density read off both samples pooled) in days.
// Each log is judged on its own. Pooled over the two, the copies' children with two or more periods of
// care (136 and 153 of 190 and 182; over six generation seeds 148 and 142 on average) are still short:
// a period of care ended in the same episode is followed by another in ~20% of the copies' against ~25%
// of the logs' (the log's own rule, 30% for a first or second period and none after, is not a Markov one).
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod, generateChildren } from '../../synth/generate.js';
import { quantile, syntheticCareStats, tableCareStats, type CareStats } from './care-stats.js';
import { reentryLog, type ReentryOptions } from './generators/reentry.js';

const FROM = dayFromCivil(2019, 4, 1);
const TO = dayFromCivil(2024, 3, 31);

/** Copies drawn for the count of children with repeated care (the first is `copy`): see that test. */
const REPEAT_COPIES = 4;

function logAndCopy(seed: number, options: ReentryOptions): { real: CareStats; copy: CareStats; repeatCare: number[] } {
  const log = reentryLog({ children: 20_000, from: FROM, to: TO, seed }, options);
  const model = fitModel(log.table, log.children);
  const copies = Array.from({ length: REPEAT_COPIES }, (_, k) => {
    const copy = syntheticCareStats(TO);
    generateChildren(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: seed + 100 + k }, copy.emit);
    return copy.result();
  });
  return { real: tableCareStats(log.table, TO), copy: copies[0]!, repeatCare: copies.map((c) => c.repeatCare) };
}

/** Within 3 standard errors of two Poisson counts' difference. */
function expectCountsAlike(copy: number, real: number): void {
  expect(Math.abs(copy - real)).toBeLessThanOrEqual(3 * Math.sqrt(copy + real));
}

/** Three standard errors of the difference of two samples' q-quantiles, in days (density from the pooled sample). */
function quantileTolerance(a: readonly number[], b: readonly number[], q: number): number {
  const pooled = [...a, ...b].sort((x, y) => x - y);
  const h = 0.05;
  const density = (2 * h) / Math.max(1, quantile(pooled, q + h) - quantile(pooled, q - h));
  return (3 * Math.sqrt(q * (1 - q) * (1 / a.length + 1 / b.length))) / density;
}

// Log D of the review was an extract of the journeys open on a date: the episodes open then from their
// referral on. The other holds only what is dated in the window (spans open on its first day by their ends).
const LOGS: Array<[string, number, ReentryOptions]> = [
  ['the journeys open on the first day kept whole', 1, { cut: 'open' }],
  ['nothing kept from before the first day', 2, { cut: 'window' }],
];

describe('care re-entries and CP plans ending at care (issue 10 review, F4 and F7)', () => {
  let runs: Array<{ name: string; real: CareStats; copy: CareStats; repeatCare: number[] }> = [];
  beforeAll(() => {
    runs = LOGS.map(([name, seed, options]) => ({ name, ...logAndCopy(seed, options) }));
  }, 120_000);

  it('keeps the children with two or more periods of care', () => {
    for (const { name, real, repeatCare } of runs) {
      expect(real.repeatCare, name).toBeGreaterThan(150);
      // Before: 89 and 80 of the log's 190 and 182 (a care leaver's later steps came from cells pooling
      // every child, or from a state split by the reason care ended too small to keep its return).
      // The mean of REPEAT_COPIES copies, within 3 standard errors of its difference from the log's count
      // (√(log + mean / copies)): one copy's count, short on average (header), crossed 3 of its own with a
      // change of the random stream alone (brief syn11: seed 101's copy of the first log held 149 before
      // the fit stopped watching states left by ends cut short at 18, 134 after; copy seeds 101, 7, 8, 9:
      // 149, 138, 148, 177 before, 134, 151, 157, 176 after; the second log 172, 135, 161, 152 and 170,
      // 130, 159, 163).
      const mean = repeatCare.reduce((a, b) => a + b, 0) / repeatCare.length;
      expect(Math.abs(mean - real.repeatCare), name).toBeLessThanOrEqual(3 * Math.sqrt(real.repeatCare + mean / repeatCare.length));
    }
  });

  it('brings care leavers back to the front door and into care after a later referral', () => {
    for (const { name, real, copy } of runs) {
      expect(real.careAfterReferral, name).toBeGreaterThan(30);
      // Before (a care leaver with an earlier CP plan took the plan bucket at the case's closure, losing
      // its care): on the extract that keeps open journeys whole 154 of 212 referred again, 15 of 43 back
      // in care after it; with both histories (states.ts PLAN_CARE_BUCKETS) 180 and 25.
      expectCountsAlike(copy.referredAgain, real.referredAgain);
      expectCountsAlike(copy.careAfterReferral, real.careAfterReferral);
    }
  });

  it('does not stop a journey at the end of a period of care with a CP plan still open', () => {
    // Before: 14 and 17 copied children stopped there years before the data's end (the state after care
    // ended, split by its reason, was too small to keep: the journey ended in it); the logs have none.
    for (const { name, real, copy } of runs) {
      expect(real.stoppedWithPlan, name).toBe(0);
      expectCountsAlike(copy.stoppedWithPlan, real.stoppedWithPlan);
    }
  });

  it('ends as many CP plans on the day the child comes into care, and keeps their lengths', () => {
    for (const { name, real, copy } of runs) {
      expect(real.planEndsAtCare, name).toBeGreaterThan(30);
      // Before, on the extract that keeps open journeys whole: none (a same-day step of a state that some
      // children entered before the extract had no weight).
      expectCountsAlike(copy.planEndsAtCare, real.planEndsAtCare * (copy.planEnds / real.planEnds));
      for (const q of [0.25, 0.5, 0.75]) {
        expect(Math.abs(quantile(copy.planDays, q) - quantile(real.planDays, q)), `${name}: CP plan days, quantile ${q}`).toBeLessThanOrEqual(quantileTolerance(real.planDays, copy.planDays, q));
      }
    }
  });
});
