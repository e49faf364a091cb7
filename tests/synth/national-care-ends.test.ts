// The national process behind the built-in model (synth/national-process.ts): why a period of care ends
// depends on the child's age then, as in England (2024: 9% of ceased periods adoptions, nearly all of young
// children; independent living only from 16; staying put only at 18). Before issue 14 the reasons were
// drawn the same at every age: adoptions at 17, staying put at 3, and adoptions 6% of ends.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { simulateNational } from '../../synth/national-process.js';

const from = dayFromCivil(2008, 4, 1);
const to = dayFromCivil(2025, 3, 31);
const { records, children } = simulateNational({ children: 100_000, from, to, seed: 77 });
const born = new Map(children.map((c) => [c.id, c.dob]));

/** Whole years between two day numbers (365.2425-day years are close enough away from birthdays; the count below tolerates it). */
function years(dob: number, day: number): number {
  return Math.floor((day - dob) / 365.2425);
}

// Every care end of the last ten years, with the age then.
const ends = records.filter((r) => r.type === 'cla_end' && r.day >= dayFromCivil(2015, 4, 1)).map((r) => ({ reason: r.outcome!, age: years(born.get(r.child)!, r.day) }));
const adoptions = ends.filter((e) => e.reason === 'E11' || e.reason === 'E12');

describe('care ends by age in the national process', () => {
  it('holds enough care ends to tell', () => {
    expect(ends.length).toBeGreaterThan(1500);
  });

  it('adoptions are near England\'s 9% of ended periods of care', () => {
    expect(adoptions.length / ends.length).toBeGreaterThanOrEqual(0.065);
    expect(adoptions.length / ends.length).toBeLessThanOrEqual(0.12);
  });

  it('most adopted children are under 5, and none is 16 or over', () => {
    expect(adoptions.filter((e) => e.age < 5).length / adoptions.length).toBeGreaterThan(0.6);
    expect(adoptions.filter((e) => e.age >= 16)).toEqual([]);
  });

  it('children leaving care at 16 or over mostly go to independent living or stay put at 18', () => {
    const older = ends.filter((e) => e.age >= 16);
    const independent = older.filter((e) => ['E5', 'E6', 'E17'].includes(e.reason));
    expect(independent.length / older.length).toBeGreaterThan(0.6);
  });

  it('no child under 16 moves to independent living, and nobody under 17 stays put "at 18"', () => {
    expect(ends.filter((e) => e.age < 15 && ['E5', 'E6'].includes(e.reason))).toEqual([]);
    expect(ends.filter((e) => e.age < 17 && e.reason === 'E17')).toEqual([]);
  });
});
