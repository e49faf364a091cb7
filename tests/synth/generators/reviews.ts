// Test generator "reviews": CP plans that end at the first review conference or run on for months, with
// hardly any ending between the two (audit a10b's log F had 28% of plans ending within 3 months and 2.8%
// between 3 and 6). Written on its own for that shape: referral-led (no contacts), no episode ids, the
// strategy discussion and S47 on the same day, the conference 8-20 days later, the plan starting on it;
// a child's second plan comes after a return, and a child whose plan ends at the first review more often
// comes back. Its own PRNG (a xorshift), its own ages and volumes.
import { type EventRecord } from '../../../core/event-table.js';
import { xorshift as xorshiftFrom } from '../../core/awkward-log.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

/** xorshift32 from a scrambled seed (the same stream as before it was shared). */
const xorshift = (seed: number): (() => number) => xorshiftFrom((seed * 2654435761) >>> 0 || 1);

export function reviewsLog(options: TestLogOptions): TestLog {
  const random = xorshift(options.seed + 77);
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  const span = options.to - options.from;
  for (let i = 0; i < options.children; i++) {
    const id = `RV${i}`;
    const age = between(0, 16);
    let day = options.from + between(0, span);
    const dob = day - age * 365 - between(0, 364);
    people.push({ id, dob, sex: random() < 0.5 ? 'M' : 'F', ethnicity: random() < 0.8 ? 'WBRI' : 'ASIA', disability: 'N' });
    let returns = 0;
    let earlierPlan = false;
    while (day <= options.to && day < dob + 18 * 365 - 820) { // a plan of up to two years ends before 18
      records.push({ child: id, type: 'referral', day, source: random() < 0.3 ? '5B' : '6' });
      const assessment = day + between(0, 3);
      records.push({ child: id, type: 'assessment_start', day: assessment });
      const enquiry = random() < (earlierPlan ? 0.5 : 0.3);
      let next = assessment + between(15, 40);
      let plan = false;
      if (enquiry) {
        const s47 = assessment + between(1, 10);
        records.push({ child: id, type: 'strategy_discussion', day: s47 }, { child: id, type: 's47_start', day: s47 });
        const icpc = s47 + between(8, 20);
        plan = random() < 0.45;
        records.push({ child: id, type: 's47_end', day: icpc, outcome: plan ? 'icpc' : 'nfa' });
        next = Math.max(next, icpc); // the assessment and the case outlast the enquiry
        if (plan) {
          records.push({ child: id, type: 'icpc', day: icpc, outcome: 'cp_plan' }, { child: id, type: 'cp_plan_start', day: icpc });
          // ends at the first review (about 3 months) or runs on for months past the second
          const atReview = random() < (earlierPlan ? 0.2 : 0.33);
          const end = icpc + (atReview ? between(20, 88) : between(190, 720));
          records.push({ child: id, type: 'assessment_end', day: Math.min(next, end), outcome: 'cin' });
          records.push({ child: id, type: 'cp_plan_end', day: end });
          next = end;
          earlierPlan = true;
          if (!atReview) returns--; // a long plan makes a return less likely
        }
      }
      if (!plan) records.push({ child: id, type: 'assessment_end', day: next, outcome: random() < 0.5 ? 'cin' : 'nfa' });
      records.push({ child: id, type: 'case_closed', day: next + between(0, 20) });
      returns++;
      if (random() > 0.45 - 0.1 * Math.max(0, returns)) break;
      day = next + 30 + Math.floor(-Math.log(1 - random()) * 400);
    }
  }
  return testLog(records.filter((r) => r.day <= options.to), people);
}
