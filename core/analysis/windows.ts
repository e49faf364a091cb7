// Windows of time for series (calendar months, rolling 12 months, weeks), and the raw durations
// behind the medians of metrics.md for a window (for bootstrap intervals and histograms).
import { addMonths, formatDay, monthStart, weekday } from '../dates.js';
import { EV } from '../events.js';
import type { MetricsWindow, PreparedMetrics } from '../metrics.js';

export interface LabelledWindow extends MetricsWindow {
  /** `YYYY-MM` for a month, the first date for a week or a rolling window's end month */
  label: string;
}

/** The calendar months overlapping [from, to], each clipped to [from, to]. */
export function monthWindows(from: number, to: number): LabelledWindow[] {
  const windows: LabelledWindow[] = [];
  let first = monthStart(from);
  while (first <= to) {
    const next = addMonths(first, 1);
    windows.push({ from: Math.max(first, from), to: Math.min(next - 1, to), label: formatDay(first).slice(0, 7) });
    first = next;
  }
  return windows;
}

/** For each month overlapping [from, to]: the `months` calendar months ending with that month's last day. */
export function rollingWindows(from: number, to: number, months = 12): LabelledWindow[] {
  return monthWindows(from, to).map((m) => {
    const first = monthStart(m.to);
    return { from: addMonths(first, 1 - months), to: addMonths(first, 1) - 1, label: m.label };
  });
}

/** Weeks Monday–Sunday starting on the Monday on or before `from`, up to the week holding `to`. */
export function weekWindows(from: number, to: number): LabelledWindow[] {
  const windows: LabelledWindow[] = [];
  for (let monday = from - weekday(from); monday <= to; monday += 7) {
    windows.push({ from: monday, to: monday + 6, label: formatDay(monday) });
  }
  return windows;
}

/** Raw durations behind the medians of metrics.md, for one window (and cohort), for intervals and histograms. */
export interface DurationSamples {
  /** calendar days of paired assessments ended in the window */
  assessmentDays: number[];
  /** working days of the same assessments */
  assessmentWorkingDays: number[];
  /** working days from each S47 started in the window to its linked ICPC */
  s47ToIcpcWorkingDays: number[];
  cpPlanDays: number[];
  claDays: number[];
}

export function durationSamples(prepared: PreparedMetrics, window: MetricsWindow, include: Uint8Array | null = null): DurationSamples {
  const { table, pairedStart, linkedIcpc, calendar } = prepared;
  const out: DurationSamples = { assessmentDays: [], assessmentWorkingDays: [], s47ToIcpcWorkingDays: [], cpPlanDays: [], claDays: [] };
  for (let i = 0; i < table.length; i++) {
    const d = table.day[i]!;
    if (d < window.from || d > window.to) continue;
    if (include && include[i] === 0) continue;
    const t = table.type[i]!;
    if (t === EV.assessment_end || t === EV.cp_plan_end || t === EV.cla_end) {
      const start = pairedStart[i]!;
      if (start < 0) continue;
      const days = d - table.day[start]!;
      if (t === EV.assessment_end) {
        out.assessmentDays.push(days);
        out.assessmentWorkingDays.push(calendar.between(table.day[start]!, d));
      } else if (t === EV.cp_plan_end) out.cpPlanDays.push(days);
      else out.claDays.push(days);
    } else if (t === EV.s47_start) {
      const icpc = linkedIcpc[i]!;
      if (icpc >= 0) out.s47ToIcpcWorkingDays.push(calendar.between(d, table.day[icpc]!));
    }
  }
  return out;
}
