// Test generator B, "census": a log shaped like one built from CIN census returns, with no episode ids.
// Referral-led (only some referrals have a contact before them, with a blank outcome that converts by
// the referral following within days); strategy discussions, when recorded at all, come days before the
// S47; S47s have no recorded end; ICPC outcomes are sometimes blank and CP plans start days after the
// conference; a few episodes are transfer-ins (a conference with no S47); some children come straight
// into care, some care periods run back to back; a third of episodes are never closed. The next referral
// is timed from the previous referral, not from the episode's end (but never before the episode's last
// step). Durations are Weibull and gamma; the PRNG is a 32-bit LCG mixed through a xorshift (its own).
// Nothing happens on or after the 18th birthday except ends, which move to the day before it.
import type { EventRecord } from '../../../core/event-table.js';
import { addMonths, civilFromDay } from '../../../core/dates.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

function lcgXorshift(seed: number): () => number {
  let state = (seed ^ 0xdeadbeef) >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    let x = state;
    x ^= x >>> 15;
    x = Math.imul(x, 0x2c1b3c6d) >>> 0;
    x ^= x >>> 12;
    return (x >>> 0) / 4294967296;
  };
}

const START_OF: Partial<Record<EventType, EventType>> = {
  assessment_end: 'assessment_start', cp_plan_end: 'cp_plan_start', cin_plan_end: 'cin_plan_start', cla_end: 'cla_start',
};

