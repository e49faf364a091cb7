// Assessments are timed in working days (the DfE's 45 working days): a council that authorises many on the 45th
// working day has them at 63, 64 or 65 calendar days as the bank holidays fall, and a copy drawing calendar days from
// a new start put a quarter of them on the 44th or the 46th to 48th working day (audit a10p F1: assessments within 45
// working days 83.7% in a log with 40% authorised on the 45th, 73.9-74.4% in its copies; 97.2% against 93.7-94.0%
// with 10% on it). The days of such a step from its anchor are learnt and drawn as working days, written as the
// calendar days that count of working days takes from a Monday with no bank holiday between ("canonical" days), so
// the quantiles, the year shifts and the censoring around them read days as before. Only where the log times them so
// (assessmentsInWorkingDays): an end recorded on a weekend or bank holiday counts as the working day before it, and
// the copy dates it there.
import { EV } from '../core/events.js';
import { englandWalesCalendar } from '../core/working-days.js';

/** Steps whose days from their anchor are working days in a fitted model (model.workingDaySteps). */
export const WORKING_DAY_STEPS = ['assessment_end'] as const;

/** The canonical days of the working days in (from, to]: n working days are 7 × ⌊n / 5⌋ + n mod 5 days. */
export function canonicalWorkingDays(from: number, to: number): number {
  const n = englandWalesCalendar().between(from, to);
  return 7 * Math.floor(n / 5) + (n % 5);
}

/** The working days canonical days stand for (a day drawn between two canonical values goes to the nearer). */
export function workingDaysOf(days: number): number {
  const whole = Math.max(0, Math.round(days));
  const weeks = Math.floor(whole / 7);
  const rest = whole % 7;
  return 5 * weeks + (rest <= 4 ? rest : rest === 5 ? 4 : 5);
}

/** The day n working days after `from` (the n-th working day after it; `from` itself for n = 0). */
export function nthWorkingDayAfter(from: number, n: number): number {
  if (n <= 0) return from;
  const calendar = englandWalesCalendar();
  let day = from + n;
  while (calendar.between(from, day) < n) day++;
  return day;
}

/** The largest share of assessment ends on weekends and bank holidays of an office that records them on working days. */
export const OFF_DAY_SHARE = 0.01;
/** A deadline's atom: a count of working days holding this share of ended assessments or more ... */
export const ATOM_SHARE = 0.02;
/** ... and this many times the mean of the two counts either side of it. */
export const ATOM_RATIO = 3;

/**
 * Whether a log's assessments are timed in working days, so that the fit learns them so: its office records their ends
 * on working days (at most OFF_DAY_SHARE on a weekend or bank holiday), or some count of working days from start to end
 * is an atom (ATOM_SHARE of the ended ones, ATOM_RATIO times its neighbours': a deadline, as the 45th). A log of
 * calendar lengths ended on any day keeps calendar days, its copy's weekend ends with them (with working days the test
 * log "backlog", 390 CP plans open at its end, had 482 and 480 in its copies of seeds 1 and 2 against 457 and 427,
 * and three synth tests failed, for no gain: its 45-working-day share was already kept). Rows [childStart[c], childStart[c + 1]) are child c's, by date.
 */
export function assessmentsInWorkingDays(table: { readonly type: ArrayLike<number>; readonly day: ArrayLike<number>; readonly episode: ArrayLike<number>; readonly childStart: ArrayLike<number> }, from: number): boolean {
  const calendar = englandWalesCalendar();
  const counts = new Float64Array(128);
  let ends = 0;
  let offDays = 0;
  let paired = 0;
  const open = new Map<number, number>();
  for (let c = 0; c + 1 < table.childStart.length; c++) {
    open.clear();
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const type = table.type[i];
      if (type === EV.assessment_start) open.set(table.episode[i]!, table.day[i]!);
      if (type !== EV.assessment_end || table.day[i]! < from) continue;
      ends++;
      if (calendar.between(table.day[i]! - 1, table.day[i]!) === 0) offDays++;
      const start = open.get(table.episode[i]!);
      if (start === undefined) continue;
      open.delete(table.episode[i]!);
      const n = calendar.between(start, table.day[i]!);
      if (n < counts.length) counts[n]!++;
      paired++;
    }
  }
  if (ends === 0) return false;
  if (offDays <= OFF_DAY_SHARE * ends) return true;
  for (let n = 3; n + 2 < counts.length; n++) {
    const beside = (counts[n - 2]! + counts[n - 1]! + counts[n + 1]! + counts[n + 2]!) / 4;
    if (counts[n]! >= ATOM_SHARE * paired && counts[n]! >= ATOM_RATIO * beside) return true;
  }
  return false;
}

/** [event type] → 1 where a model's step of that type counts working days from its anchor. */
export function workingDayFlags(types: readonly string[] | undefined): Uint8Array | null {
  if (!types || types.length === 0) return null;
  const flags = new Uint8Array(32);
  for (const type of types) flags[EV[type as keyof typeof EV]] = 1;
  return flags;
}
