// One child, one dot: a child's hops of a day run one after another and a move's dot appears only once
// the hop that brought it has ended; at the end of each day every dot has finished that day's hops.
// Checked with the CPU copy of the shader (dot-positions.ts) on an awkward log's real moves.
import { describe, expect, it } from 'vitest';
import { buildEventTable } from '../../../core/event-table.js';
import { dayFromCivil } from '../../../core/dates.js';
import { ENTRY, buildMoves, type MoveColumns } from '../../../core/journeys.js';
import { computeTracks } from '../../../core/tracks.js';
import { allowAll } from '../../../client/src/dots/cohort-filter.js';
import { DotPositions, type DotTiming } from '../../../client/src/dots/dot-positions.js';
import { prepareQueues } from '../../../client/src/dots/queue-slots.js';
import { packTracks } from '../../../client/src/dots/track-texture.js';
import { awkwardLog } from '../../core/awkward-log.js';
import { frontDoorMap, moveColumns } from '../fixtures.js';

const DAY = 86400;
const map = frontDoorMap();
const S = map.stations.length;
const isExit = map.stations.map((s) => s.kind === 'exit');
const tracks = packTracks(computeTracks(map));
const timing = (hop: number): DotTiming => ({ hop, fade: 3 * 3600, spacing: 3, drift: 1, maxSlowness: 4 });

function positions(moves: MoveColumns): DotPositions {
  return new DotPositions(moves, prepareQueues(moves, S, isExit), tracks, isExit);
}

/** The children shown by more than one dot at `time` (an entry's ring and a fading exit aside). */
function doubled(moves: MoveColumns, at: DotPositions, time: number, t: DotTiming): number[] {
  const seen = new Map<number, number>();
  for (const d of at.all(time, t, allowAll())) {
    const m = d.move;
    if (moves.from[m] === ENTRY || moves.from[m] === moves.to[m] || isExit[moves.to[m]!]) continue;
    seen.set(d.child, (seen.get(d.child) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([c]) => c);
}

describe('hop order', () => {
  it('runs a child\'s three steps of one day one after another, one dot at a time, all done by 23:59:59', () => {
    // Contact 0 → referral 2 → assessment 3 on day 10, then assessment → NFA on day 40.
    const moves = moveColumns([
      { child: 0, from: 'entry', to: 0, depart: 10 * DAY, arrive: 10 * DAY },
      { child: 0, from: 0, to: 2, depart: 10 * DAY, arrive: 10 * DAY },
      { child: 0, from: 2, to: 3, depart: 10 * DAY, arrive: 10 * DAY },
      { child: 0, from: 3, to: 10, depart: 10 * DAY, arrive: 40 * DAY },
    ]);
    const at = positions(moves);
    for (const hop of [6 * 3600, 30240, 200000]) {
      const t = timing(hop);
      const trail: number[] = [];
      for (const time of [...Array.from({ length: 144 }, (_, i) => 10 * DAY + i * 600), 11 * DAY - 1]) {
        expect(doubled(moves, at, time, t), `hop ${hop} at ${time - 10 * DAY} s`).toEqual([]);
        const dot = at.all(time, t, allowAll()).find((d) => moves.from[d.move] !== ENTRY);
        if (dot) trail.push(dot.move);
      }
      // Hops in order: contact→referral, then referral→assessment, then waiting at assessment.
      expect([...new Set(trail)]).toEqual([1, 2, 3]);
      const end = at.all(11 * DAY - 1, t, allowAll()).filter((d) => moves.from[d.move] !== ENTRY);
      expect(end).toMatchObject([{ move: 3, station: 3 }]);
    }
  });

  it('shows a dot arriving by a hop and its next move waiting there as one dot (the one-child page)', () => {
    const moves = moveColumns([
      { child: 0, from: 'entry', to: 0, depart: 0, arrive: 0 },
      { child: 0, from: 0, to: 2, depart: 0, leave: 8 * DAY, arrive: 8 * DAY },
      { child: 0, from: 2, to: 3, depart: 8 * DAY, leave: 18 * DAY, arrive: 18 * DAY },
      { child: 0, from: 3, to: 10, depart: 18 * DAY, leave: 58 * DAY, arrive: 58 * DAY },
    ]);
    const at = positions(moves);
    const t = timing(30240);
    for (let time = 8 * DAY; time < 9 * DAY; time += 300) expect(doubled(moves, at, time, t), `at ${time}`).toEqual([]);
    // Halfway through the hop from 00:00 of day 18 she is halfway along referral → assessment.
    const mid = at.all(18 * DAY + 15120, t, allowAll());
    expect(mid).toHaveLength(1);
    expect(mid[0]).toMatchObject({ move: 2, station: -1 });
  });

  it('on an awkward log: never two dots for a child, and at the end of every day no hop of that day in progress', () => {
    const log = awkwardLog({ children: 300, firstDay: dayFromCivil(2021, 4, 1), lastDay: dayFromCivil(2022, 3, 31), seed: 31 });
    const moves = buildMoves(buildEventTable(log.records), log.children, map);
    const at = positions(moves);
    // Days on which a child makes two hops or more: the case that drew two dots.
    const hopDays = new Set<string>();
    let sameDayChains = 0;
    for (let m = 0; m < moves.count; m++) {
      if (moves.from[m] === ENTRY || moves.from[m] === moves.to[m]) continue;
      const key = `${moves.child[m]}:${Math.floor(moves.arrive[m]! / DAY)}`;
      if (hopDays.has(key)) sameDayChains++;
      hopDays.add(key);
    }
    expect(sameDayChains).toBeGreaterThan(50);
    for (const hop of [6 * 3600, 30240]) {
      const t = timing(hop);
      for (let day = 0; day < 380; day += 3) {
        for (const second of [0, 3600, 20000, 40000, 70000]) expect(doubled(moves, at, day * DAY + second, t), `day ${day} +${second}`).toEqual([]);
        const end = (day + 1) * DAY - 1;
        for (const d of at.all(end, t, allowAll())) {
          const m = d.move;
          if (d.station >= 0 || moves.from[m] === ENTRY || moves.from[m] === moves.to[m] || isExit[moves.to[m]!]) continue;
          // Travelling at 23:59:59: only in transit to a later day's step.
          expect(Math.floor(moves.arrive[m]! / DAY), `move ${m} at the end of day ${day}`).toBeGreaterThan(day);
        }
      }
    }
  });
});
