// Audit a10c, finding 4: copies left episodes open for ever. Of the episodes referred in 2018-21, a copy of
// the auditor's log 3 never closed 1,177 against the log's 103; case closures were 5-10% short and events
// per year up to 5.4% short. Three causes, each tested here on a log of its own generator:
// - the log closes every case still open at 18 on the eve of the birthday; the fit counted closures on the
//   birthday alone, so it fitted "cases open at 18 stay open" (closedAtEighteen 0);
// - a child referred again while an older episode's CIN plan runs: the older episode's closure, drawn
//   after the newer one closed or while it waited for its conference's plan, was refused or taken by the
//   newer one, and nothing closed the older one later;
// - the events file's repairs closed at 18 episodes whose CP plan the generator had left open past 18
//   (due to end after the data's end, as the log leaves them), once the fitted share of closures at 18 was
//   no longer 0: a copy of log 3 kept 8 such plans open where the log has 89.
//
// Its own generator below (one script per child, its own distributions): children first seen at
// 11-17, assessed, some on a CIN plan; a third of those referred again during the plan (strategy
// discussion and S47 the same day or days apart); the new conference decides on a CP plan (begun then or
// days later) and the older episode closes that day, or the S47 finds nothing, the new episode closes and the older one closes days
// after its plan ends. What would fall on or after the 18th birthday ends, with the case, on its eve;
// what would fall after the log's end is left open.
import { describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil, parseDay } from '../../core/dates.js';
import type { EventRecord } from '../../core/event-table.js';
import type { EventType } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { fitModel } from '../../synth/fit.js';
import { eighteenthClosures, fittedPeriod } from '../../synth/generate.js';
import { modelEventsCsv } from '../../synth/returns/cli-generate.js';
import { xorshift } from '../core/awkward-log.js';
import { testLog, type TestChild, type TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 1, 1);
const TO = dayFromCivil(2024, 12, 31);

class Cut extends Error {
  constructor(readonly atEighteen: boolean) {
    super();
  }
}

