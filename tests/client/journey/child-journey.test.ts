import { describe, expect, it } from 'vitest';
import { childSteps } from '../../../client/src/journey/child-journey.js';
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
    expect(childSteps(moves, 3, map.stations, 100 * DAY)).toEqual([
      { station: 'Referral', date: '2022-01-08', days: 2, open: false, kind: 'arrived', trip: 1 },
      { station: 'Assessment', date: '2022-01-10', days: 28, open: false, kind: 'arrived', trip: 1 },
      { station: 'Assessment', date: '2022-02-07', days: null, open: false, kind: 'left', trip: 1 },
      { station: 'CP plan', date: '2022-02-17', days: 60, open: true, kind: 'arrived', trip: 2 },
    ]);
  });

  it('counts the days so far of a step still open at the end of the data to the date shown, not to the end', () => {
    const moves = moveColumns([{ child: 0, from: 'entry', to: at('s47'), depart: 10 * DAY, arrive: 10 * DAY }]);
    // Shown at the last second of day 40: 30 days so far, though the data runs to day 2000.
    expect(childSteps(moves, 0, map.stations, 41 * DAY - 1)[0]).toMatchObject({ days: 30, open: true });
    // Before the child arrived there: no days yet.
    expect(childSteps(moves, 0, map.stations, 5 * DAY)[0]).toMatchObject({ days: null, open: true });
  });
});
