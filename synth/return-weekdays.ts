// The weekdays children come back on: a contact after the child's first event, or a referral no contact asked for
// after a journey with nothing open. The copy dates such a step by its length in days, which lands on a Saturday as
// often as on a Monday; where a council records them on working days (audit a10h: 2.7% of a log's contacts on a
// weekend, 11.3% of its copy's) the fit keeps their weekday shares and the copy moves the step to one of the next
// days short of its share (onReturnWeekday). Kept only where the data show a weekday pattern (a chi-squared test of
// equal days at 0.1%, as the months' pretest) and every weekday's are of minCell children or more, or of none.
import { weekday } from '../core/dates.js';
import { chiSquareUpper, PRETEST_Z } from '../core/analysis/linear-model.js';
import { EV } from '../core/events.js';
import type { Random } from './random.js';

/**
 * Whose weekday shares a step takes, one rule for the fit and the generator: a contact after the child's first
 * step; a referral with nothing open that no contact just asked for (that one keeps the contact's day, or its own
 * length after it); else none. `lastLabel`: the label code of the child's last step (states.ts), −1 before the first.
 */
export function weekdayKind(type: number, lastLabel: number, idle: boolean): 'contact' | 'referral' | null {
  if (lastLabel < 0) return null;
  if (type === EV.contact) return 'contact';
  return type === EV.referral && idle && lastLabel >> 6 !== EV.contact ? 'referral' : null;
}

/**
 * Whether seven weekday counts (Monday first) show a pattern: a chi-squared test of equal days at 0.1%, the
 * months' pretest. One test for the returns' and the steps' weekdays.
 */
export function showsWeekdayPattern(counts: ArrayLike<number>): boolean {
  let total = 0;
  for (let w = 0; w < 7; w++) total += counts[w]!;
  if (!(total > 0)) return false;
  const expected = total / 7;
  let x2 = 0;
  for (let w = 0; w < 7; w++) x2 += (counts[w]! - expected) ** 2 / expected;
  return x2 > chiSquareUpper(6, PRETEST_Z);
}

export class ReturnWeekdayTally {
  private readonly events = new Array<number>(7).fill(0);
  private readonly children = new Array<number>(7).fill(0);
  private readonly lastChild = new Int32Array(7).fill(-1);

  add(day: number, child: number): void {
    const w = weekday(day);
    this.events[w]!++;
    if (this.lastChild[w] !== child) (this.lastChild[w] = child), this.children[w]!++;
  }

  /** Each weekday's share of returns (Monday first), or null where the data show no pattern or a day is a small cell. */
  fit(minCell: number): number[] | null {
    const total = this.events.reduce((a, b) => a + b, 0);
    if (total === 0 || this.children.some((n) => n > 0 && n < minCell)) return null;
    return showsWeekdayPattern(this.events) ? this.events.map((n) => n / total) : null;
  }
}

/**
 * The day a step drawn for `day` comes on, so that steps landing on every weekday alike come on the fitted
 * weekdays' shares: kept with chance 7 × its weekday's share (at most 1), else moved on to one of the next 6
 * days, each in proportion to how far its weekday's share exceeds a seventh (a Saturday's contacts mostly to the
 * Monday, as councils record contacts made out of hours). Moving each rejected day to the next one instead piled
 * them on Mondays: on the auditor's log A 33.7% of the copy's contacts against the log's 26.6%.
 */
export function onReturnWeekday(shares: readonly number[], day: number, random: Random): number {
  const w = weekday(day);
  if (random.next() < 7 * shares[w]!) return day;
  const short = (s: number): number => Math.max(0, shares[(w + s) % 7]! - 1 / 7);
  let total = 0;
  for (let s = 1; s < 7; s++) total += short(s);
  if (!(total > 0)) return day;
  let u = random.next() * total;
  for (let s = 1; s < 7; s++) if ((u -= short(s)) < 0) return day + s;
  return day + 6;
}
