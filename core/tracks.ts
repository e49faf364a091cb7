// The track a dot follows between any two stations: the shortest polyline along the drawn lines
// (through bends and, where it must, other stations and interchanges). Computed once per map, so the
// client only looks a pair up; a pair no line joins gets a straight segment rather than no track.
import type { MapDefinition } from './map-schema.js';

export interface TrackSet {
  /** station ids in map order; station index s is stationIds[s] */
  stationIds: string[];
  /**
   * polyline of pair (from, to): the floats points[offsets[k]] .. points[offsets[k+1] - 1] as x,y pairs,
   * k = from * S + to (S = stationIds.length). Offsets count floats, so a track has
   * (offsets[k+1] - offsets[k]) / 2 points. Pair (s, s) is the one point of station s.
   */
  points: Float32Array;
  /** S * S + 1 float offsets into points */
  offsets: Uint32Array;
  /** length of each pair's polyline, in design units; S * S entries */
  lengths: Float32Array;
}

interface TrackGraph {
  x: number[];
  y: number[];
  /** neighbours of node n, with edge lengths */
  edges: { to: number; length: number }[][];
}

/** Nodes 0..S-1 are stations; every bend of every line is a node of its own (lines crossing do not meet). */
function buildTrackGraph(map: MapDefinition): TrackGraph {
  const index = new Map(map.stations.map((s, i) => [s.id, i]));
  const x = map.stations.map((s) => s.x);
  const y = map.stations.map((s) => s.y);
  const edges: { to: number; length: number }[][] = map.stations.map(() => []);
  for (const line of map.lines) {
    let previous = -1;
    for (const point of line.path) {
      let node: number;
      if (typeof point === 'string') {
        const s = index.get(point);
        if (s === undefined) throw new Error(`map ${map.id}: line "${line.id}" goes through unknown station "${point}"`);
        node = s;
      } else {
        node = x.length;
        x.push(point[0]);
        y.push(point[1]);
        edges.push([]);
      }
      if (previous >= 0 && previous !== node) {
        const length = Math.hypot(x[node]! - x[previous]!, y[node]! - y[previous]!);
        edges[previous]!.push({ to: node, length });
        edges[node]!.push({ to: previous, length });
      }
      previous = node;
    }
  }
  return { x, y, edges };
}

/** Dijkstra from one node over a small graph (hundreds of nodes): O(N²) with no heap is plenty. */
function shortestPathsFrom(graph: TrackGraph, source: number): { distance: Float64Array; previous: Int32Array } {
  const n = graph.x.length;
  const distance = new Float64Array(n).fill(Infinity);
  const previous = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  distance[source] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!done[i] && distance[i]! < Infinity && (u < 0 || distance[i]! < distance[u]!)) u = i;
    if (u < 0) break;
    done[u] = 1;
    for (const { to, length } of graph.edges[u]!) {
      const d = distance[u]! + length;
      if (d < distance[to]! - 1e-9) {
        distance[to] = d;
        previous[to] = u;
      }
    }
  }
  return { distance, previous };
}

export function computeTracks(map: MapDefinition): TrackSet {
  const S = map.stations.length;
  const graph = buildTrackGraph(map);
  const polylines: number[][] = [];
  const lengths = new Float32Array(S * S);
  for (let from = 0; from < S; from++) {
    const { distance, previous } = shortestPathsFrom(graph, from);
    for (let to = 0; to < S; to++) {
      const nodes: number[] = [];
      if (from === to) nodes.push(from);
      else if (distance[to] === Infinity) nodes.push(from, to);
      else for (let n = to; n >= 0; n = previous[n]!) nodes.unshift(n);
      const flat: number[] = [];
      let length = 0;
      nodes.forEach((n, i) => {
        flat.push(graph.x[n]!, graph.y[n]!);
        if (i > 0) length += Math.hypot(graph.x[n]! - graph.x[nodes[i - 1]!]!, graph.y[n]! - graph.y[nodes[i - 1]!]!);
      });
      polylines.push(flat);
      lengths[from * S + to] = length;
    }
  }
  const offsets = new Uint32Array(S * S + 1);
  polylines.forEach((p, k) => (offsets[k + 1] = offsets[k]! + p.length));
  const points = new Float32Array(offsets[S * S]!);
  polylines.forEach((p, k) => points.set(p, offsets[k]!));
  return { stationIds: map.stations.map((s) => s.id), points, offsets, lengths };
}

/** The polyline of one pair as [x, y] points (for tests and SVG drawing; the GPU reads the columns). */
export function trackPoints(tracks: TrackSet, from: number, to: number): [number, number][] {
  const k = from * tracks.stationIds.length + to;
  const out: [number, number][] = [];
  for (let i = tracks.offsets[k]!; i < tracks.offsets[k + 1]!; i += 2) out.push([tracks.points[i]!, tracks.points[i + 1]!]);
  return out;
}
