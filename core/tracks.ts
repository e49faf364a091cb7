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

/** The path without repeated points. */
function dedupe(path: Point[]): Point[] {
  return path.filter((p, i) => i === 0 || p[0] !== path[i - 1]![0] || p[1] !== path[i - 1]![1]);
}

/**
 * The centre polyline moved `d` to its left (mitred at bends), joined to the station centres at both
 * ends by a 45° jog, so the track still starts and ends at the stations.
 */
function offsetPolyline(path: Point[], d: number): Point[] {
  const points = dedupe(path);
  return offsetEdges(points, points.slice(1).map(() => d), false);
}

/**
 * How a track leaves station centre `c` in direction `u` into the lane `d` to its left: a 45° jog for the
 * nearest lanes (|d| ≤ one spacing); further out, first straight across (under the station mark, as a
 * tube map's station bar spans its lanes) to one spacing short of the lane, then the 45° jog, so lanes on
 * one side leave the centre at two different angles instead of all along one diagonal.
 */
function fan(c: Point, u: Point, d: number, normal: (u: Point, d: number) => Point, bar: boolean): Point[] {
  if (d === 0) return [];
  if (!bar) {
    const n = normal(u, d);
    return [[c[0] + n[0] + u[0] * Math.abs(d), c[1] + n[1] + u[1] * Math.abs(d)]];
  }
  const out: Point[] = [];
  const across = Math.abs(d) - LANE_SPACING;
  if (across > EPS) {
    const n = normal(u, Math.sign(d) * across);
    out.push([c[0] + n[0], c[1] + n[1]]);
  }
  const jog = Math.min(Math.abs(d), LANE_SPACING);
  const n = normal(u, d);
  out.push([c[0] + n[0] + u[0] * jog, c[1] + n[1] + u[1] * jog]);
  return out;
}

/**
 * The centre polyline with edge i moved `ds[i]` to its left: mitred where two edges bend, a 45° jog where
 * two collinear edges take different offsets, and a 45° jog from each station centre into the first
 * (out of the last) edge's offset, so the track still starts and ends at the stations.
 */
function offsetEdges(points: Point[], ds: number[], bar = true): Point[] {
  if (points.length < 2 || ds.every((d) => d === 0)) return points.map((p) => [p[0], p[1]]);
  const dirs: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    const length = Math.hypot(x1 - x0, y1 - y0);
    dirs.push([(x1 - x0) / length, (y1 - y0) / length]);
  }
  const normal = (u: Point, d: number): Point => [-u[1] * d, u[0] * d];
  const out: Point[] = [points[0]!];
  const first = dirs[0]!;
  out.push(...fan(points[0]!, first, ds[0]!, normal, bar));
  for (let i = 1; i < points.length - 1; i++) {
    const u = dirs[i - 1]!;
    const v = dirs[i]!;
    const nu = normal(u, ds[i - 1]!);
    const nv = normal(v, ds[i]!);
    const p = points[i]!;
    const cross = u[0] * v[1] - u[1] * v[0];
    if (Math.abs(cross) < EPS) {
      // Collinear: a 45° jog from one offset to the other, centred on the joint.
      const shift = Math.abs(ds[i]! - ds[i - 1]!) / 2;
      out.push([p[0] + nu[0] - u[0] * shift, p[1] + nu[1] - u[1] * shift]);
      if (shift > 0) out.push([p[0] + nv[0] + v[0] * shift, p[1] + nv[1] + v[1] * shift]);
      continue;
    }
    // Intersection of (p + nu) + s u and (p + nv) + t v.
    const wx = nv[0] - nu[0];
    const wy = nv[1] - nu[1];
    const s = (wx * v[1] - wy * v[0]) / cross;
    out.push([p[0] + nu[0] + s * u[0], p[1] + nu[1] + s * u[1]]);
  }
  const last = dirs[dirs.length - 1]!;
  const dl = ds[ds.length - 1]!;
  const end = points[points.length - 1]!;
  out.push(...fan(end, [-last[0], -last[1]], -dl, normal, bar).reverse());
  out.push(end);
  return out;
}

/**
 * Station mouths: the ends of segments that leave one station in the same direction run side by side in
 * lanes of their own all the way into it, however their corridors continue. Per station and direction,
 * the ends are ranked by their corridor lane (ties: the one that turns to the left further away goes
 * left) and given mouth lanes of their own in that order (−4..4, none another segment holds along that line),
 * as near the centre and the corridor lanes as they go, avoiding a ±1 lane whose
 * 45° jog out of the centre would run along another direction's centre lane. A segment keeps its
 * mouth lane along its first (last) edge and takes its corridor lane from the next bend on; a one-edge
 * segment changes lane by a 45° jog half way. Returns, per segment, its centre path cut where it changes lane and the lane of each piece.
 */
