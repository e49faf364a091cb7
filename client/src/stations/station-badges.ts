// Station badges: a translucent halo round each station as large as the queue of dots waiting there
// (the same spiral the dots fill, queue-slots.ts), and the number waiting after the station's name, on
// a pale label so it reads over a queue, placed where no two labels touch (label-layout.ts). Both come
// from the stations endpoint's answer, redrawn when it or the zoom changes, never per frame.
import { CanvasTextMetrics, Graphics, TextStyle, type Text } from 'pixi.js';
import type { MapStation } from '../../../core/map-schema.js';
import { layoutLabels, type Box, type Layout, type LabelForm } from '../map/label-layout.js';
import { DEFAULT_DOT_STYLE } from '../dots/dot-uniforms.js';
import type { PublishedStation } from '../../../core/disclosure/aggregates.js';
import { countText, fewerChildren } from './station-panel.js';

/**
 * A station's name and number sit on an opaque white back, drawn with them above the dots (scene.ts
 * layer order), so a queue, however large, never shows through them (a queue of 1,100 made
 * "Referral · 75" unreadable through the 82% back it had).
 */
export const LABEL_BACK_ALPHA = 1;

/** Radius in map units of the halo round a queue of `waiting` dots: the spiral's reach plus a margin. */
export function badgeRadius(waiting: number, spacing = DEFAULT_DOT_STYLE.queueSpacing): number {
  if (waiting <= 0) return 0;
  return spacing * Math.sqrt(Math.min(waiting, 900) + 0.5) + 7;
}

/**
 * A station's label in a form: its name (or short name) and, unless an exit, the number waiting; where
 * its children are fewer than its open steps (a child with two starts and no end), both:
 * "Looked after · 390 open · 364 children".
 */
export function labelText(station: Pick<MapStation, 'name' | 'short' | 'kind'>, waiting: number | '[c]', form: LabelForm, children: number | '[c]' = waiting): string {
  const name = form === 'full' ? station.name : (station.short ?? station.name);
  if (station.kind === 'exit') return name;
  const gap = form === 'stacked' ? '\n' : ' · ';
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
    /** per station: the factor its queue is shrunk by to stay in its own area (queue-slots.ts capQueues) */
    private readonly queueScale: ArrayLike<number> = [],
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
    this.haloRadii = this.stations.map(() => 0);
    this.stations.forEach((station, s) => {
      const waiting = answer[s]?.waiting ?? 0;
      // [c] (1 to 4 children, suppressed for a viewer): the halo of one, so it says "some" and no more.
      const radius = badgeRadius(typeof waiting === 'number' ? waiting : 1, DEFAULT_DOT_STYLE.queueSpacing * (this.queueScale[s] ?? 1));
      this.haloRadii[s] = radius;
      if (radius === 0) return;
      g.circle(station.x, station.y, radius).fill({ color: 0x1c1f26, alpha: 0.07 }).stroke({ width: 1.5, color: 0x1c1f26, alpha: 0.3 });
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

  /** each station's halo radius as drawn (map units; 0: none), by station */
  haloRadii: number[] = [];

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
      textOf: (s, form) => labelText(this.stations[s]!, answer[s]?.waiting ?? 0, form, answer[s]?.children ?? answer[s]?.waiting ?? 0),
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
