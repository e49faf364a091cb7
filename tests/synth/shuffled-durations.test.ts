// The report's step durations read each child's rows in the process's order, whatever order the file held
// them in (audit a10j: a log written shuffled gave pairs no process has, "assessment_start -> referral" at 0
// days, and 38 of 86 steps past the Kolmogorov–Smirnov bound on log C).
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { buildEventTable } from '../../core/event-table.js';
import { fidelityReport } from '../../synth/fidelity.js';
import { countyLog } from './generators/county.js';

describe('step durations of a shuffled log', () => {
  it('are those of the same log in date order', () => {
    const log = countyLog({ children: 3_000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 11 });
    // the same rows, written in an order of their own (a fixed shuffle, then the table sorts by child and date)
    let s = 12345;
    const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const shuffled = log.records.map((r) => ({ r, k: next() })).sort((a, b) => a.k - b.k).map(({ r }) => r);
    const inOrder = { table: log.table, children: log.children };
    const asShuffled = { table: buildEventTable(shuffled), children: log.children };
    // (children numbered by first appearance: the shuffled table's attributes, reordered to match)
    const index = new Map(log.table.childIds.map((id, c) => [id, c]));
    const reorder = <T extends Int32Array | Uint8Array>(a: T) => a.map((_, c) => a[index.get(asShuffled.table.childIds[c]!)!]!) as T;
    asShuffled.children = { ...log.children, dob: reorder(log.children.dob), sex: reorder(log.children.sex), ethnicity: reorder(log.children.ethnicity), disability: reorder(log.children.disability) };
    const steps = (d: typeof inOrder) => fidelityReport(d, inOrder).durations.map((x) => [x.step, x.realSteps]);
    expect(steps(asShuffled)).toEqual(steps(inOrder));
    expect(fidelityReport(asShuffled, inOrder).durations.every((x) => x.pass)).toBe(true);
  });
});
