// "Who is where" against the metrics (open_at_end), against the dots (the same walk), and on small
// hand-made cases. The logs come from tests/core/awkward-log.ts and the reference generator of the
// synth tests, neither written with the walk in view.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohortAnchors, cohortRowMask, parseCohort } from '../../core/analysis/cohort.js';
import { emptyChildAttributes } from '../../core/children.js';
import { dayFromCivil, parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord, type EventTable } from '../../core/event-table.js';
import { EV } from '../../core/events.js';
import { ENTRY, buildMoves } from '../../core/journeys.js';
import { parseMapDefinition, type MapDefinition } from '../../core/map-schema.js';
import { computeMetrics, prepareMetrics } from '../../core/metrics.js';
import { buildWhereabouts, childrenAt, stationsAt, type StationWaiting } from '../../core/whereabouts.js';
import { englandWalesCalendar } from '../../core/working-days.js';
import { censusLog } from '../synth/generators/census.js';
import { countyLog } from '../synth/generators/county.js';
import { awkwardLog } from './awkward-log.js';

const readMap = (name: string) => parseMapDefinition(JSON.parse(readFileSync(new URL(`../../maps/${name}.json`, import.meta.url), 'utf8')));
const frontDoor = readMap('front-door');
const smallCouncil = readMap('small-council');
const day = (text: string) => parseDay(text)!;
const DAY = 86400;

const byId = (stations: StationWaiting[]) => Object.fromEntries(stations.map((s) => [s.id, s]));

/** The first, a middle and the last day of the data, and a few in between. */
function datesOf(first: number, last: number): number[] {
  const out = [first, Math.floor((first + last) / 2), last];
  for (let k = 1; k < 8; k++) out.push(first + Math.floor(((last - first) * k) / 8) + (k % 3));
  return out;
}

const logs = [1, 2, 3].map((seed) => {
  const log = awkwardLog({ children: 700, firstDay: dayFromCivil(2019, 4, 1), lastDay: dayFromCivil(2024, 3, 31), seed });
  return { name: `awkward log ${seed}`, table: buildEventTable(log.records), children: log.children, first: log.firstDay, last: log.lastDay };
});
// Two more logs from the synthetic-data tests' generators, each written on its own (episode ids, same-day
// steps and plans at the conference in one; no ids, S47 without an end, transfer-ins in the other).
for (const [name, make] of [['county log', countyLog], ['census log', censusLog]] as const) {
  const log = make({ children: 3000, from: dayFromCivil(2020, 4, 1), to: dayFromCivil(2023, 3, 31), seed: 19 });
  logs.push({ name, table: log.table, children: log.children, first: dayFromCivil(2020, 4, 1), last: dayFromCivil(2023, 9, 30) });
}

function dayRange(table: EventTable): [number, number] {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < table.length; i++) {
    first = Math.min(first, table.day[i]!);
    last = Math.max(last, table.day[i]!);
  }
  return [first, last];
}

