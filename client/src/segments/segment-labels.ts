// "Arrows that speak", drawn: on each travelled segment a small label with an arrow for the direction,
// the number of children who took the step in the window and their median days to the next station.
// A step whose own median (arrival at its station to the step's end) is over its first station's
// target is dark red and marked "⚠ … step N WD, over T", so it is never told by colour alone; its track
// is also marked, whether its label fits or not: yellow-on-black dashes, drawn under the stations' names
// as the track is, and a warning sign at its middle or the nearest point clear of every station's name
// and mark (else beside the track with a leader), which labels keep clear of. Both directions of a
// segment get a label each, a third and two thirds along it. Each label is outlined in its track's line
// colour and sits on its track, or beside it joined by a thin leader line in that colour (never across
// a name or another label), so a reader can tell which segment it belongs to. A label that would
// overlap another, a station's mark or name, or a queue of dots moves along its segment, then beside it,
// or is left out (segment-placement.ts), the busiest step first (the busiest may sit over a queue of
// dots when nothing else is clear); the page says which were left out and lists every step in the table.
import { Container, Graphics, Text } from 'pixi.js';
import { pointAlong, type PackedTracks } from '../dots/track-texture.js';
import { arrowFor, labelText, type SegmentFlow } from './segment-flow.js';
import { placeSegmentLabels, placeSign, type SegmentLabelPlacement, type SegmentLabelRequest } from './segment-placement.js';
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

/** The mark of a step over target, on its track: hazard dashes (yellow on black) and a warning sign. */
export const SLOW_MARK = { yellow: 0xffd400, ink: 0x1c1f26, dash: 12, gap: 8, outer: 7, inner: 4, sign: 20 } as const;
/** The busiest steps whose labels may sit over a queue of dots when nowhere else is clear. */
const BUSIEST_OVER_QUEUES = 5;

/** Where a slow step is marked: its sign's centre and box (map units) and how many dashes its track got. */
export interface SlowMark {
  flow: SegmentFlow;
  x: number;
  y: number;
  box: Box;
  /** half the sign's height, map units */
  size: number;
  dashes: number;
  /** the point on its track the sign stands for when it sits beside the track (a leader joins them), else null */
  leader: { x: number; y: number } | null;
}

/** How far every step label and warning sign keeps from a station's name, CSS pixels. */
export const NAME_CLEARANCE_PX = 3;

export class SegmentLabels {
  readonly container = new Container({ label: 'segment labels', eventMode: 'none' });
  /** the slow steps' dashes, drawn on their tracks under the stations' names (the page puts it below them) */
  readonly trackMarks = new Container({ label: 'slow step dashes', eventMode: 'none' });

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
  /** every step over target, marked on its track (drawn whether its label fits or not) */
  slowMarks: SlowMark[] = [];

  constructor(
    private readonly tracks: PackedTracks,
    private readonly marks: readonly { x: number; y: number }[] = [],
    /** the line colour of the track from station `from` to `to` (indices), for the label's outline and leader */
    private readonly colourOf: (from: number, to: number) => number = () => 0x1c1f26,
  ) {
    this.container.visible = false;
    this.trackMarks.visible = false;
  }

