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
