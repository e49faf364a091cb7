import { describe, expect, it } from 'vitest';
import type { MapDefinition, MapStation } from '../../core/map-schema.js';
import { LANE_SPACING, STATION_CLEARANCE, computeTracks, distanceToPolyline, trackPoints, tracksTooClose, type TrackSet } from '../../core/tracks.js';

const station = (id: string, x: number, y: number): MapStation => ({ id, name: id.toUpperCase(), x, y, kind: 'station' });

// A —(bend at 0,100)— B —— C on line one; A —— D on line two; E —— F on an island line.
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
const at = (m: MapDefinition, id: string) => m.stations.findIndex((s) => s.id === id);
const length = (t: TrackSet, from: string, to: string) => t.lengths[at(map, from) * S + at(map, to)]!;

function octilinear(points: [number, number][]): boolean {
  for (let i = 1; i < points.length; i++) {
    const dx = Math.abs(points[i]![0] - points[i - 1]![0]);
    const dy = Math.abs(points[i]![1] - points[i - 1]![1]);
    if (!(dx < 1e-3 || dy < 1e-3 || Math.abs(dx - dy) < 1e-3)) return false;
  }
  return true;
}

describe('computeTracks', () => {
  const tracks = computeTracks(map);

  it('lists the stations in map order with S×S+1 offsets', () => {
    expect(tracks.stationIds).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(tracks.offsets.length).toBe(S * S + 1);
    expect(tracks.lengths.length).toBe(S * S);
    expect(tracks.offsets[S * S]).toBe(tracks.points.length);
  });

  it('joins two stations next to each other on a line by that line, through its bends', () => {
    expect(trackPoints(tracks, at(map, 'a'), at(map, 'b'))).toEqual([[0, 0], [0, 100], [100, 200]]);
    expect(length(tracks, 'a', 'b')).toBeCloseTo(100 + 100 * Math.SQRT2, 3);
  });

  it('runs the same track backwards for the reverse pair', () => {
    expect(trackPoints(tracks, at(map, 'b'), at(map, 'a'))).toEqual([[100, 200], [0, 100], [0, 0]]);
    expect(length(tracks, 'b', 'a')).toBeCloseTo(length(tracks, 'a', 'b'), 5);
  });

  it('gives no track to a pair no segment joins, even when lines connect them through other stations', () => {
    // a → c would run through b; d → c through a and b; a → f joins nothing.
    for (const [from, to] of [['a', 'c'], ['d', 'c'], ['a', 'f']] as const) {
      expect(trackPoints(tracks, at(map, from), at(map, to)), `${from}→${to}`).toEqual([]);
      expect(length(tracks, from, to)).toBe(0);
    }
  });

  it('gives a pair of the same station its one point and length 0', () => {
    expect(trackPoints(tracks, at(map, 'c'), at(map, 'c'))).toEqual([[300, 200]]);
    expect(length(tracks, 'c', 'c')).toBe(0);
  });

  it('lists each segment once with its line, in line and path order', () => {
    expect(tracks.segmentList.map((s) => `${map.lines[s.line]!.id}:${map.stations[s.a]!.id}-${map.stations[s.b]!.id}`)).toEqual([
      'one:a-b', 'one:b-c', 'two:a-d', 'island:e-f',
    ]);
  });
});

describe('lanes', () => {
  // Two segments leaving P to the east along one corridor: P → Q direct, and P → R bending north at x = 200.
  const corridor: MapDefinition = {
    ...map,
    stations: [station('p', 0, 100), station('q', 300, 100), station('r', 300, 0)],
    lines: [
      { id: 'straight', name: 'Straight', colour: '#ff0000', path: ['p', 'q'] },
      { id: 'branch', name: 'Branch', colour: '#0000ff', path: ['p', [200, 100], 'r'] },
    ],
  };
  const t = computeTracks(corridor);
  const pq = trackPoints(t, 0, 1);
  const pr = trackPoints(t, 0, 2);

  it('keeps the first segment on the drawn centre and moves the second one lane aside where they share a corridor', () => {
    expect(t.segmentList.map((s) => s.lane)).toEqual([0, 1]);
    expect(pq).toEqual([[0, 100], [300, 100]]);
    // Along the shared stretch (x from 20 to 180) the branch runs LANE_SPACING from the straight track.
    for (const x of [40, 100, 160]) expect(distanceToPolyline([x, 100], pr)).toBeCloseTo(LANE_SPACING, 3);
  });

  it('still starts and ends every offset track at its stations, octilinear all the way', () => {
    expect(pr[0]).toEqual([0, 100]);
    expect(pr[pr.length - 1]).toEqual([300, 0]);
    expect(octilinear(pr)).toBe(true);
  });

  it('puts segments that run opposite ways along one corridor side by side too', () => {
    const reversed: MapDefinition = { ...corridor, lines: [corridor.lines[0]!, { ...corridor.lines[1]!, path: ['r', [200, 100], 'p'] }] };
    const rt = computeTracks(reversed);
    expect(distanceToPolyline([100, 100], trackPoints(rt, 2, 0))).toBeCloseTo(LANE_SPACING, 3);
  });

  it("takes a line's own lane when it is free, so a bundle can nest without its lines crossing", () => {
    // The branch leaves the corridor to the north (smaller y): asked for lane −1 it runs on the north side.
    const nested: MapDefinition = { ...corridor, lines: [corridor.lines[0]!, { ...corridor.lines[1]!, lane: -1 }] };
    const nt = computeTracks(nested);
    expect(nt.segmentList.map((s) => s.lane)).toEqual([0, -1]);
    const branch = trackPoints(nt, 0, 2);
    for (const x of [40, 100, 160]) expect(distanceToPolyline([x, 100 - LANE_SPACING], branch)).toBeCloseTo(0, 3);
    // A lane already held falls back to the nearest free one.
    const clash: MapDefinition = { ...corridor, lines: [corridor.lines[0]!, { ...corridor.lines[1]!, lane: 0 }] };
    expect(computeTracks(clash).segmentList.map((s) => s.lane)).toEqual([0, 1]);
  });
});

describe('tracksTooClose', () => {
  it('names a segment whose track passes within the clearance of a third station', () => {
    const crowded: MapDefinition = {
      ...map,
      stations: [station('p', 0, 100), station('q', 300, 100), station('x', 150, 100 + STATION_CLEARANCE - 1)],
      lines: [
        { id: 'main', name: 'Main', colour: '#ff0000', path: ['p', 'q'] },
        { id: 'spur', name: 'Spur', colour: '#0000ff', path: ['x', [150, 200]] },
      ],
    };
    expect(tracksTooClose(crowded, computeTracks(crowded))).toEqual([
      { line: 0, from: 'p', to: 'q', station: 'x', distance: STATION_CLEARANCE - 1, segment: 0 },
    ]);
  });
});
