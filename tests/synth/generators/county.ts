// Test generator A, "county": a contact-led front door written with episode ids. Every contact is
// screened first; strategy discussion and S47 start on the same day; the S47's end (with its outcome) is
// recorded before the conference; a CP plan starts on the day of its ICPC. Arrivals are flat over the
// years with school-holiday dips (August, late December) and quiet weekends. Durations are log-normal.
// Nothing happens after the 18th birthday: steps due after it are dropped, ends due after it fall on it.
// Written without reference to synth/ (its PRNG is xorshift128+, its parameters its own).
import type { EventRecord } from '../../../core/event-table.js';
import { addMonths, civilFromDay, weekday } from '../../../core/dates.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

function xorshift128plus(seed: number): () => number {
  let s0 = (seed * 2654435761) >>> 0 || 1;
  let s1 = (seed ^ 0x5bd1e995) >>> 0 || 2;
  let s2 = 0x9e3779b9;
  let s3 = 0x7f4a7c15;
  const next32 = (): number => {
    let t = s3;
    const s = s0;
    s3 = s2;
    s2 = s1;
    s1 = s;
    t ^= t << 11;
    t ^= t >>> 8;
    s0 = (t ^ s ^ (s >>> 19)) >>> 0;
    return s0;
  };
  for (let i = 0; i < 20; i++) next32();
  return () => next32() / 4294967296;
}

const ENDS: Partial<Record<EventType, EventType>> = {
  assessment_end: 'assessment_start', s47_end: 's47_start', cp_plan_end: 'cp_plan_start', cin_plan_end: 'cin_plan_start',
  cla_end: 'cla_start', early_help_end: 'early_help_start',
};

