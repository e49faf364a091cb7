// Test generator "repeaters": children who come back more readily the more often they have been referred
// (issue 10, audits a10c and F5: the copies were short on children with many referrals). Each episode is a
// contact asking for a referral, the referral, an assessment of 5-60 days (NFA or CIN), for a third of the
// CIN outcomes a CIN plan of 3-12 months, and the case's closure. After the k-th closed episode another
// referral follows with chance `back[k - 1]` (the last entry for every later one), months later (30 days
// plus an exponential gap of mean 270). Nothing after the log's end or the child's 18th birthday is kept.
// Written on its own: core's seeded PRNG, its own distributions, nothing shared with synth/.
import type { EventRecord } from '../../../core/event-table.js';
import { seededRandom } from '../../../core/random.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

/** The chance of another referral after the 1st, 2nd, 3rd, 4th and later closed episode. */
export const RISING_BACK = [0.2, 0.3, 0.4, 0.5] as const;
/** The same chance whatever the count (the placebo: a copy must not invent a rise). */
export const FLAT_BACK = [0.25] as const;

export function repeatersLog(options: TestLogOptions, back: readonly number[] = RISING_BACK): TestLog {
  const u = seededRandom(options.seed * 7477 + 11);
  const between = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let i = 0; i < options.children; i++) {
    const id = `RP${(i * 104729 + 7).toString(36).toUpperCase()}`;
    let day = options.from + Math.floor(u() * (options.to - options.from + 1));
    const dob = day - between(0, 16 * 365);
    const adult = dob + Math.round(18 * 365.25);
    const withIds = u() < 0.5;
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: u() < 0.8 ? 'WBRI' : 'ASIA', disability: u() < 0.08 ? 'Y' : 'N' });
    for (let k = 1; day <= options.to && day < adult; k++) {
      const episode = withIds ? `${id}-${k}` : null;
      const add = (type: EventRecord['type'], d: number, outcome: string | null = null): void => {
        if (d <= options.to && d < adult) records.push({ child: id, type, day: d, outcome, source: type === 'contact' || type === 'referral' ? '1B' : null, episodeId: type === 'contact' ? null : episode });
      };
      add('contact', day, 'referral');
      add('referral', day);
      const start = day + between(0, 3);
      add('assessment_start', start);
      const end = start + between(5, 60);
      const cin = u() < 0.45;
      add('assessment_end', end, cin ? 'cin' : 'nfa');
      let last = end;
      if (cin && u() < 0.33) {
        add('cin_plan_start', end + between(0, 5));
        last = end + between(90, 365);
        add('cin_plan_end', last);
      }
      const closed = last + between(0, 7);
      add('case_closed', closed, cin ? 'RC8' : 'RC1');
      if (u() >= back[Math.min(k, back.length) - 1]!) break;
      day = closed + 30 + Math.floor(-Math.log(1 - u()) * 270);
    }
  }
  return testLog(records, people);
}