function mouthLanes(centres: Point[][], lanes: number[], splitSegments: ReadonlySet<number> = new Set()): { points: Point[]; lanes: number[] }[] {
  interface End {
    segment: number;
    atStart: boolean;
    station: string;
    /** direction index 0..7 of the edge leaving the station */
    dir: number;
    /** the corridor lane, counted to the left of the leaving direction */
    lane: number;
    /** which way the track turns at its first bend: > 0 towards the left */
    turn: number;
    mouth: number;
  }
  const dirIndex = (u: Point) => ((Math.round((Math.atan2(u[1], u[0]) / Math.PI) * 4) % 8) + 8) % 8;
  const unit = (p: Point, q: Point): Point => {
    const l = Math.hypot(q[0] - p[0], q[1] - p[1]);
    return [(q[0] - p[0]) / l, (q[1] - p[1]) / l];
  };
  const ends: End[] = [];
  centres.forEach((raw, segment) => {
    const points = dedupe(raw);
    if (points.length < 2) return;
    for (const atStart of [true, false]) {
      const path = atStart ? points : [...points].reverse();
      const u = unit(path[0]!, path[1]!);
      const next = path.length > 2 ? unit(path[1]!, path[2]!) : ([0, 0] as Point);
      const left: Point = [-u[1], u[0]];
      ends.push({
        segment,
        atStart,
        station: `${path[0]![0]},${path[0]![1]}`,
        dir: dirIndex(u),
        lane: atStart ? lanes[segment]! : -lanes[segment]!,
        turn: next[0] * left[0] + next[1] * left[1],
        mouth: atStart ? lanes[segment]! : -lanes[segment]!,
      });
    }
  });
  const groups = new Map<string, End[]>();
  for (const end of ends) {
    const key = `${end.station}/${end.dir}`;
    const group = groups.get(key) ?? [];
    group.push(end);
    groups.set(key, group);
  }
  // Rays out of each station already taken by a track in its direction's centre lane.
  const centreRays = (station: string) => {
    const rays = new Set<number>();
    for (const end of ends) if (end.station === station && end.mouth === 0) rays.add(end.dir);
    return rays;
  };
  // Lanes a passing segment (one not leaving this station along this line) holds on the line a group
  // leaves along, counted to the left of the group's direction, within the group's first edge.
  const allEdges = centres.map((raw) => {
    const points = dedupe(raw);
    return points.slice(1).map((q, i) => [points[i]!, q] as [Point, Point]);
  });
  const blockedLanes = (group: End[]): Set<number> => {
    const end = group[0]!;
    const [sx, sy] = end.station.split(',').map(Number) as [number, number];
    const firstEdge = (e: End) => {
      const edges = allEdges[e.segment]!;
      return e.atStart ? edges[0]! : ([edges[edges.length - 1]![1], edges[edges.length - 1]![0]] as [Point, Point]);
    };
    const [p0, q0] = firstEdge(end);
    const u = unit(p0, q0);
    const reach = Math.max(...group.map((e) => Math.hypot(firstEdge(e)[1][0] - sx, firstEdge(e)[1][1] - sy)));
    const members = new Set(group.map((e) => e.segment));
    const out = new Set<number>();
    allEdges.forEach((edges, segment) => {
      if (members.has(segment)) return;
      for (const [p, q] of edges) {
        const v = unit(p, q);
        const sign = Math.abs(v[0] - u[0]) < EPS && Math.abs(v[1] - u[1]) < EPS ? 1 : Math.abs(v[0] + u[0]) < EPS && Math.abs(v[1] + u[1]) < EPS ? -1 : 0;
        if (sign === 0) continue;
        // on the group's line?
        if (Math.abs((p[0] - sx) * u[1] - (p[1] - sy) * u[0]) > 1e-3) continue;
        const a = (p[0] - sx) * u[0] + (p[1] - sy) * u[1];
        const b = (q[0] - sx) * u[0] + (q[1] - sy) * u[1];
        if (Math.max(a, b) <= 1e-3 || Math.min(a, b) >= reach) continue;
        out.add(sign * lanes[segment]!);
      }
    });
    return out;
  };
  const MOUTH_LANES = [-4, -3, -2, -1, 0, 1, 2, 3, 4];
  /** Every increasing choice of n lanes from `free`. */
  const choices = (free: number[], n: number): number[][] => {
    if (n === 0) return [[]];
    const out: number[][] = [];
    for (let i = 0; i + n <= free.length; i++) for (const rest of choices(free.slice(i + 1), n - 1)) out.push([free[i]!, ...rest]);
    return out;
  };
  for (let pass = 0; pass < 2; pass++) {
    for (const group of groups.values()) {
      group.sort((p, q) => p.lane - q.lane || p.turn - q.turn || p.segment - q.segment);
      const rays = pass === 0 ? new Set<number>() : centreRays(group[0]!.station);
      rays.delete(group[0]!.dir);
      const blocked = blockedLanes(group);
      const free = MOUTH_LANES.filter((m) => !blocked.has(m));
      let best: number[] = group.map((e) => e.lane);
      let bestCost = Infinity;
      for (const pick of choices(free, group.length)) {
        let cost = 0;
        group.forEach((end, r) => {
          const m = pick[r]!;
          cost += Math.abs(m - end.lane) + 4 * Math.abs(m);
          // a ±1 jog runs along the ray 45° to that side (left is +90° on screen axes, so +45° is dir + 1)
          if (m !== 0 && rays.has((group[0]!.dir + (m > 0 ? 1 : 7)) % 8)) cost += 20;
        });
        if (cost < bestCost) [bestCost, best] = [cost, pick];
      }
      group.forEach((end, r) => (end.mouth = best[r]!));
    }
  }
  // Where a mouth lane differs from the corridor lane, the track changes lane by a 45° jog soon after the
  // mouth (one lane spacing past the mouth's own jog), so the rest of the edge stays in its corridor lane;
  // but where two ends of a group share a corridor lane the whole first edge keeps the mouth lanes (the
  // corridor lanes would put them back on top of each other until one bends away).
  const tied = new Set<End>();
  for (const group of groups.values()) if (new Set(group.map((e) => e.lane)).size < group.length) for (const e of group) tied.add(e);
  return centres.map((raw, segment) => {
    const points = dedupe(raw);
    const k = lanes[segment]!;
    const [a, b] = ends.filter((e) => e.segment === segment) as [End, End];
    const ma = a.mouth;
    const mb = -b.mouth;
    const edgeLength = (i: number) => Math.hypot(points[i + 1]![0] - points[i]![0], points[i + 1]![1] - points[i]![1]);
    const splitAt = (m: number, end: End) => (!splitSegments.has(segment) || tied.has(end) || m === k ? Infinity : (Math.abs(m) + Math.abs(m - k) / 2 + 1) * LANE_SPACING);
    const pieces: { from: Point; to: Point; lane: number }[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [p, q] = [points[i]!, points[i + 1]!];
      const L = edgeLength(i);
      const u: Point = [(q[0] - p[0]) / L, (q[1] - p[1]) / L];
      const at = (s: number): Point => [p[0] + u[0] * s, p[1] + u[1] * s];
      // distances along this edge where it changes lane: [start lane, cut, middle lane, cut, end lane]
      const first = i === 0;
      const last = i + 2 === points.length;
      const sa = first ? splitAt(ma, a) : 0;
      const sb = last ? splitAt(mb, b) : 0;
      const startLane = first ? ma : k;
      const endLane = last ? mb : k;
      if (first && last) {
        if (sa + sb + 2 * LANE_SPACING <= L) pieces.push({ from: p, to: at(sa), lane: ma }, { from: at(sa), to: at(L - sb), lane: k }, { from: at(L - sb), to: q, lane: mb });
        else if (ma !== mb) pieces.push({ from: p, to: at(L / 2), lane: ma }, { from: at(L / 2), to: q, lane: mb });
        else pieces.push({ from: p, to: q, lane: ma });
      } else if (first) {
        if (sa + 2 * LANE_SPACING <= L) pieces.push({ from: p, to: at(sa), lane: ma }, { from: at(sa), to: q, lane: k });
        else pieces.push({ from: p, to: q, lane: startLane });
      } else if (last) {
        if (sb + 2 * LANE_SPACING <= L) pieces.push({ from: p, to: at(L - sb), lane: k }, { from: at(L - sb), to: q, lane: mb });
        else pieces.push({ from: p, to: q, lane: endLane });
      } else pieces.push({ from: p, to: q, lane: k });
    }
    return { points: [pieces[0]!.from, ...pieces.map((piece) => piece.to)], lanes: pieces.map((piece) => piece.lane) };
  });
}

