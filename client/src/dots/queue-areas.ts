// The room each station's queue may take, and one spacing of places for every station (issue 8 review
// v8f, findings 3 and 4). A queue is a sunflower spiral of places round its station (place i at radius
// spacing·√(i + ½), angle i × the golden angle); a place is kept only where the straight way in from it to
// its station (which a setting-off dot walks, dot-positions.ts transitLegs) and a margin beyond it stay
// TRACK_CLEARANCE from every track that neither starts nor ends at the station, and inside QUEUE_REACH of
// the distance to the nearest other station. So no crowd sits on a track its children do not take, and a
// dot travelling that track never passes through another station's queue.
//
// Every station uses the same spacing (one area per child on the whole map): the largest, up to the dot
// style's, at which every station's places hold its biggest queue. The halo round a queue is drawn round
// the places that many children fill, at that spacing, so halos compare as the counts do.
import type { TrackGeometry } from '../../../core/tracks.js';

/** Map units every queue place (drifted to the full) and halo keeps from a track that does not serve its station. @default 14 */
export const TRACK_CLEARANCE = 14;

/** A queue may reach this fraction of the distance to the nearest other station. @default 0.45 */
export const QUEUE_REACH = 0.45;

/** Places on each station's spiral: a slot is 12 bits (move-buckets.ts packs two in a float). */
export const SPIRAL_PLACES = 4096;

/** Radians between neighbouring places of the spiral (the shader's GOLDEN_ANGLE). */
export const GOLDEN_ANGLE = 2.39996323;

/** Directions the room round a station is measured in (every half degree). */
const DIRECTIONS = 720;

/** Spacings tried, largest first: the style's spacing × SHRINK^j. */
const SHRINK = 0.97;
const STEPS = 90;

type Point = { x: number; y: number };

/** How far beyond a place its queue's edge lies: the drift (at most half a spacing) and half a spacing. */
export function queueMargin(spacing: number): number {
  return spacing;
}

/** The first r ≥ 0 at which s + r·u passes within c of point p (Infinity: never). */
function rayEntersDisc(sx: number, sy: number, ux: number, uy: number, px: number, py: number, c: number): number {
  const fx = sx - px;
  const fy = sy - py;
  const half = ux * fx + uy * fy;
  const disc = half * half - (fx * fx + fy * fy - c * c);
  if (disc < 0) return Infinity;
  const root = Math.sqrt(disc);
  return -half + root < 0 ? Infinity : Math.max(0, -half - root);
}

/** The r ≥ 0 interval on which start + r·rate lies strictly between lo and hi, as [from, to] (empty: from ≥ to). */
function within(start: number, rate: number, lo: number, hi: number): [number, number] {
  if (rate === 0) return start > lo && start < hi ? [-Infinity, Infinity] : [Infinity, -Infinity];
  const r1 = (lo - start) / rate;
  const r2 = (hi - start) / rate;
  return r1 < r2 ? [r1, r2] : [r2, r1];
}

/** The first r ≥ 0 at which s + r·u comes within c of the segment a–b (Infinity: never). */
function rayEntersCapsule(s: Point, ux: number, uy: number, a: Point, b: Point, c: number): number {
  let best = Math.min(rayEntersDisc(s.x, s.y, ux, uy, a.x, a.y, c), rayEntersDisc(s.x, s.y, ux, uy, b.x, b.y, c));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return best;
  const ex = dx / length;
  const ey = dy / length;
  // across the segment (signed distance) and along it, at r = 0 and per unit of r
  const [h1, h2] = within((s.x - a.x) * -ey + (s.y - a.y) * ex, ux * -ey + uy * ex, -c, c);
  const [t1, t2] = within((s.x - a.x) * ex + (s.y - a.y) * ey, ux * ex + uy * ey, 0, length);
  const lo = Math.max(h1, t1, 0);
  if (lo < Math.min(h2, t2)) best = Math.min(best, lo);
  return best;
}

/** Distance from p to the segment a–b. */
function toSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2));
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

/**
 * Per station, per direction (DIRECTIONS round it, from angle 0): how far out its queue may reach, in map
 * units — to where that ray comes within `clearance` of a track that neither starts nor ends at the
 * station, or `reach` of the distance to the nearest other station, whichever is nearer.
 */
