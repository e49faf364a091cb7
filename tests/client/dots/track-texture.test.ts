import { describe, expect, it } from 'vitest';
import { computeTracks, type TrackGeometry } from '../../../core/tracks.js';
import { ENTRY } from '../../../core/journeys.js';
import { packTracks, pairsUsed, pointAlong, TRACK_SAMPLES, TRACK_TEXTURE_WIDTH } from '../../../client/src/dots/track-texture.js';
import { frontDoorMap } from '../fixtures.js';

/** Two stations 0 and 1: (0,0) → (100,0) → (100,50), and back. */
function bentTracks(): TrackGeometry {
  const there = [0, 0, 100, 0, 100, 50];
  const back = [100, 50, 100, 0, 0, 0];
  const points = Float32Array.from([0, 0, ...there, ...back, 100, 50]);
  const offsets = Uint32Array.from([0, 2, 8, 14, 16]);
  return { stationIds: ['a', 'b'], points, offsets, lengths: Float32Array.from([0, 150, 150, 0]) };
}

describe('packTracks', () => {
  it('resamples each packed pair at equal arc length: the ends are the stations, the middle follows the bend', () => {
    const packed = packTracks(bentTracks());
    expect(packed.length[1]).toBeCloseTo(150, 4);
    expect(pointAlong(packed, 1, 0)).toEqual({ x: 0, y: 0 });
    const end = pointAlong(packed, 1, 1);
    expect(end.x).toBeCloseTo(100, 4);
    expect(end.y).toBeCloseTo(50, 4);
    // A third of the way (50 of 150) is on the first leg; five sixths (125) is on the second leg.
    const third = pointAlong(packed, 1, 1 / 3);
    expect(third.x).toBeCloseTo(50, 3);
    expect(third.y).toBeCloseTo(0, 3);
    const late = pointAlong(packed, 1, 5 / 6);
    expect(late.x).toBeCloseTo(100, 3);
    expect(late.y).toBeCloseTo(25, 3);
    // The way back is the same track reversed.
    const back = pointAlong(packed, 2, 1 / 3);
    expect(back.x).toBeCloseTo(100, 3);
    expect(back.y).toBeCloseTo(0, 1);
  });

  it('a station paired with itself is its one point, for entries', () => {
    const packed = packTracks(bentTracks());
    expect(pointAlong(packed, 3, 0.7)).toEqual({ x: 100, y: 50 });
  });

  it('packs only the pairs asked for, TRACK_SAMPLES texels each, rows never wrapping', () => {
    const packed = packTracks(bentTracks(), [0, 1, 3]);
    expect(Array.from(packed.row)).toEqual([0, 1, -1, 2]);
    expect(packed.width).toBe(TRACK_TEXTURE_WIDTH);
    expect(TRACK_TEXTURE_WIDTH % TRACK_SAMPLES).toBe(0);
    expect(() => pointAlong(packed, 2, 0.5)).toThrow(/not packed/);
  });

  it('rejects offsets that do not match the station count', () => {
    const broken = { ...bentTracks(), offsets: Uint32Array.from([0, 2, 8]) };
    expect(() => packTracks(broken)).toThrow(/offsets has 3 entries, expected 5/);
  });

  it('the front-door map: referral → assessment runs straight along the front-door line', () => {
    const map = frontDoorMap();
    const tracks = computeTracks(map);
    const S = tracks.stationIds.length;
    const k = tracks.stationIds.indexOf('referral') * S + tracks.stationIds.indexOf('assessment');
    const packed = packTracks(tracks);
    const referral = map.stations.find((st) => st.id === 'referral')!;
    const assessment = map.stations.find((st) => st.id === 'assessment')!;
    expect(referral.y).toBe(assessment.y);
    expect(pointAlong(packed, k, 0.5)).toEqual({ x: (referral.x + assessment.x) / 2, y: referral.y });
  });
});

describe('pairsUsed', () => {
  it('lists the travelled pairs and every station with itself, never entries as pairs', () => {
    const from = Uint8Array.from([ENTRY, 0, 1]);
    const to = Uint8Array.from([0, 1, 2]);
    expect(pairsUsed(from, to, 3, 3, ENTRY)).toEqual([0, 1, 4, 5, 8]);
  });
});
