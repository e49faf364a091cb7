// Coming into care and leaving it depend on age: teenagers come into care at 16 and 17, the youngest
// leave it adopted, and nobody of 10 or over is adopted. In a small council (3,000 children) the cells by
// state, age band and history are thin: a cell or step of fewer than 10 children (the small-cell rule)
// fell back to all ages, and a copy adopted children of 10 and over (29 of 690 care ends at 10+ over the
// five logs below, the logs 0 of 721). Now it falls back to its age band over every history first
// (synth/compile.ts fallbacks): 8 of 643.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import type { EventTable } from '../../core/event-table.js';
import { EV, outcomeCode } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import type { Model } from '../../synth/model.js';
import { generateDataset } from '../../synth/output.js';
import { smallCellViolations } from '../../synth/privacy.js';
import { careersLog } from './generators/careers.js';
import type { TestLog } from './generators/log.js';

const ADOPTED = new Set(['E11', 'E12'].map(outcomeCode));

/** Care entries at 16 and over; care ends and adoptions by the age at the end (under 5, 10 and over). */
function careByAge(table: EventTable, dob: ArrayLike<number>) {
  const out = careByAge.empty();
  for (let c = 0; c < table.childIds.length; c++) {
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const years = (table.day[i]! - dob[c]!) / 365.25;
      if (table.type[i] === EV.cla_start && years >= 16) out.entries16++;
      if (table.type[i] !== EV.cla_end) continue;
      const adopted = ADOPTED.has(table.outcome[i]!) ? 1 : 0;
      if (years < 5) (out.endsUnder5++, (out.adoptedUnder5 += adopted));
      else if (years >= 10) (out.ends10++, (out.adopted10 += adopted));
    }
  }
  return out;
}

careByAge.empty = () => ({ entries16: 0, endsUnder5: 0, adoptedUnder5: 0, ends10: 0, adopted10: 0 });

/** Issue 10's rule for a rate: 2 percentage points, or 3 standard errors of the difference (pooled) where that is larger. */
function allowed(a: number, n: number, b: number, m: number): number {
  const p = (a + b) / (n + m);
  return Math.max(0.02, 3 * Math.sqrt(p * (1 - p) * (1 / n + 1 / m)));
}

/** Sums of careByAge over logs (same keys). */
function add(into: ReturnType<typeof careByAge>, x: ReturnType<typeof careByAge>): void {
  for (const k of Object.keys(into) as Array<keyof typeof into>) into[k] += x[k];
}

describe('care entries and ends keep their ages in a copy (five "careers" logs of 3,000 children)', () => {
  const r = careByAge.empty();
  const s = careByAge.empty();
  const models: Model[] = [];
  const logs: TestLog[] = [];

  beforeAll(() => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const real = careersLog({ children: 3_000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed });
      const model = fitModel(real.table, real.children);
      const synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: seed + 100 });
      add(r, careByAge(real.table, real.children.dob));
      add(s, careByAge(synthetic.table, synthetic.children.dob));
      models.push(model);
      logs.push(real);
    }
  }, 300_000);

  it('the logs obey the grammar and have the ages they are written for', () => {
    for (const real of logs) expect(checkJourneys(real.table, real.children.dob).breaks).toEqual([]);
    expect(r.entries16).toBeGreaterThan(500);
    expect(r.adoptedUnder5 / r.endsUnder5).toBeGreaterThan(0.5);
    expect(r.adopted10).toBe(0);
  });

  it('care entries at 16 and over are the logs\', within 3 standard errors (counts taken as Poisson)', () => {
    const bound = 3 * Math.sqrt(r.entries16 + s.entries16);
    expect(Math.abs(s.entries16 - r.entries16), `real ${r.entries16}, synthetic ${s.entries16}, allowed ±${bound.toFixed(0)}`).toBeLessThanOrEqual(bound);
  });

  it('adoptions are the logs\' share of care ends under 5, and as rare as in the logs at 10 and over (2 points, or 3 standard errors)', () => {
    const under5 = [r.adoptedUnder5 / r.endsUnder5, s.adoptedUnder5 / s.endsUnder5];
    const older = [r.adopted10 / r.ends10, s.adopted10 / s.ends10];
    expect(Math.abs(under5[1]! - under5[0]!), `under 5: real ${under5[0]!.toFixed(3)}, synthetic ${under5[1]!.toFixed(3)}`).toBeLessThanOrEqual(allowed(r.adoptedUnder5, r.endsUnder5, s.adoptedUnder5, s.endsUnder5));
    expect(older[1]! - older[0]!, `10 and over: real ${r.adopted10} of ${r.ends10}, synthetic ${s.adopted10} of ${s.ends10}`).toBeLessThanOrEqual(allowed(r.adopted10, r.ends10, s.adopted10, s.ends10));
  });

  it('keeps the small-cell rule: the age-band cells describe 10 children or more, as every other', () => {
    for (const model of models) {
      expect(model.transitions.some((t) => t.age !== '*' && t.prev === '*')).toBe(true);
      expect(smallCellViolations(model)).toEqual([]);
    }
  });
});
