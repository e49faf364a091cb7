// Station badges: a translucent halo round each station drawn round the places its children waiting
// fill (the same spiral the dots fill, clear of other stations' tracks, at one spacing for the whole map:
// queue-areas.ts), so halos compare as the numbers do, and the number waiting after the station's name, on
// a pale label so it reads over a queue, placed where no two labels touch (label-layout.ts). Both come
// from the stations endpoint's answer, redrawn when it or the zoom changes, never per frame.
import { CanvasTextMetrics, Graphics, TextStyle, type Text } from 'pixi.js';
import type { MapStation } from '../../../core/map-schema.js';
import { layoutLabels, type Box, type Layout, type LabelForm } from '../map/label-layout.js';
import { DEFAULT_DOT_STYLE } from '../dots/dot-uniforms.js';
import { queueMargin, type QueueAreas } from '../dots/queue-areas.js';
import type { PublishedStation } from '../../../core/disclosure/aggregates.js';
import { countText, fewerChildren } from './station-panel.js';

/**
 * A station's name and number sit on an opaque white back, drawn with them above the dots (scene.ts
 * layer order), so a queue, however large, never shows through them (a queue of 1,100 made
 * "Referral · 75" unreadable through the 82% back it had).
 */
export const LABEL_BACK_ALPHA = 1;

/** Radius in map units of a round halo (no queue areas known) of `waiting` places: the spiral's reach plus the margin. */
export function badgeRadius(waiting: number, spacing = DEFAULT_DOT_STYLE.queueSpacing): number {
  if (waiting <= 0) return 0;
  return spacing * Math.sqrt(waiting - 1 + 0.5) + queueMargin(spacing);
}

/**
 * The halos of one moment: per station, its outline (x, y pairs; empty: none), all at one spacing, the
 * dots' unless some station's number waiting needs a denser one to fit its room.
 */
export function haloOutlines(areas: QueueAreas, counts: readonly number[], dotSpacing: number): { spacing: number; outlines: number[][] } {
  const spacing = Math.min(dotSpacing, areas.fit(counts));
  return { spacing, outlines: counts.map((n, s) => areas.outline(s, n, spacing)) };
}

/**
 * A station's label in a form: its name (or short name) and, unless an exit, the number waiting; where
 * its children are fewer than its open steps (a child with two starts and no end), both:
 * "Looked after · 390 open · 364 children".
 */
export function labelText(station: Pick<MapStation, 'name' | 'short' | 'kind'>, waiting: number | '[c]' | null, form: LabelForm, children: number | '[c]' | null = waiting): string {
  const name = form === 'full' ? station.name : (station.short ?? station.name);
  if (station.kind === 'exit') return name;
  const gap = form === 'stacked' ? '\n' : ' · ';
  // No answer for the day yet: "…", never a 0 beside a full queue (review v8i finding 1).
  if (waiting === null || children === null) return `${name}${gap}…`;
  if (fewerChildren({ waiting, children })) return `${name}${gap}${countText(waiting)} open${gap}${countText(children)} children`;
  return `${name}${gap}${countText(waiting)}`;
}

/** What the labels are laid out for: the zoom (design units per CSS pixel is 1/scale) and the part in view. */
export interface LabelView {
  scale: number;
  visible: Box;
}

export class StationBadges {
  readonly graphics = new Graphics({ label: 'station badges', eventMode: 'none' });
  private readonly backs = new Graphics({ label: 'label backgrounds', eventMode: 'none' });

  constructor(
    private readonly stations: readonly MapStation[],
    private readonly labels: readonly Text[],
    private readonly view: () => LabelView,
    /** the stations' queue areas and the dots' spacing (queue-areas.ts); without them, round halos */
    private readonly queues?: { areas: QueueAreas; spacing: number },
  ) {
    labels[0]?.parent?.addChildAt(this.backs, 0);
  }

  private last: readonly PublishedStation[] = [];

  /** Redraws with the last answer (after the labels were resized for a zoom). */
  redraw(): void {
    this.update(this.last);
  }

