// Finds a drawn route for a segment a map still lacks: an octilinear path on a grid from one station to
// another that stays well clear of every third station, and, among such paths, the one with the fewest
// bends, crossings and shared corridors for its length. The map author (or tests/maps/route-missing.ts)
// writes the result into the map file as a line, so a map stays plain data the validator checks.
import type { MapDefinition } from './map-schema.js';
import { LANE_SPACING, mapSegments } from './tracks.js';

type Point = [number, number];

export interface RouteOptions {
  /** grid step in design units; both stations must lie on it. @default 10 */
  grid?: number;
  /** no part of the route comes closer than this to a third station. @default 30 */
  clearance?: number;
  /** within this distance of a third station each step costs extra, rising towards the station. @default 50 */
  nearStation?: number;
  /** cost of a 45° bend, in design units of length. @default 20 */
  bend45?: number;
  /** cost of a 90° bend; sharper bends are not allowed. @default 60 */
  bend90?: number;
  /** cost of crossing (or joining) an existing track at a grid point. @default 60 */
  crossing?: number;
  /** cost per unit length of running along an existing track, per track already there. @default 0.2 */
  sharing?: number;
  /** the route stays this far inside the canvas. @default 20 */
  margin?: number;
  /** every straight run of the route (from a station, between bends, into a station) is at least this many grid steps. @default 3 */
  straightEnds?: number;
}

/** Direction k (0..7) is 45° × k clockwise from east, on screen axes (y down). */
const DIRS: readonly Point[] = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];

/** The undirected axis of a direction: 0 horizontal, 1 falling diagonal, 2 vertical, 3 rising diagonal. */
const axisOf = (dir: number) => dir % 4;

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Min-heap of state indices by priority. */
class Heap {
  private items: number[] = [];
  private keys: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: number, key: number): void {
    const { items, keys } = this;
    let i = items.length;
    items.push(item);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      items[i] = items[parent]!;
      keys[i] = keys[parent]!;
      i = parent;
    }
    items[i] = item;
    keys[i] = key;
  }
  pop(): number {
    const { items, keys } = this;
    const top = items[0]!;
    const lastItem = items.pop()!;
    const lastKey = keys.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= items.length) break;
        const r = l + 1;
        const c = r < items.length && keys[r]! < keys[l]! ? r : l;
        if (keys[c]! >= lastKey) break;
        items[i] = items[c]!;
        keys[i] = keys[c]!;
        i = c;
      }
      items[i] = lastItem;
      keys[i] = lastKey;
    }
    return top;
  }
}

/**
 * The bend points (not the stations themselves) of the cheapest octilinear route from station `from` to
 * station `to` on the map as it stands, or null when no route keeps `clearance` from every third station.
 * A line whose path is [from, ...bends, to] draws it.
 */
