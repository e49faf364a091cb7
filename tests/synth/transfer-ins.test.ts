// Transfer-in conferences (an ICPC with no enquiry before it in its episode) come after a referral from
// another council (source 5C) in the log; the copy must keep them there (audit a10b F3: in copies of a
// log whose 181 transfer-ins all followed a 5C referral, 217 of 219 followed police, school or GP
// referrals instead, conferences with no enquiry for children referred by the police).
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import type { EventTable } from '../../core/event-table.js';
import { EV, SOURCE_CODES } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { censusLog } from './generators/census.js';
import type { TestLog } from './generators/log.js';
import { checkUnseen, type UnseenCheck } from './unseen.js';

/** Conferences with no strategy discussion or S47 before them in their episode (the first per episode), by the source of the episode's referral. */
function conferencesWithoutEnquiry(table: EventTable): Map<string, number> {
  const source = new Map<number, string>();
  const enquired = new Set<number>();
  const counted = new Set<number>();
  const bySource = new Map<string, number>();
  for (let i = 0; i < table.length; i++) {
    const e = table.episode[i]!;
    if (e < 0) continue;
    const type = table.type[i]!;
    if (type === EV.referral) source.set(e, table.source[i] ? SOURCE_CODES[table.source[i]! - 1]! : 'blank');
    else if (type === EV.strategy_discussion || type === EV.s47_start) enquired.add(e);
    else if (type === EV.icpc && !enquired.has(e) && !counted.has(e)) {
      counted.add(e);
      const key = source.get(e) ?? 'no referral';
      bySource.set(key, (bySource.get(key) ?? 0) + 1);
    }
  }
  return bySource;
}

const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

describe('fit and generate on a log whose transfer-ins follow referrals from another council', () => {
  let real: TestLog;
  let check: UnseenCheck;
  beforeAll(() => {
    real = censusLog({ children: 20_000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 5 });
    check = checkUnseen(real, 3);
  }, 180_000);

  it('the log: hundreds of transfer-ins, every one after a 5C referral', () => {
    const log = conferencesWithoutEnquiry(real.table);
    expect(total(log)).toBeGreaterThan(500);
    expect([...log.keys()]).toEqual(['5C']);
  });

  it('the copy: every transfer-in after a 5C referral, as many as the log\'s within 20%, and no grammar break', () => {
    const log = conferencesWithoutEnquiry(real.table);
    const copy = conferencesWithoutEnquiry(check.synthetic.table);
    expect(Object.fromEntries([...copy].filter(([source]) => source !== '5C'))).toEqual({});
    expect(Math.abs(total(copy) / total(log) - 1)).toBeLessThan(0.2);
    expect(checkJourneys(check.synthetic.table, check.synthetic.children.dob).breaks).toEqual([]);
  });
});

// Audit a10h: a log that records each source on the referral row only (the contact's blank, as a CIN census return
// keeps it) fitted pairs whose sources were all blank: the copy had no referral from another council and so none of
// the log's transfer-in conferences (0 against 414), ICPCs −18% and CP plan starts −20%.
describe('fit and generate on a log whose sources are on its referral rows only', () => {
  let real: TestLog;
  let check: UnseenCheck;
  beforeAll(() => {
    const census = censusLog({ children: 10_000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 6 });
    const source = census.table.source.slice();
    for (let i = 0; i < source.length; i++) if (census.table.type[i] === EV.contact) source[i] = 0;
    real = { ...census, table: { ...census.table, source } };
    check = checkUnseen(real, 4);
  }, 180_000);

  it('the log: no contact has a source, and hundreds of transfer-ins follow 5C referrals', () => {
    let contactSources = 0;
    for (let i = 0; i < real.table.length; i++) if (real.table.type[i] === EV.contact && real.table.source[i] !== 0) contactSources++;
    expect(contactSources).toBe(0);
    expect(total(conferencesWithoutEnquiry(real.table))).toBeGreaterThan(250);
  });

  it('the copy keeps the referrals from another council and their transfer-ins (within 20%)', () => {
    const log = conferencesWithoutEnquiry(real.table);
    const copy = conferencesWithoutEnquiry(check.synthetic.table);
    expect(Object.fromEntries([...copy].filter(([source]) => source !== '5C'))).toEqual({});
    expect(Math.abs(total(copy) / total(log) - 1)).toBeLessThan(0.2);
  });
});
