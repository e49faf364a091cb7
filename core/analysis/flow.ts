// Flow and bottlenecks at each station: work in progress (the children waiting at each station at the
// end of each week, from "who is where", core/whereabouts.ts, the same answer the map's stations
// give) and durations against their targets. Arrivals and stays are in station-times.ts.
import { formatDay } from '../dates.js';
import type { MapDefinition } from '../map-schema.js';
import type { MetricsWindow } from '../metrics.js';
import { stationPeriodNouns } from '../unpaired-text.js';
import { AWAITING_ICPC, S47_OPEN, stationsAt, unpairedOpenAt, type StationWaiting, type UnpairedOpen, type Whereabouts } from '../whereabouts.js';
import { endsMissingNote, shortCountsNote, stockCompleteness, type RunIn } from './run-in.js';
import type { LabelledWindow } from './windows.js';

export interface StationWorkInProgress {
  station: string;
  name: string;
  /** working days past which a wait is over target, or null */
  targetWorkingDays: number | null;
  /** per snapshot: children waiting, those past the target, and the median days waited so far */
  waiting: number[];
  overTarget: number[];
  medianWaitDays: (number | null)[];
  /** per snapshot: before the station's run-in ends (core/analysis/run-in.ts), so the count misses children who arrived before the data's first day */
  incomplete: boolean[];
  /** the first day its count is complete (YYYY-MM-DD), or null when no run-in was given */
  completeFrom: string | null;
  /** the same day as a day number (core/dates.ts), or null */
  completeFromDay: number | null;
  /** its stays almost never end in the data: the count is of starts with no end recorded, not of children waiting */
  endsMissing: boolean;
  /** the sentence saying so, or null */
  endsNote: string | null;
  /** what the shading and the flag mean for this station, or null when every week is complete */
  note: string | null;
  /**
   * per snapshot: of `waiting`, the periods counted open though an end of their kind was recorded under
   * another episode (core/whereabouts.ts unpairedOpenAt, same stays, same cohort: the stations endpoint's
   * `unpairedEnds`), or null when the station has none in any week for everyone (so every cohort's answer
   * has the same columns, as secondary suppression across a dimension's cohorts needs)
   */
  unpaired: number[] | null;
  /** what its periods are called in the sentence (core/unpaired-text.ts stationPeriodNouns), or null where the stations endpoint gives no note (not a period station) */
  unpairedNoun: string | null;
}

export interface WorkInProgress {
  /** the day of each snapshot: the last day of each week, or the window's last day for a part-week */
  days: string[];
  /** the same days as day numbers (core/dates.ts) */
  dayNumbers: number[];
  /**
   * stations where children wait (no exits), the front door's first; a split station (core/whereabouts.ts,
   * front-door's Section 47) as its two parts, enquiries open then awaiting ICPC, under their ids (S47_OPEN,
   * AWAITING_ICPC: the stations endpoint's `parts`)
   */
  stations: StationWorkInProgress[];
  /** the data's first day (its counts before a station's run-in ends miss children who arrived before it), or null when no run-in was given */
  first: number | null;
  /** per split station: its own counts (the map's, = the two parts), for the sums disclosure control keeps */
  splits: Array<{ station: string; name: string; parts: [string, string]; waiting: number[]; overTarget: number[] }>;
}

/** The name of the Section 47 station's parts on the flow view. */
const AWAITING_ICPC_NAME = 'Awaiting ICPC';

/** Stations shown first, in this order, when a map has them: the front door, then plans and care. */
const LEADING_STATIONS = ['referral', 'assessment', 'strategy', 's47', 'icpc', 'cp_plan', 'cin_plan', 'looked_after', 'early_help', 'contact'];

/**
 * Work in progress: at the end of each week (or of the window, for the last part-week), each
 * station's waiting children as stationsAt gives them, so the map and this chart always agree. With
 * `runIn` (core/analysis/run-in.ts) each week before a station's run-in ends is marked incomplete, and a
 * station whose ends are missing is flagged and put after every station that is a queue.
 */