export function routeSegment(map: MapDefinition, from: string, to: string, options: RouteOptions = {}): Point[] | null {
  const G = options.grid ?? 10;
  const clearance = options.clearance ?? 30;
  const near = options.nearStation ?? 50;
  const bend45 = options.bend45 ?? 20;
  const bend90 = options.bend90 ?? 60;
  const crossing = options.crossing ?? 60;
  const sharing = options.sharing ?? 0.2;
  const margin = options.margin ?? 20;
  const straightEnds = Math.max(1, options.straightEnds ?? 3);

  const a = map.stations.find((s) => s.id === from);
  const b = map.stations.find((s) => s.id === to);
  if (!a || !b) throw new Error(`route: unknown station "${!a ? from : to}"`);
  if (a === b) throw new Error(`route: a segment joins two different stations, not "${from}" with itself`);
  for (const s of [a, b]) if (s.x % G !== 0 || s.y % G !== 0) throw new Error(`route: station "${s.id}" is not on the ${G}-unit grid`);

  const NX = Math.floor(map.width / G) + 1;
  const NY = Math.floor(map.height / G) + 1;
  const lo = Math.ceil(margin / G);
  const hiX = Math.floor((map.width - margin) / G);
  const hiY = Math.floor((map.height - margin) / G);
  const node = (ix: number, iy: number) => iy * NX + ix;
  const thirds: Point[] = map.stations.filter((s) => s !== a && s !== b).map((s) => [s.x, s.y]);

  // Existing tracks, rasterised on the grid: how many run along each unit edge, and which axes pass
  // through each grid point. Bends off the grid are rounded to it (they only steer the costs).
  const edgeCount = new Map<number, number>();
  const nodeAxes = new Map<number, number>();
  const edgeKey = (n: number, dir: number) => {
    // undirected: store from the end with the smaller index, directions 0..3
    if (dir >= 4) {
      const [dx, dy] = DIRS[dir]!;
      return ((n + dy * NX + dx) * 4 + (dir - 4)) | 0;
    }
    return n * 4 + dir;
  };
  for (const segment of mapSegments(map)) {
    for (let i = 1; i < segment.points.length; i++) {
      let [x0, y0] = [Math.round(segment.points[i - 1]![0] / G), Math.round(segment.points[i - 1]![1] / G)];
      const [x1, y1] = [Math.round(segment.points[i]![0] / G), Math.round(segment.points[i]![1] / G)];
      const sx = Math.sign(x1 - x0);
      const sy = Math.sign(y1 - y0);
      const dir = DIRS.findIndex(([dx, dy]) => dx === sx && dy === sy);
      if (dir < 0) continue;
      const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
      for (let k = 0; k < steps; k++) {
        const n = node(x0, y0);
        edgeCount.set(edgeKey(n, dir), (edgeCount.get(edgeKey(n, dir)) ?? 0) + 1);
        nodeAxes.set(n, (nodeAxes.get(n) ?? 0) | (1 << axisOf(dir)));
        x0 += sx;
        y0 += sy;
        nodeAxes.set(node(x0, y0), (nodeAxes.get(node(x0, y0)) ?? 0) | (1 << axisOf(dir)));
      }
    }
  }

  /** How many existing tracks run along the parallel grid edges one or two steps to either side of this one. */
  const besideCount = (ix: number, iy: number, dir: number): number => {
    const [dx, dy] = DIRS[dir]!;
    const steps = [1, -1, 2, -2];
    const shifts: Point[] = dy === 0 ? steps.map((k) => [0, k]) : dx === 0 ? steps.map((k) => [k, 0]) : steps.flatMap((k): Point[] => [[k, 0], [0, k]]);
    let count = 0;
    for (const [sx, sy] of shifts) {
      const [jx, jy] = [ix + sx, iy + sy];
      if (jx < 0 || jy < 0 || jx >= NX || jy >= NY || jx + dx < 0 || jy + dy < 0 || jx + dx >= NX || jy + dy >= NY) continue;
      count += edgeCount.get(edgeKey(node(jx, jy), dir)) ?? 0;
    }
    return count;
  };

  // The cost of a step, or Infinity where it comes too close to a third station or leaves the canvas;
  // worked out once per grid point and direction (NaN: not yet).
  const stepCosts = new Float64Array(NX * NY * 8).fill(NaN);
  const stepCost = (ix: number, iy: number, dir: number): number => {
    const k = node(ix, iy) * 8 + dir;
    const known = stepCosts[k]!;
    if (!Number.isNaN(known)) return known;
    return (stepCosts[k] = freshStepCost(ix, iy, dir));
  };
  const freshStepCost = (ix: number, iy: number, dir: number): number => {
    const [dx, dy] = DIRS[dir]!;
    const jx = ix + dx;
    const jy = iy + dy;
    if (jx < lo || jy < lo || jx > hiX || jy > hiY) return Infinity;
    const p: Point = [ix * G, iy * G];
    const q: Point = [jx * G, jy * G];
    const length = dx !== 0 && dy !== 0 ? Math.SQRT2 * G : G;
    let cost = length;
    const n = node(ix, iy);
    const along = edgeCount.get(edgeKey(n, dir)) ?? 0;
    // Tracks on a parallel grid line one or two steps aside (7–20 units) end up in one bundle with this one
    // once lanes spread them (tracks.ts): running beside them costs as sharing their corridor does.
    const beside = besideCount(ix, iy, dir);
    // Sharing a corridor, or running beside one, moves the track sideways into a lane (tracks.ts): keep that
    // much further off.
    const bundle = along + beside;
    const keep = clearance + bundle * LANE_SPACING;
    for (const s of thirds) {
      const d = distanceToSegment(s, p, q);
      if (d < keep) return Infinity;
      if (d < near + bundle * LANE_SPACING) cost += (length * (near + bundle * LANE_SPACING - d)) / (near - clearance);
    }
    cost += sharing * bundle * length;
    if (along > 0) return cost;
    const m = node(jx, jy);
    const arrives = jx * G === b.x && jy * G === b.y;
    if (!arrives && ((nodeAxes.get(m) ?? 0) & ~(1 << axisOf(dir))) !== 0) cost += crossing;
    // Two diagonals cross between grid points.
    if (dx !== 0 && dy !== 0 && (edgeCount.get(edgeKey(node(ix + dx, iy), dir === 1 ? 3 : dir === 3 ? 1 : dir === 5 ? 7 : 5)) ?? 0) > 0) {
      cost += crossing;
    }
    return cost;
  };

  const goalX = b.x / G;
  const goalY = b.y / G;
  const heuristic = (ix: number, iy: number) => {
    const dx = Math.abs(ix - goalX);
    const dy = Math.abs(iy - goalY);
    return G * (Math.max(dx, dy) - Math.min(dx, dy) + Math.SQRT2 * Math.min(dx, dy));
  };
  const STATES = NX * NY * 9;
  const best = new Float64Array(STATES).fill(Infinity);
  const previous = new Int32Array(STATES).fill(-1);
  const heap = new Heap();
  const start = node(a.x / G, a.y / G) * 9 + 8;
  best[start] = 0;
  heap.push(start, heuristic(a.x / G, a.y / G));
  let goal = -1;
  while (heap.size > 0) {
    const state = heap.pop();
    const n = Math.floor(state / 9);
    const dir = state % 9;
    const ix = n % NX;
    const iy = Math.floor(n / NX);
    if (ix === goalX && iy === goalY) {
      goal = state;
      break;
    }
    const here = best[state]!;
    // No bend near the far station: the route arrives along a straight run.
    const nearGoal = Math.max(Math.abs(ix - goalX), Math.abs(iy - goalY)) < straightEnds;
    for (let next = 0; next < 8; next++) {
      let turn = 0;
      if (dir !== 8) {
        const t = Math.abs(next - dir);
        turn = Math.min(t, 8 - t);
        if (turn > 2 || (turn > 0 && nearGoal)) continue;
      }
      // From the start and after each bend, a straight run of `straightEnds` steps at once (one state,
      // so no bend inside it): no short jogs.
      const [dx, dy] = DIRS[next]!;
      let steps = dir === 8 || turn > 0 ? straightEnds : 1;
      let cost = here + (turn === 1 ? bend45 : turn === 2 ? bend90 : 0);
      for (let k = 0; k < steps && cost < Infinity; k++) {
        cost += stepCost(ix + k * dx, iy + k * dy, next);
        if (ix + (k + 1) * dx === goalX && iy + (k + 1) * dy === goalY) steps = k + 1;
      }
      if (cost === Infinity) continue;
      const [tx, ty] = [ix + steps * dx, iy + steps * dy];
      const target = node(tx, ty) * 9 + next;
      if (cost < best[target]! - 1e-9) {
        best[target] = cost;
        previous[target] = state;
        heap.push(target, cost + heuristic(tx, ty));
      }
    }
  }
  if (goal < 0) return null;

  // Walk back, keeping the grid points where the direction changes.
  const bends: Point[] = [];
  let state = goal;
  while (previous[state]! >= 0) {
    const before = previous[state]!;
    if (before % 9 !== 8 && before % 9 !== state % 9) {
      const n = Math.floor(before / 9);
      bends.push([(n % NX) * G, Math.floor(n / NX) * G]);
    }
    state = before;
  }
  return bends.reverse();
}
