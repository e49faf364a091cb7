// Brief syn12 (audit a10, finding 1: too few second CP plans): a closure the cells draw while the current
// episode holds a plan is an older episode's. The journey state says nothing of which episode a closure
// closes, and a log where a child is referred again while an older episode's CIN plan runs holds closures
// of the older episode (after its own plan ended) while the newer episode's CP plan runs on. The generator
// closed the current episode instead, with its CP plan open: a state no log holds, so the walk stopped
// there, the plan never ended and the child never came back. A copy of audit a10's log C lost 44 such
// closures in 50,000 children; here every child with a CP plan goes through one.
//
// Its own generator below (a fixed script per child, not step by step; its own PRNG): episode 1 assessed
// and on a CIN plan; a new referral 20-80 days into that plan (episode 2), strategy discussion, S47 and a
// conference that decides on a CP plan; episode 1's CIN plan ends and it closes; the CP plan ends, episode
// 2 closes; most children come back months later, and half of those get another CP plan.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import type { EventRecord, EventTable } from '../../core/event-table.js';
import { EV, type EventType } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { testLog, type TestChild, type TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2024, 3, 31);

function xorshift(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function overlapLog(children: number, seed: number): TestLog {
  const u = xorshift(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < children; n++) {
    const id = `OV${n}`;
    const dob = FROM - int(2 * 365, 10 * 365);
    const rows: EventRecord[] = [];
    const row = (type: EventType, day: number, ep: string | null, outcome: string | null = null): void =>
      void rows.push({ child: id, type, day, outcome, episodeId: ep, source: type === 'contact' || type === 'referral' ? '1A' : null });
    let day = FROM + int(0, 900);
    let episode = 0;
    for (let trip = 0; trip < 3 && day < TO; trip++) {
      const first = `${id}-${++episode}`;
      row('contact', day, null, 'referral');
      row('referral', day, first);
      row('assessment_start', day, first);
      const assessed = day + int(15, 45);
      row('assessment_end', assessed, first, 'cin');
      const cinStart = assessed + int(0, 7);
      row('cin_plan_start', cinStart, first);
      if (trip > 0 && u() < 0.5) {
        // a plain CIN episode on a return
        const cinEnd = cinStart + int(90, 300);
        row('cin_plan_end', cinEnd, first);
        row('case_closed', cinEnd + int(1, 10), first, 'RC8');
        day = cinEnd + int(200, 600);
        continue;
      }
      // Referred again while the CIN plan runs; the new episode's conference decides on a CP plan.
      const second = `${id}-${++episode}`;
      const again = cinStart + int(20, 80);
      row('contact', again, null, 'referral');
      row('referral', again, second);
      const sd = again + int(0, 3);
      row('strategy_discussion', sd, second);
      row('s47_start', sd + int(0, 2), second);
      const icpc = sd + int(8, 15);
      row('s47_end', icpc, second, 'icpc');
      row('icpc', icpc, second, 'cp_plan');
      row('cp_plan_start', icpc, second);
      // The older episode's CIN plan ends and it closes, the CP plan running on.
      const cinEnd = icpc + int(5, 40);
      row('cin_plan_end', cinEnd, first);
      row('case_closed', cinEnd + int(1, 10), first, 'RC8');
      const planEnd = icpc + int(150, 400);
      row('cp_plan_end', planEnd, second);
      row('case_closed', planEnd + int(1, 10), second, 'RC8');
      if (u() < 0.15) break;
      day = planEnd + int(120, 500);
    }
    const kept = rows.filter((r) => r.day <= TO && r.day < dob + 18 * 365);
    if (kept.length === 0) continue;
    records.push(...kept);
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
  }
  return testLog(records, people);
}

/** CP plan starts, and those of a child who had one before. */
function plans(table: EventTable): { starts: number; later: number } {
  let starts = 0;
  let later = 0;
  for (let c = 0; c + 1 < table.childStart.length; c++) {
    let seen = 0;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      if (table.type[i] !== EV.cp_plan_start) continue;
      starts++;
      if (seen++ > 0) later++;
    }
  }
  return { starts, later };
}

describe('a closure drawn while the current episode holds a plan (brief syn12)', () => {
  it('closes the older episode, so children on a CP plan come back for a second one', () => {
    const log = overlapLog(4_000, 12);
    expect(checkJourneys(log.table, log.children.dob).breaks).toEqual([]);
    const real = plans(log.table);
    expect(real.later).toBeGreaterThan(500);
    const model = fitModel(log.table, log.children);
    const copy = generateDataset(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: 5 });
    expect(checkJourneys(copy.table, copy.children.dob).breaks).toEqual([]);
    const synthetic = plans(copy.table);
    // Before: 0 later plans of 3,990 (every child stopped when its first plan's episode closed), against the
    // log's 3,020 of 7,020. After: 2,750 of 6,740 (copy seeds 6 and 7 pass too). The copy
    // is still short of the log by about a tenth (what is left is not this defect), so the bound is loose.
    const message = `later CP plans: log ${real.later} of ${real.starts}, copy ${synthetic.later} of ${synthetic.starts}`;
    expect(synthetic.later, message).toBeGreaterThan(0.85 * real.later);
    expect(synthetic.starts, message).toBeGreaterThan(0.9 * real.starts);
  }, 60_000);
});
