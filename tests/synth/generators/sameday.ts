// Test generator "same-day": a log whose days hold several steps at once, as case systems record them:
// contact, referral and assessment on one day; strategy discussion and S47 on one day; an ICPC that
// decides no plan and the case closing on its day. Episode ids on every referral and on about 70% of the
// other rows. Structure: children arrive uniformly over the window and the year before it (what began
// before the window is cut off, so some journeys are carried in), each a list of episodes drawn as
// whole scripts (one of four paths picked at once, not step by step). Its own PRNG (a 32-bit LCG mixed by
// a multiply-xorshift), independent of synth/.
import { addMonths } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

function lcg(seed: number): () => number {
  let s = (seed * 747796405 + 2891336453) >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    let z = s ^ (s >>> 16);
    z = Math.imul(z, 0x45d9f3b) >>> 0;
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

export function sameDayLog(options: TestLogOptions): TestLog {
  const u = lcg(options.seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < options.children; n++) {
    const id = `SD${n}`;
    const arrive = int(options.from - 365, options.to - 30);
    const dob = arrive - int(200, 15 * 365);
    const rows: EventRecord[] = [];
    let referralDay = 0;
    const row = (type: EventType, day: number, ep: string | null, outcome: string | null = null): void => {
      // An episode whose referral falls before the window keeps its ids: a row without one would link by
      // date to no referral (or to a later one).
      const keepId = type === 'referral' || referralDay < options.from || u() < 0.7;
      rows.push({ child: id, type, day, outcome, episodeId: keepId ? ep : null, source: type === 'contact' || type === 'referral' ? (u() < 0.5 ? '1A' : '3A') : null });
    };
    let day = arrive;
    for (let e = 1; day < options.to - 60 && e <= 4; e++) {
      const ep = `${id}-${e}`;
      const script = u();
      referralDay = day;
      row('contact', day, null, 'referral');
      row('referral', day, ep);
      row('assessment_start', day, ep);
      let end = day + int(10, 60);
      if (script < 0.35) {
        row('assessment_end', end, ep, 'cin');
        row('cin_plan_start', end, ep);
        end += int(60, 400);
        row('cin_plan_end', end, ep);
      } else if (script < 0.6) {
        const s = day + int(1, 8);
        row('strategy_discussion', s, ep);
        row('s47_start', s, ep);
        const icpc = s + int(5, 20);
        row('s47_end', s + int(3, icpc - s), ep, 'icpc');
        row('assessment_end', Math.max(end, icpc), ep, 'cin');
        const plan = u() < 0.6;
        row('icpc', icpc, ep, plan ? 'cp_plan' : 'no_plan');
        end = Math.max(end, icpc);
        if (plan) {
          row('cp_plan_start', icpc + (u() < 0.5 ? 0 : int(1, 5)), ep);
          end = icpc + int(90, 500);
          row('cp_plan_end', end, ep);
        }
      } else row('assessment_end', end, ep, 'nfa');
      row('case_closed', end, ep, 'RC8');
      day = end + int(60, 900);
    }
    const eighteenth = addMonths(dob, 216);
    const kept = rows.filter((r) => r.day >= options.from && r.day <= options.to && r.day < eighteenth);
    if (kept.length === 0) continue;
    records.push(...kept);
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
  }
  return testLog(records, people);
}
