// A log of contacts, each a child of its own, some followed by a referral 0 to maxLag days later, for the
// contact → referral rule's reach (audit a13d B2: a front door that takes up to two weeks) and its lever.
import { dayFromCivil } from '../../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';

const d = (iso: string) => {
  const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
  return dayFromCivil(y, m, day);
};

/**
 * Contacts, each a child of its own, `perDay` a day from 2021 to asOf; `share` of them followed by a referral
 * 0 to `maxLag` days later (then an assessment 5 days on, ended 30 days on). Returns the log and, over the referrals
 * dated in the two years to asOf, how many came more than 7 days after their contact.
 */
export function lagLog(perDay: number, share: number, maxLag: number, seed: number, asOf: number) {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const records: EventRecord[] = [];
  let inWindow = 0;
  let late = 0;
  for (let day = d('2021-01-01'); day <= asOf; day++) {
    for (let k = 0; k < perDay; k++) {
      const c = `L${day}-${k}`;
      records.push({ child: c, type: 'contact', day });
      if (rand() >= share) continue;
      const ref = day + Math.floor(rand() * (maxLag + 1));
      if (ref > asOf) continue;
      records.push({ child: c, type: 'referral', day: ref });
      if (ref + 5 <= asOf) records.push({ child: c, type: 'assessment_start', day: ref + 5 });
      if (ref + 30 <= asOf) records.push({ child: c, type: 'assessment_end', day: ref + 30, outcome: 'nfa' });
      if (ref > asOf - 730) {
        inWindow++;
        if (ref - day > 7) late++;
      }
    }
  }
  return { table: buildEventTable(records), inWindow, late };
}

