// Test generator "adulthood": a council whose system stops recording a child at 18. Whatever is open on the 18th
// birthday (care, a CP or CIN plan, early help, the case itself) is never ended or closed in the log, however long
// the log runs on. Children come in at 9 to 17, so many turn 18 with something open, years before the log's end.
// The office records its steps on working days only (Monday to Friday but bank holidays: a step due on a weekend or
// a bank holiday is written on the next working day); contacts come on any day. Episode ids on about two children in three. Written on its own: its own
// PRNG (a 32-bit LCG with a xorshift output), exponential and gamma-like sums of uniforms, nothing shared with
// synth/ or the other generators.
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../../../core/bank-holidays.js';
import { civilFromDay, dayFromCivil, parseDay, weekday } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

const HOLIDAYS = new Set(BANK_HOLIDAYS_ENGLAND_WALES.map((d) => parseDay(d)!));

/**
 * `anyDay`: step types the office records on any day, as it does contacts (a log with out-of-hours strategy
 * discussions). `endedAtEighteen`: ends the system records on the 18th birthday when they fall due on or after it
 * (a council that ends every plan at 18 but leaves care open).
 */
export function adulthoodLog({ children, from, to, seed }: TestLogOptions, { anyDay = [], endedAtEighteen = [] }: { anyDay?: readonly EventType[]; endedAtEighteen?: readonly EventType[] } = {}): TestLog {
  const onAnyDay = new Set<EventType>(['contact', ...anyDay]);
  const endsOnBirthday = new Set<EventType>(endedAtEighteen);
  let state = (seed * 747796405 + 2891336453) >>> 0;
  const u = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    let x = state ^ (state >>> 15);
    x = Math.imul(x, 0x2c1b3c6d) >>> 0;
    return ((x ^ (x >>> 12)) >>> 0) / 4294967296;
  };
  /** a sum of `k` exponentials of mean `mean / k`, at least `floor` */
  const gamma = (k: number, mean: number, floor = 0): number => {
    let s = 0;
    for (let i = 0; i < k; i++) s -= Math.log(1 - u()) * (mean / k);
    return Math.max(floor, Math.round(s));
  };
  /** the day itself, or the next day that is neither a Saturday, a Sunday (weekday(): Monday 0) nor a bank holiday */
  const working = (day: number): number => {
    let d = day;
    while (weekday(d) >= 5 || HOLIDAYS.has(d)) d++;
    return d;
  };
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `ADU${(c * 104729 + 7).toString(36).toUpperCase()}`;
    let day = from + Math.floor(u() * (to - from + 1));
    const dob = day - Math.round((9 + 8.5 * u()) * 365.25);
    const birth = civilFromDay(dob);
    const eighteenth = dayFromCivil(birth.year + 18, birth.month, Math.min(birth.day, birth.month === 2 ? 28 : 31));
    const ids = u() < 0.65;
    people.push({ id, dob, sex: u() < 0.52 ? 'M' : 'F', ethnicity: u() < 0.75 ? 'WBRI' : u() < 0.5 ? 'ABAN' : 'MWBA', disability: u() < 0.09 ? 'Y' : 'N' });
    for (let n = 1; day <= to && day < eighteenth; n++) {
      const ep = ids ? `${id}/${n}` : null;
      /** Records a step on its working day unless that falls on or after the 18th birthday or the log's end; returns the day. */
      const add = (type: EventType, due: number, outcome: string | null = null): number => {
        let d = onAnyDay.has(type) ? due : working(due);
        if (d >= eighteenth && endsOnBirthday.has(type)) d = eighteenth;
        if (d <= to && (d < eighteenth || (d === eighteenth && endsOnBirthday.has(type)))) records.push({ child: id, type, day: d, outcome, source: type === 'contact' || type === 'referral' ? (u() < 0.5 ? '5A' : '1B') : null, episodeId: type === 'contact' ? null : ep });
        return d;
      };
      if (u() < 0.12) {
        // early help, no referral: ends months later (or never, past 18)
        const help = add('early_help_start', day);
        const helped = add('early_help_end', help + gamma(2, 220, 20));
        day = helped + gamma(2, 300, 30);
        if (u() < 0.5) break;
        continue;
      }
      add('contact', day, 'referral');
      const referral = add('referral', day + (u() < 0.7 ? 0 : gamma(1, 2)));
      const started = add('assessment_start', referral + gamma(1, 3));
      const path = u();
      let last: number;
      if (path < 0.22) {
        const discussion = add('strategy_discussion', started + gamma(1, 4));
        const s47 = add('s47_start', discussion + (u() < 0.6 ? 0 : 1));
        const toConference = u() < 0.45;
        const s47End = add('s47_end', s47 + gamma(2, 12, 1), toConference ? 'icpc' : 'cin');
        const assessed = add('assessment_end', Math.max(s47End, started + gamma(2, 25, 1)), 'cin');
        last = assessed;
        if (toConference) {
          const plan = u() < 0.84;
          const conference = add('icpc', s47End + gamma(3, 9, 1), plan ? 'cp_plan' : 'no_plan');
          last = Math.max(assessed, conference);
          if (plan) {
            const planStart = add('cp_plan_start', conference);
            last = Math.max(assessed, add('cp_plan_end', planStart + gamma(3, 330, 30)));
            if (u() < 0.15) {
              const care = add('cla_start', last);
              last = add('cla_end', care + gamma(2, 600, 10), u() < 0.6 ? 'E4A' : 'E13');
            }
          }
        }
      } else {
        const cin = u() < 0.5;
        const assessed = add('assessment_end', started + gamma(2, 24, 1), cin ? 'cin' : 'nfa');
        last = assessed;
        if (cin && u() < 0.75) {
          const plan = add('cin_plan_start', assessed + gamma(1, 6));
          last = add('cin_plan_end', plan + gamma(2, 260, 20));
        } else if (cin) {
          const care = add('cla_start', assessed + gamma(1, 5));
          last = add('cla_end', care + gamma(2, 700, 10), u() < 0.7 ? 'E4A' : 'E8');
        }
      }
      add('case_closed', last + gamma(1, 3), u() < 0.8 ? 'RC8' : 'RC1');
      if (u() < 0.65) break;
      day = last + 10 + gamma(2, 380);
    }
  }
  return testLog(records, people);
}
