// Turns the decoded move columns into per-instance GPU data, split into time buckets by departure so a
// frame only draws buckets whose [first departure, last visible moment] covers the current time.
// Runs once per dataset+map load; nothing here runs per frame.
//
// Vertex layout: INSTANCE_FLOATS float32 per move (one point per move), three attributes from one
// interleaved buffer:
//   aTimes = (depart, leave, arrive, trackRow)
//     depart/leave/arrive: seconds relative to the bucket's `origin` (keeps float32 precise): the dot
//       waits in the queue at `from` from depart to leave, then travels to `to`, arriving at arrive
//     trackRow: the (from, to) track's row in the track texture (entries and leavings: the station's
//       own point)
//   aMeta = (cohortFrom, cohortTo, kind, slots)
//     cohortFrom/cohortTo: cohort bits while waiting at `from`, and from the move on (exact in float32)
//     kind: episode + 256 * flags: 1 entry, 2 arrives at an exit, 4 holds (the child's last move ends
//           at a station: the dot stays there to the end of the data), 8 leaves the map from `from`
//     slots: queue place at `from` + 4096 × queue place at `to` (queue-slots.ts)
//   aWait = (medianFrom, medianTo, child, hops)
//     median seconds dots waited at `from` and at `to` (a dot waiting longer drifts out of its queue),
//     the child's index (to follow one child), and its hops' order within their days (hop-order.ts)
//   aScale = (scaleFrom, scaleTo)
//     the factor the queues at `from` and at `to` are scaled by: the map's one queue spacing over the
//     dot style's, the same at every station (queue-slots.ts spreadQueues)
import type { MoveColumns } from '../../../core/journeys.js';
import { ENTRY } from '../../../core/journeys.js';
import type { PackedTracks } from './track-texture.js';
import type { Queues } from './queue-slots.js';

export const INSTANCE_FLOATS = 14;
export const FLAG_ENTRY = 1;
export const FLAG_EXIT = 2;
export const FLAG_HOLD = 4;
export const FLAG_LEAVE = 8;
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

export interface BucketOptions {
  /** @default DEFAULT_BUCKET_SECONDS */
  bucketSeconds?: number;
  /** per station index: true for exits (kind 'exit') */
  isExit: readonly boolean[];
  queues: Queues;
}

export function bucketMoves(moves: MoveColumns, tracks: PackedTracks, options: BucketOptions): MoveBucket[] {
  const S = tracks.stationCount;
  const bucketSeconds = options.bucketSeconds ?? DEFAULT_BUCKET_SECONDS;
  if (!(bucketSeconds > 0)) throw new Error(`bucketMoves: bucketSeconds must be > 0, got ${bucketSeconds}`);
  const { slotFrom, slotTo, cohortFrom, hold, medianWait, hops, scale } = options.queues;
  const { from, to, depart, leave, arrive, cohort, episode, child } = moves;
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
      const entering = f === ENTRY;
      const leaving = f === t;
      const k = entering || leaving ? t * S + t : f * S + t;
      let flags = entering ? FLAG_ENTRY : 0;
      if (leaving) flags |= FLAG_LEAVE;
      else if (options.isExit[t]) flags |= FLAG_EXIT;
      else if (hold[m]) flags |= FLAG_HOLD;
      const row = tracks.row[k]!;
      if (row < 0) throw new Error(`move ${m}: the track ${f} → ${t} was not packed into the track texture`);
      const o = (m - i) * INSTANCE_FLOATS;
      data[o] = depart[m]! - origin;
      data[o + 1] = leave[m]! - origin;
      data[o + 2] = arrive[m]! - origin;
      data[o + 3] = row;
      data[o + 4] = cohortFrom[m]!;
      data[o + 5] = cohort[m]!;
      data[o + 6] = episode[m]! + 256 * flags;
      data[o + 7] = slotFrom[m]! + 4096 * slotTo[m]!;
      data[o + 8] = entering ? 0 : medianWait[f]!;
      data[o + 9] = medianWait[t]!;
      data[o + 10] = child[m]!;
      data[o + 11] = hops[m]!;
      data[o + 12] = entering ? 1 : scale[f] ?? 1;
      data[o + 13] = scale[t] ?? 1;
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
