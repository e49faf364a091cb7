// Assessments open at the log's end (review v10b log 1: 523 real, 429-435 in copies, failing for seed 8).
// Part of them belong to young people past 18 whose assessment's end the log never recorded (29 in log 1).
// The copy ended every assessment under way on the 18th birthday there (91 such ends in log 1's copy, none in
// the log), and it had three times as many: it drew children's ages uniformly within the age band, so it
// first saw many in the months before 18, where the log sees few. The fit learns the share of assessments
// under way at 18 the log leaves open, and the ages within each band. Generator: tests/synth/generators/teens.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { civilFromDay, dayFromCivil } from '../../core/dates.js';
import { EV } from '../../core/events.js';
import type { EventTable } from '../../core/event-table.js';
import { checkJourneys } from '../../core/grammar.js';
import { fidelityReport, type FidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import type { Model } from '../../synth/model.js';
import { generateDataset, type SyntheticDataset } from '../../synth/output.js';
import { teensLog } from './generators/teens.js';
import { expectReportRowPasses } from './report-row.js';
import type { TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

/** Assessments open at the end of the table, split by whether the child is past 18 then; assessment ends on an 18th birthday. */
function assessmentsAtEighteen(table: EventTable, dob: ArrayLike<number>): { openMinor: number; openPast18: number; endedOn18: number } {
  const out = { openMinor: 0, openPast18: 0, endedOn18: 0 };
  for (let c = 0; c < table.childIds.length; c++) {
    const eighteenth = birthday18(dob[c]!);
    let open = false;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      if (table.type[i] === EV.assessment_start) open = true;
      else if (table.type[i] === EV.assessment_end) {
        if (open && table.day[i] === eighteenth) out.endedOn18++;
        open = false;
      }
    }
    if (open) out[eighteenth <= TO ? 'openPast18' : 'openMinor']++;
  }
  return out;
}

function birthday18(dob: number): number {
  const birth = civilFromDay(dob);
  return dayFromCivil(birth.year + 18, birth.month, Math.min(birth.day, birth.month === 2 ? 28 : 31));
}

describe('assessments under way on the 18th birthday, left open by the log', () => {
  let real: TestLog;
  let model: Model;
  let synthetic: SyntheticDataset;
  let fidelity: FidelityReport;

  beforeAll(() => {
    real = teensLog({ children: 12_000, from: FROM, to: TO, seed: 3 });
    model = fitModel(real.table, real.children);
    synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 5 });
    fidelity = fidelityReport(real, synthetic);
  }, 120_000);

  it('the log leaves a known share of assessments open past 18, and obeys the grammar', () => {
    const counts = assessmentsAtEighteen(real.table, real.children.dob);
    expect(counts.endedOn18).toBe(0);
    expect(counts.openPast18).toBeGreaterThan(0.3 * (counts.openPast18 + counts.openMinor));
    expect(checkJourneys(real.table, real.children.dob).breaks).toEqual([]);
    expect(model.assessmentOpenAtEighteen).toBe(1);
  });

  it('the copy has as many assessments open at the end as the log (the report\'s open_at_end row passes)', () => {
    const row = fidelity.openAtEnd.find((o) => o.stage === 'assessment')!;
    expectReportRowPasses(row);
  });

  it('the copy leaves them open past 18 as often as the log, ends none on the birthday, and breaks no rule', () => {
    const realCounts = assessmentsAtEighteen(real.table, real.children.dob);
    const syn = assessmentsAtEighteen(synthetic.table, synthetic.children.dob);
    const scale = real.table.childIds.length / synthetic.table.childIds.length;
    const n = realCounts.openPast18;
    const allowed = Math.max(0.15 * n, 3 * Math.sqrt(2 * n));
    expect(`open past 18: real ${n}, synthetic ${Math.round(syn.openPast18 * scale)}, within ±${Math.round(allowed)}: ${Math.abs(syn.openPast18 * scale - n) <= allowed}`).toMatch(/: true$/);
    // (an assessment whose drawn end falls on the birthday itself ends there: a few)
    expect(syn.endedOn18).toBeLessThan(0.1 * n);
    expect(checkJourneys(synthetic.table, synthetic.children.dob).breaks).toEqual([]);
  });

  it('the copy first sees children at the ages within their band that the log does (few in the last year before 18)', () => {
    const lastYear = (table: EventTable, dob: ArrayLike<number>): number => {
      let n = 0;
      for (let c = 0; c < table.childIds.length; c++) if (birthday18(dob[c]!) - table.day[table.childStart[c]!]! < 365) n++;
      return n;
    };
    const r = lastYear(real.table, real.children.dob);
    const s = lastYear(synthetic.table, synthetic.children.dob);
    expect(s).toBeLessThanOrEqual(Math.max(2 * r, 60));
  });
});
