// Test generator C, "growing": a front door whose demand grows year on year (new children arriving at a
// rate rising linearly by 7% of the first year's a year), extracted as a council would: children arrive
// from six years before the log starts, and only the trips (contact and what follows) that begin inside
// the log are written, so children with a history turn up looking new. Episode ids on the steps of an
// episode but not on contacts, early help or care. Referrals only on weekdays; strategy discussions
// recorded for some S47s (same day or days before); S47 ends recorded by some teams only; CP plans start
// at the conference or a few days later; care can follow a CIN plan or a CP plan. A child turning 18
// stops: what is open ends on the birthday. Gamma durations (Marsaglia–Tsang), exponential gaps with a
// quick-return mixture; Bob Jenkins' small fast PRNG.
import type { EventRecord } from '../../../core/event-table.js';
import { addMonths, weekday } from '../../../core/dates.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

function jsf32(seed: number): () => number {
  let a = 0xf1ea5eed;
  let b = seed >>> 0;
  let c = seed >>> 0;
  let d = seed >>> 0;
  const next = (): number => {
    const e = (a - ((b << 27) | (b >>> 5))) | 0;
    a = b ^ ((c << 17) | (c >>> 15));
    b = (c + d) | 0;
    c = (d + e) | 0;
    d = (e + a) | 0;
    return d >>> 0;
  };
  for (let i = 0; i < 24; i++) next();
  return () => next() / 4294967296;
}

/** Thrown when a step would fall on or after the 18th birthday: the child's journey stops there. */
class TurnedEighteen extends Error {}

const SPAN_END: Partial<Record<EventType, EventType>> = {
  assessment_start: 'assessment_end', s47_start: 's47_end', cp_plan_start: 'cp_plan_end', cin_plan_start: 'cin_plan_end',
  cla_start: 'cla_end', early_help_start: 'early_help_end',
};

