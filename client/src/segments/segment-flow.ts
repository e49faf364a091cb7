// "Arrows that speak", the numbers: for each pair of stations children moved between in a window,
// how many children took that step, the median days from arriving at the first station to arriving at
// the second ("to next"), and the median of the step itself (from arriving at the first station to the
// end of that step: the move's `leave`, when the assessment ended or the child moved on). A segment is
// marked over target on the step's own median working days, never on the time to the next station:
// the target is the step's (assessment: 45 working days from its start to its end), and a child whose
// assessment ended in time and went into care months later had an assessment within target. Counts follow the cohort filter, like the dots. Computed from the moves the page holds
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
  /** median calendar days and working days of the step at `from`: from arriving there to its end */
  medianStepDays: number;
  medianStepWorkingDays: number;
  /** the first station's target in working days, when it has one */
  target: number | null;
  /** the step's median working days are over that target */
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
  const groups = new Map<number, { children: Set<number>; days: number[]; workingDays: number[]; stepDays: number[]; stepWorkingDays: number[] }>();
  const { from, to, depart, leave, arrive, child, cohort, originDay } = moves;
  for (let m = 0; m < moves.count && depart[m]! <= window.end; m++) {
    const f = from[m]!;
    const t = to[m]!;
    if (f === ENTRY || f === t || arrive[m]! < window.start || arrive[m]! > window.end) continue;
    if (!shownBy(masks, cohort[m]!)) continue;
    const k = f * S + t;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { children: new Set(), days: [], workingDays: [], stepDays: [], stepWorkingDays: [] }));
    g.children.add(child[m]!);
    const a = originDay + Math.floor(depart[m]! / DAY);
    const e = originDay + Math.floor(leave[m]! / DAY);
    const b = originDay + Math.floor(arrive[m]! / DAY);
    g.days.push(b - a);
    g.workingDays.push(calendar.between(a, b));
    g.stepDays.push(e - a);
    g.stepWorkingDays.push(calendar.between(a, e));
  }
  const out: SegmentFlow[] = [];
  for (const [k, g] of groups) {
    const f = Math.floor(k / S);
    const target = stations[f]!.targetWorkingDays ?? null;
    const medianStepWorkingDays = median(g.stepWorkingDays);
    out.push({
      from: f,
      to: k % S,
      children: g.children.size,
      medianDays: median(g.days),
      medianWorkingDays: median(g.workingDays),
      medianStepDays: median(g.stepDays),
      medianStepWorkingDays,
      target,
      slow: target !== null && medianStepWorkingDays > target,
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

/** A median as shown: whole, or to one decimal. */
export function daysText(days: number): string {
  return Number.isInteger(days) ? String(days) : days.toFixed(1);
}

/** "→ 36 · 69 d to next", and for a step over its target "⚠ → 36 · 69 d to next · step 50 WD, over 45". */
export function labelText(flow: SegmentFlow, arrow: string): string {
  const text = `${arrow} ${flow.children.toLocaleString('en-GB')} · ${daysText(flow.medianDays)} d to next`;
  return flow.slow ? `⚠ ${text} · step ${daysText(flow.medianStepWorkingDays)} WD, over ${flow.target}` : text;
}
