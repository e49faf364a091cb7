// The flow view's work in progress: children waiting at each station at the end of each week, from the
// map's own "who is where" (core/analysis/flow.ts workInProgress → core/whereabouts.ts), published as one
// table through the disclosure policy; the chart's JSON is rebuilt from the published rows so a viewer
// never sees a count the table hides.
import type { WorkInProgress } from '../../../core/analysis/flow.js';
import { longDate } from '../../../core/analysis/date-text.js';
import { shortCountsNote } from '../../../core/analysis/run-in.js';
import { makeTable, type Cell, type ViewTable } from '../../../core/analysis/view-table.js';
import type { SumRelation } from '../../../core/disclosure/secondary.js';

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
/** a split station's own count (hidden: the map's, = its two parts), for the sums below */
const allKey = (station: string) => `${station}_all`;

export function workInProgressTable(wip: WorkInProgress, title: string): ViewTable {
  return makeTable(
    'wip',
    title,
    [
      ['day', 'End of week', 'date'],
      ['incomplete', 'Incomplete?', 'text'],
      ...wip.stations.flatMap((s) => [
        [s.station, s.name, 'count'] as const,
        // a station with no target has no child past it: 0, published as every count is (0, or [c] under the
        // cohort policy), as the stations endpoint publishes it; hidden, as no target is drawn
        s.targetWorkingDays === null
          ? ([overKey(s.station), `${s.name}: past target (none)`, 'count', { hidden: true }] as const)
          : ([overKey(s.station), `${s.name}: past ${s.targetWorkingDays} working days`, 'count'] as const),
      ]),
      ...wip.splits.flatMap((t) => [
        [allKey(t.station), `${t.name}: all (the map's count)`, 'count', { hidden: true }] as const,
        [overKey(allKey(t.station)), `${t.name}: all past target`, 'count', { hidden: true }] as const,
      ]),
    ],
    wip.days.map((day, w) => ({
      day,
      incomplete: incompleteCell(wip, w),
      ...Object.fromEntries(wip.stations.flatMap((s) => [[s.station, s.waiting[w]!], [overKey(s.station), s.targetWorkingDays === null ? 0 : s.overTarget[w]!]])),
      ...Object.fromEntries(wip.splits.flatMap((t) => [[allKey(t.station), t.waiting[w]!], [overKey(allKey(t.station)), t.overTarget[w]!]])),
    })),
    tableNote(wip) ?? undefined,
  );
}

/**
 * The sums a viewer knows in the table: a split station's count is its two parts' (enquiry open +
 * awaiting ICPC = Section 47, on the map too), each week, waiting and past target. Secondary suppression
 * keeps them from giving back a part of 1 to 4, as the stations endpoint does (aggregates.ts splitSuppressStations).
 */
export function workInProgressRelations(wip: WorkInProgress): SumRelation[] {
  return wip.splits.flatMap((t) =>
    wip.days.flatMap((_, row) =>
      [(k: string) => k, overKey].map((key) => ({
        total: { table: 'wip', row, column: key(allKey(t.station)) },
        parts: t.parts.map((p) => ({ table: 'wip', row, column: key(p) })),
      })),
    ),
  );
}

/** The week's cell: the stations whose count is short that week, and those whose ends are missing, in run-in.ts's words; null when none is. */
function incompleteCell(wip: WorkInProgress, w: number): string | null {
  const short = wip.stations.flatMap((s) => (s.incomplete[w] && s.completeFromDay !== null ? [{ name: s.name, completeFrom: s.completeFromDay }] : []));
  const endsNotes = wip.stations.flatMap((s) => (s.endsMissing && s.endsNote ? [s.endsNote] : []));
  return shortCountsNote(`in the week to ${longDate(wip.dayNumbers[w]!)}`, wip.first === null ? [] : short, wip.first ?? 0, endsNotes);
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
      // through the disclosure policy like any count, a station with no target too (audit a12c finding 4: its
      // zeros were set here, past the policy, and 424 reached a viewer of a 3-child dataset, whose counts under
      // 10 are all [c] on the map)
      overTarget: rows.map((r) => r[overKey(s.station)] ?? null),
      incomplete: s.incomplete,
      completeFrom: s.completeFrom,
      endsMissing: s.endsMissing,
      endsNote: s.endsNote,
      note: s.note,
    })),
  };
}
