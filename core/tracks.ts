// The tracks dots travel: one direct segment for each two stations next to each other on a line's path
// (through that line's bends, never through a third station), offset side by side in lanes where
// segments share a corridor, as on a real tube map. Computed once per map; the client only looks a
// pair up. A pair of stations no segment joins has no track at all; map validation (map-schema.ts)
// refuses a map where the rules can move a child between two such stations.
import type { MapDefinition } from './map-schema.js';

/**
 * A travelled track must stay at least this far (design units, px at scale 1) from every third station:
 * clear of its ring (radius 9) and its own line's half-width, so no dot seems to call there. @default 16
 */
export const STATION_CLEARANCE = 16;
/** Distance between the centre lines of two segments side by side in one corridor. @default 9 */
export const LANE_SPACING = 9;

type Point = [number, number];

export interface Segment {
  /** index of the line (map.lines) it belongs to */
  line: number;
  /** station indices, in the line's path order */
  a: number;
  b: number;
  /** lane in its corridor: 0 on the drawn centre, ±k offset k × LANE_SPACING to the left of a → b */
  lane: number;
  /** the travelled polyline a → b (offset by its lane, joining the station centres at both ends) */
  track: Point[];
}

/** What GET /api/maps/:id sends as `tracks`. */
export interface TrackGeometry {
  /** station ids in map order; station index s is stationIds[s] */
  stationIds: string[];
  /**
   * polyline of pair (from, to): the floats points[offsets[k]] .. points[offsets[k+1] - 1] as x,y pairs,
   * k = from * S + to (S = stationIds.length). Offsets count floats, so a track has
   * (offsets[k+1] - offsets[k]) / 2 points. Pair (s, s) is the one point of station s; a pair no
   * segment joins has no points.
   */
  points: Float32Array;
  /** S * S + 1 float offsets into points */
  offsets: Uint32Array;
  /** length of each pair's polyline, in design units; S * S entries (0 where there is no track) */
  lengths: Float32Array;
}

export interface TrackSet extends TrackGeometry {
  /** every segment, in line and path order */
  segmentList: Segment[];
  /** the segment that carries dots between two stations (the first drawn), by segmentKey */
  segments: Map<number, Segment>;
}

/** Key of the unordered station pair {a, b}. */
export function segmentKey(a: number, b: number): number {
  return a < b ? a * 65536 + b : b * 65536 + a;
}

/** The centre polylines of every segment: consecutive stations of each line's path, bends between. */
export function mapSegments(map: MapDefinition): { line: number; a: number; b: number; points: Point[] }[] {
  const index = new Map(map.stations.map((s, i) => [s.id, i]));
  const out: { line: number; a: number; b: number; points: Point[] }[] = [];
  map.lines.forEach((line, li) => {
    let from = -1;
    let points: Point[] = [];
    for (const item of line.path) {
      if (typeof item !== 'string') {
        points.push([item[0], item[1]]);
        continue;
      }
      const s = index.get(item);
      if (s === undefined) throw new Error(`map ${map.id}: line "${line.id}" goes through unknown station "${item}"`);
      const here: Point = [map.stations[s]!.x, map.stations[s]!.y];
      if (from >= 0 && from !== s) out.push({ line: li, a: from, b: s, points: [...points, here] });
      from = s;
      points = [here];
    }
  });
  return out;
}

const EPS = 1e-6;

interface Edge {
  p: Point;
  q: Point;
  /** +1 when p → q runs along its line's canonical direction, −1 when against */
  orient: number;
  /** canonical unit direction and the line's signed distance from the origin */
  dir: Point;
  offset: number;
}

function edgesOf(points: Point[]): Edge[] {
  const edges: Edge[] = [];
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1]!;
    const q = points[i]!;
    const length = Math.hypot(q[0] - p[0], q[1] - p[1]);
    if (length < EPS) continue;
    let dir: Point = [(q[0] - p[0]) / length, (q[1] - p[1]) / length];
    let orient = 1;
    if (dir[0] < -EPS || (Math.abs(dir[0]) <= EPS && dir[1] < 0)) {
      dir = [-dir[0], -dir[1]];
      orient = -1;
    }
    edges.push({ p, q, orient, dir, offset: p[0] * -dir[1] + p[1] * dir[0] });
  }
  return edges;
}

/** How long two parallel edges run alongside each other, seen along their direction (0 when not parallel). */
function runAlongside(e: Edge, f: Edge): number {
  if (Math.abs(e.dir[0] - f.dir[0]) > EPS || Math.abs(e.dir[1] - f.dir[1]) > EPS) return 0;
  const along = (p: Point) => p[0] * e.dir[0] + p[1] * e.dir[1];
  const [e0, e1] = [along(e.p), along(e.q)].sort((x, y) => x - y) as [number, number];
  const [f0, f1] = [along(f.p), along(f.q)].sort((x, y) => x - y) as [number, number];
  return Math.max(0, Math.min(e1, f1) - Math.max(e0, f0));
}

