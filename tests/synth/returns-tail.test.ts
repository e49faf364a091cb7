// Coming back after years. In an extract with history before it, the children of a fine cell (the
// plain history buckets) may all have been first seen late, so the cell is watched for a shorter span
// than its state: what it cannot see must not turn into "never comes back".
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { buildTransitionCells, type ObservationCell } from '../../synth/cells.js';
import { fidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { tripsLog } from './generators/trips.js';

/** Gaps spread evenly over 1..3000 days; each child watched for `watch` days (censored after it). */
function returns(firstChild: number, n: number, watch: (i: number) => number): ObservationCell {
  const cell: ObservationCell = { children: [], to: [], t: [], l: [], cut: [], entry: [] };
  for (let i = 0; i < n; i++) {
    const gap = 1 + ((i * 7919) % 3000);
    const seen = watch(i);
    const back = gap <= seen;
    cell.children.push(firstChild + i);
    cell.to.push(back ? 'contact:referral' : null);
    cell.t.push(back ? gap : seen);
    cell.l.push(back ? gap : seen);
    cell.cut.push(false);
    cell.entry.push(0);
  }
  return cell;
}

function merge(a: ObservationCell, b: ObservationCell): ObservationCell {
  return {
    children: [...a.children, ...b.children], to: [...a.to, ...b.to], t: [...a.t, ...b.t],
    l: [...a.l, ...b.l], cut: [...a.cut, ...b.cut], entry: [...a.entry, ...b.entry],
    ...(a.watch && b.watch ? { watch: [...a.watch, ...b.watch] } : {}),
  };
}

describe('a fine cell watched for less long than its state', () => {
  it('takes its steps past its horizon from the coarsest cell: every child comes back, none "ends"', () => {
    const state = 'case_closed:RC1/hx';
    // Children first seen early are watched 3,000 days, those of the plain bucket 1,000: all come back.
    const early = returns(0, 600, () => 3000);
    const late = returns(1000, 600, () => 1000);
    const store = new Map([
      [`${state}|*|*`, merge(early, late)],
      [`${state}|5_9|1`, late],
    ]);
    const cells = buildTransitionCells(store, 10, [], undefined, true);
    // Data watched from its start (no history before an extract): the fine cell's own steps only.
    const own = buildTransitionCells(store, 10, []).find((c) => c.age === '5_9' && c.prev === '1')!;
    expect(own.next.find((n) => n.to === 'contact:referral')!.p).toBeLessThan(0.5);
    const fine = cells.find((c) => c.age === '5_9' && c.prev === '1')!;
    const end = fine.next.find((n) => n.to === 'end')?.p ?? 0;
    // Watched 1,000 days of gaps spread over 3,000, a third come back in sight: "no return" was 2/3.
    expect(end).toBeLessThan(0.05);
    const back = fine.next.find((n) => n.to === 'contact:referral')!;
    expect(back.p).toBeGreaterThan(0.95);
    // Its days reach past the horizon, as the coarsest cell's do.
    expect(Math.expm1(back.duration!.logQuantiles.at(-1)!)).toBeGreaterThan(2500);
  });

  it('changes nothing where the fine cell is watched as long as the state', () => {
    const state = 'case_closed:RC1/hx';
    const all = returns(0, 600, () => 1000);
    const store = new Map([[`${state}|*|*`, all], [`${state}|5_9|1`, all]]);
    const cells = buildTransitionCells(store, 10, [], undefined, true);
    const [coarse, fine] = [cells.find((c) => c.age === '*')!, cells.find((c) => c.age === '5_9')!];
    const endOf = (c: typeof coarse): number => c.next.find((n) => n.to === 'end')!.p;
    expect(endOf(fine)).toBeCloseTo(endOf(coarse), 2);
    expect(endOf(fine)).toBeGreaterThan(0.6);
  });
});

describe('a small fine cell whose children were all seen to take their step', () => {
  /** Enquiries ending 10–29 days after they start, `icpc` of them with a conference; each watched for `watch` days. */
  function enquiries(firstChild: number, n: number, icpc: number, watch: number): ObservationCell {
    const cell: ObservationCell = { children: [], to: [], t: [], l: [], cut: [], entry: [], watch: [] };
    for (let i = 0; i < n; i++) {
      const days = 10 + (i % 20);
      cell.children.push(firstChild + i);
      cell.to.push((i * 7) % n < icpc * n ? 's47_end:icpc' : 's47_end:nfa');
      cell.t.push(days);
      cell.l.push(days);
      cell.cut.push(false);
      cell.entry.push(0);
      cell.watch!.push(watch);
    }
    return cell;
  }

  it('keeps its own steps: nothing past a horizon of years is borrowed from the coarsest cell', () => {
    // Enquiries after an earlier CP plan (40 children) lead to a conference 60% of the time, all enquiries
    // 30%. Each child was watched for a year and a half, far past its step: the fine cell lost sight of none.
    // Before, its horizon was where fewer than 20 children had not yet taken their step (half of them),
    // and the later half of its steps came from the coarsest cell: 51%.
    const state = 's47_start:/asch';
    const fine = enquiries(0, 40, 0.6, 550);
    const rest = enquiries(100, 2000, 0.3, 550);
    const store = new Map([[`${state}|*|*`, merge(fine, rest)], [`${state}|*|1cp`, fine]]);
    const cells = buildTransitionCells(store, 10, [], undefined, true);
    const cell = cells.find((c) => c.prev === '1cp')!;
    expect(cell.next.find((n) => n.to === 's47_end:icpc')!.p).toBeCloseTo(0.6, 2);
  });
});

describe('a census-style extract with six years of history before it', () => {
  it('keeps yearly contacts and referrals of the extract years, the last ones too (children who come back after years)', () => {
    const FROM = dayFromCivil(2018, 4, 1);
    const TO = dayFromCivil(2025, 3, 31);
    const real = tripsLog({ children: 25_000, from: FROM, to: TO, seed: 12 }, { ids: true, history: 6, transfer: 0.03 });
    const model = fitModel(real.table, real.children);
    const synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 7 });
    const volumes = fidelityReport(real, synthetic).volumes.filter((v) => v.from >= '2018-04-01' && v.measure !== 'events');
    expect(volumes.length).toBe(14);
    const off = volumes.map((v) => ({ measure: v.measure, from: v.from, change: +(v.synthetic / v.real - 1).toFixed(3) })).filter((v) => Math.abs(v.change) > 0.05);
    expect(off).toEqual([]);
  }, 180_000);
});
