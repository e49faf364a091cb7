// Where each station's name goes, so that no two names (with the numbers after them) touch, none
// covers a station's mark (its own included), and all stay inside the view. Plain data in, placements
// out: the caller measures text. Full names come first, at the map file's own placement, else round
// the station; when the map is drawn too small for them (a phone), every label switches to the
// station's short name, tried round its station, then to the short name over the number on two lines.
// All labels take the same form, so they read as a set.

export type Anchor = 'start' | 'middle' | 'end';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface LabelStation {
  x: number;
  y: number;
  name: string;
  short?: string;
  label?: { dx: number; dy: number; anchor: Anchor };
}

/** How the labels are written: "Section 47 · 68", "S47 · 68", or "S47" over "68". */
export const LABEL_FORMS = ['full', 'short', 'stacked'] as const;
export type LabelForm = (typeof LABEL_FORMS)[number];

export interface Placement {
  text: string;
  /** the text's anchor point (design units); vertically, the anchor is the text's middle */
  x: number;
  y: number;
  anchor: Anchor;
  box: Box;
}

export interface LayoutOptions {
  /** each station's label text in a form (with its number, if any) */
  textOf: (station: number, form: LabelForm) => string;
  /** a text's size in design units at the current scale */
  measure: (text: string) => { width: number; height: number };
  /** half-size of the square a station's mark covers, design units */
  markRadius: number;
  /** clear space kept round each label, design units */
  gap: number;
  /** the part of the map in view, design units: labels stay inside it */
  view?: Box;
}

export interface Layout {
  form: LabelForm;
  placements: Placement[];
  /** label-label, label-station and out-of-view clashes left (0 unless no form fits) */
  clashes: number;
  /** the stations (indices) whose labels clash */
  clashing: number[];
}

export function intersects(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function boxAt(x: number, y: number, anchor: Anchor, width: number, height: number): Box {
  const x0 = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
  return { x0, y0: y - height / 2, x1: x0 + width, y1: y + height / 2 };
}

/**
 * Anchor points round a station: for full names the map file's own placement first (it was drawn for
 * them), then above, below, right, left and the diagonals, as for the short names.
 */
function candidates(station: LabelStation, form: LabelForm, size: { width: number; height: number }, reach: number): { x: number; y: number; anchor: Anchor }[] {
  const { x, y } = station;
  const up = reach + size.height / 2;
  const out: { x: number; y: number; anchor: Anchor }[] = [];
  if (form === 'full' && station.label) out.push({ x: x + station.label.dx, y: y + station.label.dy, anchor: station.label.anchor });
  const diagonal = reach * 0.7;
  out.push(
    { x, y: y - up, anchor: 'middle' },
    { x, y: y + up, anchor: 'middle' },
    { x: x + reach, y, anchor: 'start' },
    { x: x - reach, y, anchor: 'end' },
    { x: x + diagonal, y: y - diagonal - size.height / 2, anchor: 'start' },
    { x: x - diagonal, y: y - diagonal - size.height / 2, anchor: 'end' },
    { x: x + diagonal, y: y + diagonal + size.height / 2, anchor: 'start' },
    { x: x - diagonal, y: y + diagonal + size.height / 2, anchor: 'end' },
  );
  return out;
}

/** How far to move [x0, x1] sideways into the view, keeping `keep` (the station) inside it. */
function slideInto(x0: number, x1: number, view: Box, keep: number): number {
  const shift = x0 < view.x0 ? view.x0 - x0 : x1 > view.x1 ? view.x1 - x1 : 0;
  return x0 + shift <= keep && keep <= x1 + shift ? shift : 0;
}

function clashesOf(box: Box, placed: readonly Box[], marks: readonly Box[], view: Box | undefined, station: LabelStation): number {
  let n = 0;
  for (const other of placed) if (intersects(box, other)) n++;
  for (const mark of marks) if (intersects(box, mark)) n++;
  // Only a station in view must keep its label in view (zoomed in, the others are off screen anyway).
  const inView = view && station.x >= view.x0 && station.x <= view.x1 && station.y >= view.y0 && station.y <= view.y1;
  if (inView && (box.x0 < view.x0 || box.y0 < view.y0 || box.x1 > view.x1 || box.y1 > view.y1)) n++;
  return n;
}

function layoutIn(stations: readonly LabelStation[], form: LabelForm, o: LayoutOptions): Layout {
  const g = o.gap;
  const marks = stations.map((s) => ({ x0: s.x - o.markRadius, y0: s.y - o.markRadius, x1: s.x + o.markRadius, y1: s.y + o.markRadius }));
  const placed: Box[] = [];
  const placements: Placement[] = [];
  let clashes = 0;
  const clashing: number[] = [];
  stations.forEach((station, s) => {
    const text = o.textOf(s, form);
    const size = o.measure(text);
    let best: { placement: Placement; clashes: number } | null = null;
    for (const c of candidates(station, form, size, o.markRadius + g)) {
      // A label centred above or below a station near the edge of the view slides in, still over it.
      if (c.anchor === 'middle' && o.view) c.x += slideInto(c.x - size.width / 2 - g, c.x + size.width / 2 + g, o.view, station.x);
      const box = boxAt(c.x, c.y, c.anchor, size.width, size.height);
      const padded = { x0: box.x0 - g, y0: box.y0 - g, x1: box.x1 + g, y1: box.y1 + g };
      // Its own station's mark counts too: a name grown for a small map can reach it from the map
      // file's placement ("Early help" touched its ring).
      const n = clashesOf(padded, placed, marks, o.view, station);
      if (!best || n < best.clashes) best = { placement: { text, ...c, box: padded }, clashes: n };
      if (n === 0) break;
    }
    placements.push(best!.placement);
    placed.push(best!.placement.box);
    clashes += best!.clashes;
    if (best!.clashes > 0) clashing.push(s);
  });
  return { form, placements, clashes, clashing };
}

/** The first form whose labels all fit without a clash, or the form with the fewest clashes. */
export function layoutLabels(stations: readonly LabelStation[], options: LayoutOptions): Layout {
  let best: Layout | null = null;
  for (const form of LABEL_FORMS) {
    const layout = layoutIn(stations, form, options);
    if (layout.clashes === 0) return layout;
    if (!best || layout.clashes < best.clashes) best = layout;
  }
  return best!;
}
