// How long children stay at each station before their next step, with stays still running at the
// data's end counted until then (Kaplan–Meier), and arrivals at each station per week. A step's "next
// step" is the child's next step on the map in any trip (a child who leaves and comes back waits
// until then); exits have no stay.
import type { MetricsWindow } from '../metrics.js';
import type { JourneySteps } from './journey-steps.js';
import { kaplanMeier } from './kaplan-meier.js';
import type { LabelledWindow } from './windows.js';

export const STAY_QUANTILES = [0.25, 0.5, 0.75, 0.9] as const;

export interface StationStay {
  station: string;
  name: string;
  /** arrivals in the window */
  arrivals: number;
  /** of those, moved on by the data's last day, and still there then */
  movedOn: number;
  stillThere: number;
  /** Kaplan–Meier quantiles of days at the station (null where the curve never gets that low) */
  quantiles: Array<{ q: number; days: number | null }>;
}

/** Stays at each non-exit station for arrivals dated in the window, followed up to `censorDay`. */
export function stationStays(steps: JourneySteps, window: MetricsWindow, censorDay: number, include: Uint8Array | null = null): StationStay[] {
  const S = steps.stationIds.length;
  const times: number[][] = Array.from({ length: S }, () => []);
  const ended: boolean[][] = Array.from({ length: S }, () => []);
  for (let k = 0; k < steps.count; k++) {
    const s = steps.station[k]!;
    const d = steps.day[k]!;
    if (steps.stationIsExit[s] || d < window.from || d > window.to) continue;
    if (include && include[steps.row[k]!] !== 1) continue;
    // The child's next step in the listing (trip by trip) not dated before this one: a contact that
    // joined a later trip's run may be listed after steps dated later than it.
    let next = Number.POSITIVE_INFINITY;
    for (let j = k + 1; j < steps.count && steps.child[j] === steps.child[k]; j++) {
      if (steps.day[j]! >= d) {
        next = steps.day[j]!;
        break;
      }
    }
    const done = next <= censorDay;
    times[s]!.push((done ? next : Math.max(censorDay, d)) - d);
    ended[s]!.push(done);
  }
  return steps.stationIds.flatMap((station, s) => {
    if (steps.stationIsExit[s]) return [];
    const curve = kaplanMeier(times[s]!, ended[s]!);
    const quantile = (q: number) => curve.steps.find((step) => step.survival <= 1 - q + 1e-12)?.time ?? null;
    return [{
      station,
      name: steps.stationNames[s]!,
      arrivals: curve.n,
      movedOn: curve.events,
      stillThere: curve.censored,
      quantiles: STAY_QUANTILES.map((q) => ({ q, days: curve.n === 0 ? null : quantile(q) })),
    }];
  });
}

/** Arrivals at each station per week, counting only days inside the window (a week cut by it is a part-week). */
export function arrivalsByWeek(steps: JourneySteps, weeks: readonly LabelledWindow[], window: MetricsWindow, include: Uint8Array | null = null): number[][] {
  const counts = steps.stationIds.map(() => new Array<number>(weeks.length).fill(0));
  if (weeks.length === 0) return counts;
  const first = weeks[0]!.from;
  for (let k = 0; k < steps.count; k++) {
    const d = steps.day[k]!;
    if (d < window.from || d > window.to) continue;
    if (include && include[steps.row[k]!] !== 1) continue;
    const w = Math.floor((d - first) / 7);
    if (w >= 0 && w < weeks.length) counts[steps.station[k]!]![w]!++;
  }
  return counts;
}
