import { describe, expect, it } from 'vitest';
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';
import { countAtMost, indexStations, medianOf, queuesAt, stationCountsAt } from '../../../client/src/stations/station-stats.js';
import { seededRandom } from '../../browser/harness.js';

const DAY = 86400;

/** Random moves over 3 stations, sorted by depart, some entries. */
function randomMoves(n: number, seed: number): MoveColumns {
  const random = seededRandom(seed);
  const depart = Array.from({ length: n }, () => Math.floor(random() * 200 * DAY)).sort((a, b) => a - b);
  const from = new Uint8Array(n);
  const to = new Uint8Array(n);
  const arrive = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const entry = random() < 0.2;
    from[i] = entry ? ENTRY : Math.floor(random() * 3);
    to[i] = Math.floor(random() * 3);
    arrive[i] = entry ? depart[i]! : depart[i]! + Math.floor(random() * 30 * DAY);
  }
  return { count: n, originDay: 0, child: new Uint32Array(n), episode: new Uint8Array(n).fill(1), from, to, depart: Uint32Array.from(depart), arrive, cohort: new Uint16Array(n) };
}

describe('station counts', () => {
  const moves = randomMoves(2000, 11);
  const index = indexStations(moves, 3);

  it('equal a brute-force count over every move, at many moments', () => {
    for (const time of [0, 5 * DAY, 37.5 * DAY, 100 * DAY, 199 * DAY, 260 * DAY]) {
      for (let s = 0; s < 3; s++) {
        let towards = 0;
        let arrived = 0;
        let queue = 0;
        const durations: number[] = [];
        for (let i = 0; i < moves.count; i++) {
          const d = moves.depart[i]!;
          const a = moves.arrive[i]!;
          if (moves.to[i] === s && d <= time && time < a) towards++;
          if (moves.to[i] === s && a <= time && a > time - 7 * DAY) arrived++;
          if (moves.from[i] === s && d <= time && time < a) queue++;
          if (moves.to[i] === s && moves.from[i] !== ENTRY && a <= time && a > time - 91 * DAY) durations.push(a - d);
        }
        const counts = stationCountsAt(index, s, time);
        expect(counts).toEqual({
          inTransitTowards: towards,
          arrivedThisWeek: arrived,
          medianSecondsToReach: medianOf(Uint32Array.from(durations)),
          queue,
        });
        expect(queuesAt(index, time)[s]).toBe(queue);
      }
    }
  });

  it('countAtMost is an upper bound', () => {
    const sorted = Uint32Array.from([1, 3, 3, 7]);
    expect([0, 1, 3, 4, 7, 9].map((x) => countAtMost(sorted, x))).toEqual([0, 1, 3, 3, 4, 4]);
  });

  it('the median of an even count is the mean of the middle two; none gives null', () => {
    expect(medianOf(Uint32Array.from([4, 1, 3, 10]))).toBe(3.5);
    expect(medianOf(new Uint32Array(0))).toBeNull();
  });

  it('rejects a station outside the map', () => {
    expect(() => stationCountsAt(index, 3, 0)).toThrow(/station 3 outside 0–2/);
  });
});
