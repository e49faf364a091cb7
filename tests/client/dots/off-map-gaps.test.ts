// Review v8c finding 2: a child whose step had ended and whose next step came weeks or months later was
// drawn creeping along the segment for the whole gap, counted by no station (child 1892 of `mix`: 14
// months on Assessment → Early help). A dot now leaves the map at the step's end and comes back for a
// short hop on the next step's date. Checked with the CPU copy of the shader (dot-positions.ts) on a log
// of this file's own with long gaps between an assessment's end and the next step of its episode.
import { describe, expect, it } from 'vitest';
import { emptyChildAttributes } from '../../../core/children.js';
import { dayFromCivil } from '../../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { ENTRY, buildMoves, type MoveColumns } from '../../../core/journeys.js';
import { computeTracks } from '../../../core/tracks.js';
import { allowAll } from '../../../client/src/dots/cohort-filter.js';
import { DotPositions, type DotTiming } from '../../../client/src/dots/dot-positions.js';
import { prepareQueues } from '../../../client/src/dots/queue-slots.js';
import { packTracks } from '../../../client/src/dots/track-texture.js';
import { frontDoorMap } from '../fixtures.js';

const DAY = 86400;
const map = frontDoorMap();
const S = map.stations.length;
const isExit = map.stations.map((s) => s.kind === 'exit');
const tracks = packTracks(computeTracks(map));
const timing: DotTiming = { hop: 30240, fade: 3 * 3600, spacing: 3, drift: 1, maxSlowness: 4 };

/** Park–Miller minimal standard generator: this file's own, so the log owes nothing to the walk's tests. */
function lehmer(seed: number): () => number {
  let x = seed % 2147483647 || 1;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
}

/**
 * Children through the front door whose assessment ends (outcome cin or blank) and whose next step of
 * the same episode (a CIN plan, early help, care, a strategy discussion, or closure) comes 2 to 400 days
 * later; a third of them have a same-day chain at the start. Episode ids on every event.
 */
function gappyLog(children: number, seed: number) {
  const rand = lehmer(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const first = dayFromCivil(2021, 1, 4);
  const records: EventRecord[] = [];
  const attributes = emptyChildAttributes(children);
  const next: [EventType, string | null][] = [
    ['cin_plan_start', null],
    ['early_help_start', null],
    ['cla_start', null],
    ['strategy_discussion', null],
    ['case_closed', 'RC8'],
  ];
  for (let c = 0; c < children; c++) {
    const child = `G${c}`;
    const episodeId = `G${c}-1`;
    const push = (type: EventType, day: number, outcome: string | null = null) => records.push({ child, type, day, outcome, episodeId });
    attributes.dob[c] = first - int(300, 6000);
    const d0 = first + int(0, 500);
    push('contact', d0, 'referral');
    const referral = d0 + (rand() < 0.33 ? 0 : int(1, 5));
    push('referral', referral);
    push('assessment_start', referral + int(0, 3));
    const ended = referral + int(10, 60);
    push('assessment_end', ended, rand() < 0.5 ? 'cin' : null);
    const [type, outcome] = next[int(0, next.length - 1)]!;
    push(type, ended + int(2, 400), outcome);
  }
  return { records, children: attributes, first };
}

/** Hops (moves between two stations) whose dot is drawn on the map at `time`, away from any station. */
function midSegment(moves: MoveColumns, at: DotPositions, time: number): number[] {
  return at
    .all(time, timing, allowAll())
    .filter((d) => d.station < 0 && moves.from[d.move] !== ENTRY && moves.from[d.move] !== moves.to[d.move])
    .filter((d) => time > moves.leave[d.move]! + timing.fade || Math.floor(moves.leave[d.move]! / DAY) === Math.floor(moves.arrive[d.move]! / DAY))
    .map((d) => d.move);
}

describe('a step that ended long before the next one', () => {
  const log = gappyLog(600, 20261201);
  const moves = buildMoves(buildEventTable(log.records), log.children, map);
  const at = new DotPositions(moves, prepareQueues(moves, S, isExit), tracks, isExit);

  it('the log has what the check needs: many hops whose step ended weeks before they arrive', () => {
    let long = 0;
    for (let m = 0; m < moves.count; m++) {
      if (moves.from[m] === ENTRY || moves.from[m] === moves.to[m]) continue;
      if (moves.arrive[m]! - moves.leave[m]! > 30 * DAY) long++;
    }
    expect(long).toBeGreaterThan(200);
  });

  it('draws no dot on a segment for longer than its hop: at any moment only the hops of that day are in transit', () => {
    let hopping = 0;
    for (let day = 0; day < 950; day += 3) {
      for (const second of [6 * 3600, 12 * 3600, DAY - 1]) {
        const time = day * DAY + second;
        for (const m of midSegment(moves, at, time)) {
          // Travelling now: only a hop arriving today, at most a day long.
          expect(Math.floor(moves.arrive[m]! / DAY), `move ${m} drawn mid-segment on day ${day}`).toBe(day);
          hopping++;
        }
      }
    }
    // Power: the hops themselves are still drawn (the dot is not simply hidden for good).
    expect(hopping).toBeGreaterThan(20);
  });

  it('shows the dot fading out at its station when its step ends, and back for the hop on the next step\'s date', () => {
    const m = Array.from({ length: moves.count }, (_, k) => k).find(
      (k) => moves.from[k] !== ENTRY && moves.from[k] !== moves.to[k] && !isExit[moves.to[k]!] && moves.arrive[k]! - moves.leave[k]! > 60 * DAY,
    )!;
    expect(m).toBeDefined();
    const leave = moves.leave[m]!;
    const arriveDay = Math.floor(moves.arrive[m]! / DAY) * DAY;
    // Waiting at its station until the step ends, then a fading dot there, then off the map.
    expect(at.at(m, leave - 60, timing, allowAll())).toMatchObject({ station: moves.from[m] });
    expect(at.at(m, leave + 60, timing, allowAll())).toMatchObject({ station: -1 });
    expect(at.at(m, leave + timing.fade + 60, timing, allowAll())).toBeNull();
    expect(at.at(m, arriveDay - 60, timing, allowAll())).toBeNull();
    // On the next step's date it hops and is at its new station by the end of the day.
    const during = Array.from({ length: 48 }, (_, k) => at.at(m, arriveDay + k * 1800, timing, allowAll()));
    expect(during.some((d) => d !== null && d.station === -1)).toBe(true);
    const end = at.all(arriveDay + DAY - 1, timing, allowAll()).filter((d) => d.child === moves.child[m]);
    expect(end.map((d) => d.station)).toEqual([moves.to[m]]);
  });
});
