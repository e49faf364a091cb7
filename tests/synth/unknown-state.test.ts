// Brief syn12 (audit a10, finding 1: too few second CP plans): walks that stopped in a state the model
// lacks. The state does not say which episode a step is of, and where the generator chose another episode
// than the fitted data did, the walk came to a state no log holds, found no cell and stopped there, leaving
// what was open (a plan, care) open for ever and the child with no return: 419 walks of a 50,000-child copy
// of audit a10's log C, 188 of them with a plan or care open, 69 of children who had had a CP plan. Now an
// end of a span open in an older episode too ends the older one when ending the current one's leads to a
// state the model lacks, and any other step into such a state is drawn again from the others.
//
// Its own log below (a fixed script per child, its own PRNG): an episode assessed and on a CIN plan; the
// child referred again 20-80 days into that plan, assessed, and on a second CIN plan in the new episode;
// the older plan always ends first, and its episode closes; the newer one ends 60-300 days later, closed
// within days. Every plan of the log ends within a year; a copy's should too.
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

function overlapLog(children: number, seed: number): TestLog {
  let s = seed >>> 0 || 7;
  const u = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return ((s >>> 8) & 0xffffff) / 0x1000000;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < children; n++) {
    const id = `UK${n}`;
    const dob = FROM - int(3 * 365, 9 * 365);
    const row = (type: EventType, day: number, ep: string | null, outcome: string | null = null): void =>
      void records.push({ child: id, type, day, outcome, episodeId: ep, source: type === 'contact' || type === 'referral' ? '2B' : null });
    const day = FROM + int(0, 4 * 365);
    const first = `${id}-1`;
    row('contact', day, null, 'referral');
    row('referral', day, first);
    row('assessment_start', day, first);
    const assessed = day + int(10, 40);
    row('assessment_end', assessed, first, 'cin');
    row('cin_plan_start', assessed, first);
    if (u() < 0.5) {
      const end = assessed + int(60, 300);
      row('cin_plan_end', end, first);
      row('case_closed', end + int(0, 5), first, 'RC8');
    } else {
      const second = `${id}-2`;
      const again = assessed + int(20, 80);
      row('contact', again, null, 'referral');
      row('referral', again, second);
      row('assessment_start', again, second);
      const assessed2 = again + int(10, 40);
      row('assessment_end', assessed2, second, 'cin');
      row('cin_plan_start', assessed2, second);
      const olderEnd = assessed2 + int(1, 30);
      row('cin_plan_end', olderEnd, first);
      row('case_closed', olderEnd + int(0, 5), first, 'RC8');
      const end = olderEnd + int(60, 300);
      row('cin_plan_end', end, second);
      row('case_closed', end + int(0, 5), second, 'RC8');
    }
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
  }
  return testLog(records, people);
}

/** CIN plans begun more than `days` before `to` and not ended by it (per episode). */
function longOpen(table: EventTable, to: number, days: number): number {
  const open = new Map<number, number>();
  for (let i = 0; i < table.length; i++) {
    if (table.type[i] === EV.cin_plan_start) open.set(table.episode[i]!, table.day[i]!);
    else if (table.type[i] === EV.cin_plan_end) open.delete(table.episode[i]!);
  }
  let n = 0;
  for (const start of open.values()) if (to - start > days) n++;
  return n;
}

describe('walks that came to a state the model lacks (brief syn12)', () => {
  it('ends the older episode\'s plan as the log does, so no walk stops with a plan open for good', () => {
    const log = overlapLog(5_000, 3);
    expect(checkJourneys(log.table, log.children.dob).breaks).toEqual([]);
    const model = fitModel(log.table, log.children);
    // (the log ends on its last event)
    const period = fittedPeriod(model);
    expect(longOpen(log.table, period.to, 400)).toBe(0);
    const copy = generateDataset(model, { children: 20_000, ...period, seed: 9 });
    expect(checkJourneys(copy.table, copy.children.dob).breaks).toEqual([]);
    // Before: 8,907 CIN plans of the copy open for good (the walks stopped when the current episode's plan ended first).
    expect(longOpen(copy.table, period.to, 400)).toBe(0);
  }, 60_000);
});
