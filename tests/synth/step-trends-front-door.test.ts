// A dated change in how journeys begin (synth/step-trends.ts: a new child's first step, "start", and a child's
// coming back with nothing open, "return", by quarter where they change within a year). Audit a10q F1: a council
// recording 30% of its presentations straight as referrals from 14 February 2022 had its copies' first steps
// follow only the seen-early split (direct referrals from the data's third year on) and returns follow the
// year their state began, linear between years: referrals 2020-21 +16 to +18%, contacts 2021-22 -10 to -11%,
// 11 yearly rows past the allowance. The "police referrals" generator (its own, tests/synth/generators/) changes
// on 20 June 2022, in either direction.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { checkJourneys } from '../../core/grammar.js';
import { fidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { policeReferralLog, type PoliceReferralOptions } from './generators/police-referrals.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2024, 3, 31);
const CHANGE = dayFromCivil(2022, 6, 20);

/** Yearly volume rows past the larger of 5% and their allowance. */
function offRows(options: PoliceReferralOptions, copySeed: number): string[] {
  const real = policeReferralLog(options);
  const model = fitModel(real.table, real.children);
  const copy = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: copySeed });
  expect(checkJourneys(copy.table, copy.children.dob).breaks).toHaveLength(0);
  return fidelityReport(real, copy).volumes
    .filter((v) => v.relativeDifference !== null && Math.abs(v.relativeDifference) > Math.max(0.05, v.toleranceRelative))
    .map((v) => `${v.measure} ${v.from}: ${v.real} against ${v.synthetic}`);
}

describe('a council that starts (or stops) recording police referrals with no contact on a date', () => {
  it('keeps contacts and referrals year by year when direct referrals begin', () => {
    expect(offRows({ children: 20_000, from: FROM, to: TO, seed: 5, directDay: CHANGE }, 3)).toEqual([]);
  }, 240_000);

  it('keeps them when direct referrals end', () => {
    expect(offRows({ children: 20_000, from: FROM, to: TO, seed: 6, directDay: CHANGE, reverse: true }, 4)).toEqual([]);
  }, 240_000);

  it('fits first steps and returns by quarter only where they change (placebo: 3 seeds without a change)', () => {
    const changed = policeReferralLog({ children: 20_000, from: FROM, to: TO, seed: 5, directDay: CHANGE });
    const kinds = (fitModel(changed.table, changed.children).stepTrends ?? []).filter((t) => t.periods.length > 6).map((t) => t.after);
    expect(kinds).toEqual(expect.arrayContaining(['start', 'return']));
    for (const seed of [21, 22, 23]) {
      const real = policeReferralLog({ children: 20_000, from: FROM, to: TO, seed, directDay: TO + 1 });
      const model = fitModel(real.table, real.children);
      const quarterly = (model.stepTrends ?? []).filter((t) => t.periods.length > 6).map((t) => t.after);
      expect(quarterly, `seed ${seed}`).toEqual([]);
    }
  }, 240_000);
});
