import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { vi } from 'vitest';
import { parseMapDefinition } from '../../../core/map-schema.js';
import { computeTracks } from '../../../core/tracks.js';
import { QueueAreas, queueRoom, stationPlaces } from '../../../client/src/dots/queue-areas.js';
import { placeOffset, prepareQueues, spreadQueues } from '../../../client/src/dots/queue-slots.js';
import { haloOutlines } from '../../../client/src/stations/station-badges.js';
import { frontDoorMap, moveColumns, type MoveRow } from '../fixtures.js';

// station-badges.ts draws with pixi; only its geometry is used here.
vi.mock('pixi.js', () => ({ UniformGroup: class {}, Graphics: class {}, TextStyle: class {}, CanvasTextMetrics: class {} }));

const DAY = 86400;
const isExit = [false, false, true];

describe('prepareQueues', () => {
  // Station 0 (a queue), 1 (a queue), 2 an exit. Children 0, 1, 2 arrive at 0 in turn.
  const moves = moveColumns([
    { child: 0, from: 'entry', to: 0, depart: 0, arrive: 0 },
    { child: 0, from: 0, to: 1, depart: 0, leave: 10 * DAY, arrive: 10 * DAY },
    { child: 1, from: 'entry', to: 0, depart: 1 * DAY, arrive: 1 * DAY },
    { child: 1, from: 0, to: 2, depart: 1 * DAY, leave: 3 * DAY, arrive: 3 * DAY },
    { child: 2, from: 'entry', to: 0, depart: 5 * DAY, arrive: 5 * DAY },
    { child: 0, from: 1, to: 1, depart: 10 * DAY, leave: 20 * DAY, arrive: 20 * DAY },
    { child: 3, from: 'entry', to: 0, depart: 12 * DAY, arrive: 12 * DAY },
  ]);
  const q = prepareQueues(moves, 3, isExit);

  it('gives each dot a free place in its queue (no new place while one is free), and frees it when the dot leaves', () => {
    // child 0 takes place 0 at station 0, child 1 place 1; child 1 leaves on day 3, so child 2 (day 5)
    // takes place 1; child 0 leaves on day 10, so child 3 (day 12) takes place 0.
    expect(q.slotTo[0]).toBe(0);
    expect(q.slotFrom[1]).toBe(0);
    expect(q.slotFrom[3]).toBe(1);
    expect(q.slotTo[4]).toBe(1);
    expect(q.slotTo[6]).toBe(0);
  });

  it('lands a moving dot on the place its next move waits in, and holds the last moves of a child', () => {
    expect(q.slotTo[1]).toBe(q.slotFrom[5]);
    expect(Array.from(q.hold)).toEqual([0, 0, 0, 0, 1, 0, 1]);
  });

  it('waits in the cohort of the step it arrived for', () => {
    const coloured = moveColumns([
      { child: 0, from: 'entry', to: 0, depart: 0, arrive: 0, cohort: 7 },
      { child: 0, from: 0, to: 1, depart: 0, arrive: 5, cohort: 9 },
    ]);
    expect(Array.from(prepareQueues(coloured, 3, isExit).cohortFrom)).toEqual([7, 7]);
  });

  it('takes each station\'s median wait over the dots that left it', () => {
    // station 0: waits of 10 days and 2 days; station 1: 10 days.
    expect(q.medianWait[0]).toBe(6 * DAY);
    expect(q.medianWait[1]).toBe(10 * DAY);
    expect(q.medianWait[2]).toBe(0);
  });
});

describe('prepareQueues: the longest waits at the edge', () => {
  // Station 0: children 0-3 arrive on day 0 and stay 1, 30, 2 and 40 days: places 0-3. Child 4 arrives
  // on day 6 to wait 100 days, child 5 on day 7 to wait 1 (median of the six: 16 days). Places 0 and 2
  // are free then: the long wait takes the outer (2), the short the inner (0).
  const rows: MoveRow[] = [];
  const stays = [1, 30, 2, 40, 100, 1];
  const arrive = [0, 0, 0, 0, 6, 7];
  stays.forEach((stay, c) => {
    const at = arrive[c]! * DAY + c;
    rows.push({ child: c, from: 'entry', to: 0, depart: at, arrive: at });
    rows.push({ child: c, from: 0, to: 2, depart: at, leave: at + stay * DAY, arrive: at + stay * DAY });
  });
  rows.sort((a, b) => a.depart - b.depart);
  const moves = moveColumns(rows);
  const q = prepareQueues(moves, 3, isExit);
  const placeOf = (child: number) => q.slotFrom[rows.findIndex((r) => r.child === child && r.from === 0)]!;

  it('puts a wait longer than the median in the outermost free place, a shorter one in the innermost', () => {
    expect([0, 1, 2, 3].map(placeOf)).toEqual([0, 1, 2, 3]);
    expect(placeOf(4)).toBe(2);
    expect(placeOf(5)).toBe(0);
  });
});

/** Area of a closed polygon given as x, y pairs (shoelace). */
function area(outline: readonly number[]): number {
  let twice = 0;
  for (let i = 0; i < outline.length; i += 2) {
    const j = (i + 2) % outline.length;
    twice += outline[i]! * outline[j + 1]! - outline[j]! * outline[i + 1]!;
  }
  return Math.abs(twice) / 2;
}