function closingLog(children: number, seed: number): TestLog {
  const u = xorshift(Math.imul(seed, 2246822519) >>> 0);
  const int = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < children; n++) {
    const id = `CL${n}`;
    let day = FROM + int(0, TO - FROM);
    const dob = day - int(11 * 365, 17 * 365 + 300);
    const eve = addMonths(dob, 216) - 1;
    const rows: EventRecord[] = [];
    /** what is open, by episode id: the end event types still due */
    const open = new Map<string, EventType[]>();
    const row = (type: EventType, d: number, ep: string | null, outcome: string | null = null): void => {
      // Due after the log's end: left open (a plan of a young person past 18 too, as audit a10c's logs do).
      if (d > TO) throw new Cut(false);
      if (d >= eve) throw new Cut(true);
      rows.push({ child: id, type, day: d, outcome, episodeId: ep, source: type === 'contact' || type === 'referral' ? (u() < 0.5 ? '1A' : '2B') : null });
      if (ep === null) return;
      const due = open.get(ep) ?? [];
      if (type === 'referral') open.set(ep, ['case_closed']);
      else if (type.endsWith('_start') && type !== 'cla_start') due.unshift(type.replace('_start', '_end') as EventType);
      else if (type.endsWith('_end') || type === 'case_closed') {
        const i = due.indexOf(type);
        if (i >= 0) due.splice(i, 1);
        if (type === 'case_closed') open.delete(ep);
      }
    };
    let episode = 0;
    try {
      for (let trip = 0; trip < 4; trip++) {
        const ep = `${id}-${++episode}`;
        row('contact', day, null, 'referral');
        row('referral', day, ep);
        const started = day + int(0, 3);
        row('assessment_start', started, ep);
        const assessed = started + int(10, 45);
        if (u() < 0.4) {
          row('assessment_end', assessed, ep, 'nfa');
          row('case_closed', assessed + int(0, 10), ep, 'RC8');
          day = assessed + 10;
        } else {
          row('assessment_end', assessed, ep, 'cin');
          const cinStart = assessed + int(0, 10);
          row('cin_plan_start', cinStart, ep);
          let cinEnd = cinStart + int(60, 400);
          if (u() < 0.35) {
            const newer = `${id}-${++episode}`;
            const again = cinStart + int(15, 50);
            row('contact', again, null, 'referral');
            row('referral', again, newer);
            const discussed = again + int(0, 2);
            row('strategy_discussion', discussed, newer);
            const s47 = discussed + (u() < 0.5 ? 0 : int(1, 4));
            row('s47_start', s47, newer);
            if (u() < 0.5) {
              const conference = s47 + int(6, 15);
              row('s47_end', conference, newer, 'icpc');
              row('icpc', conference, newer, 'cp_plan');
              row('cin_plan_end', conference, ep);
              row('case_closed', conference, ep, 'RC7');
              // the plan begins at the conference or days later
              const planStart = conference + (u() < 0.5 ? 0 : int(1, 10));
              row('cp_plan_start', planStart, newer);
              const planEnd = planStart + int(90, 500);
              row('cp_plan_end', planEnd, newer);
              row('case_closed', planEnd + int(0, 14), newer, 'RC1');
              day = planEnd + 14;
            } else {
              const found = s47 + int(5, 20);
              row('s47_end', found, newer, 'nfa');
              row('case_closed', found + int(0, 5), newer, 'RC8');
              cinEnd = Math.max(cinEnd, found + 6);
              row('cin_plan_end', cinEnd, ep);
              row('case_closed', cinEnd + int(1, 10), ep, 'RC2');
              day = cinEnd + 10;
            }
          } else {
            row('cin_plan_end', cinEnd, ep);
            row('case_closed', cinEnd + int(0, 12), ep, 'RC2');
            day = cinEnd + 12;
          }
        }
        if (u() < 0.55) break;
        day += int(60, 700);
      }
    } catch (e) {
      if (!(e instanceof Cut)) throw e;
      // Turned 18 before the log's end: what is open ends on the eve, every open case closes then.
      if (e.atEighteen) {
        for (const [ep, due] of open) {
          for (const end of due) {
            if (end === 'case_closed') continue;
            rows.push({ child: id, type: end, day: eve, outcome: end === 'assessment_end' || end === 's47_end' ? 'nfa' : null, episodeId: ep, source: null });
          }
          rows.push({ child: id, type: 'case_closed', day: eve, outcome: 'RC7', episodeId: ep, source: null });
        }
      }
    }
    if (rows.length === 0) continue;
    records.push(...rows);
    people.push({ id, dob, sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
  }
  return testLog(records, people);
}

const OPENS: Record<string, boolean> = { assessment_start: true, cin_plan_start: true, cp_plan_start: true };
const CLOSES: Record<string, boolean> = { assessment_end: true, cin_plan_end: true, cp_plan_end: true };

interface Closures {
  /** episodes referred a year or more before the end that never close */
  neverClosed: number;
  /** case closures */
  closures: number;
  /** CP plans open at the end of young people 18 or over then */
  plansOpenPast18: number;
  /** episodes of young people 18 or over at the end left open with no assessment or plan open */
  idlePast18: number;
  /** episodes closed after a conference that decided on a CP plan, with no CP plan */
  closedWithoutPlan: number;
}

/** Counts over an events CSV's rows (child_id, event, date, episode_id, outcome, source, dob, …). */
function closuresOfCsv(csv: string): Closures {
  const lines = csv.trim().split('\n');
  const header = lines[0]!.split(',');
  const col = (name: string): number => header.indexOf(name);
  const [child, event, date, episodeId, dobAt] = ['child_id', 'event', 'date', 'episode_id', 'dob'].map(col) as [number, number, number, number, number];
  const referred = new Map<string, number>();
  const closed = new Set<string>();
  const plans = new Map<string, number>();
  /** assessments and plans open, by episode */
  const spans = new Map<string, number>();
  const planDecided = new Set<string>();
  const planStarted = new Set<string>();
  const dobs = new Map<string, number>();
  let closures = 0;
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const key = `${f[child]}/${f[episodeId]}`;
    const day = parseDay(f[date]!)!;
    if (f[dobAt]) dobs.set(f[child]!, parseDay(f[dobAt]!)!);
    if (f[event] === 'referral') referred.set(key, day);
    else if (f[event] === 'case_closed') (closed.add(key), closures++);
    else if (f[event] === 'cp_plan_start') plans.set(key, (plans.get(key) ?? 0) + 1);
    else if (f[event] === 'cp_plan_end') plans.set(key, (plans.get(key) ?? 0) - 1);
    if (f[event] === 'icpc' && f[col('outcome')] === 'cp_plan') planDecided.add(key);
    if (f[event] === 'cp_plan_start') planStarted.add(key);
    const step = OPENS[f[event]!] ?? CLOSES[f[event]!];
    if (step) spans.set(key, (spans.get(key) ?? 0) + (OPENS[f[event]!] ? 1 : -1));
  }
  const adult = (key: string): boolean => {
    const dob = dobs.get(key.split('/')[0]!);
    return dob !== undefined && addMonths(dob, 216) <= TO;
  };
  let idlePast18 = 0;
  for (const key of referred.keys()) if (!closed.has(key) && adult(key) && (spans.get(key) ?? 0) <= 0) idlePast18++;
  let neverClosed = 0;
  for (const [key, day] of referred) if (day < TO - 365 && !closed.has(key)) neverClosed++;
  let plansOpenPast18 = 0;
  for (const [key, open] of plans) if (open > 0 && adult(key)) plansOpenPast18++;
  let closedWithoutPlan = 0;
  for (const key of planDecided) if (closed.has(key) && !planStarted.has(key)) closedWithoutPlan++;
  return { neverClosed, closures, plansOpenPast18, idlePast18, closedWithoutPlan };
}

