// Test generator "police referrals": a council that, from `directDay`, records a share of its presentations
// (`directShare`, new children and children coming back alike) straight as referrals with no contact before them,
// as police referrals often are (source 1B); before it every presentation began with a contact (or the other way
// round with `reverse`: direct referrals until `directDay`, none after). Nothing else changes. A presentation is a
// contact deciding NFA (55%), early help (10%) or a referral the same day or within 3 days (35%); a referral, direct
// or not, leads to an assessment, then NFA or a child-in-need plan of 2-10 months, then a closure. Children come back
// at a rate that falls with the time since their last event (a Weibull-like gap: half within 9 months), most often
// when younger; volumes grow 4% a year and dip each August. Ages at first contact 0-17, older children slightly
// rarer; no episode ids. Its own PRNG (a linear congruential generator, 2^32), independent of synth/ and of the other
// generators here.
import { addMonths, civilFromDay } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export interface PoliceReferralOptions extends TestLogOptions {
  /** the day direct referrals begin (or, with `reverse`, end); after `to` for a log that never changes */
  directDay: number;
  /** the share of presentations recorded as a direct referral while they are (default 0.3) */
  directShare?: number;
  reverse?: boolean;
}

export function policeReferralLog(options: PoliceReferralOptions): TestLog {
  let state = (options.seed * 747796405 + 2891336453) >>> 0;
  const u = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const between = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const share = options.directShare ?? 0.3;
  const span = options.to - options.from;
  const direct = (day: number): boolean => (options.reverse ? day < options.directDay : day >= options.directDay) && u() < share;
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < options.children; n++) {
    const id = `PR${n}`;
    // first presentation: volumes growing 4% a year, fewer in August
    let first = options.from + Math.floor(u() * span);
    while (u() > (1 + (0.04 * (first - options.from)) / 365) / (1 + (0.04 * span) / 365) || (civilFromDay(first).month === 8 && u() < 0.3)) {
      first = options.from + Math.floor(u() * span);
    }
    const ageDays = Math.floor(17.9 * 365 * (1 - Math.sqrt(1 - u() * 0.9)));
    const dob = first - ageDays;
    const eighteenth = addMonths(dob, 216);
    const rows: EventRecord[] = [];
    const row = (type: EventType, day: number, outcome: string | null = null, source: string | null = null): void => {
      rows.push({ child: id, type, day, outcome, episodeId: null, source });
    };
    const referral = (day: number, source: string): number => {
      row('referral', day, null, source);
      const start = day + between(0, 4);
      const end = start + between(8, 44);
      row('assessment_start', start);
      if (u() < 0.45) {
        row('assessment_end', end, 'nfa');
        row('case_closed', end + between(0, 2), 'RC8');
        return end + 2;
      }
      row('assessment_end', end, 'cin');
      row('cin_plan_start', end);
      const planEnd = end + between(60, 300);
      row('cin_plan_end', planEnd);
      row('case_closed', planEnd, 'RC4');
      return planEnd;
    };
    let day = first;
    for (let visit = 0; visit < 12 && day < eighteenth - 1 && day <= options.to; visit++) {
      let last: number;
      if (direct(day)) last = referral(day, '1B');
      else {
        const r = u();
        if (r < 0.55) (row('contact', day, 'nfa', '1B'), (last = day));
        else if (r < 0.65) {
          row('contact', day, 'early_help', '1B');
          const ehStart = day + between(1, 10);
          row('early_help_start', ehStart);
          row('early_help_end', (last = ehStart + between(30, 200)));
        } else {
          row('contact', day, 'referral', '1B');
          last = referral(day + between(0, 3), '1B');
        }
      }
      // come back: more likely when young; gaps with a falling rate (about half within 9 months)
      const age = (last - dob) / 365;
      if (u() > 0.55 - age * 0.015) break;
      day = last + 1 + Math.floor(270 * Math.pow(-Math.log(1 - u() * 0.999), 1.6) / Math.pow(Math.LN2, 1.6));
    }
    const kept = rows.filter((r) => r.day >= options.from && r.day <= options.to && r.day < eighteenth);
    if (kept.length > 0) {
      records.push(...kept);
      people.push({ id, dob, sex: u() < 0.52 ? 'M' : 'F', ethnicity: u() < 0.8 ? 'WBRI' : 'AOTH', disability: 'N' });
    }
  }
  return testLog(records, people);
}