describe.each(logs)('stationsAt on the $name', ({ table, children }) => {
  const prepared = prepareMetrics(table);
  const where = buildWhereabouts(table, frontDoor, { prepared });
  const [first, last] = dayRange(table);
  const dates = datesOf(first, last);
  const anchors = cohortAnchors(table);
  const cohorts = ['', 'sex:F|', 'age:5_9|10_15;prev:1|2|3+', 'eth:white;dis:N|U'];

  it('counts Looked after, CP plan and Assessment as the metrics count them open at the end of a window ending that day, for every cohort', () => {
    let nonZero = 0;
    for (const cohort of cohorts) {
      const include = cohortRowMask(table, children, anchors, parseCohort(cohort));
      for (const d of dates) {
        const open = computeMetrics(prepared, { from: first, to: d }, include).open_at_end;
        const at = byId(stationsAt(where, d, include).stations);
        expect([at.looked_after!.waiting, at.cp_plan!.waiting, at.assessment!.waiting], `${cohort} ${d}`).toEqual([open.cla, open.cp_plan, open.assessment]);
        nonZero += open.cla + open.cp_plan;
      }
    }
    expect(nonZero).toBeGreaterThan(0);
  });

  it('gives each assessment its wait so far, and counts those past 45 working days', () => {
    const calendar = englandWalesCalendar();
    for (const d of dates) {
      const waits: number[] = [];
      let over = 0;
      for (let i = 0; i < table.length; i++) {
        if (table.type[i] !== EV.assessment_start || table.day[i]! > d || prepared.firstPairedEndDay[i]! <= d) continue;
        waits.push(d - table.day[i]!);
        if (calendar.between(table.day[i]!, d) > 45) over++;
      }
      waits.sort((a, b) => a - b);
      const at = byId(stationsAt(where, d).stations).assessment!;
      const n = waits.length;
      expect(at.longestWaitDays).toBe(n ? waits[n - 1] : null);
      expect(at.medianWaitDays).toBe(n === 0 ? null : n % 2 ? waits[n >> 1] : (waits[n / 2 - 1]! + waits[n / 2]!) / 2);
      expect(at.overTarget).toBe(over);
    }
  });

  it("lists at each station every child it counts, once, with its open starts adding up to the station's number", () => {
    const include = cohortRowMask(table, children, anchors, parseCohort('sex:F|'));
    for (const d of dates) {
      for (const mask of [null, include]) {
        stationsAt(where, d, mask).stations.forEach((at, s) => {
          const listed = childrenAt(where, s, d, mask);
          expect(listed.length, `${at.id} on ${d}`).toBe(at.children);
          expect(new Set(listed.map((c) => c.child)).size).toBe(listed.length);
          expect(listed.reduce((sum, c) => sum + c.starts, 0), `${at.id} on ${d}`).toBe(at.waiting);
          expect(listed[0]?.waitedDays ?? null).toBe(at.longestWaitDays);
          // Longest wait first; each is one of the children the table holds, named by the index the moves use.
          for (let k = 1; k < listed.length; k++) expect(listed[k]!.waitedDays).toBeLessThanOrEqual(listed[k - 1]!.waitedDays);
          for (const c of listed) expect(c.child >= 0 && c.child < table.childIds.length && c.starts >= 1).toBe(true);
        });
      }
    }
  });

  it('holds nobody at the exits', () => {
    for (const d of dates) {
      const at = byId(stationsAt(where, d).stations);
      expect([at.nfa!.waiting, at.closed!.waiting]).toEqual([0, 0]);
    }
  });

  it('agrees with the dots: as many dots wait at each one-step station as it counts, and no more at a station of periods', () => {
    const moves = buildMoves(table, children, frontDoor, { prepared, anchors });
    const S = frontDoor.stations.length;
    const lastMove = new Map<number, number>();
    for (let i = 0; i < moves.count; i++) lastMove.set(moves.child[i]!, i);
    // An S47 is held like a period until it concludes (journey-walk.ts): the child's dot may be elsewhere meanwhile.
    const periodStations = new Set(['assessment', 'cp_plan', 'looked_after', 'cin_plan', 'early_help', 's47']);
    for (const d of dates) {
      const endOfDay = (d + 1 - moves.originDay) * DAY - 1;
      const dots = new Array<number>(S).fill(0);
      for (let i = 0; i < moves.count; i++) {
        const [from, to] = [moves.from[i]!, moves.to[i]!];
        if (from !== ENTRY && moves.depart[i]! <= endOfDay && endOfDay < moves.leave[i]!) dots[from]!++;
        const holds = lastMove.get(moves.child[i]!) === i && from !== to && frontDoor.stations[to]!.kind !== 'exit';
        if (holds && moves.arrive[i]! <= endOfDay) dots[to]!++;
      }
      const at = stationsAt(where, d).stations;
      frontDoor.stations.forEach((station, s) => {
        if (periodStations.has(station.id)) expect(dots[s], `${station.id} on ${d}`).toBeLessThanOrEqual(at[s]!.waiting);
        else expect(dots[s], `${station.id} on ${d}`).toBe(at[s]!.waiting);
      });
    }
  });
});

/** stationsAt for hand-made records on a date, as { station: waiting }. */
function waitingOn(records: EventRecord[], date: string, map: MapDefinition = frontDoor): Record<string, StationWaiting> {
  const table = buildEventTable(records);
  return byId(stationsAt(buildWhereabouts(table, map), day(date)).stations);
}
const ev = (child: string, type: EventRecord['type'], date: string, outcome: string | null = null): EventRecord => ({ child, type, day: day(date), outcome });

