// Two things pooled cells lose, on logs of the independent "trips" generator (tests/synth/generators):
// an outcome share that changes over the years (a front door referring fewer of its contacts each year)
// and an outcome too rare in any one state for the small-cell rule (a conference deciding on no plan,
// in a small council).
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import type { EventTable } from '../../core/event-table.js';
import { EV, outcomeCode } from '../../core/events.js';
import { fidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { MIN_CELL } from '../../synth/model.js';
import { generateDataset } from '../../synth/output.js';
import { privacyReport } from '../../synth/privacy.js';
import { tripsLog } from './generators/trips.js';

const FROM = dayFromCivil(2018, 4, 1);
/** Conferences that decided on no plan in an event table. */
function noPlan(table: EventTable): number {
  let n = 0;
  for (let i = 0; i < table.length; i++) if (table.type[i] === EV.icpc && table.outcome[i] === outcomeCode('no_plan')) n++;
  return n;
}
const TO = dayFromCivil(2025, 3, 31);

describe('a contact-to-referral conversion falling over the years', () => {
  it('is fitted as a trend of the contact outcomes, and yearly referrals follow it', () => {
    const real = tripsLog({ children: 15_000, from: FROM, to: TO, seed: 11 }, { falling: true, growth: 1.07, frailty: true });
    const model = fitModel(real.table, real.children);
    const contact = model.outcomeTrends?.find((t) => t.event === 'contact');
    expect(contact).toBeDefined();
    const referral = contact!.periods.map((p) => p.factors.find((f) => f.outcome === 'referral')?.factor ?? 1);
    // 0.42 falling to 0.26: the first year's factor well above the last's.
    expect(referral[0]!).toBeGreaterThan(1.1 * referral[referral.length - 1]!);
    const synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 3 });
    const volumes = fidelityReport(real, synthetic).volumes.filter((v) => v.measure === 'referrals');
    expect(volumes.length).toBeGreaterThanOrEqual(6);
    for (const v of volumes) expect({ from: v.from, real: v.real, synthetic: v.synthetic, pass: v.pass }).toMatchObject({ pass: true });
  }, 120_000);

  it('a log with no trend gets factors near 1', () => {
    const real = tripsLog({ children: 15_000, from: FROM, to: TO, seed: 12 }, {});
    const model = fitModel(real.table, real.children);
    const contact = model.outcomeTrends?.find((t) => t.event === 'contact');
    for (const p of contact?.periods ?? []) for (const f of p.factors) if (f.outcome === 'referral') expect(Math.abs(f.factor - 1)).toBeLessThan(0.12);
  }, 120_000);
});

describe('a rare conference outcome in a small council', () => {
  it('survives the small-cell rule: pooled over states, no cell of fewer than minCell children', () => {
    const real = tripsLog({ children: 3000, from: FROM, to: TO, seed: 51 }, { ids: true, gapScale: 2 });
    expect(noPlan(real.table)).toBeGreaterThan(0);
    const model = fitModel(real.table, real.children);
    const coarsest = model.transitions.filter((t) => t.age === '*' && t.prev === '*');
    expect(coarsest.some((t) => t.next.some((n) => n.to === 'icpc:no_plan'))).toBe(true);
    for (const t of model.transitions) for (const n of t.next) if (n.to !== 'coarser') expect(n.children).toBeGreaterThanOrEqual(MIN_CELL);
    const synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 1 });
    expect(noPlan(synthetic.table)).toBeGreaterThan(0);
    const privacy = privacyReport(real, synthetic, model);
    expect(privacy.smallCells?.pass).toBe(true);
    const rate = fidelityReport(real, synthetic).rates.find((r) => r.key === 'icpc_to_cp_plan')!;
    expect(rate.synthetic).toBeLessThan(0.99);
    expect(rate.differencePoints).not.toBeNull();
    expect(rate.pass).toBe(true);
  }, 120_000);
});
