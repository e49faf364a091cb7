// The flow view's work in progress: children waiting at each station at the end of each week, from the
// map's own "who is where" (core/analysis/flow.ts workInProgress → core/whereabouts.ts), published as one
// table through the disclosure policy; the chart's JSON is rebuilt from the published rows so a viewer
// never sees a count the table hides.
import type { WorkInProgress } from '../../../core/analysis/flow.js';
import { makeTable, type Cell, type ViewTable } from '../../../core/analysis/view-table.js';

/** Work in progress as the chart draws it: the published cells (a number, `[c]`, or null). */
export interface PublishedWorkInProgress {
  days: string[];
  stations: Array<{
    station: string;
    name: string;
    targetWorkingDays: number | null;
    waiting: Cell[];
    overTarget: Cell[];
    /** per week: before the station's run-in ends, so the count misses children who arrived before the data (core/analysis/run-in.ts) */
    incomplete: boolean[];
    completeFrom: string | null;
    /** the count is of starts with no end recorded, not of children waiting */
    endsMissing: boolean;
    endsNote: string | null;
    note: string | null;
  }>;
}

const overKey = (station: string) => `${station}_over`;

export function workInProgressTable(wip: WorkInProgress, title: string): ViewTable {
  return makeTable(
    'wip',
    title,
    [
      ['day', 'End of week', 'date'],
      ['incomplete', 'Incomplete?', 'text'],
      ...wip.stations.flatMap((s) => [
        [s.station, s.name, 'count'] as const,
        ...(s.targetWorkingDays === null ? [] : [[overKey(s.station), `${s.name}: past ${s.targetWorkingDays} working days`, 'count'] as const]),
      ]),
    ],
    wip.days.map((day, w) => ({
      day,
      incomplete: incompleteCell(wip, w),
      ...Object.fromEntries(wip.stations.flatMap((s) => [[s.station, s.waiting[w]!], ...(s.targetWorkingDays === null ? [] : [[overKey(s.station), s.overTarget[w]!]])])),
    })),
    tableNote(wip) ?? undefined,
  );
}

/** The week's cell: the stations whose count is short that week, or null when none is. */
function incompleteCell(wip: WorkInProgress, w: number): string | null {
  const short = wip.stations.filter((s) => s.incomplete[w]).map((s) => s.name);
  const noEnds = wip.stations.filter((s) => s.endsMissing).map((s) => s.name);
  const parts: string[] = [];
  if (short.length) parts.push(`${short.join(', ')}: children who arrived before the data's first day are missing`);
  if (noEnds.length) parts.push(`${noEnds.join(', ')}: starts with no end recorded, not children waiting`);
  return parts.length ? `Incomplete: ${parts.join('; ')}` : null;
}

function tableNote(wip: WorkInProgress): string | null {
  const notes = wip.stations.flatMap((s) => (s.note ? [`${s.name}: ${s.note}`] : []));
  return notes.length ? notes.join(' ') : null;
}

export function publishedWorkInProgress(wip: WorkInProgress, rows: ReadonlyArray<Record<string, Cell>>): PublishedWorkInProgress {
  return {
    days: wip.days,
    stations: wip.stations.map((s) => ({
      station: s.station,
      name: s.name,
      targetWorkingDays: s.targetWorkingDays,
      waiting: rows.map((r) => r[s.station] ?? null),
      // a station with no target has no child past it, as the stations endpoint says (0)
      overTarget: s.targetWorkingDays === null ? rows.map(() => 0) : rows.map((r) => r[overKey(s.station)] ?? null),
      incomplete: s.incomplete,
      completeFrom: s.completeFrom,
      endsMissing: s.endsMissing,
      endsNote: s.endsNote,
      note: s.note,
    })),
  };
}
