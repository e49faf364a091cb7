// A step too rare in each of two states that differ only in a letter it does not depend on (states.ts
// SIBLING_LETTERS: an S47 left open) is pooled over the two, and kept where the pooled children meet the
// small-cell rule. Issue 10: on the trips-growth log, care begun while a CP plan was open ended before
// the plan for 12 children, split 6 and 4 (and 2 elsewhere) between `cla_start:/lph` and `cla_start:/lsph`:
// dropped in both, no copy's care begun on a plan ever ended before the plan, and such care ran long.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import type { EventTable } from '../../core/event-table.js';
import { buildTransitionCells, type ObservationCell } from '../../synth/cells.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { careOnPlan as careOnPlanFrom, kmMedian } from './care-stats.js';
import { tripsLog } from './generators/trips.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

const careOnPlan = (table: EventTable) => careOnPlanFrom(table, FROM, TO);

/** Observations of `n` children from `first`: `ends` of them step to `rare` on day 30, the rest to `common` on day 200. */
function cell(first: number, n: number, ends: number, rare: string, common: string): ObservationCell {
  const out: ObservationCell = { children: [], to: [], t: [], l: [], cut: [], entry: [] };
  for (let i = 0; i < n; i++) {
    const day = i < ends ? 30 + i : 200 + i;
    out.children.push(first + i);
    out.to.push(i < ends ? rare : common);
    out.t.push(day);
    out.l.push(day);
    out.cut.push(false);
    out.entry.push(0);
  }
  return out;
}

describe('a step too rare in each of two sibling states', () => {
  it('is kept in both when the two together hold minCell children, and not where the letter matters', () => {
    const store = new Map([
      ['cla_start:/lph|*|*', cell(0, 60, 6, 'cla_end:E13', 'cp_plan_end:')],
      ['cla_start:/lsph|*|*', cell(100, 40, 4, 'cla_end:E13', 'cp_plan_end:')],
      // An S47's end depends on the S47 letter: never pooled over it.
      ['s47_start:/ash|*|*', cell(200, 60, 6, 's47_end:nfa', 'assessment_end:nfa')],
      ['s47_start:/asph|*|*', cell(300, 40, 4, 's47_end:nfa', 'assessment_end:nfa')],
    ]);
    const merged: Array<{ cell: string; into: string }> = [];
    const cells = buildTransitionCells(store, 10, merged);
    for (const from of ['cla_start:/lph', 'cla_start:/lsph']) {
      const end = cells.find((c) => c.from === from)!.next.find((n) => n.to === 'cla_end:E13')!;
      // The pooled chance: 10 of 100 children, and the cell describes the 10 pooled children.
      expect(end.p).toBeCloseTo(0.1, 2);
      expect(end.children).toBeGreaterThanOrEqual(10);
    }
    for (const from of ['s47_start:/ash', 's47_start:/asph']) {
      expect(cells.find((c) => c.from === from)?.next.some((n) => n.to.startsWith('s47_end')) ?? false).toBe(false);
    }
  });

  it('trips-growth: copies end care begun on a CP plan before the plan as the log does, and its median follows', () => {
    const real = tripsLog({ children: 50_000, from: FROM, to: TO, seed: 5 }, { ids: true, gapScale: 6, growth: 1.2 });
    const log = careOnPlan(real.table);
    const model = fitModel(real.table, real.children);
    const copies = [1, 2, 3, 4, 5, 6].map((seed) => careOnPlan(generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed }).table));
    const logShare = log.endedInPlan / log.stays.length;
    const copyShare = copies.reduce((s, c) => s + c.endedInPlan, 0) / copies.reduce((s, c) => s + c.stays.length, 0);
    // The log: 12 of 96 such periods ended with the plan open. Before the pooling the copies had none (six
    // copies, 0 of 395; with it 26 of 442), and their Kaplan–Meier median was 450 days against the log's 360 (with it 411).
    expect(log.endedInPlan).toBeGreaterThanOrEqual(10);
    expect(copyShare).toBeGreaterThanOrEqual(logShare / 3);
    const median = kmMedian(copies.flatMap((c) => c.stays));
    expect(Math.abs(median / kmMedian(log.stays) - 1)).toBeLessThan(0.25);
  }, 90_000);
});
