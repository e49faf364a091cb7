import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { computeTracks } from '../../../core/tracks.js';
import { shouldTurn, turnMap, turnTracks } from '../../../client/src/map/turn-map.js';

const shipped = (id: string) => parseMapDefinition(JSON.parse(readFileSync(new URL(`../../../maps/${id}.json`, import.meta.url), 'utf8')), `maps/${id}.json`);

describe('turnMap', () => {
  it('turns only where the map is drawn much larger turned: a landscape map on a phone held upright', () => {
    const frontDoor = { width: 1320, height: 640 };
    expect(shouldTurn(frontDoor, { width: 390, height: 700 })).toBe(true);
    expect(shouldTurn(frontDoor, { width: 1190, height: 794 })).toBe(false);
    expect(shouldTurn(frontDoor, { width: 844, height: 300 })).toBe(false);
    // A nearly square screen: turning would gain little, so the map stays as everyone knows it.
    expect(shouldTurn(frontDoor, { width: 700, height: 760 })).toBe(false);
    expect(shouldTurn(frontDoor, { width: 0, height: 0 })).toBe(false);
  });

  for (const id of ['front-door', 'small-council']) {
    it(`${id}: the turned map is a valid map whose tracks are the served tracks turned (dots stay on the drawn lines)`, () => {
      const map = shipped(id);
      const turned = turnMap(map);
      // Still octilinear, every station clear of every other track: the schema accepts it.
      expect(() => parseMapDefinition(JSON.parse(JSON.stringify(turned)), `${id} turned`)).not.toThrow();
      expect([turned.width, turned.height]).toEqual([map.height, map.width]);
      // The left edge becomes the top: the first station of the journey is nearest the top.
      const contact = turned.stations.find((s) => s.id === 'contact')!;
      expect(contact.y).toBe(Math.min(...turned.stations.map((s) => s.y)));
      const drawn = computeTracks(turned);
      const travelled = turnTracks(computeTracks(map), map);
      expect(Array.from(drawn.offsets)).toEqual(Array.from(travelled.offsets));
      expect(drawn.points.length).toBe(travelled.points.length);
      let worst = 0;
      for (let i = 0; i < drawn.points.length; i++) worst = Math.max(worst, Math.abs(drawn.points[i]! - travelled.points[i]!));
      expect(worst).toBeLessThan(1e-3);
      expect(Array.from(drawn.lengths)).toEqual(Array.from(travelled.lengths));
    });
  }
});