export function queueRoom(points: readonly Point[], tracks: TrackGeometry, clearance = TRACK_CLEARANCE, reach = QUEUE_REACH): Float32Array[] {
  const S = points.length;
  const pieces: { a: Point; b: Point; ends: [number, number] }[] = [];
  // A track from j to i is the one from i to j reversed: each pair once.
  for (let from = 0; from < S; from++) {
    for (let to = from + 1; to < S; to++) {
      const k = from * S + to;
      for (let i = tracks.offsets[k]! + 2; i < tracks.offsets[k + 1]!; i += 2) {
        const a = { x: tracks.points[i - 2]!, y: tracks.points[i - 1]! };
        const b = { x: tracks.points[i]!, y: tracks.points[i + 1]! };
        pieces.push({ a, b, ends: [from, to] });
      }
    }
  }
  return points.map((p, s) => {
    let nearest = Infinity;
    points.forEach((o, t) => {
      if (t !== s) nearest = Math.min(nearest, Math.hypot(o.x - p.x, o.y - p.y));
    });
    const limit = Number.isFinite(nearest) ? reach * nearest : Infinity;
    // only the pieces a ray shorter than the limit can come near
    const foreign = pieces.filter((piece) => piece.ends[0] !== s && piece.ends[1] !== s && toSegment(p, piece.a, piece.b) < limit + clearance);
    const room = new Float32Array(DIRECTIONS);
    for (let d = 0; d < DIRECTIONS; d++) {
      const angle = (2 * Math.PI * d) / DIRECTIONS;
      const ux = Math.cos(angle);
      const uy = Math.sin(angle);
      let r = limit;
      for (const piece of foreign) r = Math.min(r, rayEntersCapsule(p, ux, uy, piece.a, piece.b, clearance));
      room[d] = r;
    }
    return room;
  });
}

/** The room at an angle: the lesser of the two measured directions either side of it. */
export function roomAt(room: Float32Array, angle: number): number {
  const turns = angle / (2 * Math.PI);
  const at = (turns - Math.floor(turns)) * DIRECTIONS;
  const below = Math.floor(at) % DIRECTIONS;
  return Math.min(room[below]!, room[(below + 1) % DIRECTIONS]!);
}

/** Whether place i fits in its station's room at this spacing: it and the margin beyond it. */
export function placeFits(room: Float32Array, i: number, spacing: number): boolean {
  return spacing * Math.sqrt(i + 0.5) + queueMargin(spacing) <= roomAt(room, i * GOLDEN_ANGLE);
}

/** The spiral places (indices, nearest first) of a station's queue at this spacing: at most `count`. */
export function stationPlaces(room: Float32Array, spacing: number, count = SPIRAL_PLACES): Uint16Array {
  const out: number[] = [];
  for (let i = 0; i < SPIRAL_PLACES && out.length < count; i++) if (placeFits(room, i, spacing)) out.push(i);
  return Uint16Array.from(out);
}

/** How many places each station has at each spacing tried (spacing × SHRINK^j), for fitting many times. */
export class QueueAreas {
  /** per step j: the spacing and, per station, its number of places */
  private readonly capacity: { spacing: number; places: number[] }[] = [];

  constructor(
    readonly points: readonly Point[],
    readonly room: Float32Array[],
    /** the dot style's spacing, the largest used */
    readonly largest: number,
  ) {}

  private places(j: number): number[] {
    for (let k = this.capacity.length; k <= j; k++) {
      const spacing = this.largest * SHRINK ** k;
      this.capacity.push({ spacing, places: this.room.map((room) => stationPlaces(room, spacing).length) });
    }
    return this.capacity[j]!.places;
  }

  /**
   * The largest spacing tried at which every station's places hold its count (the smallest tried when
   * none does: a queue beyond its room then reuses its places from the first).
   */
  fit(counts: ArrayLike<number>): number {
    for (let j = 0; j < STEPS; j++) {
      const places = this.places(j);
      if (places.every((n, s) => n >= (counts[s] ?? 0))) return this.capacity[j]!.spacing;
    }
    return this.capacity[STEPS - 1]!.spacing;
  }

  /**
   * The outline (x, y pairs round the station, `vertices` of them) of a queue of `count` children at this
   * spacing: the disc that holds `count` places (π·spacing² each, as the spiral spreads them) once cut to
   * where the station's places may lie, plus the margin, never beyond the room. The same count draws the
   * same area at every station unless its room is full (then its whole room).
   */
  outline(s: number, count: number, spacing: number, vertices = 180): number[] {
    if (count <= 0) return [];
    const room = this.room[s]!;
    const centre = this.points[s]!;
    const margin = queueMargin(spacing);
    const step = (2 * Math.PI) / vertices;
    const angles = Array.from({ length: vertices }, (_, k) => k * step);
    const rooms = angles.map((a) => Math.min(roomAt(room, a - step / 2), roomAt(room, a), roomAt(room, a + step / 2)));
    const edges = rooms.map((r) => Math.max(0, r - margin));
    const areaWithin = (radius: number) => edges.reduce((sum, edge) => sum + 0.5 * Math.min(radius, edge) ** 2 * step, 0);
    const needed = count * Math.PI * spacing * spacing;
    let lo = 0;
    let hi = Math.max(...edges);
    if (areaWithin(hi) > needed) {
      for (let i = 0; i < 40; i++) {
        const mid = (lo + hi) / 2;
        if (areaWithin(mid) < needed) lo = mid;
        else hi = mid;
      }
    }
    const out: number[] = [];
    angles.forEach((a, k) => {
      const r = Math.min(Math.min(hi, edges[k]!) + margin, rooms[k]!);
      out.push(centre.x + r * Math.cos(a), centre.y + r * Math.sin(a));
    });
    return out;
  }
}
