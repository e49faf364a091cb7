// A dated change in how many contacts a presentation brings (synth/return-odds.ts, and quarterly outcome trends
// in synth/outcome-trends.ts). Audit a10p F2: a council recording advice contacts from 1 October 2021 (log G)
// had its copies' contacts 2020-21 +23 to +26% and referrals +12 to +15%, a year before the change, and 2022-23
// contacts -6 to -8% after it: the return clock's log-linear trend and the years' outcome factors, linear
// between their midpoints, spread the step over the years around it. The "front door" generator's council
// (its own, tests/synth/generators/front-door.ts) changes on 15 November 2021, mid-quarter and mid-year.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { checkJourneys } from '../../core/grammar.js';
import { fidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { frontDoorLog } from './generators/front-door.js';

const FROM = dayFromCivil(2019, 1, 1);
const TO = dayFromCivil(2024, 12, 31);
const CHANGE = dayFromCivil(2021, 11, 15);

describe('a front door that starts recording advice contacts on a date', () => {
  it('keeps contacts, referrals and events year by year in its copy', () => {
    const real = frontDoorLog({ children: 16_000, from: FROM, to: TO, seed: 3, changeDay: CHANGE });
    const model = fitModel(real.table, real.children);
    expect(model.returnOdds?.groups.map((g) => g.after)).toContain('contact');
    const copy = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 2 });
    const report = fidelityReport(real, copy);
    const off = report.volumes
      .filter((v) => v.relativeDifference !== null && Math.abs(v.relativeDifference) > Math.max(0.05, v.toleranceRelative))
      .map((v) => `${v.measure} ${v.from}: ${v.real} against ${v.synthetic}`);
    expect(off).toEqual([]);
    expect(checkJourneys(copy.table, copy.children.dob).breaks).toHaveLength(0);
  }, 240_000);

  it('gets no return odds and no quarterly outcomes where nothing changes (4 seeds)', () => {
    for (const seed of [11, 12, 13, 14]) {
      const real = frontDoorLog({ children: 16_000, from: FROM, to: TO, seed, changeDay: TO + 1 });
      const model = fitModel(real.table, real.children);
      expect(model.returnOdds, `seed ${seed}`).toBeUndefined();
      const quarterly = (model.outcomeTrends ?? []).filter((t) => t.periods.length > 6).map((t) => t.event);
      expect(quarterly, `seed ${seed}`).toEqual([]);
    }
  }, 240_000);
});