describe('stationsAt on hand-made journeys', () => {
  // Review v8c finding 3: untimed events sorted before every timed one of their day, so a day with
  // both walked a journey backwards: a child on a CP plan was left waiting at Section 47 for ever, and
  // an open assessment was counted at Contact.
  it('walks a day that mixes timed and untimed events in the process order, never backwards', () => {
    const at = (child: string, type: EventRecord['type'], date: string, hhmm: string | null, outcome: string | null = null): EventRecord => ({
      ...ev(child, type, date, outcome),
      seconds: hhmm ? Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3)) * 60 : -1,
    });
    const records = [
      at('C2', 'contact', '2024-03-04', null, 'referral'),
      at('C2', 'referral', '2024-03-04', null),
      at('C2', 'assessment_start', '2024-03-04', null),
      at('C2', 'strategy_discussion', '2024-03-04', '08:00'),
      at('C2', 'icpc', '2024-03-04', '09:00', 'cp_plan'),
      at('C2', 's47_start', '2024-03-04', '14:00'),
      at('C2', 'cp_plan_start', '2024-03-04', null),
      at('C3', 'contact', '2024-03-04', '10:00', 'referral'),
      at('C3', 'referral', '2024-03-04', null),
      at('C3', 'assessment_start', '2024-03-04', '08:00'),
      at('C3', 'assessment_end', '2024-03-20', null, 'cin'),
      at('C3', 'cin_plan_start', '2024-03-20', null),
      at('Z9', 'contact', '2024-06-28', null, 'nfa'),
    ];
    const june = waitingOn(records, '2024-06-28');
    expect([june.s47!.waiting, june.cp_plan!.waiting]).toEqual([0, 1]);
    const march = waitingOn(records, '2024-03-10');
    expect([march.contact!.waiting, march.assessment!.waiting]).toEqual([0, 2]);
    // The dots: C2 ends at CP plan (strategy → S47 → ICPC → CP plan), C3 at Assessment then CIN plan.
    const table = buildEventTable(records);
    const moves = buildMoves(table, emptyChildAttributes(table.childIds.length), frontDoor);
    const path = (id: string) =>
      Array.from({ length: moves.count }, (_, m) => m)
        .filter((m) => table.childIds[moves.child[m]!] === id && moves.from[m] !== moves.to[m])
        .map((m) => frontDoor.stations[moves.to[m]!]!.id);
    expect(path('C2').slice(-4)).toEqual(['strategy', 's47', 'icpc', 'cp_plan']);
    expect(path('C3')).toEqual(['contact', 'referral', 'assessment', 'cin_plan']);
  });

  it('keeps a child waiting at the station of an undecided step until the end of the data', () => {
    const records = [ev('a', 'contact', '2024-01-01'), ev('b', 'contact', '2024-01-01', 'referral'), ev('b', 'referral', '2024-01-03')];
    const at = waitingOn(records, '2024-03-31');
    expect([at.contact!.waiting, at.referral!.waiting]).toEqual([1, 1]);
    expect(at.contact!.longestWaitDays).toBe(90);
    expect(at.referral!.medianWaitDays).toBe(88);
  });

  it('counts a child on a CP plan who is also looked after at both stations', () => {
    const records = [ev('a', 'cp_plan_start', '2024-01-01'), ev('a', 'cla_start', '2024-02-01')];
    const at = waitingOn(records, '2024-02-01');
    expect([at.cp_plan!.waiting, at.looked_after!.waiting]).toEqual([1, 1]);
  });

  it('counts nobody at a station passed through within the day, and counts after every event of that day', () => {
    const records = [ev('a', 'referral', '2024-01-01'), ev('a', 'strategy_discussion', '2024-01-01'), ev('a', 's47_start', '2024-01-01')];
    const at = waitingOn(records, '2024-01-01');
    expect([at.referral!.waiting, at.strategy!.waiting, at.s47!.waiting]).toEqual([0, 0, 1]);
    expect(at.s47!.longestWaitDays).toBe(0);
  });

  it('counts S47s waiting more than 15 working days for a conference as over target', () => {
    // 2024-01-01 is a Monday and a bank holiday; 15 working days later is Monday 22 January.
    const records = [ev('a', 's47_start', '2024-01-01'), ev('b', 's47_start', '2024-01-02')];
    expect(waitingOn(records, '2024-01-22').s47!.overTarget).toBe(0);
    expect(waitingOn(records, '2024-01-23').s47!.overTarget).toBe(1);
    expect(waitingOn(records, '2024-01-24').s47!.overTarget).toBe(2);
    expect(waitingOn(records, '2024-01-24').icpc!.overTarget).toBe(0);
  });

  it('ends an S47 awaiting its conference when a plan or care starts in its episode, when the case closes or a new referral opens another episode', () => {
    // Each child's S47 ends awaiting an ICPC (outcome icpc or blank, or no end at all) and no ICPC is recorded.
    const records = [
      ...['cp_plan_start', 'cin_plan_start', 'cla_start', 'case_closed', 'referral'].flatMap((next, k) => [
        ev(`c${k}`, 'referral', '2024-01-01'),
        ev(`c${k}`, 's47_start', '2024-01-02'),
        ev(`c${k}`, 's47_end', '2024-01-10', k % 2 ? 'icpc' : null),
        ev(`c${k}`, next as EventRecord['type'], '2024-01-20'),
      ]),
      // An S47 that concluded with no conference, and one still awaiting it: the latter stays.
      ev('nfa', 'referral', '2024-01-01'),
      ev('nfa', 's47_start', '2024-01-02'),
      ev('nfa', 's47_end', '2024-01-12', 'nfa'),
      ev('waits', 'referral', '2024-01-01'),
      ev('waits', 's47_start', '2024-01-02'),
      ev('waits', 's47_end', '2024-01-12', 'icpc'),
    ];
    expect(waitingOn(records, '2024-01-19').s47).toMatchObject({ waiting: 6, overTarget: 0 });
    const after = waitingOn(records, '2024-03-01');
    expect(after.s47).toMatchObject({ waiting: 1, overTarget: 1 });
    expect([after.cp_plan!.waiting, after.cin_plan!.waiting, after.looked_after!.waiting, after.referral!.waiting]).toEqual([1, 1, 1, 1]);
  });

  it('lists the children counted at a station by their index in the moves, the one with a dot elsewhere too', () => {
    // a: assessment open while a CP plan holds the dot; b: an assessment that holds its dot.
    const records = [
      ev('a', 'referral', '2024-01-02'),
      ev('a', 'assessment_start', '2024-01-03'),
      ev('a', 'icpc', '2024-01-25', 'cp_plan'),
      ev('a', 'cp_plan_start', '2024-01-25'),
      ev('b', 'referral', '2024-02-01'),
      ev('b', 'assessment_start', '2024-02-02'),
    ];
    const table = buildEventTable(records);
    const where = buildWhereabouts(table, frontDoor);
    const s = frontDoor.stations.findIndex((st) => st.id === 'assessment');
    const listed = childrenAt(where, s, day('2024-03-01'));
    expect(listed.map((c) => [table.childIds[c.child], c.waitedDays, c.starts])).toEqual([['a', 58, 1], ['b', 28, 1]]);
  });

  it('restarts the wait at a station when a new step of the same kind arrives there', () => {
    const records = [ev('a', 'referral', '2024-01-01'), ev('a', 'referral', '2024-03-01')];
    expect(waitingOn(records, '2024-03-11').referral).toMatchObject({ waiting: 1, longestWaitDays: 10 });
  });

  it('counts a period only from its start and not after its end, on a map that merges stations', () => {
    const records = [
      ev('a', 'referral', '2024-01-01'),
      ev('a', 'strategy_discussion', '2024-01-02'),
      ev('a', 'icpc', '2024-01-20', 'cp_plan'),
      ev('a', 'cp_plan_start', '2024-01-20'),
      ev('a', 'cp_plan_end', '2024-06-01'),
    ];
    // Small council: strategy, ICPC and the CP plan are one station; the child counts there once.
    expect(waitingOn(records, '2024-01-10', smallCouncil).protection!.waiting).toBe(1);
    expect(waitingOn(records, '2024-03-01', smallCouncil).protection).toMatchObject({ waiting: 1, longestWaitDays: 41 });
    expect(waitingOn(records, '2024-06-01', smallCouncil).protection!.waiting).toBe(0);
  });

  it('returns every station of the map, exits included, with nulls where nobody waits', () => {
    const at = stationsAt(buildWhereabouts(buildEventTable([]), frontDoor), day('2024-01-01'));
    expect(at.stations.map((s) => s.id)).toEqual(frontDoor.stations.map((s) => s.id));
    expect(at.stations[0]).toEqual({ id: 'contact', waiting: 0, children: 0, medianWaitDays: null, longestWaitDays: null, fifthLongestWaitDays: null, overTarget: 0, pastHorizon: 0 });
    expect(emptyChildAttributes(0).dob.length).toBe(0);
  });
});
