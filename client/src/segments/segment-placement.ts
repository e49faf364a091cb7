// Where each step-number label goes on its segment, so that no two labels overlap and none sits on a
// station's mark, a station's name or a queue of dots. Plain data in, placements out: the caller
// measures text and gives each track's points. Labels are placed busiest step first (a step over
// target has its warning sign on its track whether its label fits or not): on its segment at its
// preferred point (the middle, or a third along when both directions are labelled), else at the
// nearest point along the segment that is clear; the busiest and the steps over target
// (mayCoverQueues) take their whole turn at once: else the same over the queues of dots, else beside
// the segment. The others, once every label has tried its own segment, beside theirs. A label beside
// its segment is joined to it by a leader line that crosses no name, mark or other label, so a reader
// can always tell which segment a label belongs to. A label with no clear place is left out, never
// drawn over another.
import { intersects, type Box } from '../map/label-layout.js';

export interface SegmentLabelRequest {
  /** children who took the step: busier steps are placed first (after steps over target) */
  children: number;
  /** the step is over its station's target: placed before every step that is not */
  slow?: boolean;
  /**
   * when no point of the segment is clear, the label may still sit over a queue of dots (never over
   * another label, a station or a name): given to steps over target and the busiest steps, so that the
   * front door's main flow is not the one left off because its stations' queues cover its segment
   */
  mayCoverQueues?: boolean;
  /** the label's size in map units */
  width: number;
  height: number;
  /** the fraction along the segment it would rather sit at */
  preferred: number;
  /** the point at a fraction (0–1) of the way along its segment */
  at: (fraction: number) => { x: number; y: number };
}

export interface SegmentLabelPlacement {
  /** index into the requests */
  index: number;
  /** the label's centre */
  x: number;
  y: number;
  box: Box;
  /** it sits over a queue of dots (see mayCoverQueues) */
  overQueue: boolean;
  /** when the label sits beside its segment: the leader line from its box's edge (x0, y0) to its track (x1, y1) */
  leader: { x0: number; y0: number; x1: number; y1: number } | null;
}

export interface SegmentPlacementOptions {
  /** points the labels must not cover (station marks) */
  marks: readonly { x: number; y: number }[];
  /** boxes the labels must not cover (the stations' names and numbers) */
  boxes?: readonly Box[];
  /** discs the labels must not cover (each station's queue of dots, out to its farthest dot) */
  discs?: readonly { x: number; y: number; r: number }[];
  /** half-size of the square each mark covers, map units @default 8 */
  markRadius?: number;
  /** clear space kept between labels, map units @default 2 */
  gap?: number;
  /** fractions along the segment tried, as offsets from the preferred one, nearest first */
  offsets?: readonly number[];
  /** a label never sits nearer either end of its segment than this fraction @default 0.1 */
  margin?: number;
  /** the part of the map in view: a label must lie wholly inside it (none cut by the screen's edge) */
  within?: Box;
}

/** Whether the straight line from a to b passes through the box (sampled every map unit). */
export function segmentCrossesBox(a: { x: number; y: number }, b: { x: number; y: number }, box: Box): boolean {
  const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y)));
  for (let i = 0; i <= n; i++) {
    const x = a.x + ((b.x - a.x) * i) / n;
    const y = a.y + ((b.y - a.y) * i) / n;
    if (x > box.x0 && x < box.x1 && y > box.y0 && y < box.y1) return true;
  }
  return false;
}

const DEFAULT_OFFSETS = [0, 0.05, -0.05, 0.1, -0.1, 0.15, -0.15, 0.2, -0.2, 0.25, -0.25, 0.3, -0.3, 0.35, -0.35, 0.4, -0.4];

/** Whether a box and a disc overlap. */
export function boxTouchesDisc(box: Box, disc: { x: number; y: number; r: number }): boolean {
  const dx = disc.x - Math.max(box.x0, Math.min(disc.x, box.x1));
  const dy = disc.y - Math.max(box.y0, Math.min(disc.y, box.y1));
  return disc.r > 0 && dx * dx + dy * dy < disc.r * disc.r;
}

