// The funnel's council names never sit on top of each other (issue 9 audit: "tiny" and "small12", "step"
// and "step2" were drawn one over the other at 1440x900, each simply 8px right of its dot).
import { describe, expect, it } from 'vitest';
import { intersects } from '../../../client/src/map/label-layout.js';
import { placePointLabels, type Box, type LabelledPoint } from '../../../client/src/views/point-labels.js';

const bounds: Box = { x0: 56, y0: 22, x1: 1100, y1: 316 };
const width = (name: string) => name.length * 7;
const pt = (name: string, x: number, y: number): LabelledPoint & { name: string } => ({ name, x, y, width: width(name), height: 14 });

function check(points: ReadonlyArray<LabelledPoint>, obstacles: Box[] = []) {
  const placed = placePointLabels(points, { markRadius: 6, bounds, obstacles });
  const boxes = placed.flatMap((p) => (p ? [p.box] : []));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) expect(intersects(boxes[i]!, boxes[j]!), `labels ${i} and ${j}`).toBe(false);
    for (const p of points) expect(intersects(boxes[i]!, { x0: p.x - 6, y0: p.y - 6, x1: p.x + 6, y1: p.y + 6 }), `label ${i} on a mark`).toBe(false);
    for (const o of obstacles) expect(intersects(boxes[i]!, o)).toBe(false);
    expect(boxes[i]!.x0 >= bounds.x0 && boxes[i]!.x1 <= bounds.x1 && boxes[i]!.y0 >= bounds.y0 && boxes[i]!.y1 <= bounds.y1).toBe(true);
  }
  return placed;
}

describe('placing the funnel names', () => {
  it('names the audit’s close pairs apart: tiny beside small12, step beside step2', () => {
    // as drawn at 1440x900: tiny and small12 a few pixels apart at low volume, step and step2 close at the top
    const placed = check([pt('step2', 900, 80), pt('step', 905, 84), pt('flat', 700, 200), pt('small12', 70, 60), pt('tiny', 66, 64)]);
    expect(placed.every((p) => p !== null)).toBe(true);
    // the old rule (8px right of each dot, same baseline) put these boxes over each other
    const old = (p: LabelledPoint): Box => ({ x0: p.x + 8, y0: p.y - 10, x1: p.x + 8 + p.width, y1: p.y + 4 });
    expect(intersects(old(pt('small12', 70, 60)), old(pt('tiny', 66, 64)))).toBe(true);
  });

  it('keeps clear of the target line’s label and the plot’s edge', () => {
    const target: Box = { x0: 900, y0: 140, x1: 1096, y1: 152 };
    const placed = check([pt('edge', 1095, 146), pt('other', 1090, 150), pt('low', 60, 314)], [target]);
    expect(placed.filter((p) => p !== null).length).toBeGreaterThanOrEqual(2);
  });

  it('drops a name that fits nowhere rather than draw it over another', () => {
    // forty councils on one spot: some names cannot be placed, and none overlap
    const crowd = Array.from({ length: 40 }, (_, i) => pt(`council${i}`, 500 + (i % 3), 150 + (i % 2)));
    const placed = check(crowd);
    expect(placed.some((p) => p === null)).toBe(true);
    expect(placed.some((p) => p?.leader)).toBe(true);
  });

  it('gives random clusters non-overlapping names', () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 30; round++) {
      const n = 3 + Math.floor(rnd() * 10);
      check(Array.from({ length: n }, (_, i) => pt(`c${i}${'x'.repeat(Math.floor(rnd() * 8))}`, 60 + rnd() * 300, 30 + rnd() * 120)));
    }
  });
});
