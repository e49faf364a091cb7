import { describe, expect, it } from 'vitest';
import { hashInts, Stream } from '../../../core/forecast/random.js';
import { drawDuration, fasterBy, kaplanMeier } from '../../../core/forecast/survival.js';

describe('forecast random streams', () => {
  it('any one of a stream’s next draws is at hand without the ones before it (the simulation takes only the draws a journey reaches)', () => {
    for (const seed of [0, 1, 0xffffffff, hashInts(1, 2, 3, 4)]) {
      const stream = new Stream().seed(seed);
      const state = stream.state;
      const inTurn = Array.from({ length: 40 }, () => stream.next());
      expect(Array.from({ length: 40 }, (_, k) => Stream.ahead(state, k))).toEqual(inTurn);
      const skipped = new Stream().seed(seed);
      skipped.skip(27);
      expect(skipped.next()).toBe(inTurn[27]);
    }
  });

  it('a duration drawn from periods ending c times as fast with u is the one drawn from the periods with u^(1/c)', () => {
    const stream = new Stream().seed(7);
    const durations = Array.from({ length: 300 }, () => 1 + Math.floor(-200 * Math.log(stream.open())));
    const ended = durations.map((_, k) => (k % 5 === 0 ? 0 : 1));
    const km = kaplanMeier(durations, ended);
    for (const c of [0.5, 0.8, 1.3, 2]) {
      const fast = fasterBy(km, c);
      for (const elapsed of [-1, 0, 30, 400, 5000]) {
        for (let i = 1; i < 200; i++) {
          const u = i / 200;
          expect(drawDuration(fast, elapsed, u)).toBe(drawDuration(km, elapsed, u ** (1 / c)));
        }
      }
    }
  });
});