function boxAround(x: number, y: number, width: number, height: number, pad: number): Box {
  return { x0: x - width / 2 - pad, y0: y - height / 2 - pad, x1: x + width / 2 + pad, y1: y + height / 2 + pad };
}

export function placeSegmentLabels(requests: readonly SegmentLabelRequest[], options: SegmentPlacementOptions): SegmentLabelPlacement[] {
  const markRadius = options.markRadius ?? 8;
  const gap = options.gap ?? 2;
  const offsets = options.offsets ?? DEFAULT_OFFSETS;
  const margin = options.margin ?? 0.1;
  const marks = [...options.marks.map((m) => boxAround(m.x, m.y, 0, 0, markRadius)), ...(options.boxes ?? [])];
  const discs = options.discs ?? [];
  const within = options.within;
  const inView = (b: Box) => !within || (b.x0 >= within.x0 && b.y0 >= within.y0 && b.x1 <= within.x1 && b.y1 <= within.y1);
  // Busiest first; among equals, a step over target first.
  const order = requests.map((_, i) => i).sort((a, b) => requests[b]!.children - requests[a]!.children || Number(!!requests[b]!.slow) - Number(!!requests[a]!.slow) || a - b);
  const placed: SegmentLabelPlacement[] = [];
  const leaders: SegmentLabelPlacement['leader'][] = [];
  const clear = (box: Box, overQueue: boolean) =>
    inView(box) &&
    !placed.some((o) => intersects(o.box, box)) &&
    !marks.some((m) => intersects(m, box)) &&
    !leaders.some((l) => l !== null && segmentCrossesBox({ x: l.x0, y: l.y0 }, { x: l.x1, y: l.y1 }, box)) &&
    (overQueue || !discs.some((d) => boxTouchesDisc(box, d)));
  /** On its track, at the nearest clear fraction to the preferred one. */
  const onTrack = (index: number, overQueue: boolean): boolean => {
    const r = requests[index]!;
    for (const offset of offsets) {
      const fraction = r.preferred + offset;
      if (fraction < margin || fraction > 1 - margin) continue;
      const p = r.at(fraction);
      // Boxes carry half the gap each, so two placed labels are at least `gap` apart.
      const box = boxAround(p.x, p.y, r.width, r.height, gap / 2);
      if (!clear(box, overQueue)) continue;
      placed.push({ index, x: p.x, y: p.y, box, overQueue, leader: null });
      return true;
    }
    return false;
  };
  /**
   * Beside its track, one step out and then two, either side, with a leader from the track to the
   * label's nearest edge that crosses no name, mark or other label (a label longer than the clear
   * part of its segment, or a segment crowded by others).
   */
  const beside = (index: number, overQueue: boolean): boolean => {
    const r = requests[index]!;
    for (const step of [0, 1, 2]) {
      for (const offset of offsets) {
        const fraction = r.preferred + offset;
        if (fraction < margin || fraction > 1 - margin) continue;
        const p = r.at(fraction);
        const a = r.at(Math.max(0, fraction - 0.02));
        const b = r.at(Math.min(1, fraction + 0.02));
        const d = Math.hypot(b.x - a.x, b.y - a.y) || 1;
        // How far the label's centre stands off the track: its half-extent across the track (its half
        // width beside an upright track, its half height beside a level one), a short leader, and then
        // a label's height more for each step out.
        const nx = Math.abs((b.y - a.y) / d);
        const ny = Math.abs((b.x - a.x) / d);
        const out = nx * (r.width / 2) + ny * (r.height / 2) + 3 * gap + 4 + step * (r.height + gap);
        for (const side of [1, -1]) {
          const c = { x: p.x - ((b.y - a.y) / d) * side * out, y: p.y + ((b.x - a.x) / d) * side * out };
          const box = boxAround(c.x, c.y, r.width, r.height, gap / 2);
          if (!clear(box, overQueue)) continue;
          // The leader runs from the track point to the label's nearest edge.
          const edge = { x: Math.max(box.x0 + gap / 2, Math.min(p.x, box.x1 - gap / 2)), y: Math.max(box.y0 + gap / 2, Math.min(p.y, box.y1 - gap / 2)) };
          if (marks.some((m) => segmentCrossesBox(p, edge, m)) || placed.some((o) => segmentCrossesBox(p, edge, o.box))) continue;
          const leader = { x0: edge.x, y0: edge.y, x1: p.x, y1: p.y };
          placed.push({ index, x: c.x, y: c.y, box, overQueue, leader });
          leaders.push(leader);
          return true;
        }
      }
    }
    return false;
  };
  // The busiest (mayCoverQueues) take their whole turn first, so none is left off for a smaller step;
  // the rest go on their tracks first, and only then beside them, so that a label standing off its
  // track does not take the place of one that fits on its own.
  const waiting: number[] = [];
  for (const index of order) {
    if (requests[index]!.mayCoverQueues) onTrack(index, false) || onTrack(index, true) || beside(index, false) || beside(index, true);
    else if (!onTrack(index, false)) waiting.push(index);
  }
  for (const index of waiting) beside(index, false);
  return placed.sort((a, b) => a.index - b.index);
}

