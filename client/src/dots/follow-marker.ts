// The followed child's dot as a director sees it across a room (review v8h finding 2): a yellow disc
// with a thick dark rim and a white outer ring, several times a dot's size, with a dark core where the
// dot is, drawn above every dot and name (and so in exports), where the child's dot is at the time shown.
// No ring when the dot is not on the map (between steps, or hidden by the filter).
import { Graphics } from 'pixi.js';
import type { MoveColumns } from '../../../core/journeys.js';
import type { FilterMasks } from './cohort-filter.js';
import type { DotPositions, DotTiming } from './dot-positions.js';

/** The highlight's fill: a saturated yellow no dot palette uses, readable on the pale map and on every line. */
export const FOLLOW_FILL = 0xffd21f;
const RIM = 0x111318;
const HALO = 0xffffff;

/** Radius on screen (CSS pixels) of the highlight round a dot of radius `dotPx`. */
export function followRadiusPx(dotPx: number): number {
  return Math.max(11, 3 * dotPx);
}

export class FollowMarker {
  readonly graphics = new Graphics({ label: 'followed dot', eventMode: 'none' });
  private moves: number[] = [];
  /** where the highlight was drawn last (map units), null when none */
  at: { x: number; y: number } | null = null;

  constructor(
    private readonly columns: MoveColumns,
    private readonly positions: DotPositions,
  ) {}

  /** Follows one child (by index), or none with -1. */
  follow(child: number): void {
    this.moves = [];
    if (child >= 0) {
      const of = this.columns.child;
      for (let m = 0; m < this.columns.count; m++) if (of[m] === child) this.moves.push(m);
    }
    if (child < 0) this.clear();
  }

  get following(): boolean {
    return this.moves.length > 0;
  }

  /** Redraws at `time`: `scale` is CSS pixels per map unit, `dotPx` a dot's radius in CSS pixels. */
  update(time: number, t: DotTiming, masks: FilterMasks, scale: number, dotPx: number): void {
    if (this.moves.length === 0) return;
    let dot: { x: number; y: number } | null = null;
    for (const m of this.moves) {
      const d = this.positions.at(m, time, t, masks);
      if (d) dot = d;
    }
    if (!dot) return this.clear();
    if (this.at && this.at.x === dot.x && this.at.y === dot.y && this.scale === scale) return;
    this.at = { x: dot.x, y: dot.y };
    this.scale = scale;
    const r = followRadiusPx(dotPx) / scale;
    const px = 1 / scale;
    this.graphics
      .clear()
      .circle(dot.x, dot.y, r + 2.5 * px)
      .fill({ color: HALO })
      .circle(dot.x, dot.y, r - 1.5 * px)
      .fill({ color: FOLLOW_FILL })
      .stroke({ color: RIM, width: 3.5 * px })
      .circle(dot.x, dot.y, Math.max(2.5, dotPx * 0.8) * px)
      .fill({ color: RIM });
  }

  private scale = 0;

  private clear(): void {
    this.at = null;
    this.graphics.clear();
  }
}
