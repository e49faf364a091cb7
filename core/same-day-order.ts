// The process's order of one child's events of the same date, shared by the journey walk (the tube map's
// moves: journey-walk.ts) and the journey grammar (the fit, the generator's checks and the importers'
// quality report: grammar.ts), so that neither depends on how the file was sorted: an extract sorted by
// child, date and event name and one in case-system order give the same walk. Pure: no I/O.
import { EVENT_TYPES } from './events.js';

/**
 * The process's order of a day's events (lower first). Ends of what came before (early help, plans,
 * care) before the day's new steps, so that a plan stepping down or a care period following another
 * ends first; then the front door (contact, early help, referral, assessment), child protection
 * (strategy, S47, its end, the conference), the plans and care the day starts, and closure last.
 */
export const SAME_DAY_RANK: Readonly<Record<(typeof EVENT_TYPES)[number], number>> = {
  early_help_end: 0,
  cin_plan_end: 1,
  cp_plan_end: 2,
  cla_end: 3,
  contact: 4,
  early_help_start: 5,
  referral: 6,
  assessment_start: 7,
  assessment_end: 8,
  strategy_discussion: 9,
  s47_start: 10,
  s47_end: 11,
  icpc: 12,
  cin_plan_start: 13,
  cp_plan_start: 14,
  cla_start: 15,
  case_closed: 16,
};
const RANK = Uint8Array.from(EVENT_TYPES, (t) => SAME_DAY_RANK[t]);

/** SAME_DAY_RANK of an event type code. */
export function sameDayRank(type: number): number {
  return RANK[type]!;
}

/**
 * Sorts `rows` (rows of one child and one date) into the process's order: SAME_DAY_RANK, then outcome
 * code, and only rows alike in both keep their order in `rows` (file order). Insertion sort: a day holds few rows.
 */
export function sortSameDay(rows: number[], type: ArrayLike<number>, outcome: ArrayLike<number>): number[] {
  const key = (i: number): number => RANK[type[i]!]! * 256 + outcome[i]!;
  for (let k = 1; k < rows.length; k++) {
    const i = rows[k]!;
    const ki = key(i);
    let j = k;
    while (j > 0 && key(rows[j - 1]!) > ki) {
      rows[j] = rows[j - 1]!;
      j--;
    }
    rows[j] = i;
  }
  return rows;
}

/**
 * One child's rows lo … hi − 1 (sorted by date, as an event table holds them) in the process's order: each date's
 * rows by sortSameDay. What reads "the steps before this one" must read them so, not in file order (audit a13c F1:
 * the forecast linked a referral only to contacts in rows above it, so a file listing a day's referral before its
 * contact lost the link).
 */
export function rowsInProcessOrder(lo: number, hi: number, day: ArrayLike<number>, type: ArrayLike<number>, outcome: ArrayLike<number>): number[] {
  const rows: number[] = [];
  const run: number[] = [];
  for (let i = lo; i < hi; ) {
    let j = i + 1;
    while (j < hi && day[j] === day[i]) j++;
    if (j === i + 1) rows.push(i);
    else {
      run.length = 0;
      for (let k = i; k < j; k++) run.push(k);
      rows.push(...sortSameDay(run, type, outcome));
    }
    i = j;
  }
  return rows;
}
