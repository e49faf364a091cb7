// "Children waiting" that counts children (review v8d finding 2): a station's number stays the open
// steps (the metrics count periods, so Looked after = open_at_end.cla), the stations add how many
// distinct children those are, the station's list names each child once with its number of open
// starts, and a closed case ends its CIN plan and early help. The log below is written by hand, in no
// order the walk would give: rows shuffled, episode ids missing on some rows, a duplicate start and a
// double end.
import { describe, expect, it } from 'vitest';
import { emptyChildAttributes } from '../../core/children.js';
import { parseDay } from '../../core/dates.js';
import { buildEventTable, type EventRecord, type EventTable } from '../../core/event-table.js';
import { buildMoves, type MoveColumns } from '../../core/journeys.js';
import { computeMetrics, prepareMetrics } from '../../core/metrics.js';
import { buildWhereabouts, childrenAt, stationsAt, waitsOfChild } from '../../core/whereabouts.js';
import { frontDoor } from './analysis/map.js';
import { dotAt as dotAtOn } from './dot-at.js';

const day = (text: string) => parseDay(text)!;
const ev = (child: string, type: EventRecord['type'], date: string, episodeId: string | null = null, outcome: string | null = null): EventRecord => ({
  child,
  type,
  day: day(date),
  outcome,
  episodeId,
});

// K7: a care period that ended (ended twice), then two care starts with no end (one without an episode
// id). M2: one care start, no end. P3: a CIN plan, no cin_plan_end, its case closed on 15 Sep 2023. H4:
// early help filed twice, its case closed (no episode id on the closure: it joins the referral's).
// Q5: a CIN plan of one episode while another episode's case closes: the plan stays open.
const LOG: EventRecord[] = [
  ev('P3', 'case_closed', '2023-09-15', 'P3-E9', 'RC8'),
  ev('K7', 'cla_start', '2023-06-12', 'K7-E1'),
  ev('M2', 'cla_start', '2023-05-20'),
  ev('K7', 'cla_end', '2023-03-01', 'K7-E1', 'E11'),
  ev('Q5', 'case_closed', '2023-07-01', 'Q5-B', 'RC8'),
  ev('H4', 'early_help_start', '2023-02-03', 'H4-E4'),
  ev('K7', 'referral', '2023-01-06', 'K7-E1'),
  ev('P3', 'cin_plan_start', '2023-04-10'),
  ev('K7', 'cla_start', '2023-04-03'),
  ev('Q5', 'cin_plan_start', '2023-02-01', 'Q5-A'),
  ev('K7', 'cla_end', '2023-03-01', 'K7-E1', 'E11'),
  ev('P3', 'assessment_end', '2023-04-10', null, 'cin'),
  ev('H4', 'case_closed', '2023-05-02', null, 'RC8'),
  ev('K7', 'cla_start', '2023-02-01', 'K7-E1'),
  ev('P3', 'referral', '2023-03-01', 'P3-E9'),
  ev('K7', 'contact', '2023-01-05', null, 'referral'),
  ev('Q5', 'referral', '2023-06-01', 'Q5-B'),
  ev('H4', 'referral', '2023-02-01', 'H4-E4'),
  ev('P3', 'assessment_start', '2023-03-02', 'P3-E9'),
  ev('Q5', 'referral', '2023-01-10', 'Q5-A'),
  ev('H4', 'early_help_start', '2023-02-03', 'H4-E4'),
];

const table = buildEventTable(LOG);
const prepared = prepareMetrics(table);
const where = buildWhereabouts(table, frontDoor, { prepared });
const S = (id: string) => frontDoor.stations.findIndex((s) => s.id === id);
const childOf = (id: string) => table.childIds.indexOf(id);
const station = (date: string, id: string) => stationsAt(where, day(date)).stations[S(id)]!;

const dotAt = (moves: MoveColumns, t: EventTable, child: string, date: string) => dotAtOn(frontDoor, moves, t, child, date);