/** Furthest lane from the centre a segment takes to keep clear (the jog into a lane grows with it). */
const MAX_LANE = 4;

/** How far from a station they share two tracks may run together while they fan out into their lanes. */
const FAN_OUT = 3 * LANE_SPACING;

const samePoint = (p: Point, q: Point) => Math.abs(p[0] - q[0]) < 1e-3 && Math.abs(p[1] - q[1]) < 1e-3;

/** A drawn track's edges; in a track off the centre (lane ≠ 0) the first and last are the jogs to its stations. */
function drawnEdges(track: Point[], lane: number): (Edge & { jog: boolean })[] {
  const edges = edgesOf(track);
  return edges.map((e, i) => ({ ...e, jog: lane !== 0 && (i === 0 || i === edges.length - 1) }));
}

/**
 * How far, in all, a drawn track runs nearer than LANE_SPACING alongside (parallel to) earlier drawn
 * tracks, leaving out the first FAN_OUT of the jogs by which tracks fan out of a station they share into their lanes. Two runs
 * a few units apart in neighbouring corridors count as much as two on one centre line: either way a reader
 * cannot tell them apart.
 */
function clashLength(track: Point[], lane: number, others: readonly Drawn[]): number {
  const mine = drawn(track, lane);
  let total = 0;
  for (const other of others) {
    const [x0, y0, x1, y1] = other.box;
    if (mine.box[0] > x1 + LANE_SPACING || x0 > mine.box[2] + LANE_SPACING || mine.box[1] > y1 + LANE_SPACING || y0 > mine.box[3] + LANE_SPACING) continue;
    const shared = mine.ends.filter((e) => other.ends.some((f) => samePoint(e, f)));
    const fan = (edge: Edge & { jog: boolean }) => edge.jog && shared.some((s) => samePoint(edge.p, s) || samePoint(edge.q, s));
    for (const f of other.edges) {
      for (const e of mine.edges) {
        if (Math.abs(e.offset - f.offset) >= LANE_SPACING - 1e-3) continue;
        // Fanning out of a shared station takes a short stretch; a long jog (a far lane) along another track does not.
        total += fan(e) || fan(f) ? Math.max(0, runAlongside(e, f) - FAN_OUT) : runAlongside(e, f);
      }
    }
  }
  return total;
}

/** A drawn track with what clashLength compares: its edges, end points and bounding box. */
interface Drawn {
  lane: number;
  track: Point[];
  edges: (Edge & { jog: boolean })[];
  ends: Point[];
  box: [number, number, number, number];
}

function drawn(track: Point[], lane: number): Drawn {
  const xs = track.map((p) => p[0]);
  const ys = track.map((p) => p[1]);
  return { lane, track, edges: drawnEdges(track, lane), ends: [track[0]!, track[track.length - 1]!], box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
}

/**
 * Lanes, greedily in line and path order: a segment takes its line's `lane` when that keeps it clear, else
 * the lane nearest the centre (0, 1, −1, 2, …, ±MAX_LANE) that does, else the one that runs alongside
 * earlier tracks least. Clear means: no stretch of its drawn track runs parallel to an earlier one nearer
 * than LANE_SPACING — whether the two share one corridor (so they sit side by side in lanes, whichever way
 * they run) or lie in neighbouring corridors a few units apart.
 */
function assignLanes(paths: Point[][], preferred: (number | undefined)[]): { lane: number; track: Point[] }[] {
  const out: Drawn[] = [];
  paths.forEach((path, s) => {
    const wish = preferred[s];
    if (wish !== undefined) {
      const track = offsetPolyline(path, wish * LANE_SPACING);
      if (clashLength(track, wish, out) === 0) {
        out.push(drawn(track, wish));
        return;
      }
    }
    let best: Drawn | undefined;
    let least = Infinity;
    for (let k = 0; k <= 2 * MAX_LANE; k++) {
      const lane = k === 0 ? 0 : k % 2 === 1 ? (k + 1) / 2 : -k / 2;
      const track = offsetPolyline(path, lane * LANE_SPACING);
      const clash = clashLength(track, lane, out);
      if (clash < least - 1e-6) [best, least] = [drawn(track, lane), clash];
      if (clash === 0) break;
    }
    out.push(best!);
  });
  return out;
}

/**
 * The centre polyline moved `d` to its left (mitred at bends), joined to the station centres at both
 * ends by a 45° jog, so the track still starts and ends at the stations.
 */
function offsetPolyline(path: Point[], d: number): Point[] {
  const points = path.filter((p, i) => i === 0 || p[0] !== path[i - 1]![0] || p[1] !== path[i - 1]![1]);
  if (d === 0 || points.length < 2) return points.map((p) => [p[0], p[1]]);
  const dirs: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    const length = Math.hypot(x1 - x0, y1 - y0);
    dirs.push([(x1 - x0) / length, (y1 - y0) / length]);
  }
  const normal = (u: Point): Point => [-u[1] * d, u[0] * d];
  const out: Point[] = [points[0]!];
  const first = dirs[0]!;
  const n0 = normal(first);
  const jog = Math.abs(d);
  out.push([points[0]![0] + n0[0] + first[0] * jog, points[0]![1] + n0[1] + first[1] * jog]);
  for (let i = 1; i < points.length - 1; i++) {
    const u = dirs[i - 1]!;
    const v = dirs[i]!;
    const nu = normal(u);
    const nv = normal(v);
    const p = points[i]!;
    const cross = u[0] * v[1] - u[1] * v[0];
    if (Math.abs(cross) < EPS) {
      out.push([p[0] + nu[0], p[1] + nu[1]]);
      continue;
    }
    // Intersection of (p + nu) + s u and (p + nv) + t v.
    const wx = nv[0] - nu[0];
    const wy = nv[1] - nu[1];
    const s = (wx * v[1] - wy * v[0]) / cross;
    out.push([p[0] + nu[0] + s * u[0], p[1] + nu[1] + s * u[1]]);
  }
  const last = dirs[dirs.length - 1]!;
  const nl = normal(last);
  const end = points[points.length - 1]!;
  out.push([end[0] + nl[0] - last[0] * jog, end[1] + nl[1] - last[1] * jog]);
  out.push(end);
  return out;
}