function polylineLength(points: readonly Point[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) length += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  return length;
}

/** Segments that run parallel within half a lane spacing of another segment more than FAR from both their stations. */
function farRuns(map: MapDefinition, segmentList: readonly Segment[]): Set<number> {
  const FAR = 4 * LANE_SPACING;
  const out = new Set<number>();
  const edges = segmentList.map((s) => edgesOf(s.track));
  for (let i = 0; i < segmentList.length; i++) {
    const ends = [map.stations[segmentList[i]!.a]!, map.stations[segmentList[i]!.b]!];
    for (let j = 0; j < segmentList.length; j++) {
      if (j === i) continue;
      for (const e of edges[i]!) {
        for (const f of edges[j]!) {
          if (Math.abs(e.dir[0] - f.dir[0]) > EPS || Math.abs(e.dir[1] - f.dir[1]) > EPS) continue;
          if (Math.abs(e.offset - f.offset) >= LANE_SPACING / 2) continue;
          const along = (p: Point) => p[0] * e.dir[0] + p[1] * e.dir[1];
          const lo = Math.max(Math.min(along(e.p), along(e.q)), Math.min(along(f.p), along(f.q)));
          const hi = Math.min(Math.max(along(e.p), along(e.q)), Math.max(along(f.p), along(f.q)));
          const base = along(e.p);
          for (let t = lo; t <= hi; t += 1) {
            const p: Point = [e.p[0] + e.dir[0] * (t - base), e.p[1] + e.dir[1] * (t - base)];
            if (ends.every((st) => Math.hypot(p[0] - st.x, p[1] - st.y) >= FAR)) {
              out.add(i).add(j);
              break;
            }
          }
        }
      }
    }
  }
  return out;
}

