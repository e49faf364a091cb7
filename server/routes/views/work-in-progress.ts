// The flow view's work in progress: children waiting at each station at the end of each week, from the
// map's own "who is where" (core/analysis/flow.ts workInProgress → core/whereabouts.ts), published as one
// table through the disclosure policy; the chart's JSON is rebuilt from the published rows so a viewer
// never sees a count the table hides.
import type { WorkInProgress } from '../../../core/analysis/flow.js';
import { longDate } from '../../../core/analysis/date-text.js';
import { shortCountsNote } from '../../../core/analysis/run-in.js';
import { makeTable, type Cell, type ViewTable } from '../../../core/analysis/view-table.js';
import type { SumRelation } from '../../../core/disclosure/secondary.js';
import { unpairedStationText } from '../../../core/unpaired-text.js';

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
    /**
     * Only at a station with periods counted open though an end of their kind was recorded under another
     * episode (core/analysis/flow.ts `unpaired`): per week, how many of `waiting` (published as `waiting` is,
     * the stations endpoint's `unpairedEnds` on that day), and the stations endpoint's sentence for the
     * last week with any (core/unpaired-text.ts; null where the endpoint gives none).
     */
    unpairedEnds?: Cell[];
    unpairedNote?: string | null;
  }>;
}

const overKey = (station: string) => `${station}_over`;
/** of a station's count, the periods whose end was recorded under another episode */
const unpairedKey = (station: string) => `${station}_unpaired`;
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
        ...(s.unpaired ? [[unpairedKey(s.station), `${s.name}: may have ended (end recorded under another episode)`, 'count'] as const] : []),
      ]),
      ...wip.splits.flatMap((t) => [
        [allKey(t.station), `${t.name}: all (the map's count)`, 'count', { hidden: true }] as const,
        [overKey(allKey(t.station)), `${t.name}: all past target`, 'count', { hidden: true }] as const,
      ]),
    ],
    wip.days.map((day, w) => ({
      day,
      incomplete: incompleteCell(wip, w),
      ...Object.fromEntries(wip.stations.flatMap((s) => [[s.station, s.waiting[w]!], [overKey(s.station), s.targetWorkingDays === null ? 0 : s.overTarget[w]!], ...(s.unpaired ? [[unpairedKey(s.station), s.unpaired[w]!]] : [])])),
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
      ...(s.unpaired ? unpairedOf(wip, s.station, s.unpairedNoun, rows) : {}),
    })),
  };
}

/**
 * A station's periods probably ended, as published (a viewer's through the policy with `waiting`), and the
 * stations endpoint's sentence for the last week with any: the same words and numbers the map's station
 * gives on that day (server/routes/stations.ts).
 */
function unpairedOf(wip: WorkInProgress, station: string, noun: string | null, rows: ReadonlyArray<Record<string, Cell>>): { unpairedEnds: Cell[]; unpairedNote: string | null } {
  const unpairedEnds = rows.map((r) => r[unpairedKey(station)] ?? null);
  const w = unpairedEnds.findLastIndex((c) => c !== null && c !== 0);
  const open = w < 0 ? null : rows[w]![station];
  const unpairedNote = w < 0 || noun === null || (typeof open !== 'number' && open !== '[c]') ? null : unpairedStationText(unpairedEnds[w] as number | '[c]', open, noun, wip.dayNumbers[w]!);
  return { unpairedEnds, unpairedNote };
}
