// Test generator "discussions": the strategy discussion comes 1-7 days before the S47 and the assessment
// often starts between them (audit a10b's log E; the copy then lost the pairing: 30% of its S47s had no
// strategy discussion before them, and as many discussions led nowhere). Written on its own: contacts that
// become referrals, episode ids on every row, enquiries for a quarter of referrals, conferences for 40% of
// enquiries 10-20 days after the S47, plans from the conference. Its own PRNG (a linear congruential one).
import { type EventRecord } from '../../../core/event-table.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

function lcg(seed: number): () => number {
  let x = (seed * 69069 + 12345) >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

export function discussionsLog(options: TestLogOptions): TestLog {
  const random = lcg(options.seed);
  const within = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  const span = options.to - options.from;
  for (let i = 0; i < options.children; i++) {
    const id = `DS${i}`;
    let day = options.from + within(0, span);
    const dob = day - within(0, 15) * 365 - within(0, 364);
    people.push({ id, dob, sex: random() < 0.5 ? 'F' : 'M', ethnicity: random() < 0.75 ? 'WBRI' : 'BAFR', disability: random() < 0.1 ? 'Y' : 'N' });
    for (let episode = 1; day <= options.to && day < dob + 18 * 365 - 500; episode++) {
      const ep = `${id}-E${episode}`;
      records.push({ child: id, type: 'contact', day, outcome: 'referral' }, { child: id, type: 'referral', day, episodeId: ep });
      let end: number;
      if (random() < 0.25) {
        // the discussion, then (often) the assessment, then the enquiry days later
        const discussion = day + within(0, 3);
        records.push({ child: id, type: 'strategy_discussion', day: discussion, episodeId: ep });
        const s47 = discussion + within(1, 7);
        const assessment = random() < 0.7 ? discussion + within(0, s47 - discussion - 1) : s47 + within(0, 3);
        records.push({ child: id, type: 'assessment_start', day: assessment, episodeId: ep }, { child: id, type: 's47_start', day: s47, episodeId: ep });
        const conference = random() < 0.4;
        const s47End = s47 + within(10, 20);
        records.push({ child: id, type: 's47_end', day: s47End, outcome: conference ? 'icpc' : 'cin', episodeId: ep });
        end = Math.max(assessment, s47End) + within(5, 30);
        if (conference) {
          const plan = random() < 0.85;
          records.push({ child: id, type: 'icpc', day: s47End, outcome: plan ? 'cp_plan' : 'no_plan', episodeId: ep });
          if (plan) {
            const planEnd = s47End + within(90, 450);
            records.push({ child: id, type: 'cp_plan_start', day: s47End, episodeId: ep }, { child: id, type: 'cp_plan_end', day: planEnd, episodeId: ep });
            end = Math.max(end, planEnd);
          }
        }
        records.push({ child: id, type: 'assessment_end', day: Math.max(assessment, s47End) + within(0, 5), outcome: 'cin', episodeId: ep });
      } else {
        const assessment = day + within(0, 5);
        end = assessment + within(10, 45);
        records.push({ child: id, type: 'assessment_start', day: assessment, episodeId: ep }, { child: id, type: 'assessment_end', day: end, outcome: random() < 0.4 ? 'nfa' : 'cin', episodeId: ep });
      }
      records.push({ child: id, type: 'case_closed', day: end + within(0, 10), episodeId: ep });
      if (random() < 0.55) break;
      day = end + 20 + Math.floor(-Math.log(1 - random()) * 300);
    }
  }
  return testLog(records.filter((r) => r.day <= options.to), people);
}
