// Test generator "unended": a small log where a known share of S47 enquiries has no recorded end (a
// council that records the end only when the enquiry closes without a conference, or not at all), the
// episode closing days after its last step. Every child has episode ids. Referral-led; durations are
// uniform and exponential draws from a multiply-with-carry PRNG of its own. Children are 0–11 at their
// first referral and the log is 5 years long, so nothing reaches the 18th birthday.
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

function multiplyWithCarry(seed: number): () => number {
  let z = (seed * 36969 + 1) >>> 0 || 1;
  let w = (seed * 18000 + 7) >>> 0 || 1;
  return () => {
    z = (36969 * (z & 0xffff) + (z >>> 16)) >>> 0;
    w = (18000 * (w & 0xffff) + (w >>> 16)) >>> 0;
    return (((z << 16) + w) >>> 0) / 4294967296;
  };
}

/** `recordedEnds`: the share of S47s whose `s47_end` the log records. */
export function unendedLog({ children, from, to, seed }: TestLogOptions, { recordedEnds }: { recordedEnds: number }): TestLog {
  const r = multiplyWithCarry(seed);
  const chance = (p: number): boolean => r() < p;
  const uniform = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const exp = (mean: number): number => Math.round(-Math.log(1 - r()) * mean);
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `UNE-${(c * 104729 + 31).toString(36)}`;
    let referral = from + Math.floor(r() * (to - from + 1));
    people.push({ id, dob: referral - uniform(30, 11 * 365), sex: chance(0.5) ? 'F' : 'M', ethnicity: chance(0.8) ? 'WBRI' : 'ASIA', disability: chance(0.1) ? 'Y' : 'N' });
    for (let n = 1; referral <= to; n++) {
      const ep = `E${n}`;
      const add = (type: EventType, day: number, outcome: string | null = null): number => {
        if (day <= to) records.push({ child: id, type, day, outcome, source: type === 'referral' ? '6' : null, episodeId: ep });
        return day;
      };
      add('referral', referral);
      const assessment = add('assessment_start', referral + uniform(0, 3));
      let last = add('assessment_end', assessment + uniform(10, 40), 'cin');
      if (chance(0.35)) {
        const s47 = add('s47_start', add('strategy_discussion', assessment + uniform(1, 8)) + (chance(0.5) ? 0 : uniform(1, 5)));
        const conference = chance(0.4);
        const end = s47 + uniform(5, 14);
        if (chance(recordedEnds)) last = Math.max(last, add('s47_end', end, conference ? 'icpc' : 'cin'));
        if (conference) {
          const icpc = add('icpc', end + uniform(0, 6), 'cp_plan');
          last = Math.max(last, add('cp_plan_end', add('cp_plan_start', icpc) + 60 + exp(200)));
        } else last = Math.max(last, add('cin_plan_end', add('cin_plan_start', end + uniform(1, 10)) + 30 + exp(150)));
      }
      const closed = add('case_closed', last + uniform(3, 25), 'RC1');
      if (!chance(0.3)) break;
      referral = closed + 30 + exp(300);
    }
  }
  records.sort((a, b) => a.day - b.day);
  return testLog(records, people);
}
