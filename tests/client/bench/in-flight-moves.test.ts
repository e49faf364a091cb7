import { describe, expect, it } from 'vitest';
import { BENCH_START, BENCH_WINDOW, synthesiseInFlight } from '../../../client/src/bench/in-flight-moves.js';
import { moveColumns } from '../fixtures.js';

const DAY = 86400;

describe('synthesiseInFlight', () => {
  const source = moveColumns([
    { child: 0, from: 'entry', to: 0, depart: 0, arrive: 0 },
    { child: 0, from: 0, to: 1, depart: 0, arrive: 3 * DAY, cohort: 77, episode: 2 },
    { child: 0, from: 1, to: 2, depart: 3 * DAY, arrive: 90 * DAY, cohort: 78 },
  ]);

  it('makes exactly N moves, sorted by departure, each waiting from before the window and hopping on one of its days', () => {
    const moves = synthesiseInFlight(source, 1000, 3);
    expect(moves.count).toBe(1000);
    const perDay = new Array<number>(5).fill(0);
    for (let i = 0; i < moves.count; i++) {
      if (i > 0) expect(moves.depart[i]!).toBeGreaterThanOrEqual(moves.depart[i - 1]!);
      expect(moves.depart[i]!).toBeLessThanOrEqual(BENCH_START);
      // A hop of almost a whole day inside the window (a dot travels only on its next step's day).
      const day = Math.floor((moves.leave[i]! - BENCH_START) / DAY);
      expect(moves.leave[i]! % DAY).toBe(0);
      expect(moves.arrive[i]! - moves.leave[i]!).toBeGreaterThan(DAY - 3600);
      expect(Math.floor(moves.arrive[i]! / DAY)).toBe(Math.floor(moves.leave[i]! / DAY));
      expect(day).toBeGreaterThanOrEqual(0);
      expect((day + 1) * DAY).toBeLessThanOrEqual(BENCH_WINDOW);
      perDay[day]!++;
    }
    expect(perDay).toEqual([200, 200, 200, 200, 200]);
  });

  it('reuses the dataset’s own transitions and cohorts, never its entries', () => {
    const moves = synthesiseInFlight(source, 4, 3);
    expect(Array.from(moves.from)).toEqual([0, 1, 0, 1]);
    expect(Array.from(moves.to)).toEqual([1, 2, 1, 2]);
    expect(Array.from(moves.cohort)).toEqual([77, 78, 77, 78]);
    expect(moves.episode[0]).toBe(2);
  });

  it('rejects an N that is not a positive integer', () => {
    expect(() => synthesiseInFlight(source, 0, 3)).toThrow(/positive integer/);
  });
});
