import { describe, expect, it } from 'vitest';
import { computeTracks } from '../../../core/tracks.js';
import { intersects, type Box } from '../../../client/src/map/label-layout.js';
import { packTracks, pointAlong } from '../../../client/src/dots/track-texture.js';
import { placeSegmentLabels, placeSign, segmentCrossesBox, type SegmentLabelRequest, type SignRequest } from '../../../client/src/segments/segment-placement.js';
import { frontDoorMap } from '../fixtures.js';

// Every segment of the front-door map labelled, both directions where both have a track, with labels
// as wide as the real ones: 11 px bold text is about 6.6 map units a character, plus the pill's padding.
const map = frontDoorMap();
const tracks = computeTracks(map);
const packed = packTracks(tracks);
const S = tracks.stationIds.length;
const CHAR = 6.6;
const HEIGHT = 16;
const requests: SegmentLabelRequest[] = [];
const has = (k: number) => packed.row[k]! >= 0 && packed.length[k]! > 0;
for (let f = 0; f < S; f++) {
  for (let t = 0; t < S; t++) {
    const k = f * S + t;
    if (f === t || !has(k)) continue;
    const children = 1 + ((k * 7919) % 1500);
    const slow = k % 5 === 0;
    const text = `→ ${children.toLocaleString('en-GB')} · ${(k % 300) + 0.5} d${slow ? ' · over 15 WD' : ''}`;
    requests.push({
      children,
      width: text.length * CHAR + 8,
      height: HEIGHT,
      preferred: has(t * S + f) ? 0.36 : 0.5,
      at: (fraction) => pointAlong(packed, k, fraction),
    });
  }
}
const marks = map.stations.map((s) => ({ x: s.x, y: s.y }));
const markBox = (m: { x: number; y: number }): Box => ({ x0: m.x - 13, y0: m.y - 13, x1: m.x + 13, y1: m.y + 13 });

describe('placeSegmentLabels on the front-door map with every segment labelled', () => {
  const placed = placeSegmentLabels(requests, { marks, markRadius: 13 });

  it('is a map where labels at their preferred points alone would overlap (what the reviewer saw)', () => {
    const naive = requests.map((r) => {
      const p = r.at(r.preferred);
      return { x0: p.x - r.width / 2, y0: p.y - r.height / 2, x1: p.x + r.width / 2, y1: p.y + r.height / 2 };
    });
    let overlaps = 0;
    for (let i = 0; i < naive.length; i++) for (let j = i + 1; j < naive.length; j++) if (intersects(naive[i]!, naive[j]!)) overlaps++;
    expect(overlaps).toBeGreaterThan(0);
  });

  it('draws no two labels overlapping, and none on a station\'s mark', () => {
    expect(placed.length).toBeGreaterThan(0);
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) expect(intersects(placed[i]!.box, placed[j]!.box), `labels ${placed[i]!.index} and ${placed[j]!.index}`).toBe(false);
      for (const m of marks) expect(intersects(placed[i]!.box, markBox(m))).toBe(false);
    }
  });

  it('puts each label on its own segment, or beside it with a leader from its edge to the segment, at the preferred point when that is clear', () => {
    const nearestTo = (r: SegmentLabelRequest, x: number, y: number) => {
      let nearest = Infinity;
      for (let f = 0; f <= 1; f += 0.01) {
        const q = r.at(f);
        nearest = Math.min(nearest, Math.hypot(q.x - x, q.y - y));
      }
      return nearest;
    };
    const besides = placed.filter((p) => p.leader !== null);
    for (const p of placed) {
      const r = requests[p.index]!;
      if (!p.leader) {
        expect(nearestTo(r, p.x, p.y)).toBeLessThan(1);
        continue;
      }
      // The leader starts on the label's edge and ends on its own segment, crossing no other label.
      const { x0, y0, x1, y1 } = p.leader;
      expect(x0 >= p.box.x0 && x0 <= p.box.x1 && y0 >= p.box.y0 && y0 <= p.box.y1).toBe(true);
      expect(nearestTo(r, x1, y1)).toBeLessThan(1);
      for (const o of placed) if (o !== p) expect(segmentCrossesBox({ x: x1, y: y1 }, { x: x0, y: y0 }, o.box)).toBe(false);
    }
    // Some labels on this crowded map only fit beside their segment.
    expect(besides.length).toBeGreaterThan(0);
    // The busiest step always gets its preferred point.
    const busiest = requests.reduce((b, r, i) => (r.children > requests[b]!.children ? i : b), 0);
    const top = placed.find((p) => p.index === busiest)!;
    const want = requests[busiest]!.at(requests[busiest]!.preferred);
    expect([top.x, top.y]).toEqual([want.x, want.y]);
  });
});

