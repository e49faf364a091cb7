// The dots waiting at each station at the end of the day shown, for the filter shown: how many (the
// table's and tooltip's "shown here") and how far the farthest sits from its station (the queue's
// extent, which the step-number labels keep clear of). Placing every dot is one pass over the moves
// begun by then, so it runs once per day and filter and is reused by every refresh, tooltip, pan and
// zoom until either changes; never per frame.
import type { FilterMasks } from './cohort-filter.js';
import type { DotPositions, DotTiming } from './dot-positions.js';

export interface StationDots {
  /** per station: dots waiting there */
  here: number[];
  /** per station: distance in map units from the station to the centre of its farthest waiting dot (0: none) */
  extent: number[];
}

/** Counts and extents from the dots placed at one moment. */
export function stationDots(dots: readonly { x: number; y: number; station: number }[], points: readonly { x: number; y: number }[]): StationDots {
  const here = new Array<number>(points.length).fill(0);
  const extent = new Array<number>(points.length).fill(0);
  for (const d of dots) {
    if (d.station < 0) continue;
    here[d.station]!++;
    const p = points[d.station]!;
    extent[d.station] = Math.max(extent[d.station]!, Math.hypot(d.x - p.x, d.y - p.y));
  }
  return { here, extent };
}

export class StationDotsCache {
  private key = '';
  private value: StationDots | null = null;
  /** how many times the dots were placed (tests and the benchmark read it) */
  computed = 0;

  constructor(
    private readonly positions: DotPositions,
    private readonly points: readonly { x: number; y: number }[],
  ) {}

  /**
   * The stations' dots at `time` (the end of the day shown) for `masks`; `filterKey` names the filter
   * (the same masks, the same key). Placed again only when the time, filter or queue style changed.
   */
  at(time: number, timing: DotTiming, masks: FilterMasks, filterKey: string): StationDots {
    const key = `${time}|${filterKey}|${timing.spacing}|${timing.drift}|${timing.maxSlowness}|${timing.hop}|${timing.fade}`;
    if (this.value && key === this.key) return this.value;
    this.value = stationDots(this.positions.all(time, timing, masks), this.points);
    this.key = key;
    this.computed++;
    return this.value;
  }
}