/** A map's tracks depend on its definition only: worked out once per definition object (the page draws them and
 * labels them; the server serves them), never per frame or per caller. Callers must not mutate the result. */
const tracksByMap = new WeakMap<MapDefinition, TrackSet>();

export function computeTracks(map: MapDefinition): TrackSet {
  let tracks = tracksByMap.get(map);
  if (!tracks) {
    tracks = routeTracks(map);
    tracksByMap.set(map, tracks);
  }
  return tracks;
}

function routeTracks(map: MapDefinition): TrackSet {
  const S = map.stations.length;
  const centres = mapSegments(map);
  const lanes = assignLanes(centres.map((c) => c.points), centres.map((c) => map.lines[c.line]!.lane));
  const build = (split: ReadonlySet<number>): Segment[] => {
    const edgeLanes = mouthLanes(
      centres.map((c) => c.points),
      lanes.map((l) => l.lane),
      split,
    );
    return centres.map((c, i) => ({
      line: c.line,
      a: c.a,
      b: c.b,
      lane: lanes[i]!.lane,
      track: offsetEdges(edgeLanes[i]!.points, edgeLanes[i]!.lanes.map((k) => k * LANE_SPACING)),
    }));
  };
  // A mouth lane kept along a whole first edge can land on another corridor's lane further out: such a
  // segment changes back to its corridor lane just past the mouth instead.
  let segmentList = build(new Set());
  const far = farRuns(map, segmentList);
  if (far.size > 0) segmentList = build(far);
  // A mouth lane, or a lane's fan across the station mark, must not bring a track nearer a third station
  // than its corridor lane with a plain 45° jog does: such a segment keeps that, end to end.
  const nearThird = new Set(tracksTooClose(map, segmentList).map((c) => c.segment));
  for (const i of nearThird) {
    const points = dedupe(centres[i]!.points);
    segmentList[i] = { ...segmentList[i]!, track: offsetEdges(points, points.slice(1).map(() => lanes[i]!.lane * LANE_SPACING), false) };
  }
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
export function tracksTooClose(
  map: MapDefinition,
  tracks: Pick<TrackSet, 'segmentList'> | readonly Segment[],
): { line: number; from: string; to: string; station: string; distance: number; segment: number }[] {
  const out: { line: number; from: string; to: string; station: string; distance: number; segment: number }[] = [];
  const list = 'segmentList' in tracks ? tracks.segmentList : tracks;
  list.forEach((segment, index) => {
    map.stations.forEach((station, s) => {
      if (s === segment.a || s === segment.b) return;
      const distance = distanceToPolyline([station.x, station.y], segment.track);
      if (distance < STATION_CLEARANCE) {
        out.push({ line: segment.line, from: map.stations[segment.a]!.id, to: map.stations[segment.b]!.id, station: station.id, distance, segment: index });
      }
    });
  });
  return out;
}

/** The polyline of one pair as [x, y] points (for tests and SVG drawing; the GPU reads the columns). */
export function trackPoints(tracks: TrackGeometry, from: number, to: number): [number, number][] {
  const k = from * tracks.stationIds.length + to;
  const out: [number, number][] = [];
  for (let i = tracks.offsets[k]!; i < tracks.offsets[k + 1]!; i += 2) out.push([tracks.points[i]!, tracks.points[i + 1]!]);
  return out;
}