export function countyLog({ children, from, to, seed }: TestLogOptions): TestLog {
  const u = xorshift128plus(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  /** log-normal whole days with the given median and spread */
  const ln = (median: number, sigma: number): number => Math.max(0, Math.round(median * Math.exp(sigma * normal())));
  const chance = (p: number): boolean => u() < p;
  const choose = <T>(pairs: ReadonlyArray<readonly [T, number]>): T => {
    let x = u() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[pairs.length - 1]![0];
  };
  const MONTH = [1.05, 1.05, 1.05, 0.95, 1.05, 1.0, 1.0, 0.7, 1.1, 1.1, 1.05, 0.8];
  const records: EventRecord[] = [];
  const people: TestChild[] = [];

  for (let c = 0; c < children; c++) {
    const id = `CTY${String(c).padStart(6, '0')}`;
    let arrival: number;
    do arrival = from + Math.floor(u() * (to - from + 1));
    while (u() > MONTH[civilFromDay(arrival).month - 1]! / 1.1 || (weekday(arrival) >= 5 && chance(0.7)));
    const years = choose([[0, 0.1], [1 + Math.floor(u() * 4), 0.2], [5 + Math.floor(u() * 5), 0.25], [10 + Math.floor(u() * 6), 0.33], [16 + Math.floor(u() * 2), 0.12]] as const);
    const dob = arrival - years * 365 - Math.floor(u() * 365);
    const eighteenth = addMonths(dob, 216);
    people.push({
      id, dob, sex: chance(0.52) ? 'M' : chance(0.97) ? 'F' : 'U',
      ethnicity: choose([['WBRI', 0.68], ['WOTH', 0.06], ['MWBC', 0.05], ['APKN', 0.05], ['BAFR', 0.06], ['AOTH', 0.04], ['OOTH', 0.03], ['NOBT', 0.03]] as const),
      disability: chance(0.11) ? 'Y' : chance(0.9) ? 'N' : 'U',
    });
    const rows: EventRecord[] = [];
    const add = (type: EventType, day: number, outcome: string | null = null, episodeId: string | null = null, source: string | null = null): number => {
      rows.push({ child: id, type, day, outcome, episodeId, source });
      return day;
    };
    let t = arrival;
    let episodes = 0;
    let hadPlan = false;
    for (let trip = 0; trip < 25 && t <= to && t < eighteenth; trip++) {
      const source = choose([['6', 0.3], ['2A', 0.18], ['3A', 0.08], ['5A', 0.1], ['1A', 0.06], ['8', 0.1], ['9', 0.04], ['7', 0.14]] as const);
      const referred = chance(episodes === 0 ? 0.27 : 0.55);
      const contactOutcome = referred ? 'referral' : choose([['advice', 0.45], ['nfa', 0.4], ['early_help', 0.15]] as const);
      let last = add('contact', t, contactOutcome, null, source);
      if (contactOutcome === 'early_help' && chance(0.85)) {
        const start = add('early_help_start', last + ln(6, 0.6));
        last = add('early_help_end', start + ln(110, 0.5));
      }
      if (referred) {
        episodes++;
        const ep = `${id}-E${episodes}`;
        const referral = add('referral', last + (chance(0.55) ? 0 : 1 + Math.floor(u() * 3)), chance(0.08) ? 'nfa' : null, ep, source);
        last = referral;
        if (rows[rows.length - 1]!.outcome === 'nfa') last = add('case_closed', referral + ln(3, 0.5), 'RC8', ep);
        else {
          const assessment = add('assessment_start', referral + (chance(0.3) ? 0 : ln(3, 0.7)), null, ep);
          last = assessment;
          let assessed: 'cin' | 'nfa' | 'early_help' = choose([['nfa', 0.5], ['cin', 0.38], ['early_help', 0.12]] as const);
          let plan: 'cp' | 'cin' | null = null;
          if (chance(hadPlan ? 0.45 : 0.22)) {
            const strategy = add('strategy_discussion', assessment + ln(3, 0.8), null, ep);
            const s47 = add('s47_start', strategy + (chance(0.85) ? 0 : 1), null, ep);
            if (chance(hadPlan ? 0.6 : 0.4)) {
              const end = add('s47_end', s47 + ln(9, 0.3), 'icpc', ep);
              const icpc = add('icpc', Math.max(end, s47 + ln(19, 0.2)), chance(hadPlan ? 0.9 : 0.84) ? 'cp_plan' : 'no_plan', ep);
              if (rows[rows.length - 1]!.outcome === 'cp_plan') {
                add('cp_plan_start', icpc, null, ep);
                plan = 'cp';
              }
              assessed = 'cin';
              last = icpc;
            } else {
              const outcome = chance(0.45) ? 'cin' : 'nfa';
              last = add('s47_end', s47 + ln(14, 0.5), outcome, ep);
              if (outcome === 'cin') assessed = 'cin';
            }
          }
          last = add('assessment_end', Math.max(last, assessment + ln(33, 0.45)), assessed, ep);
          if (plan === null && assessed === 'cin' && chance(0.8)) plan = 'cin';
          if (plan === 'cp') {
            hadPlan = true;
            const planStart = rows.find((r) => r.type === 'cp_plan_start' && r.episodeId === ep)!.day;
            if (chance(0.25)) {
              const care = add('cla_start', Math.max(last, planStart + ln(70, 0.8)), null, ep);
              add('cp_plan_end', care + ln(12, 0.5), null, ep);
              last = add('cla_end', care + ln(500, 0.8), choose([['E4A', 0.3], ['E11', 0.15], ['E12', 0.15], ['E13', 0.1], ['E41', 0.1], ['E8', 0.2]] as const), ep);
            } else last = add('cp_plan_end', Math.max(last, planStart + ln(290, 0.55)), null, ep);
          } else if (plan === 'cin') {
            const start = add('cin_plan_start', last + ln(5, 0.8), null, ep);
            last = add('cin_plan_end', start + ln(170, 0.6), null, ep);
            // Some children in need come into care after their plan, for a shorter stay.
            if (chance(0.06)) {
              const care = add('cla_start', last + ln(20, 0.7), null, ep);
              last = add('cla_end', care + ln(300, 0.9), choose([['E4A', 0.5], ['E13', 0.2], ['E12', 0.3]] as const), ep);
            }
          }
          last = add('case_closed', last + ln(6, 0.7), assessed === 'nfa' ? 'RC8' : plan === 'cp' ? 'RC2' : 'RC1', ep);
        }
      }
      const comesBack = episodes === 0 ? 0.5 : episodes === 1 ? 0.66 : hadPlan ? 0.8 : 0.72;
      if (!chance(comesBack)) break;
      t = last + 1 + ln(episodes === 0 ? 230 : 170, 1.1);
    }
    rows.sort((a, b) => a.day - b.day);
    // The 18th birthday: no step on or after it; an end due after it falls on it.
    const open = new Set<string>();
    for (const r of rows) {
      if (r.day > to) break;
      const startOf = ENDS[r.type];
      const key = (type: EventType) => `${type}|${r.episodeId}`;
      if (r.day < eighteenth) {
        if (startOf) open.delete(key(startOf));
        else open.add(key(r.type));
        records.push(r);
      } else if (startOf && open.has(key(startOf))) {
        open.delete(key(startOf));
        records.push({ ...r, day: eighteenth });
      }
    }
  }
  return testLog(records, people);
}
