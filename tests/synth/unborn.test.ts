// Unborn children (audit a10l, log U): councils refer and assess before birth, and the grammar refuses those rows
// (no event before birth). The fit took such a child's age band at its first row, before birth: no band, so the
// copy made them children with no date of birth (1,000 unborn children of the log, 1,066 without one in the copy),
// whom the 18th-birthday rules cannot reach. Now they count as seen at birth, under 1.
// Its own generator: a 32-bit LCG; a fifth of the children are referred 10-120 days before birth and assessed,
// and after birth half go to an enquiry, a conference and a CP plan; the rest are referred at 0-17 years.
import { describe, expect, it } from 'vitest';
import { NO_DATE } from '../../core/children.js';
import { dayFromCivil } from '../../core/dates.js';
import type { EventRecord } from '../../core/event-table.js';
import type { EventType } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { testLog, type TestChild, type TestLog } from './generators/log.js';

const FROM = dayFromCivil(2019, 4, 1);
const TO = dayFromCivil(2024, 3, 31);

function unbornLog(children: number, seed: number): TestLog {
  let s = seed >>> 0;
  const u = (): number => ((s = (Math.imul(s, 22695477) + 1) >>> 0) / 4294967296);
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < children; n++) {
    const id = `UB${n}`;
    const unborn = u() < 0.2;
    const referred = int(FROM, TO - 200);
    const dob = unborn ? referred + int(10, 120) : referred - int(30, 17 * 365);
    const ep = `${id}-1`;
    const add = (type: EventType, day: number, outcome: string | null = null): void =>
      void records.push({ child: id, type, day, outcome, episodeId: type === 'contact' ? null : ep, source: type === 'contact' || type === 'referral' ? '2B' : null });
    add('contact', referred, 'referral');
    add('referral', referred);
    add('assessment_start', referred + int(0, 3));
    let last = referred + int(20, 40);
    if (u() < 0.5) {
      // after birth (or for an older child, days on): an enquiry, a conference and a plan
      const s47 = Math.max(last, dob) + int(1, 10);
      add('assessment_end', last, 'cin');
      add('strategy_discussion', s47);
      add('s47_start', s47);
      add('s47_end', s47 + int(5, 12), 'icpc');
      const icpc = s47 + int(12, 20);
      add('icpc', icpc, 'cp_plan');
      add('cp_plan_start', icpc);
      last = icpc + int(90, 400);
      if (last <= TO) add('cp_plan_end', last);
    } else add('assessment_end', last, 'nfa');
    if (last + 5 <= TO) add('case_closed', last + 5, 'RC8');
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
  }
  return testLog(records.filter((r) => r.day <= TO), people);
}

describe('a log with unborn children (audit a10l)', () => {
  it('the copy gives every child a date of birth, none with an event before it, and no grammar break', () => {
    const log = unbornLog(4_000, 3);
    let unbornChildren = 0;
    for (let c = 0; c < log.table.childIds.length; c++) if (log.table.day[log.table.childStart[c]!]! < log.children.dob[c]!) unbornChildren++;
    expect(unbornChildren).toBeGreaterThan(600);
    const model = fitModel(log.table, log.children);
    const copy = generateDataset(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: 5 });
    let withoutBirth = 0;
    let beforeBirth = 0;
    let babies = 0;
    for (let c = 0; c < copy.table.childIds.length; c++) {
      const dob = copy.children.dob[c]!;
      if (dob === NO_DATE) withoutBirth++;
      else if (copy.table.day[copy.table.childStart[c]!]! < dob) beforeBirth++;
      else if (copy.table.day[copy.table.childStart[c]!]! - dob < 365) babies++;
    }
    // (before: 820 of about 4,000 without a date of birth)
    expect(withoutBirth).toBe(0);
    expect(beforeBirth).toBe(0);
    // the unborn children come as babies: at least as many children first seen under 1 as the log's unborn
    expect(babies).toBeGreaterThan(0.85 * unbornChildren);
    expect(checkJourneys(copy.table, copy.children.dob).breaks).toEqual([]);
  }, 120_000);
});