/** Where a warning sign goes: its centre, its box and, when it sits beside its track, the track point its leader line joins. */
export interface SignPlacement {
  x: number;
  y: number;
  box: Box;
  /** the point on the track the sign stands for, when the sign is beside it (a leader is drawn); null when on it */
  leader: { x: number; y: number } | null;
}

export interface SignRequest {
  /** the point at a fraction (0–1) of the way along its segment */
  at: (fraction: number) => { x: number; y: number };
  /** the sign's box round a centre */
  boxAt: (centre: { x: number; y: number }) => Box;
  /** half the sign's larger side, map units (how far beside the track it steps) */
  size: number;
  /** the fraction it would rather sit at */
  preferred: number;
  /** it never sits nearer either end than this fraction (the station marks) */
  clear: number;
}

/**
 * A slow step's warning sign, never left off: on its track at the preferred point, else at the nearest
 * point along the whole track clear of `obstacles` (the stations' names and marks, the signs before
 * it); else beside the track, one step out and then two, either side, joined to it by a leader; the
 * first clear spot. Only when none of those is clear (a track hidden under names end to end) does it
 * take the beside-the-track spot with the least overlap, which is reported (`clashes`).
 */
export function placeSign(r: SignRequest, obstacles: readonly Box[]): SignPlacement & { clashes: number } {
  const fractions: number[] = [];
  const step = 0.025;
  for (let d = 0; d <= 1; d += step) {
    for (const f of d === 0 ? [r.preferred] : [r.preferred + d, r.preferred - d]) if (f >= r.clear && f <= 1 - r.clear) fractions.push(f);
  }
  const overlap = (box: Box) => obstacles.reduce((n, o) => n + (intersects(o, box) ? 1 : 0), 0);
  for (const f of fractions) {
    const p = r.at(f);
    const box = r.boxAt(p);
    if (overlap(box) === 0) return { x: p.x, y: p.y, box, leader: null, clashes: 0 };
  }
  let best: (SignPlacement & { clashes: number }) | null = null;
  for (const out of [2.2, 3.4]) {
    for (const f of fractions) {
      const p = r.at(f);
      const a = r.at(Math.max(0, f - 0.02));
      const b = r.at(Math.min(1, f + 0.02));
      const d = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      for (const side of [1, -1]) {
        const c = { x: p.x - ((b.y - a.y) / d) * side * out * r.size, y: p.y + ((b.x - a.x) / d) * side * out * r.size };
        const box = r.boxAt(c);
        const n = overlap(box);
        if (n === 0) return { ...c, box, leader: p, clashes: 0 };
        if (!best || n < best.clashes) best = { ...c, box, leader: p, clashes: n };
      }
    }
  }
  if (best) return best;
  const p = r.at(r.preferred);
  const box = r.boxAt(p);
  return { x: p.x, y: p.y, box, leader: null, clashes: overlap(box) };
}
