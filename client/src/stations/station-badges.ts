// Station badges: a translucent halo round each station whose area grows with its queue (children
// in transit from it). Redrawn a few times a second, from counts, never per frame.
import { Graphics } from 'pixi.js';

const BASE_RADIUS = 12;
/** halo area per queued child, in square map units @default 14 */
const AREA_PER_CHILD = 14;
const MAX_RADIUS = 70;

export function badgeRadius(queue: number): number {
  if (queue <= 0) return 0;
  return Math.min(MAX_RADIUS, Math.sqrt(BASE_RADIUS * BASE_RADIUS + (AREA_PER_CHILD * queue) / Math.PI));
}

export class StationBadges {
  readonly graphics = new Graphics({ label: 'station badges', eventMode: 'none' });

  constructor(private readonly positions: readonly { x: number; y: number }[]) {}

  update(queues: Uint32Array): void {
    const g = this.graphics;
    g.clear();
    for (let s = 0; s < this.positions.length; s++) {
      const radius = badgeRadius(queues[s] ?? 0);
      if (radius === 0) continue;
      const { x, y } = this.positions[s]!;
      g.circle(x, y, radius).fill({ color: 0x1c1f26, alpha: 0.12 }).stroke({ width: 1.5, color: 0x1c1f26, alpha: 0.35 });
    }
  }
}
