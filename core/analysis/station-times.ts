// How long children stay at each station, with stays still running at the data's end counted until then
// (Kaplan–Meier), and arrivals at each station per week. A stay is the map's own (core/whereabouts.ts): a
// period (assessment, CP plan, care, CIN plan, early help) lasts from its start to the end the metrics
// pair with it; any other step until the child's next move. So the flow view's "time at a station" and
// the map's "waiting" are the same stays; exits hold nobody.
import type { MapDefinition } from '../map-schema.js';
import type { MetricsWindow } from '../metrics.js';
import type { Whereabouts } from '../whereabouts.js';
import type { JourneySteps } from './journey-steps.js';
import { kaplanMeier, KM_MIN_AT_RISK, survivalQuantile } from './kaplan-meier.js';
import type { LabelledWindow } from './windows.js';

export const STAY_QUANTILES = [0.25, 0.5, 0.75, 0.9] as const;

export interface StationStay {
  station: string;
  name: string;
  /** stays begun in the window */
  arrivals: number;
  /** of those, ended by the data's last day, and still running then */
  movedOn: number;
  stillThere: number;
  /** Kaplan–Meier quantiles of days at the station (null where the curve never gets that low) */
  quantiles: Array<{ q: number; days: number | null }>;
}

/** Stays at each non-exit station begun in the window, followed up to `censorDay`. */
/** `minAtRisk`: percentiles are read only where at least this many stays are still followed (KM_MIN_AT_RISK; 0 for none). */
export function stationStays(where: Whereabouts, map: MapDefinition, window: MetricsWindow, censorDay: number, include: Uint8Array | null = null, minAtRisk = KM_MIN_AT_RISK): StationStay[] {
  const S = where.stationIds.length;
  const times: number[][] = Array.from({ length: S }, () => []);
  const ended: boolean[][] = Array.from({ length: S }, () => []);
  for (let k = 0; k < where.count; k++) {
    const d = where.startDay[k]!;
    if (d < window.from) continue;
    if (d > window.to) break; // stays are sorted by start
    if (include && include[where.row[k]!] !== 1) continue;
    const end = where.endDay[k]!;
    const done = end <= censorDay;
    times[where.station[k]!]!.push((done ? end : Math.max(censorDay, d)) - d);
    ended[where.station[k]!]!.push(done);
  }
  return map.stations.flatMap((station, s) => {
    if (station.kind === 'exit') return [];
    const curve = kaplanMeier(times[s]!, ended[s]!);
    const quantile = (q: number) => survivalQuantile(curve, q, minAtRisk);
    return [{
      station: station.id,
      name: station.name,
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
