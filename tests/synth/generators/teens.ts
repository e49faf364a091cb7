// Test generator "teens": children first referred at 13 to 17 (denser towards 17, none in the last year
// before 18), with long-tailed assessments (log-normal, median 40 days) of which those due to end after the
// 18th birthday are never recorded, as a council whose system stops recording at 18 leaves them (CIN 8736):
// so a known share of the assessments still open at the log's end belong to young people past 18. A
// returning process brings some back. Half the children have episode ids. Written on its own: Box–Muller
// normals from xorshift32 (tests/core/awkward-log.ts), nothing shared with synth/.
import { civilFromDay, dayFromCivil } from '../../../core/dates.js';
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { xorshift } from '../../core/awkward-log.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export function teensLog({ children, from, to, seed }: TestLogOptions): TestLog {
  const r = xorshift((seed * 2654435761) >>> 0);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const lognormal = (median: number, sigma: number): number => Math.max(1, Math.round(median * Math.exp(sigma * normal())));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `TEEN-${(c * 7919 + 13).toString(36)}`;
    let day = from + Math.floor(r() * (to - from + 1));
    // Age at first referral: 13 to 17, denser towards 17 (none in the last year before 18).
    const years = 13 + 4 * Math.sqrt(r());
    const dob = day - Math.round(years * 365.25);
    const birth = civilFromDay(dob);
    const eighteenth = dayFromCivil(birth.year + 18, birth.month, Math.min(birth.day, birth.month === 2 ? 28 : 31));
    const ids = r() < 0.5;
    people.push({ id, dob, sex: r() < 0.5 ? 'F' : 'M', ethnicity: r() < 0.7 ? 'WBRI' : 'BAFR', disability: r() < 0.1 ? 'Y' : 'N' });
    for (let n = 1; day <= to && day < eighteenth; n++) {
      const add = (type: EventType, d: number, outcome: string | null = null): void => {
        // Nothing on or after the 18th birthday is recorded, nor after the log's end.
        if (d <= to && d < eighteenth) records.push({ child: id, type, day: d, outcome, source: type === 'contact' || type === 'referral' ? '3A' : null, episodeId: ids && type !== 'contact' ? `${id}-${n}` : null });
      };
      add('contact', day, 'referral');
      add('referral', day);
      const start = day + Math.floor(r() * 4);
      add('assessment_start', start);
      const end = start + lognormal(40, 1.1);
      add('assessment_end', end, r() < 0.4 ? 'cin' : 'nfa');
      let last = end;
      if (r() < 0.3) {
        const planStart = end + Math.floor(r() * 6);
        add('cin_plan_start', planStart);
        last = planStart + lognormal(150, 0.5);
        add('cin_plan_end', last);
      }
      if (last < eighteenth) add('case_closed', last + Math.floor(r() * 4), 'RC8');
      if (r() > 0.3) break;
      day = last + 5 + lognormal(200, 0.8);
    }
  }
  return testLog(records, people);
}