export function workInProgress(where: Whereabouts, map: MapDefinition, weeks: readonly LabelledWindow[], window: MetricsWindow, include: Uint8Array | null = null, runIn: RunIn | null = null): WorkInProgress {
  const snapshots = weeks.map((w) => Math.min(w.to, window.to));
  const answers = snapshots.map((day) => stationsAt(where, day, include).stations);
  // Periods probably ended (their end filed under another episode): counted per week only when the log has
  // any; a station's column only where everyone's count is above 0 in some week.
  const unpaired: UnpairedOpen[][] | null = where.unpaired.row.length === 0 ? null : snapshots.map((day) => unpairedOpenAt(where, day, include));
  const everyones = unpaired === null || include === null ? unpaired : snapshots.map((day) => unpairedOpenAt(where, day, null));
  const hasUnpaired = (s: number) => everyones !== null && !where.split[s] && everyones.some((u) => u[s]!.waiting > 0);
  const nouns = stationPeriodNouns(map);
  const rank = (id: string) => {
    const k = LEADING_STATIONS.indexOf(id);
    return k < 0 ? LEADING_STATIONS.length : k;
  };
  const shown = map.stations.map((station, s) => ({ station, s })).filter(({ station }) => station.kind !== 'exit');
  const flagged = (s: number) => (runIn?.stations[s]!.endsMissing ? 1 : 0);
  shown.sort((a, b) => flagged(a.s) - flagged(b.s) || rank(a.station.id) - rank(b.station.id) || a.s - b.s);
  // a split station's parts share its run-in (the stays they hold began at its enquiries)
  const series = (id: string, name: string, s: number, target: number | null, at: (a: StationWaiting[]) => StationWaiting): StationWorkInProgress => ({
    station: id,
    name,
    targetWorkingDays: target,
    waiting: answers.map((a) => at(a).waiting),
    overTarget: answers.map((a) => at(a).overTarget),
    medianWaitDays: answers.map((a) => at(a).medianWaitDays),
    incomplete: snapshots.map((day) => (runIn ? stockCompleteness(runIn, s, day).runIn : false)),
    completeFrom: runIn ? formatDay(runIn.stations[s]!.completeFrom) : null,
    completeFromDay: runIn ? runIn.stations[s]!.completeFrom : null,
    endsMissing: runIn ? runIn.stations[s]!.endsMissing : false,
    endsNote: runIn?.stations[s]!.endsMissing ? endsMissingNote(runIn.stations[s]!) : null,
    note: runIn ? wipNote(runIn, s, snapshots) : null,
    // (a split station's parts: its enquiries are no paired period, so none of its stays is counted here)
    unpaired: id === map.stations[s]!.id && hasUnpaired(s) ? unpaired!.map((u) => u[s]!.waiting) : null,
    unpairedNoun: nouns.get(id) ?? null,
  });
  return {
    days: snapshots.map(formatDay),
    dayNumbers: snapshots,
    first: runIn ? runIn.first : null,
    stations: shown.flatMap(({ station, s }) => {
      const target = station.targetWorkingDays ?? null;
      if (!where.split[s]) return [series(station.id, station.name, s, target, (a) => a[s]!)];
      // past the target: counted from the enquiry's start in both parts (the 15 working days to the conference)
      return [
        series(S47_OPEN, `${station.name}: enquiry open`, s, target, (a) => a[s]!.parts![0]),
        series(AWAITING_ICPC, AWAITING_ICPC_NAME, s, target, (a) => a[s]!.parts![1]),
      ];
    }),
    splits: shown
      .filter(({ s }) => where.split[s])
      .map(({ station, s }) => ({ station: station.id, name: station.name, parts: [S47_OPEN, AWAITING_ICPC], waiting: answers.map((a) => a[s]!.waiting), overTarget: answers.map((a) => a[s]!.overTarget) })),
  };
}

/** A station's note over the snapshots: its run-in when a week falls in it, and its missing ends. */
function wipNote(runIn: RunIn, s: number, snapshots: readonly number[]): string | null {
  const st = runIn.stations[s]!;
  const early = snapshots.filter((d) => d < st.completeFrom).length;
  const when = `${early === snapshots.length ? 'every week' : `in the first ${early} week${early === 1 ? '' : 's'}`} (hatched)`;
  return shortCountsNote(when, early > 0 ? [st] : [], runIn.first, st.endsMissing ? [endsMissingNote(st)] : []);
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
