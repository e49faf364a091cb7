// The weekdays a council records each kind of step on. A copy dates a step by a duration drawn from the last step,
// independently of the last step's weekday, so it lands on a Saturday as often as on a Monday; where the data record
// a step on working days only (audit a10j: none of four logs' assessments, enquiries, plan and care starts or
// closures on a weekend, 27-29% of their copies'), that independence is what is wrong. The fit keeps, for each
// step type with a weekday pattern, how often a step follows a step of weekday s on weekday l (a 7 × 7 table), and
// the generator draws the step's duration again, from a stream of its own, until it is kept: with chance
// proportional to target(l | s) ÷ proposal(l | s), the proposal being what durations drawn regardless of s give,
// the type's pooled distribution of (l − s) mod 7. A rejection sampler: the copy's durations are the fitted ones
// given the weekdays, exact where a duration depends on the last step's weekday only through where it lands.
// (Two simpler rules were tried on audit a10j's logs: kept in proportion to the landing weekday's share over the
// largest share, a log whose enquiries start on Mondays 42% of the time had most other landings drawn again, the
// copy's enquiries of exactly 7 days 34% against the log's 21%; kept with chance 7 × the share, at most 1, every
// same-day step was kept and the rest thinned, and the copy's S47 ends after an assessment's end failed the
// report's duration check, KS 0.16.) Bank holidays beside: the fit keeps each such type's steps per bank holiday
// over its steps per other weekday where that is near 0 (an office closed on them), and a landing on a bank holiday
// is kept in that rate besides (audit a10k: a log closing 14 cases on bank holidays, its copy 1,493, 4.6% of them).
import { weekday } from '../core/dates.js';
import { englandWalesCalendar, weekdayHoliday } from '../core/working-days.js';
import { EV, EVENT_TYPES, type EventType } from '../core/events.js';
import type { Random } from './random.js';
import { showsWeekdayPattern, weekdayKind } from './return-weekdays.js';

/** The largest rate of steps on bank holidays (over other weekdays') at which an office counts as closed on them. */
export const CLOSED_HOLIDAY_RATE = 0.2;

/** Draws of a step's day again before it is moved on to the next weekday it may come on (a step whose every draw lands on one day). */
export const STEP_WEEKDAY_TRIES = 24;

/**
 * Whether a step's weekday is the step rule's, one rule for the fit and the generator: every step but a child's
 * first, a contact, a referral the returns' rule takes (return-weekdays.ts weekdayKind: the referral of a contact is
 * this rule's) and a conference (the generator holds it on a working day: conferenceDay). `lastLabel`: the label
 * code of the child's last step, −1 before the first; `idle`: nothing open before the step.
 */
export function stepWeekdayRule(type: number, lastLabel: number, idle: boolean): boolean {
  return lastLabel >= 0 && type !== EV.contact && type !== EV.icpc && weekdayKind(type, lastLabel, idle) === null;
}

/** One step type's steps by the last step's weekday and their own (index s × 7 + l, Monday 0), and on bank holidays. */
class WeekdayPairs {
  readonly events = new Float64Array(49);
  readonly children = new Float64Array(49);
  private readonly lastChild = new Int32Array(49).fill(-1);
  /** steps on a bank holiday (Monday to Friday), and on the other Mondays to Fridays */
  private holidaySteps = 0;
  private otherSteps = 0;
  private holidayChildren = 0;
  private lastHolidayChild = -1;

  add(from: number, day: number, child: number): void {
    const k = weekday(from) * 7 + weekday(day);
    this.events[k]!++;
    if (this.lastChild[k] !== child) (this.lastChild[k] = child), this.children[k]!++;
    if (weekday(day) >= 5) return;
    if (!weekdayHoliday(day)) this.otherSteps++;
    else {
      this.holidaySteps++;
      if (this.lastHolidayChild !== child) (this.lastHolidayChild = child), this.holidayChildren++;
    }
  }

  /**
   * Steps per bank holiday over steps per other Monday to Friday, from `from` to `to`, where the office is closed
   * on bank holidays: at most CLOSED_HOLIDAY_RATE, and over the 5 × minCell steps expected at the other days' rate
   * (0 where the holidays' steps are of fewer than minCell children). Else null: the holidays are as other days.
   * (A partial dip is left to the months' seasons, which it mostly is: the "drift" test log's referrals read 0.85,
   * its Christmas and Easter months low, and thinned by that rate its copy's referrals rose 6.5% in one year.)
   */
  holidayRate(minCell: number, from: number, to: number): number | null {
    if (this.otherSteps === 0) return null;
    let weekdays = 0;
    for (let d = from; d <= to; d++) if (weekday(d) < 5) weekdays++;
    const working = englandWalesCalendar().between(from - 1, to);
    const holidays = weekdays - working;
    if (!(holidays > 0 && working > 0)) return null;
    const expected = (this.otherSteps / working) * holidays;
    const rate = this.holidaySteps / expected;
    if (expected < 5 * minCell || rate > CLOSED_HOLIDAY_RATE) return null;
    return this.holidayChildren < minCell ? 0 : rate;
  }

  /**
   * The table as shares of the type's steps, or null where the landing weekdays show no pattern (a chi-squared test
   * of equal days at 0.1%, as the returns' pretest). A pair of weekdays of fewer than minCell children is written 0.
   */
  fit(minCell: number): number[] | null {
    const landing = new Array<number>(7).fill(0);
    for (let k = 0; k < 49; k++) landing[k % 7]! += this.events[k]!;
    if (!showsWeekdayPattern(landing)) return null;
    const total = landing.reduce((a, b) => a + b, 0);
    return Array.from(this.events, (n, k) => (this.children[k]! >= minCell ? n / total : 0));
  }
}

