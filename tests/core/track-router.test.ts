// The router proposes the drawn route of a segment a map lacks: it must give a path the map validator
// accepts (octilinear, clear of every third station even once lanes offset it) with no short jogs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMapDefinition, producibleTransitions, type MapDefinition, type MapStation } from '../../core/map-schema.js';
import { routeSegment } from '../../core/track-router.js';
import { computeTracks, distanceToPolyline, segmentKey } from '../../core/tracks.js';

const station = (id: string, x: number, y: number): MapStation => ({ id, name: id, x, y, kind: 'interchange' });

function row(): MapDefinition {
  return {
    id: 'row',
    name: 'Row',
    width: 400,
    height: 200,
    stations: [station('a', 60, 100), station('b', 200, 100), station('c', 340, 100)],
    lines: [{ id: 'main', name: 'Main', colour: '#dc241f', path: ['a', 'b', 'c'] }],
    rules: [],
  };
}

function legs(path: [number, number][]): { dx: number; dy: number }[] {
  return path.slice(1).map((p, i) => ({ dx: p[0] - path[i]![0], dy: p[1] - path[i]![1] }));
}

describe('routeSegment', () => {
  it('goes round a station in the way, octilinear, at least the clearance from it, with no leg under three grid steps', () => {
    const map = row();
    const bends = routeSegment(map, 'a', 'c')!;
    expect(bends.length).toBeGreaterThan(0);
    const path: [number, number][] = [[60, 100], ...bends, [340, 100]];
    expect(distanceToPolyline([200, 100], path)).toBeGreaterThanOrEqual(30);
    for (const { dx, dy } of legs(path)) {
      expect(dx === 0 || dy === 0 || Math.abs(dx) === Math.abs(dy), `${dx},${dy}`).toBe(true);
      expect(Math.max(Math.abs(dx), Math.abs(dy))).toBeGreaterThanOrEqual(30);
    }
    // A wider clearance pushes it further out.
    const wide = routeSegment(map, 'a', 'c', { clearance: 60 })!;
    expect(distanceToPolyline([200, 100], [[60, 100], ...wide, [340, 100]])).toBeGreaterThanOrEqual(60);
  });

  it('goes straight when nothing is in the way', () => {
    const map = row();
    expect(routeSegment(map, 'a', 'b')).toEqual([]);
  });

  it('gives up when no route keeps clear of the other stations', () => {
    // The canvas is too low to pass b at 90 units (its margin leaves 80 above and below).
    expect(routeSegment(row(), 'a', 'c', { clearance: 90 })).toBeNull();
  });

  it('refuses stations off its grid, unknown ones, and a station joined to itself', () => {
    const map = row();
    map.stations[2] = station('c', 345, 100);
    expect(() => routeSegment(map, 'a', 'c')).toThrow(/not on the 10-unit grid/);
    expect(() => routeSegment(row(), 'a', 'x')).toThrow(/unknown station "x"/);
    expect(() => routeSegment(row(), 'a', 'a')).toThrow(/two different stations/);
  });

  it('restores any one segment removed from a shipped map so that the map validates again', () => {
    for (const id of ['front-door', 'small-council']) {
      const file = JSON.parse(readFileSync(new URL(`../../maps/${id}.json`, import.meta.url), 'utf8')) as MapDefinition;
      const index = (sid: string) => file.stations.findIndex((s) => s.id === sid);
      const produced = producibleTransitions(file);
      // The lines that alone join a pair the rules can produce and run from one station to another.
      const sole = file.lines.filter((line, li) => {
        const stops = line.path.filter((p) => typeof p === 'string');
        if (stops.length !== 2) return false;
        const left = computeTracks({ ...file, lines: file.lines.filter((_, k) => k !== li) }).segments;
        return produced.some(([x, y]) => !left.has(segmentKey(index(x), index(y))));
      });
      expect(sole.length, id).toBeGreaterThan(3);
      for (const line of sole.slice(-3)) {
        const [from, to] = line.path.filter((p) => typeof p === 'string') as [string, string];
        const rest = { ...file, lines: file.lines.filter((l) => l !== line) };
        expect(() => parseMapDefinition(rest), line.id).toThrow(/no segment joins them/);
        const bends = routeSegment(rest, from, to);
        expect(bends, line.id).not.toBeNull();
        expect(() => parseMapDefinition({ ...rest, lines: [...rest.lines, { ...line, path: [from, ...bends!, to] }] }), line.id).not.toThrow();
      }
    }
  });
});
