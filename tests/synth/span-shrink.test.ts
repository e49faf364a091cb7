// A period of care's length by the age band it began in is a shift from all ages' (synth/span-durations.ts),
// each band's shrunk toward none by how much of it its own noise could be (empirical Bayes, bootstrap standard
// errors). Issue 10: on the trips-growth log, whose care lasts alike at every age below the 18th birthday, the
// fit gave care begun at 5-9 ×1.30 (117 children) and the copies kept it; the drift log's care does depend on
// the age (×1.4 at 1-4, ×0.5-0.7 at 16+) and keeps its shifts.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { fitModel } from '../../synth/fit.js';
import { driftLog } from './generators/drift.js';
import { tripsLog } from './generators/trips.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);
const shiftOf = (model: ReturnType<typeof fitModel>, age: string): number => model.spanDurations?.find((s) => s.event === 'cla_end' && s.age === age)?.logShift ?? 0;

describe('care length shifts by age band', () => {
  it('a log whose care lasts alike at every age keeps next to no shift (trips-growth, log seeds 5 and 6)', () => {
    for (const seed of [5, 6]) {
      const log = tripsLog({ children: 50_000, from: FROM, to: TO, seed }, { ids: true, gapScale: 6, growth: 1.2 });
      const model = fitModel(log.table, log.children);
      // Before the shrinkage: 5-9 ×1.30 and 16+ ×0.71 on seed 5, 1-4 ×1.18 and 16+ ×0.81 on seed 6.
      for (const age of ['under_1', '1_4', '5_9', '10_15']) expect(Math.abs(shiftOf(model, age)), `seed ${seed} ${age}`).toBeLessThan(Math.log(1.08));
    }
  }, 60_000);

  it('a log whose care lasts by age keeps its shifts (drift, log seed 5)', () => {
    const log = driftLog({ children: 50_000, from: FROM, to: TO, seed: 5 });
    const model = fitModel(log.table, log.children);
    // ×1.47, 1.26, 0.79 and 0.49 before the shrinkage; ×1.43, 1.26, 0.79 and 0.52 after.
    expect(shiftOf(model, '1_4')).toBeGreaterThan(Math.log(1.3));
    expect(shiftOf(model, '16_plus')).toBeLessThan(Math.log(0.6));
  }, 60_000);
});