/** Each step type's weekdays in the fitted data. */
export class StepWeekdayTallies {
  private readonly byType: (WeekdayPairs | undefined)[] = [];

  /** A step of `type` on `day` after the child's last step on `from`. */
  add(type: number, from: number, day: number, child: number): void {
    (this.byType[type] ??= new WeekdayPairs()).add(from, day, child);
  }

  /**
   * The model's stepWeekdays (each type's table where its data show a pattern) and stepBankHolidays (for those of the
   * same types closed on bank holidays, their rate: WeekdayPairs.holidayRate over the watched days `from` to `to`),
   * or undefined when no type shows a pattern.
   */
  fit(minCell: number, from: number, to: number): { tables: Partial<Record<EventType, number[]>>; holidays: Partial<Record<EventType, number>> } | undefined {
    const tables: Partial<Record<EventType, number[]>> = {};
    const holidays: Partial<Record<EventType, number>> = {};
    let any = false;
    this.byType.forEach((pairs, type) => {
      const shares = pairs?.fit(minCell);
      if (!shares) return;
      tables[EVENT_TYPES[type]!] = shares;
      const rate = pairs!.holidayRate(minCell, from, to);
      if (rate !== null) holidays[EVENT_TYPES[type]!] = rate;
      any = true;
    });
    return any ? { tables, holidays } : undefined;
  }
}

/**
 * [event type] → the chance (index s × 7 + l) that a step drawn for weekday l after a step on weekday s is kept:
 * target(l | s) ÷ proposal(l | s), over its largest for that s (see the file's head). Where the data hold no step
 * after a step on weekday s (a copy's step after a weekend contact the log has none of), the landing weekday's share
 * over the largest share. null where the model has none.
 */
export function compileStepWeekdays(shares: Partial<Record<EventType, readonly number[]>> | undefined, holidays: Partial<Record<EventType, number>> = {}): (StepWeekdays | null)[] | null {
  if (!shares) return null;
  const out = EVENT_TYPES.map((name): StepWeekdays | null => {
    const table = shares[name];
    if (!table) return null;
    const closed = new Uint8Array(7).fill(1);
    for (let k = 0; k < 49; k++) if (table[k]! > 0) closed[k % 7] = 0;
    // (a model written before the bank holidays were kept has none: they keep every landing, as before)
    return { keep: keepChances(table), closed, holiday: Math.min(1, holidays[name] ?? 1) };
  });
  return out.some((k) => k !== null) ? out : null;
}

/** One step type's compiled weekdays. */
export interface StepWeekdays {
  /** the chance a step drawn for weekday l after a step on weekday s is kept, at s × 7 + l */
  keep: Float64Array;
  /** [weekday] → 1 where the data hold none of the type's steps on it (a weekend of an office's steps) */
  closed: Uint8Array;
  /** the chance a landing on a bank holiday (Monday to Friday) is kept besides: the holidays' rate, at most 1 */
  holiday: number;
}

function keepChances(table: readonly number[]): Float64Array {
  // The proposal: how far on (mod 7) the type's steps land from the last step, pooled over its weekdays.
  const shift = new Float64Array(7);
  for (let s = 0; s < 7; s++) for (let l = 0; l < 7; l++) shift[(l - s + 7) % 7]! += table[s * 7 + l]!;
  const landing = new Float64Array(7);
  for (let k = 0; k < 49; k++) landing[k % 7]! += table[k]!;
  const busiest = Math.max(...landing);
  const keep = new Float64Array(49);
  for (let s = 0; s < 7; s++) {
    let from = 0;
    for (let l = 0; l < 7; l++) from += table[s * 7 + l]!;
    if (!(from > 0)) {
      for (let l = 0; l < 7; l++) keep[s * 7 + l] = busiest > 0 ? landing[l]! / busiest : 1;
      continue;
    }
    let most = 0;
    for (let l = 0; l < 7; l++) {
      const proposal = shift[(l - s + 7) % 7]!;
      const ratio = proposal > 0 ? table[s * 7 + l]! / from / proposal : 0;
      keep[s * 7 + l] = ratio;
      most = Math.max(most, ratio);
    }
    for (let l = 0; l < 7; l++) keep[s * 7 + l] = most > 0 ? keep[s * 7 + l]! / most : 1;
  }
  return keep;
}

/**
 * The day of a step first drawn for `day` after the child's last step on `from`: kept with its chance (`keep`,
 * compileStepWeekdays), else `redraw()` (the step's duration drawn again, from `random`) until one is kept, at most
 * STEP_WEEKDAY_TRIES times; when none is, the first day moved on to the next day that may be kept (a weekend
 * landing left where it fell put 5 of 70,000 steps on a weekend the data never record one on).
 */
export function onStepWeekday(rule: StepWeekdays, from: number, day: number, random: Random, redraw: () => number): number {
  const row = weekday(from) * 7;
  const chance = (d: number): number => rule.keep[row + weekday(d)]! * (rule.holiday < 1 && weekdayHoliday(d) ? rule.holiday : 1);
  if (random.next() < chance(day)) return day;
  for (let k = 0; k < STEP_WEEKDAY_TRIES; k++) {
    const again = redraw();
    if (random.next() < chance(again)) return again;
  }
  let next = day;
  while (chance(next) <= 0 && next < day + 7) next++;
  return next;
}

/** Whether the data hold none of the type's steps on `day`'s weekday, or on a bank holiday when `day` is one. */
export function closedOn(rule: StepWeekdays, day: number): boolean {
  return rule.closed[weekday(day)] === 1 || (rule.holiday === 0 && weekdayHoliday(day));
}