export function growingLog({ children, from, to, seed }: TestLogOptions): TestLog {
  const rnd = jsf32(seed);
  const norm = (): number => {
    let x = 0;
    for (let i = 0; i < 12; i++) x += rnd();
    return x - 6;
  };
  /** gamma(shape, scale) by Marsaglia and Tsang, in whole days */
  const gamma = (shape: number, scale: number): number => {
    const boost = shape < 1 ? Math.pow(rnd(), 1 / shape) : 1;
    const d = Math.max(shape, 1) - 1 / 3;
    const cc = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = norm();
      const v = Math.pow(1 + cc * x, 3);
      if (v > 0 && Math.log(rnd()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.round(d * v * scale * boost);
    }
  };
  const expo = (mean: number): number => Math.round(-Math.log(1 - rnd()) * mean);
  const p = (x: number): boolean => rnd() < x;
  const burnIn = from - 6 * 365;
  const span = to - burnIn;
  const records: EventRecord[] = [];
  const people: TestChild[] = [];

  for (let n = 0; people.length < children; n++) {
    const id = `G${n}`;
    // New children arrive at a rate growing linearly (1 + 0.07 a year): draw by rejection.
    let arrival: number;
    do arrival = burnIn + Math.floor(rnd() * span);
    while (rnd() * (1 + 0.07 * (span / 365)) > 1 + 0.07 * ((arrival - burnIn) / 365));
    const age = p(0.08) ? 0 : p(0.35) ? 1 + Math.floor(rnd() * 8) : 9 + Math.floor(rnd() * 9);
    const dob = arrival - age * 365 - Math.floor(rnd() * 300) - 1;
    const eighteenth = addMonths(dob, 216);
    const rows: EventRecord[] = [];
    const open = new Map<EventType, number>();
    let tripStart = 0;
    const at = (type: EventType, day: number, outcome: string | null = null, episodeId: string | null = null, source: string | null = null): number => {
      if (day >= eighteenth && !Object.values(SPAN_END).includes(type) && type !== 'case_closed') throw new TurnedEighteen();
      const end = SPAN_END[type];
      if (end) open.set(end, day);
      else open.delete(type);
      if (tripStart >= from) rows.push({ child: id, type, day: Math.min(day, eighteenth), outcome, episodeId, source });
      return day;
    };
    let t = arrival;
    let referrals = 0;
    let plans = 0;
    try {
      for (let trip = 0; trip < 30; trip++) {
        tripStart = t;
        open.clear(); // an S47 with no recorded end leaves nothing open once its trip is over
        const source = ['6', '6', '2A', '3A', '3C', '5C', '1B', '8', '7'][Math.floor(rnd() * 9)]!;
        const goesOn = p(referrals === 0 ? 0.3 : plans > 0 ? 0.62 : 0.5);
        const outcome = goesOn ? 'referral' : p(0.12) ? 'early_help' : p(0.35) ? 'advice' : 'nfa';
        let last = at('contact', t, outcome, null, source);
        if (outcome === 'early_help') last = at('early_help_end', at('early_help_start', last + expo(8)) + 30 + gamma(2, 45));
        if (goesOn) {
          referrals++;
          const ep = `EP${referrals}`;
          let day = last + (p(0.5) ? 0 : 1);
          while (weekday(day) >= 5) day++;
          const nfa = p(0.06);
          last = at('referral', day, nfa ? 'nfa' : null, ep, source);
          if (nfa) last = at('case_closed', last + expo(4), 'RC8', ep);
          else {
            const a = at('assessment_start', last + expo(1.5), null, ep);
            let assessed = p(0.42) ? 'cin' : 'nfa';
            let cp = false;
            let stepDay = a;
            if (p(plans > 0 ? 0.45 : 0.25)) {
              const s47 = a + gamma(1.5, 3);
              if (p(0.6)) at('strategy_discussion', p(0.3) ? s47 : Math.max(day, s47 - 1 - Math.floor(rnd() * 4)), null, ep);
              at('s47_start', s47, null, ep);
              stepDay = s47;
              if (p(plans > 0 ? 0.6 : 0.4)) {
                const icpcDay = s47 + gamma(6, 3);
                if (p(0.5)) at('s47_end', Math.min(icpcDay, s47 + gamma(2, 4)), 'icpc', ep);
                cp = p(0.85);
                stepDay = at('icpc', icpcDay, cp ? 'cp_plan' : 'no_plan', ep);
                if (cp) stepDay = at('cp_plan_start', icpcDay + (p(0.6) ? 0 : 1 + Math.floor(rnd() * 3)), null, ep);
                assessed = 'cin';
              } else if (p(0.5)) {
                stepDay = at('s47_end', s47 + gamma(3, 4), p(0.5) ? 'cin' : 'nfa', ep);
              }
            }
            last = at('assessment_end', Math.max(stepDay, a + gamma(2.5, 16)), assessed, ep);
            if (cp) {
              plans++;
              const planStart = open.get('cp_plan_end')!;
              if (p(0.25)) {
                const care = at('cla_start', planStart + expo(45));
                at('cp_plan_end', care + expo(7), null, ep);
                last = at('cla_end', care + 30 + gamma(1.3, 500), p(0.5) ? 'E4A' : 'E12');
              } else last = at('cp_plan_end', Math.max(last, planStart + 10 + gamma(2.2, 140)), null, ep);
            } else if (assessed === 'cin' && p(0.75)) {
              const start = at('cin_plan_start', last + expo(6), null, ep);
              if (p(0.08)) {
                const care = at('cla_start', start + expo(90));
                at('cin_plan_end', care, null, ep);
                last = at('cla_end', care + 20 + gamma(1.2, 420), p(0.5) ? 'E11' : 'E13');
              } else last = at('cin_plan_end', start + gamma(1.8, 110), null, ep);
            }
            last = at('case_closed', last + expo(5), assessed === 'nfa' ? 'RC8' : 'RC1', ep);
          }
        }
        if (!p(referrals === 0 ? 0.4 : plans > 0 ? 0.7 : 0.58)) break;
        t = last + 1 + (p(0.15) ? expo(40) : 150 + expo(520));
        if (t > to) break;
      }
    } catch (error) {
      if (!(error instanceof TurnedEighteen)) throw error;
      // End on the birthday whatever is still open (the steps of the current trip are written only if it began in the log).
      for (const [end, startDay] of open) if (startDay < eighteenth && tripStart >= from) rows.push({ child: id, type: end, day: eighteenth, outcome: end === 'cla_end' ? 'E17' : null, episodeId: null, source: null });
    }
    const kept = rows.filter((row) => row.day <= to);
    if (kept.length === 0) continue;
    people.push({ id, dob, sex: p(0.53) ? 'M' : 'F', ethnicity: p(0.75) ? 'WBRI' : p(0.5) ? 'MWBC' : 'BAFR', disability: p(0.12) ? 'Y' : 'N' });
    records.push(...kept);
  }
  return testLog(records, people);
}
