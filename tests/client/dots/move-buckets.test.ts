import { describe, expect, it } from 'vitest';
import type { TrackGeometry } from '../../../core/tracks.js';
import { bucketMoves, bucketVisibleAt, FLAG_ENTRY, FLAG_EXIT, FLAG_HOLD, INSTANCE_FLOATS, medianTable } from '../../../client/src/dots/move-buckets.js';
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
    { child: 0, from: 0, to: 1, depart: 1 * DAY, arrive: 5 * DAY, episode: 1, cohort: 0b101 },
    { child: 1, from: 'entry', to: 0, depart: 3 * DAY, arrive: 3 * DAY, episode: 2 },
    { child: 1, from: 0, to: 2, depart: 3 * DAY, arrive: 40 * DAY, episode: 2 },
    { child: 0, from: 1, to: 2, depart: 5 * DAY, arrive: 6 * DAY },
  ]);
  const packed = packTracks(lineTracks());
  const transitions = [
    { from: 0, to: 1, medianSeconds: 2 * DAY },
    { from: 0, to: 2, medianSeconds: 37 * DAY },
  ];

  it('splits moves by departure into buckets whose times are relative to the bucket origin', () => {
    const buckets = bucketMoves(moves, packed, { isExit, transitions, bucketSeconds: 4 * DAY });
    expect(buckets.map((b) => [b.first, b.end, b.origin / DAY])).toEqual([
      [0, 4, 0],
      [4, 5, 4],
    ]);
    const second = buckets[1]!.data;
    expect(second[0]).toBe(1 * DAY);
    expect(second[1]).toBe(2 * DAY);
  });

  it('writes the track row, drift ratio against the median, cohort and episode with flags', () => {
    const [bucket] = bucketMoves(moves, packed, { isExit, transitions });
    const at = (m: number, field: number) => bucket!.data[m * INSTANCE_FLOATS + field]!;
    // move 1: 0 → 1 took 4 days against a median of 2: twice as slow.
    expect(at(1, 2)).toBe(packed.row[0 * 3 + 1]);
    expect(at(1, 3)).toBe(2);
    expect(at(1, 4)).toBe(0b101);
    // an entry sits on its station's own point and never drifts
    expect(at(0, 2)).toBe(packed.row[0]);
    expect(at(0, 3)).toBe(0);
    expect(at(0, 5)).toBe(1 + 256 * FLAG_ENTRY);
    expect(at(2, 5)).toBe(2 + 256 * FLAG_ENTRY);
    // arrivals at the exit fade out; they never hold
    expect(at(3, 5)).toBe(2 + 256 * FLAG_EXIT);
    expect(at(4, 5)).toBe(1 + 256 * FLAG_EXIT);
  });

  it('a child whose last move ends at a station that is no exit holds there to the end', () => {
    const open = moveColumns([
      { child: 0, from: 'entry', to: 0, depart: 0, arrive: 0 },
      { child: 0, from: 0, to: 1, depart: 0, arrive: 2 * DAY },
    ]);
    const [bucket] = bucketMoves(open, packed, { isExit, transitions: [] });
    expect(bucket!.data[INSTANCE_FLOATS + 5]).toBe(1 + 256 * FLAG_HOLD);
    expect(bucket!.maxArrive).toBe(Infinity);
    expect(bucketVisibleAt(bucket!, 1000 * DAY, 0)).toBe(true);
  });

  it('a bucket is visible from its first departure to its last arrival plus the linger time', () => {
    const buckets = bucketMoves(moves, packed, { isExit, transitions, bucketSeconds: 4 * DAY });
    const last = buckets[1]!;
    expect(bucketVisibleAt(last, 4.9 * DAY, 0)).toBe(false);
    expect(bucketVisibleAt(last, 5.5 * DAY, 0)).toBe(true);
    expect(bucketVisibleAt(last, 6.5 * DAY, 0)).toBe(false);
    expect(bucketVisibleAt(last, 6.5 * DAY, DAY)).toBe(true);
  });

  it('refuses unsorted moves and stations outside the map', () => {
    const unsorted = moveColumns([
      { child: 0, from: 0, to: 1, depart: 2 * DAY, arrive: 3 * DAY },
      { child: 1, from: 0, to: 1, depart: 1 * DAY, arrive: 3 * DAY },
    ]);
    expect(() => bucketMoves(unsorted, packed, { isExit, transitions })).toThrow(/not sorted by depart at move 1/);
    const outside = moveColumns([{ child: 0, from: 0, to: 7, depart: 0, arrive: 1 }]);
    expect(() => bucketMoves(outside, packed, { isExit, transitions })).toThrow(/outside the map's 3 stations/);
  });

  it('medianTable indexes medians by from * S + to', () => {
    expect(Array.from(medianTable(transitions, 3))).toEqual([0, 2 * DAY, 37 * DAY, 0, 0, 0, 0, 0, 0]);
  });
});
