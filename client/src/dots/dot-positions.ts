// Where a dot is at a moment, computed on the CPU exactly as the vertex shader does (dot-shader.ts):
// for picking a dot under the pointer, listing the dots waiting at a station, and tests. Runs on a
// click or a list, over the moves that have started by then; never per frame.
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';
import { unpackCohort } from '../../../core/journeys.js';
import type { FilterMasks } from './cohort-filter.js';
import { placeOffset, type Queues } from './queue-slots.js';
import { hopTimes } from './hop-order.js';
import { pointAlong, type PackedTracks } from './track-texture.js';

const GOLDEN_ANGLE = 2.39996323;

export interface DotTiming {
  /** shortest hop, fade, queue spacing, drift per slowness, max slowness (the shader's uniforms) */
  hop: number;
  fade: number;
  spacing: number;
  drift: number;
  maxSlowness: number;
}

export interface DotAt {
  move: number;
  child: number;
  x: number;
  y: number;
  /** the station it waits or holds at, or -1 while it travels, enters or fades out */
  station: number;
  /** seconds waited there so far (0 when not waiting) */
  waited: number;
}

function queueOffset(slot: number, spacing: number): [number, number] {
  return placeOffset(slot, spacing);
}

function drift(slot: number, waited: number, median: number, t: DotTiming, scale: number): [number, number] {
  if (median <= 0) return [0, 0];
  const slowness = Math.min(Math.max(waited / median - 1, 0), t.maxSlowness);
  const a = slot * GOLDEN_ANGLE;
  const r = slowness * t.drift * scale;
  return [Math.cos(a) * r, Math.sin(a) * r];
}

/**
 * Where a travelling dot is at `frac` (0–1) of its transit, as a fraction along its track plus an offset
 * from that point (the vertex shader's transitLeg, line for line). The path is three legs walked at one
 * speed: from its place at `from` (offset offFrom) straight to the track's start, the track (length
 * trackLength), then from the track's end out to its place at `to` (offTo).
 */
export function transitLegs(frac: number, offFrom: readonly number[], trackLength: number, offTo: readonly number[]): { along: number; offset: [number, number] } {
  const a = Math.hypot(offFrom[0]!, offFrom[1]!);
  const b = Math.hypot(offTo[0]!, offTo[1]!);
  const total = a + trackLength + b;
  if (!(total > 0)) return { along: 0, offset: [0, 0] };
  const d = Math.min(Math.max(frac, 0), 1) * total;
  if (d < a) {
    const left = 1 - d / a;
    return { along: 0, offset: [offFrom[0]! * left, offFrom[1]! * left] };
  }
  if (d <= a + trackLength) return { along: trackLength > 0 ? (d - a) / trackLength : 1, offset: [0, 0] };
  const out = b > 0 ? (d - a - trackLength) / b : 1;
  return { along: 1, offset: [offTo[0]! * out, offTo[1]! * out] };
}

/** Whether the cohort filter shows a dot with these cohort bits (the shader's test). */
export function shownBy(masks: FilterMasks, bits: number): boolean {
  const c = unpackCohort(bits);
  const has = (mask: number, v: number) => ((mask >>> v) & 1) === 1;
  return has(masks.age, c.ageBand) && has(masks.sex, c.sex) && has(masks.eth, c.ethnicityGroup) && has(masks.dis, c.disability) && has(masks.prev, c.previous);
}

export class DotPositions {
  constructor(
    private readonly moves: MoveColumns,
    private readonly queues: Queues,
    private readonly tracks: PackedTracks,
    private readonly isExit: readonly boolean[],
  ) {}