  /** The labels' last layout (which form, where, clashes left), for tests and the page's hooks. */
  layout: Layout | null = null;

  update(answer: readonly PublishedStation[]): void {
    this.last = answer;
    const g = this.graphics;
    g.clear();
    // [c] (1 to 4 children, suppressed for a viewer): the halo of one, so it says "some" and no more.
    const counts = this.stations.map((_, s) => {
      const waiting = answer[s]?.waiting ?? 0;
      return typeof waiting === 'number' ? waiting : 1;
    });
    const halo = this.queues ? haloOutlines(this.queues.areas, counts, this.queues.spacing) : null;
    this.haloRadii = this.stations.map(() => 0);
    this.haloShapes = this.stations.map(() => []);
    this.stations.forEach((station, s) => {
      const style = { fill: { color: 0x1c1f26, alpha: 0.07 }, stroke: { width: 1.5, color: 0x1c1f26, alpha: 0.3 } };
      if (halo) {
        const outline = halo.outlines[s]!;
        this.haloShapes[s] = outline;
        for (let i = 0; i < outline.length; i += 2) {
          this.haloRadii[s] = Math.max(this.haloRadii[s]!, Math.hypot(outline[i]! - station.x, outline[i + 1]! - station.y));
        }
        if (outline.length > 0) g.poly(outline, true).fill(style.fill).stroke(style.stroke);
        return;
      }
      const radius = badgeRadius(counts[s]!);
      this.haloRadii[s] = radius;
      if (radius > 0) g.circle(station.x, station.y, radius).fill(style.fill).stroke(style.stroke);
    });
    this.placeLabels(answer);
    this.backs.clear();
    this.backBoxes = this.labels.map((label) => {
      const left = label.x - label.anchor.x * label.width;
      const top = label.y - label.anchor.y * label.height;
      this.backs.roundRect(left - 4, top, label.width + 8, label.height, 6).fill({ color: 0xffffff, alpha: LABEL_BACK_ALPHA });
      return { x0: left - 4, y0: top, x1: left + label.width + 4, y1: top + label.height };
    });
  }

  /** each station's halo's farthest reach from the station as drawn (map units; 0: none), by station */
  haloRadii: number[] = [];

  /** each station's halo outline as drawn (x, y pairs in map units; empty: none, or a round halo) */
  haloShapes: number[][] = [];

  /** each label's back as drawn (design units), by station */
  backBoxes: Box[] = [];

  /** the opacity each back was filled with, as the graphics hold it (for tests and the page's hooks) */
  backAlphas(): number[] {
    return this.backs.context.instructions.flatMap((i) => (i.action === 'fill' ? [i.data.style.alpha] : []));
  }

  private placeLabels(answer: readonly PublishedStation[]): void {
    const first = this.labels[0];
    if (!first) return;
    const { scale, visible } = this.view();
    const grow = first.scale.x;
    const style = new TextStyle(first.style);
    const px = 1 / scale;
    this.layout = layoutLabels(this.stations, {
      textOf: (s, form) => labelText(this.stations[s]!, answer[s]?.waiting ?? null, form, answer[s]?.children ?? answer[s]?.waiting ?? null),
      measure: (text) => {
        const m = CanvasTextMetrics.measureText(text, style);
        // the pale back reaches 4 design units either side of the text
        return { width: m.width * grow + 8, height: m.height * grow };
      },
      markRadius: Math.max(13, 5 * px),
      gap: 2 * px,
      view: visible,
    });
    this.layout.placements.forEach((placement, s) => {
      const label = this.labels[s]!;
      label.text = placement.text;
      label.style.align = placement.anchor === 'start' ? 'left' : placement.anchor === 'end' ? 'right' : 'center';
      label.anchor.set(placement.anchor === 'start' ? 0 : placement.anchor === 'end' ? 1 : 0.5, 0.5);
      // the measured width includes the back's 4 units either side; the text sits inside it
      label.position.set(placement.x + (placement.anchor === 'start' ? 4 : placement.anchor === 'end' ? -4 : 0), placement.y);
    });
  }
}
