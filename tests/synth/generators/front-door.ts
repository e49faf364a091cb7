// Test generator "front door": a council whose front door starts recording the advice it gives as contacts on
// one date (`changeDay`): from then each presentation brings one or two advice contacts, days apart, before the
// contact that decides it. Nothing else changes: who comes, how often they are referred, what follows a
// referral, how soon a closed case comes back; the advice contacts are recorded as the ones that decide nothing
// were before (NFA or advice), so only their number tells them apart. Presentations are chains of contacts 0 to 12 days apart; half
// decide on a referral (the referral the same day or the next), the rest NFA. A referral leads to an
// assessment, NFA or a CIN plan, then a closure; a child comes back after a closure or an NFA contact in 40% of
// cases, 2 months to 3 years on. Arrivals follow the month (a winter peak), ages 0 to 17 at arrival; a third of
// the children's episodes carry ids. Its own PRNG (xorshift32), independent of synth/.
import { addMonths, civilFromDay } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export interface FrontDoorOptions extends TestLogOptions {
  /** the first day presentations bring advice contacts (none with `changeDay` after `to`) */
  changeDay: number;
}

/** Arrival weight by month (January first): a winter peak, a dip in August. */
const MONTH_WEIGHT = [1.15, 1.1, 1.05, 0.95, 0.95, 0.9, 0.85, 0.7, 1.0, 1.1, 1.15, 0.95];

export function frontDoorLog(options: FrontDoorOptions): TestLog {
  let x = (options.seed * 2654435761) >>> 0 || 1;
  const u = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < options.children; n++) {
    const id = `FD${n}`;
    // arrival day by rejection on the month's weight
    let first = int(options.from, options.to);
    while (u() * 1.2 > MONTH_WEIGHT[civilFromDay(first).month - 1]!) first = int(options.from, options.to);
    const dob = first - int(0, 17 * 365 + 300);
    const eighteenth = addMonths(dob, 216);
    const withIds = u() < 0.35;
    const rows: EventRecord[] = [];
    const row = (type: EventType, day: number, episode: string | null, outcome: string | null = null): void => {
      rows.push({ child: id, type, day, outcome, episodeId: withIds ? episode : null, source: type === 'contact' || type === 'referral' ? '3A' : null });
    };
    let day = first;
    let episodes = 0;
    while (day < eighteenth - 1 && day <= options.to) {
      // the presentation: advice contacts from the change on, then one or two contacts, the last deciding it
      const advice = day >= options.changeDay ? (u() < 0.6 ? 1 : 2) : 0;
      const ordinary = u() < 0.7 ? 1 : 2;
      for (let k = 0; k < advice + ordinary - 1; k++) {
        // (recorded as an ordinary contact that decides nothing is: NFA or advice)
        row('contact', day, null, u() < 0.5 ? 'advice' : 'nfa');
        day += int(0, 12);
      }
      if (day >= eighteenth - 1) break;
      if (u() < 0.5) {
        row('contact', day, null, 'referral');
        const ep = `${id}-${++episodes}`;
        const referral = day + (u() < 0.7 ? 0 : 1);
        row('referral', referral, ep);
        const start = referral + int(0, 5);
        const end = start + int(10, 60);
        row('assessment_start', start, ep);
        if (u() < 0.5) {
          row('assessment_end', end, ep, 'nfa');
          row('case_closed', end, ep, 'RC8');
          day = end;
        } else {
          row('assessment_end', end, ep, 'cin');
          row('cin_plan_start', end, ep);
          const planEnd = end + int(60, 300);
          row('cin_plan_end', planEnd, ep);
          row('case_closed', planEnd, ep, 'RC7');
          day = planEnd;
        }
      } else row('contact', day, null, 'nfa');
      if (u() >= 0.4) break;
      day += int(60, 3 * 365);
    }
    // the log's window, and nothing on or after the 18th birthday
    const kept = rows.filter((r) => r.day >= options.from && r.day <= options.to && r.day < eighteenth);
    if (kept.length > 0) {
      records.push(...kept);
      people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
    }
  }
  return testLog(records, people);
}
