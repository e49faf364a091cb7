// Test generator "deadline": an office that times assessments in working days and authorises many on the last day
// the statutory measure allows, the 45th working day (its own working-day count over the bank holidays' dates,
// not core/'s calendar), the others spread over 4 to 70 working days; a few more on the 46th and 47th, as
// late ones are. Every step on a working day. Journeys are short scripts (contact and referral, an assessment,
// then NFA or a CIN plan), children arriving uniformly. Its own PRNG (Park and Miller's), independent of synth/.
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../../../core/bank-holidays.js';
import { addMonths, dayFromCivil } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

// (the dates as data: tests/core/working-days.test.ts holds them equal to the spec's CSV, which a bare clone lacks)
const HOLIDAYS = new Set(BANK_HOLIDAYS_ENGLAND_WALES.map((text) => dayFromCivil(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)))));
/** Monday to Friday and not a bank holiday (day 0, 1970-01-01, was a Thursday). */
const isWorking = (day: number): boolean => ((day % 7) + 7 + 3) % 7 < 5 && !HOLIDAYS.has(day);
/** The n-th working day after `day`. */
function workingDaysAfter(day: number, n: number): number {
  let d = day;
  for (let k = 0; k < n; ) if (isWorking(++d)) k++;
  return d;
}
function nextWorking(day: number): number {
  let d = day;
  while (!isWorking(d)) d++;
  return d;
}

export interface DeadlineOptions extends TestLogOptions {
  /** share of assessments authorised on the 45th working day */
  onDeadline: number;
}

export function deadlineLog(options: DeadlineOptions): TestLog {
  // Park and Miller's minimal standard generator
  let s = (options.seed % 2147483646) + 1;
  const u = (): number => (s = (s * 48271) % 2147483647) / 2147483647;
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < options.children; n++) {
    const id = `DL${n}`;
    const dob = int(options.from - 17 * 365, options.to - 30);
    const rows: EventRecord[] = [];
    const row = (type: EventType, day: number, ep: string, outcome: string | null = null): void => {
      rows.push({ child: id, type, day, outcome, episodeId: type === 'contact' ? null : ep, source: type === 'referral' ? '1A' : null });
    };
    let day = nextWorking(Math.max(dob + 30, int(options.from, options.to - 90)));
    for (let e = 1; e <= 3 && day < options.to; e++) {
      const ep = `${id}-${e}`;
      row('contact', day, ep, 'referral');
      const referral = u() < 0.6 ? day : workingDaysAfter(day, int(1, 2));
      row('referral', referral, ep);
      const start = workingDaysAfter(referral, int(0, 3));
      row('assessment_start', start, ep);
      const r = u();
      const length = r < options.onDeadline ? 45 : r < options.onDeadline + 0.04 ? int(46, 47) : int(4, 70);
      const end = workingDaysAfter(start, length);
      if (u() < 0.45) {
        row('assessment_end', end, ep, 'nfa');
        row('case_closed', end, ep, 'RC8');
        day = nextWorking(end + int(120, 1200));
      } else {
        row('assessment_end', end, ep, 'cin');
        row('cin_plan_start', end, ep);
        const planEnd = nextWorking(end + int(60, 400));
        row('cin_plan_end', planEnd, ep);
        row('case_closed', planEnd, ep, 'RC2');
        day = nextWorking(planEnd + int(120, 1200));
      }
    }
    // the log's window, and nothing on or after the 18th birthday
    const kept = rows.filter((r) => r.day >= options.from && r.day <= options.to && r.day < addMonths(dob, 216));
    if (kept.length > 0) {
      records.push(...kept);
      people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
    }
  }
  return testLog(records, people);
}
