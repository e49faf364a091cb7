// Queues and halos never sit on another station's track (issue 8 review v8f, finding 3): on `big` the
// Assessment → Contact track (583 moves) ran 32 units from Referral, through the crowd of 319 waiting
// there. Every place a dot can wait in, drifted to the full, and every halo outline keep CLEARANCE_PX
// from every track that neither starts nor ends at their station, on both shipped maps, at the fits of
// 1440×900 (as the map is) and 390×844 (turned a quarter, as a phone draws it), with a queue of 1,028 at
// every station at once: the largest number waiting the review saw (Early help on `big`, 30 June 2025;
// the demo's largest is 275 at CIN plan).
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { computeTracks, distanceToPolyline, trackPoints } from '../../../core/tracks.js';
import { DEFAULT_DOT_STYLE } from '../../../client/src/dots/dot-uniforms.js';
import { QueueAreas, queueRoom } from '../../../client/src/dots/queue-areas.js';
import { placeOffset, prepareQueues, spreadQueues } from '../../../client/src/dots/queue-slots.js';
import { orientForScreen } from '../../../client/src/map/turn-map.js';
import { haloOutlines } from '../../../client/src/stations/station-badges.js';
import { FITTED_SCALE } from '../../maps/fitted-scales.js';
import { moveColumns, type MoveRow } from '../fixtures.js';

// The page's dot style (dot-uniforms.ts) is read as shipped; its GPU uniform group is not needed here.
vi.mock('pixi.js', () => ({ UniformGroup: class {}, Graphics: class {}, TextStyle: class {}, CanvasTextMetrics: class {} }));

/**
 * Screen pixels between a waiting dot's centre (or a halo's edge) and a track its station does not serve:
 * the largest dot radius (4.2 px, at 1440×900; 2.7 px at 390×844) and 2 px, rounded up.
 */
const CLEARANCE_PX = 7;
const WAITING = 1028;
const GOLDEN_ANGLE = 2.39996323;

type Pt = [number, number];

describe.each(['front-door', 'small-council'] as const)('queues on maps/%s.json', (id) => {
  const served = parseMapDefinition(JSON.parse(readFileSync(new URL(`../../../maps/${id}.json`, import.meta.url), 'utf8')), `${id}.json`);
  describe.each([
    ['1440x900', { width: 1440, height: 900 }],
    ['390x844', { width: 390, height: 844 }],
  ] as const)('at the %s fit', (fit, screen) => {
    const { map, tracks } = orientForScreen({ map: served, tracks: computeTracks(served) }, screen);
    const stations = map.stations;
    const S = stations.length;
    const isExit = stations.map((s) => s.kind === 'exit');
    const least = CLEARANCE_PX / FITTED_SCALE[id][fit];
    /** the tracks that neither start nor end at station s */
    const foreign = (s: number): Pt[][] => {
      const out: Pt[][] = [];
      for (let a = 0; a < S; a++) for (let b = a + 1; b < S; b++) if (a !== s && b !== s) out.push(trackPoints(tracks, a, b), trackPoints(tracks, b, a));
      return out.filter((p) => p.length > 1);
    };
    const nearestForeign = (s: number, p: Pt) => Math.min(...foreign(s).map((line) => distanceToPolyline(p, line)));

    // WAITING children enter at every station that has a queue and stay there.
    const rows: MoveRow[] = [];
    let c = 0;
    for (let d = 0; d < WAITING; d++) stations.forEach((_, s) => !isExit[s] && rows.push({ child: c++, from: 'entry', to: s, depart: d * 60, arrive: d * 60 }));
    const moves = moveColumns(rows);
    const queues = prepareQueues(moves, S, isExit);
    const areas = new QueueAreas(stations, queueRoom(stations, tracks), DEFAULT_DOT_STYLE.queueSpacing);
    const spacing = spreadQueues(queues, moves, areas, isExit);
    const maxDrift = DEFAULT_DOT_STYLE.driftPerSlowness * DEFAULT_DOT_STYLE.maxSlowness * queues.scale[0]!;

    it(`keeps every place of a ${WAITING.toLocaleString('en-GB')}-child queue, drifted to the full, ${CLEARANCE_PX} px from every track its station does not serve`, () => {
      expect(spacing).toBeGreaterThan(0);
      const worst: { px: number; where: string }[] = [];
      for (let m = 0; m < moves.count; m++) {
        const s = moves.to[m]!;
        const [ox, oy] = placeOffset(queues.slotTo[m]!, DEFAULT_DOT_STYLE.queueSpacing * queues.scale[s]!);
        const a = queues.slotTo[m]! * GOLDEN_ANGLE;
        for (const drift of [0, maxDrift]) {
          const p: Pt = [stations[s]!.x + ox + Math.cos(a) * drift, stations[s]!.y + oy + Math.sin(a) * drift];
          const d = nearestForeign(s, p);
          if (d < least) worst.push({ px: d * FITTED_SCALE[id][fit], where: stations[s]!.id });
        }
      }
      expect(worst.slice(0, 5)).toEqual([]);
    });

    it(`draws every halo of ${WAITING.toLocaleString('en-GB')} ${CLEARANCE_PX} px from every track its station does not serve`, () => {
      const counts = stations.map((_, s) => (isExit[s] ? 0 : WAITING));
      const { outlines } = haloOutlines(areas, counts, spacing);
      const tooClose: string[] = [];
      outlines.forEach((outline, s) => {
        if (isExit[s]) return;
        expect(outline.length).toBeGreaterThan(0);
        const n = outline.length / 2;
        for (let i = 0; i < n; i++) {
          const [x0, y0] = [outline[2 * i]!, outline[2 * i + 1]!];
          const [x1, y1] = [outline[(2 * i + 2) % outline.length]!, outline[(2 * i + 3) % outline.length]!];
          for (let t = 0; t < 1; t += 0.1) {
            const d = nearestForeign(s, [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]);
            if (d < least && tooClose.length < 5) tooClose.push(`${stations[s]!.id} at ${(d * FITTED_SCALE[id][fit]).toFixed(1)} px`);
          }
        }
      });
      expect(tooClose).toEqual([]);
    });
  });
});
