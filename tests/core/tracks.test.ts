import { describe, expect, it } from 'vitest';
import type { MapDefinition, MapStation } from '../../core/map-schema.js';
import { computeTracks, trackPoints, type TrackSet } from '../../core/tracks.js';

const station = (id: string, x: number, y: number): MapStation => ({ id, name: id.toUpperCase(), x, y, kind: 'station' });

// A —(bend at 0,100)— B —— C on line one; A —— D on line two (an interchange at A); E —— F on an island line.
const map: MapDefinition = {
  id: 'test',
  name: 'Test',
  width: 500,
  height: 300,
  stations: [station('a', 0, 0), station('b', 100, 200), station('c', 300, 200), station('d', 200, 0), station('e', 0, 300), station('f', 50, 300)],
  lines: [
    { id: 'one', name: 'One', colour: '#ff0000', path: ['a', [0, 100], 'b', 'c'] },
    { id: 'two', name: 'Two', colour: '#0000ff', path: ['a', 'd'] },
    { id: 'island', name: 'Island', colour: '#00ff00', path: ['e', 'f'] },
  ],
  rules: [],
};
const S = map.stations.length;
const at = (id: string) => map.stations.findIndex((s) => s.id === id);
const length = (t: TrackSet, from: string, to: string) => t.lengths[at(from) * S + at(to)]!;

describe('computeTracks', () => {
  const tracks = computeTracks(map);

  it('lists the stations in map order with S×S+1 offsets', () => {
    expect(tracks.stationIds).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(tracks.offsets.length).toBe(S * S + 1);
    expect(tracks.lengths.length).toBe(S * S);
    expect(tracks.offsets[S * S]).toBe(tracks.points.length);
  });

  it('follows the line through its bends between adjacent stations', () => {
    expect(trackPoints(tracks, at('a'), at('b'))).toEqual([[0, 0], [0, 100], [100, 200]]);
    expect(length(tracks, 'a', 'b')).toBeCloseTo(100 + 100 * Math.SQRT2, 3);
  });

  it('runs the same track backwards for the reverse pair', () => {
    expect(trackPoints(tracks, at('b'), at('a'))).toEqual([[100, 200], [0, 100], [0, 0]]);
    expect(length(tracks, 'b', 'a')).toBeCloseTo(length(tracks, 'a', 'b'), 5);
  });

  it('goes through intermediate stations and interchanges for non-adjacent pairs', () => {
    expect(trackPoints(tracks, at('d'), at('c'))).toEqual([[200, 0], [0, 0], [0, 100], [100, 200], [300, 200]]);
    expect(length(tracks, 'd', 'c')).toBeCloseTo(200 + 100 + 100 * Math.SQRT2 + 200, 3);
  });

  it('gives a pair of the same station its one point and length 0', () => {
    expect(trackPoints(tracks, at('c'), at('c'))).toEqual([[300, 200]]);
    expect(length(tracks, 'c', 'c')).toBe(0);
  });

  it('draws a straight segment where no line joins the pair', () => {
    expect(trackPoints(tracks, at('a'), at('f'))).toEqual([[0, 0], [50, 300]]);
    expect(length(tracks, 'a', 'f')).toBeCloseTo(Math.hypot(50, 300), 3);
  });

  it('takes the shorter of two routes', () => {
    const shortcut: MapDefinition = {
      ...map,
      lines: [...map.lines, { id: 'shortcut', name: 'Shortcut', colour: '#000000', path: ['d', [200, 100], 'c'] }],
    };
    const t = computeTracks(shortcut);
    expect(trackPoints(t, at('d'), at('c'))).toEqual([[200, 0], [200, 100], [300, 200]]);
    expect(length(t, 'd', 'c')).toBeCloseTo(100 + 100 * Math.SQRT2, 3);
  });

  it('does not join two lines where they merely cross', () => {
    const crossing: MapDefinition = {
      ...map,
      stations: [station('p', 0, 100), station('q', 200, 100), station('r', 100, 0), station('s', 100, 200)],
      lines: [
        { id: 'h', name: 'H', colour: '#ff0000', path: ['p', [100, 100], 'q'] },
        { id: 'v', name: 'V', colour: '#0000ff', path: ['r', [100, 100], 's'] },
      ],
    };
    const t = computeTracks(crossing);
    expect(trackPoints(t, 0, 3)).toEqual([[0, 100], [100, 200]]);
  });
});
