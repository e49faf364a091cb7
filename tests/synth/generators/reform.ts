// Test generator "reform": a council that changes its practice on one day in the middle of its log. Before the
// reform, assessments take a median 40 days, CP plans 330, 92% of strategy discussions lead to an S47, 90% of
// assessments ending "cin" to a CIN plan and 56% of contacts to a referral; from the reform day on, 19 days,
// 175 days, 52%, 60% and 40% (each read on the day the step is decided: an assessment's length on its start,
// a plan's on its start, the S47 on the discussion's day). Without `reformDay` every year is the pre-reform
// practice (the placebo). Episode ids on every row; children stop being recorded at 18. Written on its own:
// its own PRNG (xoshiro128**), log-normals by Box–Muller, nothing shared with synth/ or the other generators.
import { civilFromDay, dayFromCivil } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export interface ReformOptions {
  /** the day the new practice begins; absent: the old practice throughout */
  reformDay?: number;
  /** a fifth of the assessments finding no need for social care end `early_help`, early help starting that day (audit a10n) */
  earlyHelp?: boolean;
}

interface Practice {
  assessmentMedian: number;
  planMedian: number;
  discussionToS47: number;
  cinToPlan: number;
  contactToReferral: number;
}

const OLD: Practice = { assessmentMedian: 40, planMedian: 330, discussionToS47: 0.92, cinToPlan: 0.9, contactToReferral: 0.56 };
const NEW: Practice = { assessmentMedian: 19, planMedian: 175, discussionToS47: 0.52, cinToPlan: 0.6, contactToReferral: 0.4 };

export function reformLog({ children, from, to, seed }: TestLogOptions, { reformDay, earlyHelp = false }: ReformOptions = {}): TestLog {
  // xoshiro128** seeded by splitmix32
  let x = seed >>> 0;
  const split = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [split(), split(), split(), split()];
  const rotl = (v: number, k: number): number => ((v << k) | (v >>> (32 - k))) >>> 0;
  const u = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2] = (s[2]! ^ s[0]!) >>> 0;
    s[3] = (s[3]! ^ s[1]!) >>> 0;
    s[1] = (s[1]! ^ s[2]!) >>> 0;
    s[0] = (s[0]! ^ s[3]!) >>> 0;
    s[2] = (s[2]! ^ t) >>> 0;
    s[3] = rotl(s[3]!, 11);
    return result / 4294967296;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  /** whole days, log-normal about `median`, at least `floor` */
  const lognormal = (median: number, sigma: number, floor = 1): number => Math.max(floor, Math.round(median * Math.exp(sigma * gauss())));
  /** a few days: 0 with chance `zero`, else 1 + a geometric of mean `mean` */
  const few = (zero: number, mean: number): number => (u() < zero ? 0 : 1 + Math.floor(-Math.log(1 - u()) * mean));
  const practice = (day: number): Practice => (reformDay !== undefined && day >= reformDay ? NEW : OLD);

  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `RF${(c * 7919 + 13).toString(36).toUpperCase()}`;
    let day = from + Math.floor(u() * (to - from + 1));
    const dob = day - Math.floor(u() * 15 * 365.25);
    const birth = civilFromDay(dob);
    const eighteenth = dayFromCivil(birth.year + 18, birth.month, Math.min(birth.day, 28));
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: u() < 0.7 ? 'WBRI' : u() < 0.5 ? 'BAFR' : 'AIND', disability: u() < 0.08 ? 'Y' : 'N' });
    let episodes = 0;
    // Rows of a child are recorded only before its 18th birthday and up to the log's end.
    const add = (type: EventType, d: number, ep: string | null, outcome: string | null = null): void => {
      if (d <= to && d < eighteenth) records.push({ child: id, type, day: d, outcome, source: type === 'contact' || type === 'referral' ? (u() < 0.6 ? '1B' : '3A') : null, episodeId: ep });
    };
    while (day <= to && day < eighteenth) {
      const referred = u() < practice(day).contactToReferral;
      add('contact', day, null, referred ? 'referral' : u() < 0.5 ? 'advice' : 'nfa');
      if (!referred) {
        if (u() < 0.3) {
          day += 20 + lognormal(200, 0.9);
          continue;
        }
        break;
      }
      episodes++;
      const ep = `${id}-${episodes}`;
      const referral = day + few(0.8, 1);
      const nfa = u() < 0.1;
      add('referral', referral, ep, nfa ? 'nfa' : null);
      let last = referral;
      if (nfa) {
        last = referral + few(0.3, 2);
        add('case_closed', last, ep, 'RC8');
      } else {
        const started = referral + few(0.5, 2);
        add('assessment_start', started, ep);
        const assessed = started + lognormal(practice(started).assessmentMedian, 0.55);
        let planned = false;
        if (u() < 0.22) {
          const discussion = started + few(0.3, 4);
          add('strategy_discussion', discussion, ep);
          last = discussion;
          if (u() < practice(discussion).discussionToS47) {
            const s47 = discussion + few(0.6, 1);
            add('s47_start', s47, ep);
            const conference = u() < 0.4;
            const s47End = s47 + 3 + lognormal(10, 0.5, 0);
            add('s47_end', s47End, ep, conference ? 'icpc' : u() < 0.6 ? 'cin' : 'nfa');
            last = s47End;
            if (conference) {
              const icpc = s47End + few(0.2, 5);
              planned = u() < 0.85;
              add('icpc', icpc, ep, planned ? 'cp_plan' : 'no_plan');
              last = icpc;
              if (planned) {
                const planStart = icpc + few(0.7, 3);
                add('cp_plan_start', planStart, ep);
                const planEnd = planStart + lognormal(practice(planStart).planMedian, 0.6, 14);
                add('cp_plan_end', planEnd, ep);
                last = planEnd;
                if (u() < 0.08) {
                  const care = planEnd;
                  add('cla_start', care, null);
                  const left = care + lognormal(420, 0.8);
                  add('cla_end', left, null, u() < 0.6 ? 'E4A' : u() < 0.5 ? 'E13' : 'E11');
                  last = left;
                }
              }
            }
          }
        }
        const finding = planned || u() < 0.55 ? 'cin' : earlyHelp && u() < 0.2 ? 'early_help' : 'nfa';
        add('assessment_end', assessed, ep, finding);
        last = Math.max(last, assessed);
        if (finding === 'early_help') {
          add('early_help_start', assessed, null);
          add('early_help_end', assessed + lognormal(150, 0.5, 14), null);
        }
        if (finding === 'cin' && !planned && u() < practice(assessed).cinToPlan) {
          const planStart = assessed + few(0.4, 4);
          add('cin_plan_start', planStart, ep);
          const planEnd = planStart + lognormal(200, 0.6, 20);
          add('cin_plan_end', planEnd, ep);
          last = Math.max(last, planEnd);
        }
        last += few(0.5, 3);
        add('case_closed', last, ep, u() < 0.8 ? 'RC8' : 'RC1');
      }
      if (u() < 0.35) day = last + 30 + lognormal(300, 0.8);
      else break;
    }
  }
  return testLog(records, people);
}
