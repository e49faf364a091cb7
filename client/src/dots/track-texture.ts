// Packs the track polylines a dataset uses into one float texture the dot shader samples by arc
// length: each track is resampled at TRACK_SAMPLES points equally spaced along it, so the vertex
// shader finds a dot's position with two texel fetches and a mix, with no loop over the polyline.
// (A bend falling between two samples is cut by at most half a sample step: under 1% of the track.)
// Texel (track row r, sample i) sits at flat index r * TRACK_SAMPLES + i; texel = (x, y, track length, 1):
// the length lets the shader walk a transit's three legs (in from the queue, the track, out) at one speed.
import type { TrackGeometry } from '../../../core/tracks.js';

export const TRACK_SAMPLES = 64;
/** texture width: a whole number of tracks per texture row, so a track never wraps */
export const TRACK_TEXTURE_WIDTH = TRACK_SAMPLES * 16;

export interface PackedTracks {
  /** RGBA float texels, row-major, TRACK_TEXTURE_WIDTH wide */
  texels: Float32Array;
  width: number;
  height: number;
  stationCount: number;
  /** per station pair k = from * S + to: its track row in the texture, or -1 when not packed */
  row: Int32Array;
  /** per station pair: polyline length in map units (0 for a station with itself) */
  length: Float32Array;
}

/** Where pair k's points lie in `tracks.points`, counted in points (the offsets count floats). */
export function pairPoints(tracks: TrackGeometry, k: number): { first: number; count: number } {
  const first = tracks.offsets[k]! / 2;
  return { first, count: tracks.offsets[k + 1]! / 2 - first };
}

/** The point at `distance` along pair k's polyline (clamped to its ends). */
function walk(tracks: TrackGeometry, k: number, distance: number): [number, number] {
  const { first, count } = pairPoints(tracks, k);
  const p = tracks.points;
  let along = 0;
  for (let i = first + 1; i < first + count; i++) {
    const dx = p[2 * i]! - p[2 * i - 2]!;
    const dy = p[2 * i + 1]! - p[2 * i - 1]!;
    const segment = Math.hypot(dx, dy);
    if (along + segment >= distance && segment > 0) {
      const f = (distance - along) / segment;
      return [p[2 * i - 2]! + dx * f, p[2 * i - 1]! + dy * f];
    }
    along += segment;
  }
  const last = first + count - 1;
  return [p[2 * last]!, p[2 * last + 1]!];
}

function polylineLength(tracks: TrackGeometry, k: number): number {
  const { first, count } = pairPoints(tracks, k);
  const p = tracks.points;
  let length = 0;
  for (let i = first + 1; i < first + count; i++) length += Math.hypot(p[2 * i]! - p[2 * i - 2]!, p[2 * i + 1]! - p[2 * i - 1]!);
  return length;
}

/**
 * Packs the given station pairs (default: every pair). Pass only the pairs a dataset's moves use to
 * keep the texture small on big maps; the diagonal (s, s) pairs are where entries appear.
 */
export function packTracks(tracks: TrackGeometry, pairs?: readonly number[]): PackedTracks {
  const S = tracks.stationIds.length;
  const pairCount = S * S;
  if (tracks.offsets.length !== pairCount + 1) {
    throw new Error(`tracks: offsets has ${tracks.offsets.length} entries, expected ${pairCount + 1} for ${S} stations`);
  }
  if (tracks.points.length !== tracks.offsets[pairCount]!) {
    throw new Error(`tracks: points holds ${tracks.points.length} floats but offsets end at ${tracks.offsets[pairCount]}`);
  }
  // By default every pair that has a track (a pair no segment joins has none: nothing travels it).
  const chosen = pairs ?? Array.from({ length: pairCount }, (_, k) => k).filter((k) => pairPoints(tracks, k).count > 0);
  const row = new Int32Array(pairCount).fill(-1);
  const length = new Float32Array(pairCount);
  for (let k = 0; k < pairCount; k++) length[k] = polylineLength(tracks, k);
  const tracksPerTextureRow = TRACK_TEXTURE_WIDTH / TRACK_SAMPLES;
  const height = Math.max(1, Math.ceil(chosen.length / tracksPerTextureRow));
  const texels = new Float32Array(TRACK_TEXTURE_WIDTH * height * 4);
  chosen.forEach((k, r) => {
    if (!(k >= 0 && k < pairCount)) throw new Error(`tracks: pair ${k} is outside the ${S}×${S} station pairs`);
    if (pairPoints(tracks, k).count < 1) throw new Error(`tracks: pair ${tracks.stationIds[Math.floor(k / S)]} → ${tracks.stationIds[k % S]} has no points`);
    row[k] = r;
    for (let i = 0; i < TRACK_SAMPLES; i++) {
      const [x, y] = walk(tracks, k, (length[k]! * i) / (TRACK_SAMPLES - 1));
      const o = 4 * (r * TRACK_SAMPLES + i);
      texels[o] = x;
      texels[o + 1] = y;
      texels[o + 2] = length[k]!;
      texels[o + 3] = 1;
    }
  });
  return { texels, width: TRACK_TEXTURE_WIDTH, height, stationCount: S, row, length };
}

/** The pairs a set of moves travels (and every station's own point, for entries and leavings), ascending. */
export function pairsUsed(from: Uint8Array, to: Uint8Array, count: number, stationCount: number, entry: number): number[] {
  const used = new Uint8Array(stationCount * stationCount);
  for (let s = 0; s < stationCount; s++) used[s * stationCount + s] = 1;
  for (let i = 0; i < count; i++) {
    const f = from[i]!;
    const t = to[i]!;
    if (f !== entry && f < stationCount && t < stationCount) used[f * stationCount + t] = 1;
  }
  const pairs: number[] = [];
  for (let k = 0; k < used.length; k++) if (used[k]) pairs.push(k);
  return pairs;
}

/**
 * The point at `fraction` (0–1) of the way along pair k's packed track: the same two samples and mix
 * the vertex shader uses, for the SVG baseline and tests.
 */
export function pointAlong(packed: PackedTracks, k: number, fraction: number): { x: number; y: number } {
  const r = packed.row[k]!;
  if (r < 0) throw new Error(`tracks: pair ${k} was not packed`);
  const s = Math.min(Math.max(fraction, 0), 1) * (TRACK_SAMPLES - 1);
  const i0 = Math.min(Math.floor(s), TRACK_SAMPLES - 2);
  const f = s - i0;
  const t = packed.texels;
  const a = 4 * (r * TRACK_SAMPLES + i0);
  return { x: t[a]! + (t[a + 4]! - t[a]!) * f, y: t[a + 1]! + (t[a + 5]! - t[a + 1]!) * f };
}
