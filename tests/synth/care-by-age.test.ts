// Periods of care last by the child's age when they begin (infants stay years, 16-year-olds months, and
// everyone leaves at 18): a copy keeps that. Before the fit scaled a care end's duration by the age band at
// its start (synth/span-durations.ts), a cell pooling every age gave a 16-year-old an infant's stay.
import { beforeAll, describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil } from '../../core/dates.js';
import { EV } from '../../core/events.js';
import type { EventTable } from '../../core/event-table.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import type { Model } from '../../synth/model.js';
import { generateDataset } from '../../synth/output.js';
import { incidenceWeights } from '../../synth/censoring.js';
import { driftLog } from './generators/drift.js';
import type { TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

/** Kaplan–Meier median days in care of periods begun at an age in [lo, hi) years, censored at the data's end and at 18. */
function careMedian(table: EventTable, dob: ArrayLike<number>, lo: number, hi: number): number {
  const t: number[] = [];
  const censored: number[] = [];
  for (let c = 0; c < table.childIds.length; c++) {
    const eighteenth = addMonths(dob[c]!, 216);
    let start = -1;
    const add = (end: number, ended: boolean): void => {
      const age = (start - dob[c]!) / 365.25;
      if (age >= lo && age < hi) (t.push(end - start), censored.push(ended ? 0 : 1));
    };
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      if (table.type[i] === EV.cla_start) start = table.day[i]!;
      else if (table.type[i] === EV.cla_end && start >= 0) {
        add(table.day[i]!, table.day[i] !== eighteenth);
        start = -1;
      }
    }
    if (start >= 0) add(Math.min(TO, eighteenth), false);
  }
  const w = incidenceWeights(t, Uint8Array.from(censored));
  const order = t.map((_, i) => i).sort((a, b) => t[a]! - t[b]!);
  let sum = 0;
  for (const i of order) if ((sum += w[i]!) >= 0.5) return t[i]!;
  return Infinity;
}

describe('care lengths by the age at entry', () => {
  let real: TestLog;
  let model: Model;
  let synthetic: { table: EventTable; children: { dob: ArrayLike<number> } };

  beforeAll(() => {
    real = driftLog({ children: 30_000, from: FROM, to: TO, seed: 3 });
    model = fitModel(real.table, real.children);
    synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 4 });
  }, 180_000);

  it('the model scales care ends by the age band at entry within their end reason: shorter for 16-year-olds, longer for infants, by no more than the bands\' medians differ (the reason mix carries some of it)', () => {
    const shift = (age: string) => model.spanDurations?.find((s) => s.event === 'cla_end' && s.age === age)?.logShift ?? 0;
    // The bands' log-ratios over all reasons (fitted as the shift before issue 10: about -0.80 and +0.55
    // here; the generator draws a care end's length from its reason's own durations, so those counted the
    // age twice: stays begun under 5 came out 954 days against 631). Within reason, with the reasons'
    // medians taken over every age as they were, they were -0.26 and +0.24, under half the ratios: a reason
    // given at one age only (E8 at 16+) carried its age, and the generator shifted it again. With the
    // reasons' medians and the durations the generator draws from taken with the band's shift off
    // (span-durations.ts, cells.ts spanShifts), -0.62 and +0.37 (tests/synth/span-shift-reasons.test.ts).
    const all = Math.log1p(careMedian(real.table, real.children.dob, 0, 18));
    const marginal = (lo: number, hi: number) => Math.log1p(careMedian(real.table, real.children.dob, lo, hi)) - all;
    expect(shift('16_plus')).toBeLessThan(0);
    expect(shift('1_4')).toBeGreaterThan(0);
    expect(shift('16_plus')).toBeGreaterThan(marginal(16, 18));
    expect(shift('1_4')).toBeLessThan(marginal(1, 5));
  });

  it('a copy keeps how long children entering care at 16 and over, and under 5, stay (median within 30%; without the age band it was twice as long at 16)', () => {
    for (const [lo, hi] of [[16, 18], [0, 5]] as const) {
      const r = careMedian(real.table, real.children.dob, lo, hi);
      const s = careMedian(synthetic.table, synthetic.children.dob, lo, hi);
      expect(Math.abs(s / r - 1), `entering at ${lo}-${hi}: real ${r} days, synthetic ${s}`).toBeLessThan(0.3);
    }
  });
});