function logCsv(log: TestLog): string {
  const dob = new Map(log.table.childIds.map((id, c) => [id, log.children.dob[c]!]));
  const iso = (d: number): string => new Date(d * 86_400_000).toISOString().slice(0, 10);
  const rows = log.records.map((r) => `${r.child},${r.type},${iso(r.day)},${r.episodeId ?? ''},${r.outcome ?? ''},${r.source ?? ''},${iso(dob.get(r.child)!)}`);
  return ['child_id,event,date,episode_id,outcome,source,dob', ...rows].join('\n');
}

describe('episodes a copy closes (audit a10c, finding 4)', () => {
  const log = closingLog(14_000, 41);
  const real = closuresOfCsv(logCsv(log));

  it('the log: no grammar break, next to no episode referred a year before its end left open, CP plans open past 18 at its end', () => {
    expect(checkJourneys(log.table, log.children.dob).breaks).toEqual([]);
    expect(real.neverClosed, JSON.stringify(real)).toBeLessThan(0.01 * real.closures);
    expect(real.closures).toBeGreaterThan(15_000);
    expect(real.plansOpenPast18).toBeGreaterThan(10);
  });

  it('fits the closures on the eve of the 18th birthday as closures at 18, and the copy closes its episodes as the log does', () => {
    const model = fitModel(log.table, log.children);
    // Before: 0 (only closures on the birthday itself counted, and the plans left open past the log's end
    // made their cases count as left open).
    expect(eighteenthClosures(model).share).toBeGreaterThan(0.9);
    let csv = '';
    modelEventsCsv(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: 9 }, (chunk) => void (csv += chunk));
    const copy = closuresOfCsv(csv);
    const message = `log ${JSON.stringify(real)}, copy ${JSON.stringify(copy)}`;
    // Before the generator's fix: 1,632 never closed, 870 left open past 18 with nothing open, 19,288
    // closures (the log: 56, 0 and 21,357; now 61, 9 and 20,963).
    expect(copy.neverClosed, message).toBeLessThan(0.01 * real.closures);
    expect(Math.abs(copy.closures / real.closures - 1), message).toBeLessThan(0.03);
    expect(copy.idlePast18, message).toBeLessThan(20);
    // A closure drawn between a conference deciding on a plan and the plan is the older episode's (the log
    // closes it that day): taken by the newer one, it closed a case whose conference had decided on a plan.
    expect(copy.closedWithoutPlan, message).toBeLessThan(10);
    // Before the events file's fix: 0 (the repairs closed these at 18, with their plans; the log 15, now 16).
    expect(copy.plansOpenPast18, message).toBeGreaterThan(0.5 * real.plansOpenPast18);
  }, 120_000);
});
