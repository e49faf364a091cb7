// A period of care or a plan ended by the 18th birthday is the birthday's doing, not a step of its own (fit.ts
// HELD_AT_EIGHTEEN; generate.ts endAtEighteen). Audit a10c's log 3 ends every care still open at 18 on the
// eve of the birthday with E8, and closes the case with it; its copy learnt "E8" as one more reason for care
// to end, beside going home (E4A), so young people in care went home less often before 18 (56 entrants at
// 16+ left before 18 in the log, 29-32 in copies), E8 came years before 18 (10-12 a copy), and what followed
// a plan's end at 17 was diluted by the closures on the eve (care after a plan at 17: log 14%, copy 9%).
// The log here is written for the test (its own PRNG, nothing from synth/): young people of 14-17 on a CP
// plan; a plan ends into care for 30% of them, who go home after an exponential stay of mean 300 days (E4A)
// unless the eve of the 18th birthday comes first (then E8, the case closed that day too).
import { describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil } from '../../core/dates.js';
import type { EventRecord, EventTable } from '../../core/event-table.js';
import { EV, outcomeCode } from '../../core/events.js';
import type { EventType } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { xorshift } from '../core/awkward-log.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { testLog, type TestChild, type TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

function youngPeopleLog(children: number, seed: number): TestLog {
  const r = xorshift((seed * 2654435761) >>> 0);
  const between = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `YP${c}`;
    const day = between(FROM, TO);
    const dob = day - Math.round((14 + 4 * r()) * 365.25);
    const eve = addMonths(dob, 216) - 1;
    if (day + 120 >= eve) continue;
    people.push({ id, dob, sex: r() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
    const add = (type: EventType, d: number, outcome: string | null = null): boolean => {
      if (d > TO || d > eve) return false;
      records.push({ child: id, type, day: d, outcome, source: type === 'referral' ? '3A' : null });
      return true;
    };
    add('referral', day);
    add('assessment_start', day + between(0, 2));
    const s47 = day + between(3, 10);
    add('strategy_discussion', s47);
    add('s47_start', s47);
    const icpc = s47 + between(8, 15);
    add('s47_end', icpc, 'icpc');
    add('icpc', icpc, 'cp_plan');
    add('cp_plan_start', icpc);
    add('assessment_end', icpc + between(5, 30), 'cin');
    const planEnd = icpc + between(60, 400);
    if (planEnd >= eve) {
      add('cp_plan_end', eve);
      add('case_closed', eve, 'RC7');
      continue;
    }
    add('cp_plan_end', planEnd);
    if (r() < 0.3) {
      add('cla_start', planEnd);
      const home = planEnd + Math.max(1, Math.round(-Math.log(1 - r()) * 300));
      if (home < eve) {
        add('cla_end', home, 'E4A');
        add('case_closed', home + between(0, 20), 'RC1');
      } else if (add('cla_end', eve, 'E8')) add('case_closed', eve, 'RC7');
    } else add('case_closed', planEnd + between(0, 20), 'RC1');
  }
  return testLog(records, people);
}

/** Periods of care begun at 16 or later, and how many of them ended before the eve of the 18th birthday; E8 ends not within a day of it. */
function careOfSixteens(table: EventTable, dob: ArrayLike<number>): { begun: number; leftBefore: number; earlyE8: number } {
  const out = { begun: 0, leftBefore: 0, earlyE8: 0 };
  const e8 = outcomeCode('E8');
  for (let c = 0; c < table.childIds.length; c++) {
    const eighteenth = addMonths(dob[c]!, 216);
    let start = -1;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      if (table.type[i] === EV.cla_start) start = table.day[i]! - dob[c]! >= 16 * 365.25 ? table.day[i]! : -1;
      if (table.type[i] !== EV.cla_end) continue;
      if (table.outcome[i] === e8 && table.day[i]! < eighteenth - 1) out.earlyE8++;
      if (start >= 0) {
        out.begun++;
        if (table.day[i]! < eighteenth - 1) out.leftBefore++;
      }
      start = -1;
    }
  }
  return out;
}

describe('care ended by the 18th birthday', () => {
  it('a copy\'s young people go home before 18 as often as the log\'s, and none has care ended "at 18" (E8) before it', () => {
    const real = youngPeopleLog(30_000, 3);
    expect(checkJourneys(real.table, real.children.dob).breaks).toEqual([]);
    const log = careOfSixteens(real.table, real.children.dob);
    expect(log.begun).toBeGreaterThan(400);
    expect(log.earlyE8).toBe(0);
    const model = fitModel(real.table, real.children);
    const copy = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 1 });
    const ours = careOfSixteens(copy.table, copy.children.dob);
    expect(ours.earlyE8).toBe(0);
    expect(ours.begun).toBeGreaterThan(log.begun * 0.85);
    expect(Math.abs(ours.leftBefore / ours.begun - log.leftBefore / log.begun)).toBeLessThan(0.05);
  }, 180_000);
});
