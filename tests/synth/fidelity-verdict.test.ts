// Review v10 finding 6 (issue 10): the verdict checked 9 rates, 4 medians, yearly volumes and the grammar,
// but not metrics.md's CP plan length bands or the counts open at the window's end. A copy whose plans
// all ran to a different band, or whose plans were left open, passed. Both are in the verdict now, by
// the rule the rates and counts follow (2 points or 3 standard errors; 5% or 3 standard errors).
import { describe, expect, it } from 'vitest';
import { emptyChildAttributes } from '../../core/children.js';
import { dayFromCivil } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { fidelityReport } from '../../synth/fidelity.js';

const START = dayFromCivil(2021, 4, 5);
const LAST = dayFromCivil(2022, 3, 31);

/** 600 children, each referred and on a CP plan of `length(i)` days (null: still open at the end). */
function plans(length: (i: number) => number | null) {
  const records: EventRecord[] = [];
  for (let i = 0; i < 600; i++) {
    const child = `C${i}`;
    const day = START + (i % 60);
    records.push({ child, type: 'referral', day, outcome: null, source: null });
    records.push({ child, type: 'cp_plan_start', day: day + 1, outcome: null, source: null });
    const days = length(i);
    if (days !== null) records.push({ child, type: 'cp_plan_end', day: day + 1 + days, outcome: null, source: null });
  }
  // the same last day on both sides: the window is the real data's span
  records.push({ child: 'Z', type: 'referral', day: LAST, outcome: null, source: null });
  const table = buildEventTable(records);
  return { table, children: emptyChildAttributes(table.childIds.length) };
}

describe('the verdict', () => {
  // real: 30% of plans up to 3 months, 70% of 6-12 months (median 200 days)
  const real = plans((i) => (i % 10 < 3 ? 60 : 200));

  it('passes a copy of the same plans, and fails one whose short plans ran 3-6 months (same median)', () => {
    expect(fidelityReport(real, real).pass).toBe(true);
    const report = fidelityReport(real, plans((i) => (i % 10 < 3 ? 120 : 200)));
    expect(report.medians.every((m) => m.pass)).toBe(true);
    expect(report.cpPlanBands.filter((b) => !b.pass).map((b) => b.band)).toEqual(['le_3m', '3_6m']);
    expect(report.pass).toBe(false);
  });

  it('fails a copy that leaves a fifth of the plans open at the end', () => {
    const report = fidelityReport(real, plans((i) => (i % 5 === 0 ? null : i % 10 < 3 ? 60 : 200)));
    const open = report.openAtEnd.find((o) => o.stage === 'cp_plan')!;
    expect([open.real, open.synthetic, open.pass]).toEqual([0, 120, false]);
    expect(report.pass).toBe(false);
  });
});