function polylineLength(points: readonly Point[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) length += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  return length;
}

export function computeTracks(map: MapDefinition): TrackSet {
  const S = map.stations.length;
  const centres = mapSegments(map);
  const lanes = assignLanes(centres.map((c) => c.points), centres.map((c) => map.lines[c.line]!.lane));
  const segmentList: Segment[] = centres.map((c, i) => ({ line: c.line, a: c.a, b: c.b, lane: lanes[i]!.lane, track: lanes[i]!.track }));
  const segments = new Map<number, Segment>();
  for (const segment of segmentList) if (!segments.has(segmentKey(segment.a, segment.b))) segments.set(segmentKey(segment.a, segment.b), segment);

  const polylines: Point[][] = [];
  const lengths = new Float32Array(S * S);
  for (let from = 0; from < S; from++) {
    for (let to = 0; to < S; to++) {
      let track: Point[] = [];
      if (from === to) track = [[map.stations[from]!.x, map.stations[from]!.y]];
      else {
        const segment = segments.get(segmentKey(from, to));
        if (segment) track = segment.a === from ? segment.track : [...segment.track].reverse();
      }
      polylines.push(track);
      lengths[from * S + to] = polylineLength(track);
    }
  }
  const offsets = new Uint32Array(S * S + 1);
  polylines.forEach((p, k) => (offsets[k + 1] = offsets[k]! + 2 * p.length));
  const points = new Float32Array(offsets[S * S]!);
  polylines.forEach((p, k) => points.set(p.flat(), offsets[k]!));
  return { stationIds: map.stations.map((s) => s.id), points, offsets, lengths, segmentList, segments };
}

/** Shortest distance from point p to the polyline. */
export function distanceToPolyline(p: Point, polyline: readonly Point[]): number {
  let best = Infinity;
  for (let i = 1; i < polyline.length; i++) {
    const [ax, ay] = polyline[i - 1]!;
    const [bx, by] = polyline[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const l2 = dx * dx + dy * dy;
    const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / l2));
    best = Math.min(best, Math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy));
  }
  return best;
}

/** Every segment whose track passes closer than STATION_CLEARANCE to a station other than its two ends. */
export function tracksTooClose(map: MapDefinition, tracks: TrackSet): { line: number; from: string; to: string; station: string; distance: number }[] {
  const out: { line: number; from: string; to: string; station: string; distance: number }[] = [];
  for (const segment of tracks.segmentList) {
    map.stations.forEach((station, s) => {
      if (s === segment.a || s === segment.b) return;
      const distance = distanceToPolyline([station.x, station.y], segment.track);
      if (distance < STATION_CLEARANCE) {
        out.push({ line: segment.line, from: map.stations[segment.a]!.id, to: map.stations[segment.b]!.id, station: station.id, distance });
      }
    });
  }
  return out;
}

/** The polyline of one pair as [x, y] points (for tests and SVG drawing; the GPU reads the columns). */
export function trackPoints(tracks: TrackGeometry, from: number, to: number): [number, number][] {
  const k = from * tracks.stationIds.length + to;
  const out: [number, number][] = [];
  for (let i = tracks.offsets[k]!; i < tracks.offsets[k + 1]!; i += 2) out.push([tracks.points[i]!, tracks.points[i + 1]!]);
  return out;
}