  set visible(on: boolean) {
    this.container.visible = on;
    this.trackMarks.visible = on;
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
    for (const child of this.trackMarks.removeChildren()) child.destroy({ children: true });
    const growth = stepLabelGrowth(scale);
    // Rounded to a millionth of a pixel: growth × scale is MIN_STEP_LABEL_PX up to floating-point noise.
    this.fontPx = Math.round(FONT_SIZE * growth * scale * 1e6) / 1e6;
    const S = this.tracks.stationCount;
    const both = new Set(flows.map((f) => f.from * S + f.to));
    const drawable = (flow: SegmentFlow) => this.tracks.row[flow.from * S + flow.to]! >= 0 && this.tracks.length[flow.from * S + flow.to]! > 0;
    // Steps over target are marked on the track itself: the dashes under the stations' names (trackMarks),
    // the signs over everything but never on a name or a station's mark.
    const marks = new Graphics({ label: 'slow steps' });
    this.container.addChild(marks);
    const dashes = new Graphics({ label: 'slow step dashes' });
    this.trackMarks.addChild(dashes);
    const busiest = new Set(
      flows
        .filter(drawable)
        .sort((a, b) => b.children - a.children)
        .slice(0, BUSIEST_OVER_QUEUES),
    );
    const labels: Container[] = [];
    const requests: SegmentLabelRequest[] = [];
    const drawn: { flow: SegmentFlow; text: string }[] = [];
    for (const flow of flows) {
      const k = flow.from * S + flow.to;
      if (!drawable(flow)) continue;
      const at = both.has(flow.to * S + flow.from) ? 0.36 : 0.5;
      const before = pointAlong(this.tracks, k, at - 0.03);
      const after = pointAlong(this.tracks, k, at + 0.03);
      drawn.push({ flow, text: labelText(flow, arrowFor(after.x - before.x, after.y - before.y)) });
      const text = new Text({
        // A slow step's label on two lines (its numbers, then how far over target), so it fits more segments.
        text: flow.slow ? drawn.at(-1)!.text.replace(' · step ', '\nstep ') : drawn.at(-1)!.text,
        style: { fontFamily: 'system-ui, Segoe UI, Helvetica, Arial, sans-serif', fontSize: FONT_SIZE, fontWeight: '600', fill: flow.slow ? 0xffffff : 0x1c1f26 },
        resolution: 3,
      });
      text.anchor.set(0.5);
      const width = text.width + 8;
      const height = text.height + 2;
      const pill = new Graphics()
        .roundRect(-width / 2, -height / 2, width, height, 5)
        .fill({ color: flow.slow ? 0x8c1d18 : 0xffffff, alpha: 0.94 })
        .stroke({ width: 2, color: this.colourOf(flow.from, flow.to) });
      const label = new Container();
      label.addChild(pill, text);
      label.scale.set(growth);
      labels.push(label);
      requests.push({
        children: flow.children,
        slow: flow.slow,
        mayCoverQueues: flow.slow || busiest.has(flow),
        width: width * growth,
        height: height * growth,
        preferred: at,
        at: (fraction) => pointAlong(this.tracks, k, fraction),
      });
    }
    // The stations' names and marks are placed first and every later mark keeps clear of them, by
    // NAME_CLEARANCE_PX on screen: first each slow step's sign (never left off: along its track, else
    // beside it with a leader), then the labels of the steps over target, then the others, all clear of the signs.
    const clearance = NAME_CLEARANCE_PX / scale;
    const names = [
      ...(avoid.boxes ?? []).map((b) => ({ x0: b.x0 - clearance, y0: b.y0 - clearance, x1: b.x1 + clearance, y1: b.y1 + clearance })),
      ...this.marks.map((m) => ({ x0: m.x - MARK_RADIUS, y0: m.y - MARK_RADIUS, x1: m.x + MARK_RADIUS, y1: m.y + MARK_RADIUS })),
    ];
    this.slowMarks = [];
    const slowFlows = drawn.filter((d) => d.flow.slow).sort((a, b) => b.flow.children - a.flow.children);
    for (const d of slowFlows) this.slowMarks.push(this.markSlow(marks, dashes, d.flow, both.has(d.flow.to * S + d.flow.from), growth, names));
    const options = { marks: this.marks, markRadius: MARK_RADIUS, boxes: [...names, ...this.slowMarks.map((m) => m.box)], discs: avoid.queues ?? [], within: avoid.within };
    this.placements = placeSegmentLabels(requests, options);
    this.left = requests.length - this.placements.length;
    // Leaders first, under the labels: thin, in the track's colour, from the track to the label's edge.
    const leaders = new Graphics({ label: 'step label leaders' });
    this.container.addChild(leaders);
    for (const p of this.placements) {
      if (!p.leader) continue;
      const flow = drawn[p.index]!.flow;
      leaders
        .moveTo(p.leader.x1, p.leader.y1)
        .lineTo(p.leader.x0, p.leader.y0)
        .stroke({ width: 1.5 * growth, color: this.colourOf(flow.from, flow.to) });
      leaders.circle(p.leader.x1, p.leader.y1, 2 * growth).fill(this.colourOf(flow.from, flow.to));
    }
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

  /**
   * Draws a step over target on its track: yellow-on-black dashes along it (clear of the station marks
   * at its ends, in `dashes`, which lies under the stations' names) and a warning sign (in `g`) at its
   * middle (a little off it when both directions are travelled, so that the two signs do not meet), or
   * the nearest point along it clear of `names` (the stations' names and marks) and the signs before
   * it, else beside it with a leader line (segment-placement.ts placeSign). Never left off for space:
   * the labels keep clear of the sign.
   */
  private markSlow(g: Graphics, dashes: Graphics, flow: SegmentFlow, both: boolean, growth: number, names: readonly Box[]): SlowMark {
    const k = flow.from * this.tracks.stationCount + flow.to;
    const length = this.tracks.length[k]!;
    const widen = Math.min(growth, 2);
    const clear = (MARK_RADIUS + 2) / length;
    const dash = (SLOW_MARK.dash * widen) / length;
    const step = ((SLOW_MARK.dash + SLOW_MARK.gap) * widen) / length;
    const pieces: [number, number][] = [];
    for (let f = clear; f + dash <= 1 - clear; f += step) pieces.push([f, f + dash]);
    for (const [width, color] of [
      [SLOW_MARK.outer, SLOW_MARK.ink],
      [SLOW_MARK.inner, SLOW_MARK.yellow],
    ] as const) {
      for (const [a, b] of pieces) {
        const p = pointAlong(this.tracks, k, a);
        dashes.moveTo(p.x, p.y);
        for (let f = a + 0.01; f < b; f += 0.01) {
          const q = pointAlong(this.tracks, k, f);
          dashes.lineTo(q.x, q.y);
        }
        const q = pointAlong(this.tracks, k, b);
        dashes.lineTo(q.x, q.y);
      }
      dashes.stroke({ width: width * widen, color, cap: 'butt', join: 'round' });
    }
    const h = (SLOW_MARK.sign * growth) / 2;
    const pad = growth;
    const signBox = (c: { x: number; y: number }): Box => ({ x0: c.x - 1.1 * h - pad, y0: c.y - h - pad, x1: c.x + 1.1 * h + pad, y1: c.y + 0.9 * h + pad });
    const placed = placeSign(
      { at: (f) => pointAlong(this.tracks, k, f), boxAt: signBox, size: h, preferred: both ? 0.42 : 0.5, clear: Math.min(0.45, (MARK_RADIUS + h) / length) },
      [...names, ...this.slowMarks.map((m) => m.box)],
    );
    const centre = placed;
    if (placed.leader) {
      g.moveTo(placed.leader.x, placed.leader.y)
        .lineTo(centre.x, centre.y)
        .stroke({ width: 2 * growth, color: SLOW_MARK.ink });
    }
    // A warning triangle: yellow, black edge, black "!".
    g.poly([centre.x, centre.y - h, centre.x + h * 1.1, centre.y + h * 0.9, centre.x - h * 1.1, centre.y + h * 0.9])
      .fill(SLOW_MARK.yellow)
      .stroke({ width: 2 * growth, color: SLOW_MARK.ink, join: 'round' });
    g.rect(centre.x - 0.14 * h, centre.y - 0.45 * h, 0.28 * h, 0.8 * h).fill(SLOW_MARK.ink);
    g.circle(centre.x, centre.y + 0.6 * h, 0.16 * h).fill(SLOW_MARK.ink);
    return { flow, x: centre.x, y: centre.y, box: placed.box, size: h, dashes: pieces.length, leader: placed.leader };
  }
}
