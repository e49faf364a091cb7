// Periods of care last by the child's age when they begin (infants stay years, 16-year-olds months, and
// everyone leaves at 18): a copy keeps that. Before the fit scaled a care end's duration by the age band at
// its start (synth/span-durations.ts), a cell pooling every age gave a 16-year-old an infant's stay.
import { beforeAll, describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil } from '../../core/dates.js';
import { EV, outcomeName } from '../../core/events.js';
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

// Four copies: care begun at 16-17 and ended before 18 is ~30 periods a copy (the log 40); in copy seeds 4-6 there
// were 88 before care lengths by age band were shrunk by their noise (span-durations.ts shrinkShifts) and 74 after
// (copy seeds 4-9: means 34 and 29 a copy), under the check below of twice the log's.
const COPY_SEEDS = [4, 5, 6, 7];

/** End reasons of periods of care begun at 16 or 17 and ended before the 18th birthday. */
function endReasons16(table: EventTable, dob: ArrayLike<number>): Map<string, number> {
  const out = new Map<string, number>();
  for (let c = 0; c < table.childIds.length; c++) {
    const eighteenth = addMonths(dob[c]!, 216);
    let start = -1;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      if (table.type[i] === EV.cla_start) start = table.day[i]!;
      else if (table.type[i] === EV.cla_end && start >= 0) {
        const age = (start - dob[c]!) / 365.25;
        const reason = outcomeName(table.outcome[i]!) ?? '';
        if (age >= 16 && age < 18 && table.day[i] !== eighteenth) out.set(reason, (out.get(reason) ?? 0) + 1);
        start = -1;
      }
    }
  }
  return out;
}

describe('care lengths by the age at entry', () => {
  let real: TestLog;
  let model: Model;
  /** four copies: one copy's median of ~50 periods begun at 16-17 moved 0.93-1.35 times the log's over copy seeds 4-9 */
  let copies: { table: EventTable; children: { dob: ArrayLike<number> } }[];

  beforeAll(() => {
    real = driftLog({ children: 30_000, from: FROM, to: TO, seed: 3 });
    model = fitModel(real.table, real.children);
    copies = COPY_SEEDS.map((seed) => generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed }));
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

  it('a copy keeps how long children entering care at 16 and over, and under 5, stay (median within 30%, averaged over four copies; without the age band it was twice as long at 16)', () => {
    for (const [lo, hi] of [[16, 18], [0, 5]] as const) {
      const r = careMedian(real.table, real.children.dob, lo, hi);
      const s = copies.map((c) => careMedian(c.table, c.children.dob, lo, hi));
      const ratio = s.reduce((sum, x) => sum + x / r, 0) / s.length;
      expect(Math.abs(ratio - 1), `entering at ${lo}-${hi}: real ${r} days, synthetic ${s.join(', ')}`).toBeLessThan(0.3);
    }
  });

  it('a copy ends care begun at 16 and over for the reasons the log gives at that age: no adoptions, special guardianship or residence orders when the log has none', () => {
    // The band's own cells are thin (58 children here): they defer most of their care ends to the cell of
    // every age, whose mix is mostly younger children's. Before the fit kept each band's reason mix
    // (span-durations.ts reasonFactors), 29 of 85 such ends in these copies were E11, E12 or E41 (the log 0 of 40);
    // now 0 of 93.
    const real16 = endReasons16(real.table, real.children.dob);
    const copy16 = new Map<string, number>();
    for (const c of copies) for (const [r, n] of endReasons16(c.table, c.children.dob)) copy16.set(r, (copy16.get(r) ?? 0) + n);
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const younger = (m: Map<string, number>) => ['E11', 'E12', 'E41'].reduce((sum, r) => sum + (m.get(r) ?? 0), 0);
    expect(younger(real16)).toBe(0);
    expect(total(copy16)).toBeGreaterThan(2 * total(real16));
    // Issue 10's rule for a rate (2 percentage points, or 3 standard errors where larger)
    const p = younger(copy16) / (total(copy16) + total(real16));
    const allowed = Math.max(0.02, 3 * Math.sqrt(p * (1 - p) * (1 / total(copy16) + 1 / total(real16))));
    expect(younger(copy16) / total(copy16), JSON.stringify([...copy16])).toBeLessThan(allowed);
  });
});
