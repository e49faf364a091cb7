// "Arrows that speak", the numbers: for each pair of stations children moved between in a window,
// how many children took that step and the median days it took them (from arriving at the first
// station to arriving at the second), and whether that median is over the first station's target in
// working days. Counts follow the cohort filter, like the dots. Computed from the moves the page holds
// when the window, the date or the filter changes; never per frame.
import { ENTRY, type MoveColumns } from '../../../core/journeys.js';
import type { MapStation } from '../../../core/map-schema.js';
import type { WorkingDayCalendar } from '../../../core/working-days.js';
import type { FilterMasks } from '../dots/cohort-filter.js';
import { shownBy } from '../dots/dot-positions.js';

const DAY = 86400;

export interface SegmentFlow {
  from: number;
  to: number;
  /** children who moved from → to with an arrival in the window */
  children: number;
  /** median calendar days and working days from arriving at `from` to arriving at `to` */
  medianDays: number;
  medianWorkingDays: number;
  /** the first station's target in working days, when it has one */
  target: number | null;
  /** the median is over that target */
  slow: boolean;
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The steps arriving in [start, end] (seconds), per (from, to), busiest first. */
export function segmentFlow(
  moves: MoveColumns,
  stations: readonly MapStation[],
  window: { start: number; end: number },
  masks: FilterMasks,
  calendar: WorkingDayCalendar,
): SegmentFlow[] {
  const S = stations.length;
  const groups = new Map<number, { children: Set<number>; days: number[]; workingDays: number[] }>();
  const { from, to, depart, arrive, child, cohort, originDay } = moves;
  for (let m = 0; m < moves.count && depart[m]! <= window.end; m++) {
    const f = from[m]!;
    const t = to[m]!;
    if (f === ENTRY || f === t || arrive[m]! < window.start || arrive[m]! > window.end) continue;
    if (!shownBy(masks, cohort[m]!)) continue;
    const k = f * S + t;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { children: new Set(), days: [], workingDays: [] }));
    g.children.add(child[m]!);
    const a = originDay + Math.floor(depart[m]! / DAY);
    const b = originDay + Math.floor(arrive[m]! / DAY);
    g.days.push(b - a);
    g.workingDays.push(calendar.between(a, b));
  }
  const out: SegmentFlow[] = [];
  for (const [k, g] of groups) {
    const f = Math.floor(k / S);
    const target = stations[f]!.targetWorkingDays ?? null;
    const medianWorkingDays = median(g.workingDays);
    out.push({
      from: f,
      to: k % S,
      children: g.children.size,
      medianDays: median(g.days),
      medianWorkingDays,
      target,
      slow: target !== null && medianWorkingDays > target,
    });
  }
  return out.sort((a, b) => b.children - a.children);
}

const ARROWS = ['→', '↘', '↓', '↙', '←', '↖', '↑', '↗'];

/** The arrow nearest the direction from a to b (screen y points down). */
export function arrowFor(dx: number, dy: number): string {
  const sector = Math.round(Math.atan2(dy, dx) / (Math.PI / 4));
  return ARROWS[(sector + 8) % 8]!;
}

export function labelText(flow: SegmentFlow, arrow: string): string {
  const days = Number.isInteger(flow.medianDays) ? flow.medianDays : flow.medianDays.toFixed(1);
  const text = `${arrow} ${flow.children.toLocaleString('en-GB')} · ${days} d`;
  return flow.slow ? `⚠ ${text} · over ${flow.target} WD` : text;
}