describe('queue areas: one spacing for the whole map', () => {
  const map = frontDoorMap();
  const stations = map.stations;
  const exits = stations.map((s) => s.kind === 'exit');
  const tracks = computeTracks(map);
  const areas = new QueueAreas(stations, queueRoom(stations, tracks), 5);
  const index = (id: string) => stations.findIndex((s) => s.id === id);

  it('gives every station the same spacing, shrunk for all when the biggest queue would not fit', () => {
    // 1,000 children stay at Assessment, 10 at every other station.
    const rows: MoveRow[] = [];
    let c = 0;
    stations.forEach((_, s) => {
      if (exits[s]) return;
      const n = s === index('assessment') ? 1000 : 10;
      for (let i = 0; i < n; i++) rows.push({ child: c++, from: 'entry', to: s, depart: i, arrive: i });
    });
    const moves = moveColumns(rows);
    const q = prepareQueues(moves, stations.length, exits);
    const spacing = spreadQueues(q, moves, areas, exits);
    expect(spacing).toBeLessThan(5);
    expect(new Set(q.scale).size).toBe(1);
    expect(q.scale[0]).toBeCloseTo(spacing / 5);
    // Assessment's 1,000 each have a place of their own, and every place is one of its spiral's that fits.
    const places = stationPlaces(areas.room[index('assessment')]!, spacing);
    const taken = new Set<number>();
    for (let m = 0; m < moves.count; m++) if (moves.to[m] === index('assessment')) taken.add(q.slotTo[m]!);
    expect(taken.size).toBe(1000);
    for (const slot of taken) expect(places).toContain(slot);
  });

  it('keeps places past 900 apart (no wrap of the spiral)', () => {
    const [x0, y0] = placeOffset(10, 2);
    const [x1, y1] = placeOffset(910, 2);
    expect(Math.hypot(x1 - x0, y1 - y0)).toBeGreaterThan(20);
  });

  it('draws halos whose areas are ordered as the counts, in proportion to them where they fit', () => {
    // Stations with different room round them: Contact (wide), Early help, Assessment (narrow), Looked after.
    const sizes: [string, number][] = [['assessment', 50], ['looked_after', 300], ['early_help', 1000], ['contact', 3000]];
    const counts = stations.map(() => 0);
    for (const [id, n] of sizes) counts[index(id)] = n;
    const { spacing, outlines } = haloOutlines(areas, counts, 5);
    const areaOf = sizes.map(([id]) => area(outlines[index(id)]!));
    for (let i = 1; i < sizes.length; i++) expect(areaOf[i]!).toBeGreaterThan(areaOf[i - 1]!);
    // every queue fits its room at that spacing, so its area is in proportion to its count
    for (const [id, n] of sizes) expect(stationPlaces(areas.room[index(id)]!, spacing, n).length).toBe(n);
    for (let i = 1; i < sizes.length; i++) {
      const ratio = areaOf[i]! / areaOf[i - 1]! / (sizes[i]![1] / sizes[i - 1]![1]);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.2);
    }
  });

  it('never draws a smaller halo for more children, whatever the stations (every count from 1 to 3,000 in steps)', () => {
    const ids = ['assessment', 'early_help', 'cin_plan', 'looked_after', 'contact', 'referral'];
    for (const base of [1, 7, 40, 200, 900]) {
      const counts = stations.map(() => 0);
      ids.forEach((id, i) => (counts[index(id)] = base * (i + 1)));
      const { outlines } = haloOutlines(areas, counts, 5);
      const areaOf = ids.map((id) => area(outlines[index(id)]!));
      for (let i = 1; i < ids.length; i++) expect(areaOf[i]!).toBeGreaterThanOrEqual(areaOf[i - 1]!);
    }
  });

  it('keeps a queue of slow children, drifted to the full, inside its halo', () => {
    const s = index('early_help');
    const n = 300;
    const { spacing, outlines } = haloOutlines(areas, stations.map((_, t) => (t === s ? n : 0)), 5);
    const outline = outlines[s]!;
    const inside = (x: number, y: number) => {
      let hit = false;
      for (let i = 0, j = outline.length - 2; i < outline.length; j = i, i += 2) {
        const [xi, yi, xj, yj] = [outline[i]!, outline[i + 1]!, outline[j]!, outline[j + 1]!];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
      }
      return hit;
    };
    // the dot style's drift at its most: 0.625 × 4 = 2.5 units at spacing 5, scaled with the spacing
    const drift = spacing / 2;
    for (const slot of stationPlaces(areas.room[s]!, spacing, n)) {
      const [ox, oy] = placeOffset(slot, spacing + drift / Math.sqrt(slot + 0.5));
      expect(inside(stations[s]!.x + ox, stations[s]!.y + oy)).toBe(true);
    }
  });
});

describe('queue areas on maps/small-council.json', () => {
  const map = parseMapDefinition(JSON.parse(readFileSync(new URL('../../../maps/small-council.json', import.meta.url), 'utf8')), 'small-council.json');
  it('leaves room for a queue at every station but the exits', () => {
    const room = queueRoom(map.stations, computeTracks(map));
    map.stations.forEach((_, s) => expect(stationPlaces(room[s]!, 5).length).toBeGreaterThan(20));
  });
});