export function censusLog({ children, from, to, seed }: TestLogOptions): TestLog {
  const r = lcgXorshift(seed);
  /** Weibull whole days: shape k, scale lambda */
  const weibull = (k: number, lambda: number): number => Math.round(lambda * Math.pow(-Math.log(1 - r()), 1 / k));
  /** gamma with integer shape n (a sum of exponentials), whole days */
  const gamma = (n: number, scale: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s -= Math.log(1 - r()) * scale;
    return Math.round(s);
  };
  const yes = (p: number): boolean => r() < p;
  const TERM = [1.0, 1.05, 1.05, 0.9, 1.05, 1.0, 0.85, 0.7, 1.2, 1.2, 1.1, 0.9];
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  const ETHNIC = ['WBRI', 'WBRI', 'WBRI', 'WBRI', 'WBRI', 'WIRI', 'MWBA', 'MOTH', 'AIND', 'ABAN', 'BCRB', 'BOTH', 'CHNE', 'REFU'];

  for (let c = 0; c < children; c++) {
    const id = `CEN-${(c * 7919 + 13).toString(36)}`;
    let first: number;
    do first = from + Math.floor(r() * (to - from + 1));
    while (r() * 1.2 > TERM[civilFromDay(first).month - 1]!);
    const dob = first - 7 - Math.floor(r() * 17.6 * 365.25);
    const lastDay = addMonths(dob, 216) - 1;
    people.push({ id, dob, sex: yes(0.46) ? 'F' : yes(0.98) ? 'M' : 'U', ethnicity: ETHNIC[Math.floor(r() * ETHNIC.length)]!, disability: yes(0.13) ? 'Y' : 'N' });
    const rows: EventRecord[] = [];
    const add = (type: EventType, day: number, outcome: string | null = null, source: string | null = null): number => {
      rows.push({ child: id, type, day, outcome, source });
      return day;
    };
    let referralDay = first;
    let episodes = 0;
    let planned = false;
    while (referralDay <= to) {
      episodes++;
      const source = ['1A', '2A', '2B', '3B', '3E', '4', '5B', '6', '6', '6', '7', '10'][Math.floor(r() * 12)]!;
      const episodeRows = rows.length;
      if (yes(0.4)) add('contact', referralDay - (yes(0.5) ? 0 : 1 + Math.floor(r() * 5)), null, source);
      const nfa = yes(0.05);
      let end = add('referral', referralDay, nfa ? 'nfa' : null, source);
      const ends: number[] = [];
      if (!nfa && yes(0.03)) {
        // Straight into care (a child arriving alone, say): no assessment.
        let care = add('cla_start', referralDay);
        for (let period = 1; ; period++) {
          const stop = add('cla_end', care + 30 + weibull(1.2, 380), yes(0.4) ? 'E11' : 'E41');
          ends.push(stop);
          if (period === 3 || !yes(0.25)) break;
          care = add('cla_start', stop);
        }
      } else if (!nfa && yes(0.025)) {
        // A transfer-in: the conference with no S47, the plan continuing from another council, which
        // referred the child (5C; set after the draws, which stay as they were).
        for (let k = episodeRows; k < rows.length; k++) rows[k]!.source = '5C';
        const conference = add('icpc', referralDay + gamma(2, 4), yes(0.7) ? 'cp_plan' : null);
        const start = add('cp_plan_start', conference + (yes(0.5) ? 0 : 1 + gamma(1, 2)));
        ends.push(add('cp_plan_end', start + 20 + weibull(1.7, 260)));
        planned = true;
      } else if (!nfa) {
        const assessment = add('assessment_start', referralDay + gamma(1, 2));
        let outcome = yes(0.45) ? 'cin' : yes(0.85) ? 'nfa' : 'early_help';
        let plan: 'cp' | 'cin' | null = null;
        let planFrom = 0;
        if (yes(planned ? 0.5 : 0.26)) {
          const s47Day = assessment + 2 + gamma(2, 3);
          if (yes(0.7)) add('strategy_discussion', Math.max(referralDay, s47Day - 2 - Math.floor(r() * 5)));
          const s47 = add('s47_start', s47Day);
          if (yes(planned ? 0.55 : 0.36)) {
            const toPlan = yes(planned ? 0.92 : 0.82);
            const conference = add('icpc', s47 + 8 + weibull(3, 14), yes(0.25) ? null : toPlan ? 'cp_plan' : 'no_plan');
            outcome = 'cin';
            if (toPlan) {
              plan = 'cp';
              planFrom = add('cp_plan_start', conference + (yes(0.4) ? 0 : 1 + Math.floor(r() * 10)));
            }
          }
        }
        ends.push(add('assessment_end', assessment + 5 + gamma(3, 11), outcome));
        if (plan === null && outcome === 'cin' && yes(0.6)) {
          plan = 'cin';
          planFrom = add('cin_plan_start', ends[0]! + gamma(1, 4));
          ends.push(add('cin_plan_end', planFrom + weibull(1.3, 220)));
        }
        if (plan === 'cp') {
          planned = true;
          const planEnd = planFrom + 15 + weibull(1.6, 280);
          if (yes(0.1)) {
            let care = add('cla_start', planFrom + gamma(2, 40));
            ends.push(add('cp_plan_end', Math.min(planEnd, care + gamma(1, 10))));
            for (let period = 1; ; period++) {
              const stop = add('cla_end', care + 20 + weibull(1.1, 450), ['E4A', 'E12', 'E13', 'E41', 'E8'][Math.floor(r() * 5)]!);
              ends.push(stop);
              if (period === 3 || !yes(0.2)) break;
              care = add('cla_start', stop);
            }
          } else ends.push(add('cp_plan_end', planEnd));
        }
      }
      end = Math.max(end, ...rows.map((row) => row.day));
      if (yes(0.67)) end = add('case_closed', end + gamma(2, 4), nfa ? 'RC8' : ['RC1', 'RC2', 'RC4', 'RC8'][Math.floor(r() * 4)]!);
      // A police notification or other contact that goes no further, now and then.
      if (yes(0.2)) add('contact', referralDay + Math.floor(r() * Math.max(1, end - referralDay)), yes(0.5) ? 'nfa' : null, '6');
      const back = episodes === 1 ? 0.46 : episodes === 2 ? 0.56 : 0.66;
      if (!yes(planned ? back + 0.1 : back)) break;
      referralDay = Math.max(end + 8, referralDay + weibull(0.9, 420));
    }
    rows.sort((a, b) => a.day - b.day);
    const open = new Map<EventType, number>();
    for (const row of rows) {
      if (row.day > to) break;
      const startType = START_OF[row.type];
      if (row.day <= lastDay) {
        if (startType) open.set(startType, (open.get(startType) ?? 1) - 1);
        else if (row.type === 'cla_start' || row.type === 'assessment_start' || row.type === 'cp_plan_start' || row.type === 'cin_plan_start') open.set(row.type, (open.get(row.type) ?? 0) + 1);
        records.push(row);
      } else if (startType && (open.get(startType) ?? 0) > 0) {
        open.set(startType, open.get(startType)! - 1);
        records.push({ ...row, day: lastDay });
      }
    }
  }
  return testLog(records, people);
}
