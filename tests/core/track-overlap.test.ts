// Tracks drawn on top of each other (issue 8): on a shipped map, no two different tracks may run so close
// together that their strokes touch, for longer than a crossing takes, or a reader cannot tell which line
// is which. Measured here on the drawn polylines as GET /api/maps/:id sends them (points + offsets), by
// sampling, without the lane code in core/tracks.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRACK_STYLE } from '../../client/src/map/line-key.js';
import { parseMapDefinition, type MapDefinition } from '../../core/map-schema.js';
import { LANE_SPACING, computeTracks, distanceToPolyline, trackPoints, type TrackGeometry } from '../../core/tracks.js';

type Point = [number, number];

/** A drawn track's stroke width, design units. */
const LINE = TRACK_STYLE.full.width;
/** Background left between two strokes so they read as two lines: half a stroke (1.5 px on a phone). */
const GAP = LINE / 2;
/** Two tracks whose centre lines are nearer than this touch or nearly touch. */
const W = LINE + GAP;
/** Longest two tracks may run within W of each other: two tracks crossing at 45° do for 2W/sin 45° (25.5), plus sampling. */
const CROSSING = 3 * W;
/** Sampling step along a track, design units. */
const STEP = 0.5;

/** Points every STEP along the polyline. */
function sample(line: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = line[i - 1]!;
    const [bx, by] = line[i]!;
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / STEP));
    for (let k = i === 1 ? 0 : 1; k <= n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  return out;
}

/**
 * Tracks that end at one station all meet at its centre, fanning out (and jogging into their lanes) within
 * this distance of it; there they may run close.
 */
const FAN = 4 * W;

/** Longest stretch of `a` (length along a) whose every point lies nearer than `w` to `b`, away from the stations both end at. */
function longestCloseRun(a: readonly Point[], b: readonly Point[], w: number, shared: readonly Point[]): number {
  const points = sample(a);
  let best = 0;
  let run = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (shared.every((s) => Math.hypot(p[0] - s[0], p[1] - s[1]) > FAN) && distanceToPolyline(p, b) < w - 1e-3) {
      if (i > 0 && run >= 0) run += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
      best = Math.max(best, run);
    } else run = 0;
  }
  return best;
}

/** Every track (unordered station pair) and how far each pair of them runs within `w` of each other. */
export function trackOverlaps(tracks: TrackGeometry, w: number): { a: string; b: string; length: number }[] {
  const S = tracks.stationIds.length;
  const lines: { name: string; points: Point[]; box: [number, number, number, number] }[] = [];
  for (let from = 0; from < S; from++) {
    for (let to = from + 1; to < S; to++) {
      const points = trackPoints(tracks, from, to);
      if (points.length < 2) continue;
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      lines.push({ name: `${tracks.stationIds[from]}–${tracks.stationIds[to]}`, points, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
    }
  }
  const out: { a: string; b: string; length: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [p, q] = [lines[i]!, lines[j]!];
      if (p.box[0] > q.box[2] + w || q.box[0] > p.box[2] + w || p.box[1] > q.box[3] + w || q.box[1] > p.box[3] + w) continue;
      const ends = [p.points[0]!, p.points[p.points.length - 1]!];
      const shared = ends.filter((e) => [q.points[0]!, q.points[q.points.length - 1]!].some((f) => f[0] === e[0] && f[1] === e[1]));
      const length = Math.max(longestCloseRun(p.points, q.points, w, shared), longestCloseRun(q.points, p.points, w, shared));
      if (length > 0) out.push({ a: p.name, b: q.name, length: Math.round(length) });
    }
  }
  return out.sort((x, y) => y.length - x.length);
}

const dir = new URL('../../maps/', import.meta.url);
const maps: MapDefinition[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseMapDefinition(JSON.parse(readFileSync(new URL(f, dir), 'utf8')), f));

/** Geometry in the shape GET /api/maps/:id sends, built by hand from polylines keyed "from-to". */
function geometry(stationIds: string[], lines: Record<string, Point[]>): TrackGeometry {
  const S = stationIds.length;
  const polylines: Point[][] = Array.from({ length: S * S }, () => []);
  for (const [key, points] of Object.entries(lines)) {
    const [from, to] = key.split('-').map((id) => stationIds.indexOf(id)) as [number, number];
    polylines[from * S + to] = points;
    polylines[to * S + from] = [...points].reverse();
  }
  const offsets = new Uint32Array(S * S + 1);
  polylines.forEach((p, k) => (offsets[k + 1] = offsets[k]! + 2 * p.length));
  const points = new Float32Array(offsets[S * S]!);
  polylines.forEach((p, k) => points.set(p.flat(), offsets[k]!));
  return { stationIds, points, offsets, lengths: new Float32Array(S * S) };
}

describe('the overlap measure', () => {
  it('finds two tracks in neighbouring corridors a few units apart', () => {
    const found = trackOverlaps(geometry(['a', 'b', 'c', 'd'], { 'a-b': [[20, 100], [380, 100]], 'c-d': [[20, 150], [60, 150], [105, 105], [295, 105], [340, 150], [380, 150]] }), W);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ a: 'a–b', b: 'c–d' });
    expect(found[0]!.length).toBeGreaterThan(190);
  });

  it('passes a crossing, two lanes LANE_SPACING apart, and tracks fanning out of the station they share', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const lines: Record<string, Point[]> = {
      'a-b': [[20, 100], [380, 100]],
      'c-d': [[200, 20], [200, 280]],
      'e-f': [[20, 100], [29, 109], [371, 109], [380, 100]].map(([x, y]) => [x!, y! + 20] as Point),
      'a-e': [[20, 100], [20 + LANE_SPACING, 100 - LANE_SPACING], [300, 100 - LANE_SPACING], [300, 20]],
    };
    lines['a-f'] = [[20, 100], [20 + LANE_SPACING, 100 + LANE_SPACING], [300, 100 + LANE_SPACING], [300, 280]];
    const found = trackOverlaps(geometry(ids, lines), W);
    expect(found.filter((o) => o.length > CROSSING)).toEqual([]);
  });

  it('leaves lanes of one corridor far enough apart to read as two lines', () => {
    expect(LANE_SPACING).toBeGreaterThanOrEqual(W);
  });
});

// Failed before the fix (issue 8): lanes were only given to segments on exactly the same straight run,
// so tracks in neighbouring corridors 9–10 units apart landed on each other. It found, in design units:
// front-door contact–closed/early_help–looked_after 840, early_help–looked_after/referral–closed 669,
// referral–cin_plan/referral–looked_after 487, contact–looked_after/referral–cp_plan 446,
// referral–cin_plan/assessment–looked_after 266, contact–cin_plan/cin_plan–nfa 255,
// strategy–cp_plan/s47–cp_plan 232, early_help–strategy/referral–cp_plan 220,
// assessment–cp_plan/strategy–looked_after 186, early_help–referral/early_help–strategy 59;
// small-council contact–cin/assessment–care 232, referral–care/cin–nfa 165.
describe.each(maps.map((m) => [m.id, m] as const))('maps/%s.json', (_id, map) => {
  it(`draws no two tracks within ${W} units of each other for longer than a crossing (${CROSSING.toFixed(0)} units)`, () => {
    const overlaps = trackOverlaps(computeTracks(map), W).filter((o) => o.length > CROSSING);
    expect(overlaps).toEqual([]);
  });
});