describe('children waiting, against open steps', () => {
  it('counts two unended care starts of one child as 2 open and 1 child, as the metrics count 2 open periods', () => {
    for (const date of ['2023-06-12', '2023-07-01', '2023-12-31']) {
      const la = station(date, 'looked_after');
      // K7's two open starts and M2's one.
      expect([la.waiting, la.children], date).toEqual([3, 2]);
      expect(computeMetrics(prepared, { from: day('2023-01-01'), to: day(date) }).open_at_end.cla, date).toBe(3);
    }
    // Before K7's second open start: one each.
    expect(station('2023-06-01', 'looked_after')).toMatchObject({ waiting: 2, children: 2 });
    // K7's first period, ended (twice) on 1 March: nobody on 1 March.
    expect(station('2023-03-01', 'looked_after')).toMatchObject({ waiting: 0, children: 0 });
    expect(station('2023-02-28', 'looked_after')).toMatchObject({ waiting: 1, children: 1 });
  });

  it("lists each child once, with its number of open starts and its longest wait, longest first", () => {
    const listed = childrenAt(where, S('looked_after'), day('2023-07-01'));
    expect(listed).toEqual([
      // K7 since 3 April (89 days) and 12 June: both unended starts count, the child once.
      { child: childOf('K7'), waitedDays: 89, starts: 2 },
      { child: childOf('M2'), waitedDays: 42, starts: 1 },
    ]);
  });
});

describe('a closed case ends its CIN plan and early help', () => {
  const moves = buildMoves(table, emptyChildAttributes(table.childIds.length), frontDoor, { prepared });

  it('keeps a CIN plan waiting until the day its case closes, and not after', () => {
    expect(childrenAt(where, S('cin_plan'), day('2023-09-14')).map((c) => table.childIds[c.child])).toContain('P3');
    expect(childrenAt(where, S('cin_plan'), day('2023-09-15')).map((c) => table.childIds[c.child])).not.toContain('P3');
    expect(station('2023-09-14', 'cin_plan')).toMatchObject({ waiting: 2, children: 2 });
    expect(station('2023-09-15', 'cin_plan')).toMatchObject({ waiting: 1, children: 1 });
    // The journey panel's rows: the plan ended the day the case closed.
    const plan = waitsOfChild(where, childOf('P3'), day('2024-01-31')).find((w) => w.station === S('cin_plan'))!;
    expect(plan).toEqual({ station: S('cin_plan'), sinceDay: day('2023-04-10'), endDay: day('2023-09-15'), days: 158, unpairedEnds: [] });
    // The dot agrees: at CIN plan the day before, gone after the closure, and never drawn back there.
    expect(dotAt(moves, table, 'P3', '2023-09-14')).toBe('cin_plan');
    for (const date of ['2023-09-15', '2023-10-01', '2024-06-30']) expect(dotAt(moves, table, 'P3', date), date).toBeNull();
  });

  it('ends early help when its case closes, whether or not the closure carries the episode id', () => {
    // H4's early help, filed twice: two open starts, one child, both ended by the closure.
    expect(station('2023-05-01', 'early_help')).toMatchObject({ waiting: 2, children: 1 });
    expect(station('2023-05-02', 'early_help')).toMatchObject({ waiting: 0, children: 0 });
    expect(dotAt(moves, table, 'H4', '2023-05-01')).toBe('early_help');
    expect(dotAt(moves, table, 'H4', '2023-05-02')).toBeNull();
  });

  it("leaves open a CIN plan of another episode than the one closed", () => {
    expect(childrenAt(where, S('cin_plan'), day('2023-12-31')).map((c) => table.childIds[c.child])).toEqual(['Q5']);
  });

  it('changes nothing the metrics count: care and CP plans stay open after a closure', () => {
    const records = [ev('Z1', 'referral', '2023-01-02', 'Z-1'), ev('Z1', 'cla_start', '2023-01-03', 'Z-1'), ev('Z1', 'cp_plan_start', '2023-01-03', 'Z-1'), ev('Z1', 'case_closed', '2023-02-01', 'Z-1', 'RC8')];
    const t = buildEventTable(records);
    const w = buildWhereabouts(t, frontDoor);
    const at = stationsAt(w, day('2023-03-01')).stations;
    expect([at[S('looked_after')]!.waiting, at[S('cp_plan')]!.waiting]).toEqual([1, 1]);
    const open = computeMetrics(prepareMetrics(t), { from: day('2023-01-01'), to: day('2023-03-01') }).open_at_end;
    expect([open.cla, open.cp_plan]).toEqual([1, 1]);
  });
});
