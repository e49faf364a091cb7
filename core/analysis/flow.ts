// Flow and bottlenecks at each station: work in progress (children in transit from a station to their
// next one, the dots between stations on the map) at the end of each week, arrivals per week, and the
// distribution of time spent before moving on. A move is two consecutive steps of one trip.
import type { MetricsWindow } from '../metrics.js';
import { quantileSorted } from './bootstrap.js';
import type { JourneySteps } from './journey-steps.js';
import type { LabelledWindow } from './windows.js';

export const FLOW_QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

export interface StationFlow {
  station: string;
  name: string;
  /** per week: in transit from this station at the end of the week's last day */
  wip: number[];
  /** per week: steps arriving at this station */
  arrivals: number[];
  /** days from arriving here to the next step of the trip, for moves leaving in the window */
  timeSpent: { n: number; mean: number | null; quantiles: Array<{ q: number; days: number }> };
}

export interface FlowResult {
  weeks: string[];
  stations: StationFlow[];
}

/**
 * `weeks` are consecutive windows (weekWindows). A move counts for `include` (per event row) when the
 * row of its first step is in the cohort.
 */
export function stationFlow(steps: JourneySteps, weeks: readonly LabelledWindow[], window: MetricsWindow, include: Uint8Array | null = null): FlowResult {
  const S = steps.stationIds.length;
  const W = weeks.length;
  const firstDay = W > 0 ? weeks[0]!.from : 0;
  // Week w's snapshot is at the end of day weekEnd(w) = firstDay + 7w + 6.
  const weekOf = (day: number): number => Math.floor((day - firstDay) / 7);
  const wipDelta = Array.from({ length: S }, () => new Int32Array(W + 1));
  const arrivals = Array.from({ length: S }, () => new Array<number>(W).fill(0));
  const spent: number[][] = Array.from({ length: S }, () => []);

  for (let k = 0; k < steps.count; k++) {
    if (include && include[steps.row[k]!] !== 1) continue;
    const s = steps.station[k]!;
    const d = steps.day[k]!;
    const w = weekOf(d);
    if (w >= 0 && w < W) arrivals[s]![w]!++;
    const next = k + 1;
    const sameTrip = next < steps.count && steps.trip[next] === steps.trip[k];
    const sameChild = next < steps.count && steps.child[next] === steps.child[k];
    // A trip's last step at a station that is not an exit is still waiting: until the child's next
    // step (a new trip) or, when there is none yet, to the end of the data. Otherwise the queue would
    // empty towards the end of every dataset, where the children still in the system are.
    if (!sameTrip && steps.stationIsExit[s]) continue;
    const arrive = sameChild ? steps.day[next]! : Number.POSITIVE_INFINITY;
    if (sameTrip && arrive >= window.from && arrive <= window.to) spent[s]!.push(arrive - d);
    // In transit at the end of day T when d ≤ T < arrive: weeks whose snapshot day falls in [d, arrive).
    const firstWeek = Math.max(0, Math.ceil((d - firstDay - 6) / 7));
    const endWeek = arrive === Number.POSITIVE_INFINITY ? W : Math.min(W, Math.ceil((arrive - firstDay - 6) / 7));
    if (firstWeek < endWeek) {
      wipDelta[s]![firstWeek]!++;
      wipDelta[s]![endWeek]!--;
    }
  }

  const stations: StationFlow[] = steps.stationIds.map((station, s) => {
    const wip = new Array<number>(W);
    let running = 0;
    for (let w = 0; w < W; w++) wip[w] = running += wipDelta[s]![w]!;
    const values = Float64Array.from(spent[s]!).sort();
    const n = values.length;
    let total = 0;
    for (const v of values) total += v;
    return {
      station,
      name: steps.stationNames[s]!,
      wip,
      arrivals: arrivals[s]!,
      timeSpent: {
        n,
        mean: n === 0 ? null : total / n,
        quantiles: n === 0 ? [] : FLOW_QUANTILES.map((q) => ({ q, days: quantileSorted(values, q) })),
      },
    };
  });
  return { weeks: weeks.map((w) => w.label), stations };
}

export interface TargetHistogram {
  target: number;
  n: number;
  withinTarget: number;
  share: number | null;
  median: number | null;
  bins: Array<{ label: string; from: number; to: number | null; count: number }>;
}

/** A histogram of working-day durations against a target (45 WD for assessments, 15 for S47 → ICPC). */
export function durationsAgainstTarget(workingDays: readonly number[], target: number, edges: readonly number[]): TargetHistogram {
  const sorted = Float64Array.from(workingDays).sort();
  const n = sorted.length;
  const bins = edges.map((lo, i) => {
    const hi = i + 1 < edges.length ? edges[i + 1]! - 1 : null;
    return { label: hi === null ? `${lo}+` : `${lo}–${hi}`, from: lo, to: hi, count: 0 };
  });
  let within = 0;
  for (const v of sorted) {
    if (v <= target) within++;
    let b = bins.length - 1;
    while (b > 0 && v < bins[b]!.from) b--;
    bins[b]!.count++;
  }
  const median = n === 0 ? null : n % 2 ? sorted[n >> 1]! : (sorted[(n >> 1) - 1]! + sorted[n >> 1]!) / 2;
  return { target, n, withinTarget: within, share: n === 0 ? null : within / n, median, bins };
}

export const ASSESSMENT_EDGES = [0, 11, 21, 31, 41, 46, 61, 91];
export const S47_ICPC_EDGES = [0, 6, 11, 16, 21, 31, 61];
