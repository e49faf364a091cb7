// Turns the decoded move columns into per-instance GPU data, split into time buckets by departure so a
// frame only draws buckets whose [first departure, last visible moment] covers the current time.
// Runs once per dataset+map load; nothing here runs per frame.
//
// Vertex layout: INSTANCE_FLOATS float32 per move (one point per move), two attributes from one
// interleaved buffer:
//   aTimes = (depart, arrive, trackRow, drift)
//     depart/arrive: seconds relative to the bucket's `origin` (keeps float32 precise to < 1 s)
//     trackRow: the (from, to) track's row in the track texture (entries: the (to, to) point)
//     drift: move duration / median duration of its transition (0 = no median, entry moves)
//   aMeta = (cohort, kind)
//     cohort: the u16 cohort bits (exact in float32)
//     kind: episode + 256 * flags, flags: 1 = entry, 2 = arrives at an exit, 4 = holds (the child's
//           last move ends at a non-exit station: the dot stays there to the end of the data)
import type { MoveColumns } from '../../../core/journeys.js';
import { ENTRY } from '../../../core/journeys.js';
import type { PackedTracks } from './track-texture.js';

export const INSTANCE_FLOATS = 6;
export const FLAG_ENTRY = 1;
export const FLAG_EXIT = 2;
export const FLAG_HOLD = 4;
/** @default 28 days: about 60 buckets for five years of data */
export const DEFAULT_BUCKET_SECONDS = 28 * 86400;

export interface MoveBucket {
  /** absolute seconds since originDay*86400 that this bucket's instance times are relative to */
  origin: number;
  /** move index range [first, end) in the sorted columns */
  first: number;
  end: number;
  /** earliest departure, absolute seconds */
  minDepart: number;
  /** latest arrival, absolute seconds; Infinity when a dot in it holds at its last station */
  maxArrive: number;
  /** INSTANCE_FLOATS per move */
  data: Float32Array;
}

export interface TransitionMedian {
  from: number;
  to: number;
  medianSeconds: number;
}

export interface BucketOptions {
  /** @default DEFAULT_BUCKET_SECONDS */
  bucketSeconds?: number;
  /** per station index: true for exits (kind 'exit') */
  isExit: readonly boolean[];
  transitions: readonly TransitionMedian[];
}

/** Median seconds per (from, to) pair, k = from * S + to; 0 where unknown. */
export function medianTable(transitions: readonly TransitionMedian[], stationCount: number): Float32Array {
  const table = new Float32Array(stationCount * stationCount);
  for (const t of transitions) {
    if (t.from < stationCount && t.to < stationCount) table[t.from * stationCount + t.to] = t.medianSeconds;
  }
  return table;
}

/** Index of each child's last move (moves are sorted by departure, a child's moves in order). */
function lastMoveOfChild(moves: MoveColumns): Int32Array {
  let maxChild = 0;
  for (let i = 0; i < moves.count; i++) if (moves.child[i]! > maxChild) maxChild = moves.child[i]!;
  const last = new Int32Array(maxChild + 1).fill(-1);
  for (let i = 0; i < moves.count; i++) last[moves.child[i]!] = i;
  return last;
}

export function bucketMoves(moves: MoveColumns, tracks: PackedTracks, options: BucketOptions): MoveBucket[] {
  const S = tracks.stationCount;
  const bucketSeconds = options.bucketSeconds ?? DEFAULT_BUCKET_SECONDS;
  if (!(bucketSeconds > 0)) throw new Error(`bucketMoves: bucketSeconds must be > 0, got ${bucketSeconds}`);
  const medians = medianTable(options.transitions, S);
  const last = lastMoveOfChild(moves);
  const { from, to, depart, arrive, cohort, episode, child } = moves;
  const buckets: MoveBucket[] = [];

  let i = 0;
  while (i < moves.count) {
    const origin = Math.floor(depart[i]! / bucketSeconds) * bucketSeconds;
    const limit = origin + bucketSeconds;
    let end = i;
    while (end < moves.count && depart[end]! < limit) {
      if (end > i && depart[end]! < depart[end - 1]!) throw new Error(`moves are not sorted by depart at move ${end}`);
      end++;
    }
    const data = new Float32Array((end - i) * INSTANCE_FLOATS);
    let maxArrive = -Infinity;
    for (let m = i; m < end; m++) {
      const f = from[m]!;
      const t = to[m]!;
      if (t >= S || (f !== ENTRY && f >= S)) throw new Error(`move ${m}: station index ${f} → ${t} outside the map's ${S} stations`);
      const k = f === ENTRY ? t * S + t : f * S + t;
      const duration = arrive[m]! - depart[m]!;
      const median = f === ENTRY ? 0 : medians[k]!;
      let flags = f === ENTRY ? FLAG_ENTRY : 0;
      if (options.isExit[t]) flags |= FLAG_EXIT;
      else if (last[child[m]!] === m) flags |= FLAG_HOLD;
      const row = tracks.row[k]!;
      if (row < 0) throw new Error(`move ${m}: the track ${f} → ${t} was not packed into the track texture`);
      const o = (m - i) * INSTANCE_FLOATS;
      data[o] = depart[m]! - origin;
      data[o + 1] = arrive[m]! - origin;
      data[o + 2] = row;
      data[o + 3] = median > 0 ? duration / median : 0;
      data[o + 4] = cohort[m]!;
      data[o + 5] = episode[m]! + 256 * flags;
      const until = flags & FLAG_HOLD ? Infinity : arrive[m]!;
      if (until > maxArrive) maxArrive = until;
    }
    buckets.push({ origin, first: i, end, minDepart: depart[i]!, maxArrive, data });
    i = end;
  }
  return buckets;
}

/**
 * Whether a bucket has a dot visible at `time` (absolute seconds), given how long after its arrival a
 * dot may still show (minimum transit, exit fade-out).
 */
export function bucketVisibleAt(bucket: MoveBucket, time: number, linger: number): boolean {
  return bucket.minDepart <= time && time <= bucket.maxArrive + linger;
}
