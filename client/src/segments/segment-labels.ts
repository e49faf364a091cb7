// "Arrows that speak", drawn: on each travelled segment a small label with an arrow for the direction,
// the number of children who took the step in the window and their median days to the next station.
// A step whose own median (arrival at its station to the step's end) is over its first station's
// target is dark red and marked "⚠ … step N WD, over T", so it is never told by colour alone. Both directions of a segment get a label each, a third and two thirds along it; a
// label that would overlap another, a station's mark or name, or a queue of dots moves along its
// segment, or is left out (segment-placement.ts), busiest steps first; the page says which were left
// out and lists every step in the table.
import { Container, Graphics, Text } from 'pixi.js';
import { pointAlong, type PackedTracks } from '../dots/track-texture.js';
import { arrowFor, labelText, type SegmentFlow } from './segment-flow.js';
import { placeSegmentLabels, type SegmentLabelPlacement, type SegmentLabelRequest } from './segment-placement.js';
import type { Box } from '../map/label-layout.js';

/** The labels' type size at design scale, map units. */
const FONT_SIZE = 11;
/** The smallest a step number is drawn on screen, CSS pixels: as the stations' names (fit-map.ts). */
export const MIN_STEP_LABEL_PX = 12;

/** How much larger than design size the labels are drawn at a view scale, so none is under MIN_STEP_LABEL_PX. */
export function stepLabelGrowth(scale: number): number {
  return Math.max(1, MIN_STEP_LABEL_PX / (FONT_SIZE * scale));
}

/** Half-size of the square a station's mark (ring and stroke) covers, map units. */
const MARK_RADIUS = 13;

export class SegmentLabels {
  readonly container = new Container({ label: 'segment labels', eventMode: 'none' });

  /** the last update's placements (label centres and boxes, map units), for tests and the page's hooks */
  placements: SegmentLabelPlacement[] = [];
  /** how many steps had a label but no clear place for it */
  left = 0;
  /** the steps left out for space, busiest first, as their labels read ("Contact → Referral: → 2,342 · 1 d") */
  hidden: { flow: SegmentFlow; text: string }[] = [];
  /** every step of the last update with its label's text and whether it is on the map */
  all: { flow: SegmentFlow; text: string; shown: boolean }[] = [];
  /** the labels' type size on screen at the last update, CSS pixels */
  fontPx = FONT_SIZE;

  constructor(
    private readonly tracks: PackedTracks,
    private readonly marks: readonly { x: number; y: number }[] = [],
  ) {
    this.container.visible = false;
  }

  set visible(on: boolean) {
    this.container.visible = on;
  }

  get visible(): boolean {
    return this.container.visible;
  }

  /**
   * Labels the steps, clear of each other, the station marks, `avoid` (the stations' names, map units)
   * and the queues (`queues`: a disc per station out to its farthest dot), inside `within` (the part of
   * the map in view, when given). `scale` is the view's (screen
   * pixels per map unit): on a small screen the labels are drawn larger in map units so that they stay
   * legible, and fewer fit (the page says how many were left off; the table lists them all).
   */
  update(flows: readonly SegmentFlow[], avoid: { boxes?: readonly Box[]; queues?: readonly { x: number; y: number; r: number }[]; within?: Box } = {}, scale = 1): void {
    for (const child of this.container.removeChildren()) child.destroy({ children: true });
    const growth = stepLabelGrowth(scale);
    // Rounded to a millionth of a pixel: growth × scale is MIN_STEP_LABEL_PX up to floating-point noise.
    this.fontPx = Math.round(FONT_SIZE * growth * scale * 1e6) / 1e6;
    const S = this.tracks.stationCount;
    const both = new Set(flows.map((f) => f.from * S + f.to));
    const labels: Container[] = [];
    const requests: SegmentLabelRequest[] = [];
    const drawn: { flow: SegmentFlow; text: string }[] = [];
    for (const flow of flows) {
      const k = flow.from * S + flow.to;
      if (this.tracks.row[k]! < 0 || this.tracks.length[k]! === 0) continue;
      const at = both.has(flow.to * S + flow.from) ? 0.36 : 0.5;
      const before = pointAlong(this.tracks, k, at - 0.03);
      const after = pointAlong(this.tracks, k, at + 0.03);
      drawn.push({ flow, text: labelText(flow, arrowFor(after.x - before.x, after.y - before.y)) });
      const text = new Text({
        text: drawn.at(-1)!.text,
        style: { fontFamily: 'system-ui, Segoe UI, Helvetica, Arial, sans-serif', fontSize: FONT_SIZE, fontWeight: '600', fill: flow.slow ? 0xffffff : 0x1c1f26 },
        resolution: 3,
      });
      text.anchor.set(0.5);
      const width = text.width + 8;
      const height = text.height + 2;
      const pill = new Graphics()
        .roundRect(-width / 2, -height / 2, width, height, 5)
        .fill({ color: flow.slow ? 0x8c1d18 : 0xffffff, alpha: 0.94 })
        .stroke({ width: 1, color: 0x1c1f26, alpha: 0.5 });
      const label = new Container();
      label.addChild(pill, text);
      label.scale.set(growth);
      labels.push(label);
      requests.push({ children: flow.children, width: width * growth, height: height * growth, preferred: at, at: (fraction) => pointAlong(this.tracks, k, fraction) });
    }
    this.placements = placeSegmentLabels(requests, { marks: this.marks, markRadius: MARK_RADIUS, boxes: avoid.boxes ?? [], discs: avoid.queues ?? [], within: avoid.within });
    this.left = requests.length - this.placements.length;
    const shown = new Set<number>();
    for (const p of this.placements) {
      labels[p.index]!.position.set(p.x, p.y);
      this.container.addChild(labels[p.index]!);
      shown.add(p.index);
    }
    this.all = drawn.map((d, i) => ({ ...d, shown: shown.has(i) }));
    this.hidden = this.all.filter((d) => !d.shown).map(({ flow, text }) => ({ flow, text }));
    labels.forEach((label, i) => {
      if (!shown.has(i)) label.destroy({ children: true });
    });
  }
}