describe('placeSegmentLabels inside the part of the map in view', () => {
  // The left half of the map, as when a phone is zoomed in: a label cut by the screen's edge (the
  // reviewer's "⚠ 7 · 101 d · over 45 WD" hung off the left of a 390 px screen) is left out instead.
  const within: Box = { x0: map.width * 0.25, y0: 0, x1: map.width * 0.6, y1: map.height };
  const placed = placeSegmentLabels(requests, { marks, markRadius: 13, within });
  const unbounded = placeSegmentLabels(requests, { marks, markRadius: 13 });

  it('draws every label wholly inside the view, and leaves out those that cannot be', () => {
    expect(unbounded.some((p) => p.box.x0 < within.x0 || p.box.x1 > within.x1)).toBe(true);
    expect(placed.length).toBeGreaterThan(0);
    for (const p of placed) {
      expect(p.box.x0 >= within.x0 && p.box.x1 <= within.x1 && p.box.y0 >= within.y0 && p.box.y1 <= within.y1, JSON.stringify(p.box)).toBe(true);
    }
    expect(placed.length).toBeLessThan(unbounded.length);
  });
});

describe('placeSegmentLabels by importance (review v8e finding 1)', () => {
  // Two labels competing for one short horizontal segment, 0 to 200 at y = 0, between two stations.
  const along = (fraction: number) => ({ x: 200 * fraction, y: 0 });
  const request = (children: number, extra: Partial<SegmentLabelRequest> = {}): SegmentLabelRequest => ({ children, width: 60, height: 16, preferred: 0.5, at: along, ...extra });
  const stations = [
    { x: 0, y: 0 },
    { x: 200, y: 0 },
  ];

  it('places the busiest step first, a step over target first among equals (its sign marks its track anyway)', () => {
    // Room for one 60-unit label only, on the track or beside it: a second one would overlap the first.
    const options = { marks: stations, markRadius: 13, offsets: [0], within: { x0: -10, y0: -12, x1: 210, y1: 12 } };
    expect(placeSegmentLabels([request(500), request(9, { slow: true })], options).map((p) => p.index)).toEqual([0]);
    expect(placeSegmentLabels([request(9), request(9, { slow: true })], options).map((p) => p.index)).toEqual([1]);
    expect(placeSegmentLabels([request(9), request(500)], options).map((p) => p.index)).toEqual([1]);
  });

  it('never leaves off the busiest step for a smaller one: it takes its place over a queue before the smaller one is placed (review v8e: Contact → Referral, 681 children, left off at 390×844)', () => {
    // A queue over the middle of the segment; names close above and below it (no room beside). The busy
    // label (160 units) fits only over the queue, at the middle; the small one (40) fits clear of the
    // queue near one end, where it would cover the busy one's only place.
    const discs = [{ x: 100, y: 0, r: 30 }];
    const boxes = [
      { x0: -20, y0: 10, x1: 220, y1: 80 },
      { x0: -20, y0: -80, x1: 220, y1: -10 },
    ];
    const placed = placeSegmentLabels([request(3, { width: 40 }), request(681, { width: 160, mayCoverQueues: true })], { marks: stations, markRadius: 13, discs, boxes });
    expect(placed.map((p) => [p.index, p.overQueue])).toEqual([[1, true]]);
  });

  it('lets a step over target or one of the busiest sit over a queue, beside its track when it is longer than the clear part, and no other', () => {
    // Queues cover the whole segment; the labels are wider than the 174 units between the station marks.
    const discs = [
      { x: 40, y: 0, r: 60 },
      { x: 160, y: 0, r: 60 },
    ];
    const wide = (children: number, extra: Partial<SegmentLabelRequest> = {}) => request(children, { width: 180, ...extra });
    const placed = placeSegmentLabels([wide(700, { mayCoverQueues: true }), wide(3)], { marks: stations, markRadius: 13, discs });
    expect(placed.map((p) => [p.index, p.overQueue])).toEqual([[0, true]]);
    // Beside the track: clear of the stations' marks (13 units) by its half-height at least.
    expect(Math.abs(placed[0]!.y)).toBeGreaterThanOrEqual(13 + 8);
    expect(placeSegmentLabels([wide(700)], { marks: stations, markRadius: 13, discs })).toEqual([]);
  });
});

// A slow step's warning sign is never left off and never covers a station's name or mark (review v8f
// finding 5): a straight track from (0, 0) to (400, 0), a sign 20 units square.
describe('placeSign', () => {
  const sign: SignRequest = {
    at: (f) => ({ x: 400 * f, y: 0 }),
    boxAt: (c) => ({ x0: c.x - 10, y0: c.y - 10, x1: c.x + 10, y1: c.y + 10 }),
    size: 10,
    preferred: 0.5,
    clear: 0.05,
  };

  it('sits at the middle of its track when nothing is there', () => {
    expect(placeSign(sign, [])).toMatchObject({ x: 200, y: 0, leader: null, clashes: 0 });
  });

  it('moves along its track to the nearest clear point past a name over the middle', () => {
    const name = { x0: 150, y0: -8, x1: 330, y1: 8 };
    const placed = placeSign(sign, [name]);
    expect(placed.leader).toBeNull();
    expect(intersects(placed.box, name)).toBe(false);
    expect(placed.x).toBe(140);
  });

  it('steps beside its track with a leader when names cover the track end to end', () => {
    const names = [{ x0: -20, y0: -8, x1: 420, y1: 8 }];
    const placed = placeSign(sign, names);
    expect(placed.clashes).toBe(0);
    expect(intersects(placed.box, names[0]!)).toBe(false);
    expect(placed.leader).toEqual({ x: 200, y: 0 });
    expect(Math.abs(placed.y)).toBeGreaterThan(18);
  });
});
