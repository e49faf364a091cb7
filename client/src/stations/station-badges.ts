// Station badges: a translucent halo round each station as large as the queue of dots waiting there
// (the same spiral the dots fill, queue-slots.ts), and the number waiting after the station's name, on
// a pale label so it reads over a queue. Both come from the stations endpoint's answer, redrawn when
// it changes, never per frame.
import { Graphics, type Text } from 'pixi.js';
import { DEFAULT_DOT_STYLE } from '../dots/dot-uniforms.js';
import type { PublishedStation } from '../../../core/disclosure/aggregates.js';
import { countText } from './station-panel.js';

/** Radius in map units of the halo round a queue of `waiting` dots: the spiral's reach plus a margin. */
export function badgeRadius(waiting: number, spacing = DEFAULT_DOT_STYLE.queueSpacing): number {
  if (waiting <= 0) return 0;
  return spacing * Math.sqrt(Math.min(waiting, 900) + 0.5) + 7;
}

export class StationBadges {
  readonly graphics = new Graphics({ label: 'station badges', eventMode: 'none' });
  private readonly backs = new Graphics({ label: 'label backgrounds', eventMode: 'none' });

  constructor(
    private readonly stations: readonly { x: number; y: number; name: string; kind: string }[],
    private readonly labels: readonly Text[],
  ) {
    labels[0]?.parent?.addChildAt(this.backs, 0);
  }

  private last: readonly PublishedStation[] = [];

  /** Redraws with the last answer (after the labels were resized for a zoom). */
  redraw(): void {
    this.update(this.last);
  }

  update(answer: readonly PublishedStation[]): void {
    this.last = answer;
    const g = this.graphics;
    g.clear();
    this.stations.forEach((station, s) => {
      const waiting = answer[s]?.waiting ?? 0;
      const label = this.labels[s];
      if (label) label.text = station.kind === 'exit' ? station.name : `${station.name} · ${countText(waiting)}`;
      // [c] (1 to 4 children, suppressed for a viewer): the halo of one, so it says "some" and no more.
      const radius = badgeRadius(typeof waiting === 'number' ? waiting : 1);
      if (radius === 0) return;
      g.circle(station.x, station.y, radius).fill({ color: 0x1c1f26, alpha: 0.07 }).stroke({ width: 1.5, color: 0x1c1f26, alpha: 0.3 });
    });
    this.backs.clear();
    for (const label of this.labels) {
      const left = label.x - label.anchor.x * label.width;
      const top = label.y - label.anchor.y * label.height;
      this.backs.roundRect(left - 4, top, label.width + 8, label.height, 6).fill({ color: 0xffffff, alpha: 0.82 });
    }
  }
}
