import { describe, expect, it } from 'vitest';
import { childSteps } from '../../../client/src/journey/child-journey.js';
import { emptyChildAttributes } from '../../../core/children.js';
import { formatDay, parseDay } from '../../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import { buildMoves } from '../../../core/journeys.js';
import { buildWhereabouts, childrenAt, waitsOfChild } from '../../../core/whereabouts.js';
import { frontDoorMap, moveColumns } from '../fixtures.js';

const DAY = 86400;
const map = frontDoorMap();
const at = (id: string) => map.stations.findIndex((s) => s.id === id);

describe('childSteps', () => {
  it('lists each step with its date and the days the child stayed, still open at the end of the data', () => {
    const moves = moveColumns(
      [
        { child: 3, from: 'entry', to: at('referral'), depart: 0, arrive: 0 },
        { child: 3, from: at('referral'), to: at('assessment'), depart: 0, leave: 2 * DAY, arrive: 2 * DAY },
        { child: 4, from: 'entry', to: at('contact'), depart: DAY, arrive: DAY },
        { child: 3, from: at('assessment'), to: at('assessment'), depart: 2 * DAY, leave: 30 * DAY, arrive: 30 * DAY },
        { child: 3, from: 'entry', to: at('cp_plan'), depart: 40 * DAY, arrive: 40 * DAY, episode: 2 },
      ],
      19000,
    );
    expect(childSteps(moves, 3, map.stations, [{ station: at('cp_plan'), waitedDays: 60, since: '2022-02-17' }])).toEqual([
      { station: 'Referral', date: '2022-01-08', days: 2, open: false, kind: 'arrived', trip: 1 },
      { station: 'Assessment', date: '2022-01-10', days: 28, open: false, kind: 'arrived', trip: 1 },
      { station: 'Assessment', date: '2022-02-07', days: null, open: false, kind: 'left', trip: 1 },
      { station: 'CP plan', date: '2022-02-17', days: 60, since: '2022-02-17', open: true, kind: 'arrived', trip: 2 },
    ]);
  });

  it('takes the days so far of a step still open from the waits on the date shown, none when the child is not counted there', () => {
    const moves = moveColumns([{ child: 0, from: 'entry', to: at('s47'), depart: 10 * DAY, arrive: 10 * DAY }]);
    expect(childSteps(moves, 0, map.stations, [{ station: at('s47'), waitedDays: 30, since: '2022-01-16' }])[0]).toMatchObject({ days: 30, open: true });
    // Before the child arrived there, or counted only elsewhere: no days there.
    expect(childSteps(moves, 0, map.stations, [])[0]).toMatchObject({ days: null, open: true });
    expect(childSteps(moves, 0, map.stations, [{ station: at('cp_plan'), waitedDays: 3, since: '2022-01-16' }])[0]).toMatchObject({ days: null, open: true });
  });
});

// Review finding (issue 8, fix 2, item 4): a child back at a station showed one wait in its journey
// (from the dot's return) and another in the station's list (from the start of the period). Both now
// read core/whereabouts.ts stayWaitAt; here a child back in care after a CP plan ends, and one whose
// second referral restarts its wait, on several dates.
describe('childSteps agrees with the station list for a child back at a station', () => {
  const ev = (child: string, type: EventRecord['type'], date: string, outcome: string | null = null): EventRecord => ({ child, type, day: parseDay(date)!, outcome });
  const records = [
    ev('back-in-care', 'referral', '2024-02-10'),
    ev('back-in-care', 'assessment_start', '2024-02-12'),
    ev('back-in-care', 'cla_start', '2024-02-20'),
    ev('back-in-care', 'cp_plan_start', '2024-03-01'),
    ev('back-in-care', 'cp_plan_end', '2024-03-29'),
    ev('referred-twice', 'contact', '2024-01-02', 'referral'),
    ev('referred-twice', 'referral', '2024-01-03'),
    ev('referred-twice', 'referral', '2024-03-05'),
    ev('other', 'contact', '2024-03-31'),
  ];
  const table = buildEventTable(records);
  const moves = buildMoves(table, emptyChildAttributes(table.childIds.length), map);
  const where = buildWhereabouts(table, map);
  const stations = map.stations;

  it.each([
    ['back-in-care', 'looked_after', ['2024-03-29', '2024-03-30', '2024-03-31', '2024-06-30']],
    ['referred-twice', 'referral', ['2024-03-05', '2024-03-20', '2024-03-31']],
  ])('%s at %s', (id, stationId, dates) => {
    const child = table.childIds.indexOf(id);
    const s = at(stationId);
    for (const date of dates) {
      const day = parseDay(date)!;
      const listed = childrenAt(where, s, day).find((c) => c.child === child);
      expect(listed, `${id} listed at ${stationId} on ${date}`).toBeDefined();
      const waits = waitsOfChild(where, child, day).map((w) => ({ station: w.station, waitedDays: w.waitedDays, since: formatDay(w.sinceDay) }));
      const open = childSteps(moves, child, stations, waits).at(-1)!;
      expect(open, `${id} on ${date}`).toMatchObject({ station: stations[s]!.name, open: true, days: listed!.waitedDays });
    }
  });

  it('says since when a returning child has waited: the start of the period, before the dot came back', () => {
    const child = table.childIds.indexOf('back-in-care');
    const waits = waitsOfChild(where, child, parseDay('2024-03-31')!).map((w) => ({ station: w.station, waitedDays: w.waitedDays, since: formatDay(w.sinceDay) }));
    expect(childSteps(moves, child, stations, waits).at(-1)).toMatchObject({ date: '2024-03-29', days: 40, since: '2024-02-20' });
  });
});
