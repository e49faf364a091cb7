// Where each point's name goes on a scatter (the funnel's councils), so that no two names touch, none
// covers a point's mark, a line's label or the plot's edge (issue 9 audit: "tiny" and "small12", "step"
// and "step2" were drawn on top of each other at 1440x900). Plain data in, placements out: the caller
// measures text. Each name is tried beside its point (right, left, above, below, the diagonals), then
// further up or down with a leader line back to the point; a name that fits nowhere is dropped, and the
// caller says so (the point keeps its name on hover and in the table).
import { intersects, type Box } from '../map/label-layout.js';

export type { Box };

export interface LabelledPoint {
  x: number;
  y: number;
  /** the name's size, in the chart's units */
  width: number;
  height: number;
}

export interface PointLabel {
  /** the text's anchor: its left edge ('start') or right edge ('end'), vertically its middle */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box;
  /** drawn away from its point: join them with a line */
  leader: boolean;
}

export interface PointLabelOptions {
  /** half the size of the square a point's mark covers */
  markRadius: number;
  /** the area names must stay inside (the plot) */
  bounds: Box;
  /** boxes no name may cover (other labels already drawn) */
  obstacles?: readonly Box[];
  /** clear space between a name and its point */
  pad?: number;
}

function markBox(p: { x: number; y: number }, r: number): Box {
  return { x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r };
}

function labelBox(x: number, y: number, anchor: PointLabel['anchor'], w: number, h: number): Box {
  const x0 = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  return { x0, y0: y - h / 2, x1: x0 + w, y1: y + h / 2 };
}

function inside(b: Box, bounds: Box): boolean {
  return b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
}

function candidates(p: LabelledPoint, r: number, pad: number): Array<Omit<PointLabel, 'box'>> {
  const side = r + pad;
  const up = r + pad + p.height / 2;
  const near: Array<Omit<PointLabel, 'box'>> = [
    { x: p.x + side, y: p.y, anchor: 'start', leader: false },
    { x: p.x - side, y: p.y, anchor: 'end', leader: false },
    { x: p.x, y: p.y - up, anchor: 'middle', leader: false },
    { x: p.x, y: p.y + up, anchor: 'middle', leader: false },
    { x: p.x + side, y: p.y - up, anchor: 'start', leader: false },
    { x: p.x + side, y: p.y + up, anchor: 'start', leader: false },
    { x: p.x - side, y: p.y - up, anchor: 'end', leader: false },
    { x: p.x - side, y: p.y + up, anchor: 'end', leader: false },
  ];
  // further away, a line's length at a time, joined back to the point
  const far: Array<Omit<PointLabel, 'box'>> = [];
  for (let step = 1; step <= 4; step++) {
    const dy = up + step * (p.height + 2);
    const dx = side + 6 + step * 4;
    for (const sy of [-1, 1]) for (const [sx, anchor] of [[1, 'start'], [-1, 'end']] as const) far.push({ x: p.x + sx * dx, y: p.y + sy * dy, anchor, leader: true });
  }
  return [...near, ...far];
}

/**
 * A place for each point's name, or null where none is free. Points are placed in the order given (put
 * the ones whose names matter most first); no two names' boxes intersect, no name covers a mark.
 */
export function placePointLabels(points: readonly LabelledPoint[], options: PointLabelOptions): Array<PointLabel | null> {
  const pad = options.pad ?? 3;
  const marks = points.map((p) => markBox(p, options.markRadius));
  const taken: Box[] = [...(options.obstacles ?? [])];
  return points.map((p) => {
    for (const c of candidates(p, options.markRadius, pad)) {
      const box = labelBox(c.x, c.y, c.anchor, p.width, p.height);
      if (!inside(box, options.bounds)) continue;
      if (taken.some((t) => intersects(t, box)) || marks.some((m) => intersects(m, box))) continue;
      taken.push(box);
      return { ...c, box };
    }
    return null;
  });
}
