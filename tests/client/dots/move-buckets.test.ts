import { describe, expect, it } from 'vitest';
import type { TrackGeometry } from '../../../core/tracks.js';
import { bucketMoves, bucketVisibleAt, FLAG_ENTRY, FLAG_EXIT, FLAG_HOLD, FLAG_LEAVE, INSTANCE_FLOATS } from '../../../client/src/dots/move-buckets.js';
import { prepareQueues } from '../../../client/src/dots/queue-slots.js';
import { packTracks } from '../../../client/src/dots/track-texture.js';
import { moveColumns } from '../fixtures.js';

const DAY = 86400;

/** Three stations on a line: 0 (0,0), 1 (100,0), 2 exit (200,0); every pair a straight segment. */
function lineTracks(): TrackGeometry {
  const xs = [0, 100, 200];
  const points: number[] = [];
  const offsets = [0];
  for (let f = 0; f < 3; f++) {
    for (let t = 0; t < 3; t++) {
      points.push(xs[f]!, 0);
      if (f !== t) points.push(xs[t]!, 0);
      offsets.push(points.length);
    }
  }
  return { stationIds: ['a', 'b', 'exit'], points: Float32Array.from(points), offsets: Uint32Array.from(offsets), lengths: new Float32Array(9) };
}

const isExit = [false, false, true];

describe('bucketMoves', () => {
  const moves = moveColumns([
    { child: 0, from: 'entry', to: 0, depart: 1 * DAY, arrive: 1 * DAY },
    { child: 0, from: 0, to: 1, depart: 1 * DAY, leave: 4 * DAY, arrive: 5 * DAY, episode: 1, cohort: 0b101 },
    { child: 1, from: 'entry', to: 0, depart: 3 * DAY, arrive: 3 * DAY, episode: 2 },
    { child: 1, from: 0, to: 2, depart: 3 * DAY, arrive: 40 * DAY, episode: 2 },
    { child: 0, from: 1, to: 2, depart: 5 * DAY, arrive: 6 * DAY },
    { child: 2, from: 'entry', to: 1, depart: 6 * DAY, arrive: 6 * DAY },
    { child: 2, from: 1, to: 1, depart: 6 * DAY, leave: 7 * DAY, arrive: 7 * DAY },
  ]);
  const packed = packTracks(lineTracks());
  const queues = prepareQueues(moves, 3, isExit);

  it('splits moves by departure into buckets whose times are relative to the bucket origin', () => {
    const buckets = bucketMoves(moves, packed, { isExit, queues, bucketSeconds: 4 * DAY });
    expect(buckets.map((b) => [b.first, b.end, b.origin / DAY])).toEqual([
      [0, 4, 0],
      [4, 7, 4],
    ]);
    const second = buckets[1]!.data;
    expect([second[0], second[1], second[2]]).toEqual([1 * DAY, 2 * DAY, 2 * DAY]);
  });

  it('writes times, the track row, both cohorts, episode with flags, queue places, median waits and the child', () => {
    const [bucket] = bucketMoves(moves, packed, { isExit, queues });
    const at = (m: number, field: number) => bucket!.data[m * INSTANCE_FLOATS + field]!;
    expect([at(1, 0), at(1, 1), at(1, 2)]).toEqual([1 * DAY, 4 * DAY, 5 * DAY]);
    expect(at(1, 3)).toBe(packed.row[0 * 3 + 1]);
    expect([at(1, 4), at(1, 5)]).toEqual([queues.cohortFrom[1], 0b101]);
    expect(at(1, 7)).toBe(queues.slotFrom[1]! + 4096 * queues.slotTo[1]!);
    expect([at(1, 8), at(1, 9), at(1, 10)]).toEqual([queues.medianWait[0], queues.medianWait[1], 0]);
    // an entry sits on its station's own point
    expect(at(0, 3)).toBe(packed.row[0]);
    expect(at(0, 6)).toBe(1 + 256 * FLAG_ENTRY);
    expect(at(2, 6)).toBe(2 + 256 * FLAG_ENTRY);
    // arrivals at the exit fade out; they never hold
    expect(at(3, 6)).toBe(2 + 256 * FLAG_EXIT);
    expect(at(4, 6)).toBe(1 + 256 * FLAG_EXIT);
    // leaving the map from a station: its own point, flagged
    expect(at(6, 3)).toBe(packed.row[1 * 3 + 1]);
    expect(at(6, 6)).toBe(1 + 256 * FLAG_LEAVE);
    expect(at(6, 10)).toBe(2);
  });

  it('a child whose last move ends at a station that is no exit holds there to the end', () => {
    const open = moveColumns([
      { child: 0, from: 'entry', to: 0, depart: 0, arrive: 0 },
      { child: 0, from: 0, to: 1, depart: 0, arrive: 2 * DAY },
    ]);
    const [bucket] = bucketMoves(open, packed, { isExit, queues: prepareQueues(open, 3, isExit) });
    expect(bucket!.data[INSTANCE_FLOATS + 6]).toBe(1 + 256 * FLAG_HOLD);
    expect(bucket!.maxArrive).toBe(Infinity);
    expect(bucketVisibleAt(bucket!, 1000 * DAY, 0)).toBe(true);
  });

  it('a bucket is visible from its first departure to its last arrival plus the linger time', () => {
    const buckets = bucketMoves(moves, packed, { isExit, queues, bucketSeconds: 4 * DAY });
    const last = buckets[1]!;
    expect(bucketVisibleAt(last, 4.9 * DAY, 0)).toBe(false);
    expect(bucketVisibleAt(last, 5.5 * DAY, 0)).toBe(true);
    expect(bucketVisibleAt(last, 7.5 * DAY, 0)).toBe(false);
    expect(bucketVisibleAt(last, 7.5 * DAY, DAY)).toBe(true);
  });

  it('refuses unsorted moves and stations outside the map', () => {
    const unsorted = moveColumns([
      { child: 0, from: 0, to: 1, depart: 2 * DAY, arrive: 3 * DAY },
      { child: 1, from: 0, to: 1, depart: 1 * DAY, arrive: 3 * DAY },
    ]);
    expect(() => bucketMoves(unsorted, packed, { isExit, queues: prepareQueues(unsorted, 3, isExit) })).toThrow(/not sorted by depart at move 1/);
    const outside = moveColumns([{ child: 0, from: 0, to: 7, depart: 0, arrive: 1 }]);
    expect(() => bucketMoves(outside, packed, { isExit, queues: prepareQueues(outside, 8, isExit) })).toThrow(/outside the map's 3 stations/);
  });
});
