// Tracks into (or out of) one station never lie on top of each other (issue 8, review v8g finding 2): tracks
// that leave a station the same way run side by side in lanes of their own right into its mark. Measured
// on the drawn polylines GET /api/maps/:id sends (computeTracks → points + offsets): every track is sampled
// every unit, leaving out the R units nearest its own two stations (where every track must reach the
// station centre, so they meet); no sample may lie within half a lane spacing of another pair's track
// running the same way (parallel). Crossings are left out: two tracks crossing at 45° or 90° touch for a
// few units whatever the lanes do. A pair and its reverse are one drawn two-way line (computeTracks sends
// the reverse of the same segment), so each unordered pair is one track here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMapDefinition } from '../../core/map-schema.js';
import { LANE_SPACING, computeTracks, trackPoints } from '../../core/tracks.js';

type Point = [number, number];

/**
 * R per map, design units: the smallest whole radius outside which the rule holds. small-council holds at
 * the station ring (9) plus one lane spacing (worst point 17.2 u out); front-door needs 23 (early help–ICPC,
 * assessment–closed and ICPC–closed run within 4.5 u of another track up to 22.0 u from their station). Before the mouth lanes: 42 on both.
 */
const R: Record<string, number> = { 'front-door': 23, 'small-council': 18 };

function onTopOfEachOther(mapId: string, radius: number): string[] {
  const map = parseMapDefinition(JSON.parse(readFileSync(`maps/${mapId}.json`, 'utf8')));
  const tracks = computeTracks(map);
  const S = tracks.stationIds.length;
  const lines: { name: string; ends: Point[]; points: Point[] }[] = [];
  for (let i = 0; i < S; i++) {
    for (let j = i + 1; j < S; j++) {
      const points = trackPoints(tracks, i, j);
      if (points.length < 2) continue;
      const ends = [map.stations[i]!, map.stations[j]!].map((s): Point => [s.x, s.y]);
      lines.push({ name: `${tracks.stationIds[i]}–${tracks.stationIds[j]}`, ends, points });
    }
  }
  const found = new Set<string>();
  for (const a of lines) {
    for (let q = 1; q < a.points.length; q++) {
      const [ax, ay] = a.points[q - 1]!;
      const [bx, by] = a.points[q]!;
      const length = Math.hypot(bx - ax, by - ay);
      if (length < 1e-6) continue;
      const [ux, uy] = [(bx - ax) / length, (by - ay) / length];
      for (let s = 0; s <= length; s += 1) {
        const [x, y] = [ax + ux * s, ay + uy * s];
        if (a.ends.some(([ex, ey]) => Math.hypot(x - ex, y - ey) <= radius)) continue;
        for (const b of lines) {
          if (b === a) continue;
          for (let r = 1; r < b.points.length; r++) {
            const [cx, cy] = b.points[r - 1]!;
            const [dx, dy] = b.points[r]!;
            const m = Math.hypot(dx - cx, dy - cy);
            if (m < 1e-6) continue;
            const [vx, vy] = [(dx - cx) / m, (dy - cy) / m];
            if (Math.abs(ux * vy - uy * vx) > 0.05) continue;
            const t = Math.max(0, Math.min(m, (x - cx) * vx + (y - cy) * vy));
            if (Math.hypot(x - cx - vx * t, y - cy - vy * t) < LANE_SPACING / 2) found.add(`${a.name} on ${b.name} at (${x.toFixed(0)}, ${y.toFixed(0)})`.replace(/ at .*/, ''));
          }
        }
      }
    }
  }
  return [...found].sort();
}

describe('tracks into one station run in lanes of their own', () => {
  for (const mapId of ['front-door', 'small-council']) {
    it(`on ${mapId}, no track lies within half a lane spacing of another's, outside ${R[mapId]} u of its stations`, () => {
      expect(onTopOfEachOther(mapId, R[mapId]!)).toEqual([]);
    }, 120_000);
  }
});
