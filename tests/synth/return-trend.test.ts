// How soon children come back, year by year (synth/return-trend.ts). The estimator on gaps simulated here
// (two kinds of children with their own hazards, a calendar factor or none), then the whole fit and copy on
// the "drift" test log, whose children come back 8% sooner each year: the copy's yearly referrals must
// stay within issue 10's 5% (before the clock: 2021 +7.0%, log seed 5, copy seed 1).
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { seededRandom } from '../../core/random.js';
import { ReturnTally, compileReturnClock, returnDay } from '../../synth/return-trend.js';
import { checkUnseen } from './unseen.js';
import { driftLog } from './generators/drift.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

/**
 * Gaps of children who come back with a hazard `base` a day (by kind) times `calendar(day)`, each watched
 * from a day of its own to the log's end; the mix of kinds shifts over the years (more of the quick kind
 * later), which a factor by year alone would take for a trend.
 */
function simulate(seed: number, calendar: (day: number) => number): ReturnTally {
  const u = seededRandom(seed);
  const tally = new ReturnTally();
  for (let i = 0; i < 40_000; i++) {
    let day = FROM + Math.floor(u() * (TO - FROM));
    const quick = u() < 0.2 + (0.4 * (day - FROM)) / (TO - FROM);
    const base = quick ? 1 / 120 : 1 / 700;
    // one gap after another until the log ends, each drawn day by day (the hazard changes with the calendar)
    while (day < TO) {
      let end = day + 1;
      while (end < TO && u() >= base * calendar(end)) end++;
      tally.add(quick ? 1 : 2, day, end, end < TO);
      day = end;
    }
  }
  return tally;
}

describe('the return clock', () => {
  it('finds no trend where there is none, though the kinds of children change over the years (placebo)', () => {
    for (const seed of [1, 2, 4, 5]) expect(simulate(seed, () => 1).fit(FROM, TO, 10), `seed ${seed}`).toBeUndefined();
  });

  it('finds children coming back 10% sooner each year (power)', () => {
    const fitted = simulate(3, (day) => Math.pow(1.1, (day - FROM) / 365.25)).fit(FROM, TO, 10)!;
    const f = fitted.periods.map((p) => p.factor);
    for (let y = 1; y < f.length; y++) expect(f[y]! / f[y - 1]!, `year ${y}`).toBeCloseTo(1.1, 1);
  });

  it('gives no trend where the years and the time since cannot be told apart (a cohort arriving at once, brief syn12)', () => {
    // every child arrives in the first month and comes back after 200-400 days, then again: the later years
    // hold only long gaps, which a free factor per year took for a collapse (factors 9.8, then 1e-44)
    const u = seededRandom(7);
    const tally = new ReturnTally();
    for (let i = 0; i < 4_000; i++) {
      let day = FROM + Math.floor(u() * 30);
      for (let trip = 0; trip < 3; trip++) {
        const back = day + 200 + Math.floor(u() * 200);
        tally.add(trip, day, Math.min(back, TO), back <= TO);
        day = back;
      }
      tally.add(3, day, TO, false);
    }
    const fitted = tally.fit(FROM, TO, 10);
    for (const p of fitted?.periods ?? []) expect(p.factor).toBeGreaterThan(0.4);
  });

  it('runs a gap on the clock: at twice the speed it takes half the days, at the average speed its own', () => {
    const clock = compileReturnClock({ periods: [{ from: '2018-04-01', to: '2019-03-31', factor: 2 }, { from: '2019-04-01', to: '2020-03-31', factor: 2 }] })!;
    expect(returnDay(clock, FROM, 100) - FROM).toBe(50);
    const flat = compileReturnClock({ periods: [{ from: '2018-04-01', to: '2019-03-31', factor: 1 }, { from: '2019-04-01', to: '2020-03-31', factor: 1 }] })!;
    expect(returnDay(flat, FROM, 400) - FROM).toBe(400);
  });

  it("keeps a copy's yearly referrals within 5% of the drift log's, whose children come back sooner each year", { timeout: 300_000 }, () => {
    const real = driftLog({ children: 50_000, from: FROM, to: TO, seed: 5 });
    const { model, fidelity } = checkUnseen(real, 1);
    expect(model.returnTrend!.periods.at(-1)!.factor).toBeGreaterThan(model.returnTrend!.periods[0]!.factor * 1.08);
    const off = fidelity.volumes.filter((v) => Math.abs(v.relativeDifference ?? 0) > 0.05).map((v) => `${v.measure} ${v.from} ${v.real} -> ${v.synthetic}`);
    expect(off).toEqual([]);
  });
});