  /** The dot of move m at `time`, or null when it is not shown (not begun, over, or filtered out). */
  at(m: number, time: number, t: DotTiming, masks: FilterMasks): DotAt | null {
    const { from, to, depart, leave, arrive, cohort, child } = this.moves;
    const { slotFrom, slotTo, cohortFrom, hold, medianWait, hops, scale } = this.queues;
    const S = this.tracks.stationCount;
    const f = from[m]!;
    const s = to[m]!;
    const entering = f === ENTRY;
    const leaving = f === s;
    const exit = !leaving && this.isExit[s]!;
    // A child's hops of one day run one after another and end by 23:59:59 (hop-order.ts): at the end of
    // a day every dot is where that day's moves put it, as the stations' numbers count it.
    const { appear, gone, setOff, arriveShown } = hopTimes(depart[m]!, leave[m]!, arrive[m]!, hops[m]!, t.hop, leaving);
    const until = hold[m] ? Infinity : entering ? appear + t.fade : exit || leaving ? arriveShown + t.fade : arriveShown;
    // A move that hands over to the child's next move is gone at the instant the next one appears.
    const handsOver = !hold[m] && !entering && !exit && !leaving;
    if (time < appear || time > until || (handsOver && time === until)) return null;
    // Off the map between its step's end (and the fade that follows) and the hop to its next step.
    const away = !entering && time >= gone && time < setOff;
    if (away && time >= gone + t.fade) return null;
    const waiting = !entering && time < gone;
    if (!shownBy(masks, waiting || away ? cohortFrom[m]! : cohort[m]!)) return null;
    const k = entering || leaving ? s * S + s : f * S + s;
    // Every queue is scaled by the map's one spacing over the style's, drift included (spreadQueues).
    const kFrom = entering ? 1 : scale[f] ?? 1;
    const kTo = scale[s] ?? 1;
    const offFrom = queueOffset(slotFrom[m]!, t.spacing * kFrom);
    const offTo = exit ? [0, 0] : queueOffset(slotTo[m]!, t.spacing * kTo);
    const base = (fraction: number) => pointAlong(this.tracks, k, fraction);
    const dot = (p: { x: number; y: number }, off: readonly number[], station: number, waited: number): DotAt => ({
      move: m,
      child: child[m]!,
      x: p.x + off[0]!,
      y: p.y + off[1]!,
      station,
      waited,
    });
    if (entering && hold[m]) {
      // Entered at its station and stays: it waits there from its arrival (and drifts) like any other.
      const waited = time - arrive[m]!;
      const d = drift(slotTo[m]!, waited, medianWait[s]!, t, kTo);
      return dot(base(0), [offTo[0]! + d[0], offTo[1]! + d[1]], s, waited);
    }
    if (entering) return dot(base(0), offTo, -1, 0);
    if (away) return dot(base(0), offFrom, -1, 0);
    if (waiting) {
      const waited = time - depart[m]!;
      const d = drift(slotFrom[m]!, waited, medianWait[f]!, t, kFrom);
      return dot(base(0), [offFrom[0] + d[0], offFrom[1] + d[1]], f, waited);
    }
    if (time < arriveShown) {
      // From its place (drifted as it was when it set off) straight in to its station, then the track
      // alone, then out to its place at `to`: the first and last legs stay inside each station's own
      // queue area (queue-areas.ts), so a dot never runs beside its track past a third station.
      // A dot back on the map for its hop sets off from the station's own point (its place is long gone).
      const dFrom = drift(slotFrom[m]!, setOff - depart[m]!, medianWait[f]!, t, kFrom);
      const dTo = exit ? [0, 0] : drift(slotTo[m]!, arriveShown - arrive[m]!, medianWait[s]!, t, kTo);
      const leg = transitLegs(
        (time - setOff) / (arriveShown - setOff),
        gone < setOff ? [0, 0] : [offFrom[0] + dFrom[0]!, offFrom[1] + dFrom[1]!],
        this.tracks.length[k]!,
        [offTo[0]! + dTo[0]!, offTo[1]! + dTo[1]!],
      );
      return dot(base(leg.along), leg.offset, -1, 0);
    }
    if (leaving) return dot(base(0), offFrom, -1, 0);
    if (exit) return dot(base(1), offTo, -1, 0);
    const waited = time - arrive[m]!;
    const d = drift(slotTo[m]!, waited, medianWait[s]!, t, kTo);
    return dot(base(1), [offTo[0]! + d[0], offTo[1]! + d[1]], s, waited);
  }

  /** Every dot shown at `time`. */
  all(time: number, t: DotTiming, masks: FilterMasks): DotAt[] {
    const out: DotAt[] = [];
    const { depart } = this.moves;
    for (let m = 0; m < this.moves.count && depart[m]! <= time; m++) {
      const d = this.at(m, time, t, masks);
      if (d) out.push(d);
    }
    return out;
  }

  /** The dot nearest (x, y) in map units within `radius`, or null. */
  pick(x: number, y: number, radius: number, time: number, t: DotTiming, masks: FilterMasks): DotAt | null {
    let best: DotAt | null = null;
    let bestDistance = radius;
    for (const d of this.all(time, t, masks)) {
      const distance = Math.hypot(d.x - x, d.y - y);
      if (distance <= bestDistance) {
        best = d;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** The dots waiting at station s at `time`, longest wait first. */
  waitingAt(s: number, time: number, t: DotTiming, masks: FilterMasks): DotAt[] {
    return this.all(time, t, masks)
      .filter((d) => d.station === s)
      .sort((a, b) => b.waited - a.waited);
  }
}
