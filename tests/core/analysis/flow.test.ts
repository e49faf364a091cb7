import { describe, expect, it } from 'vitest';
import { ASSESSMENT_EDGES, durationsAgainstTarget, workInProgress } from '../../../core/analysis/flow.js';
import { arrivalsByWeek, stationStays } from '../../../core/analysis/station-times.js';
import { buildWhereabouts, placeOf, stationsAt } from '../../../core/whereabouts.js';
import { buildJourneySteps } from '../../../core/analysis/journey-steps.js';
import { weekWindows } from '../../../core/analysis/windows.js';
import { buildEventTable, day, ev } from './fixtures.js';
import { frontDoor } from './map.js';

describe('work in progress, arrivals and stays', () => {
  // 2023-01-02 is a Monday. Referral day 0, assessment day 3, NFA day 20.
  const table = buildEventTable([
    ev('a', 'referral', '2023-01-02'),
    ev('a', 'assessment_start', '2023-01-05'),
    ev('a', 'assessment_end', '2023-01-22', 'nfa'),
    ev('b', 'referral', '2023-01-09'),
  ]);
  const steps = buildJourneySteps(table, frontDoor);
  const window = { from: day('2023-01-02'), to: day('2023-01-22') };
  const weeks = weekWindows(window.from, window.to);
  const arrivals = arrivalsByWeek(steps, weeks, window);
  const arrivalsAt = (id: string) => arrivals[steps.stationIds.indexOf(id)]!;
  const where = buildWhereabouts(table, frontDoor);
  const stays = stationStays(where, frontDoor, window, window.to, null, 0); // two children: read without the cut of KM_MIN_AT_RISK
  const stayAt = (id: string) => stays.find((s) => s.station === id)!;
  const wip = workInProgress(where, frontDoor, weekWindows(window.from, window.to), window);
  const waiting = (id: string) => wip.stations.find((s) => s.station === id)!;

  it('counts the children waiting at each station at the end of each week, never at an exit', () => {
    expect(weeks.map((w) => w.label)).toEqual(['2023-01-02', '2023-01-09', '2023-01-16']);
    expect(wip.days).toEqual(['2023-01-08', '2023-01-15', '2023-01-22']);
    expect(waiting('assessment').waiting).toEqual([1, 1, 0]); // assessing 5 Jan → 22 Jan
    // a left before the first snapshot; b, referred on 9 Jan with no next step yet, is still waiting
    expect(waiting('referral').waiting).toEqual([0, 1, 1]);
    expect(wip.stations.map((s) => s.station)).not.toContain('nfa');
    expect(wip.stations.map((s) => s.station).slice(0, 6)).toEqual(['referral', 'assessment', 'strategy', 's47_open', 'awaiting_icpc', 'icpc']);
  });

  it('is the stations answer of the map at each snapshot, with the 45 working-day target', () => {
    wip.days.forEach((date, w) => {
      const stations = stationsAt(where, day(date)).stations;
      for (const s of wip.stations) {
        const answer = placeOf(stations, s.station)!;
        expect([s.waiting[w], s.overTarget[w], s.medianWaitDays[w]]).toEqual([answer.waiting, answer.overTarget, answer.medianWaitDays]);
      }
    });
    expect(waiting('assessment').targetWorkingDays).toBe(45);
    expect(waiting('s47_open').targetWorkingDays).toBe(15);
    expect(waiting('awaiting_icpc').targetWorkingDays).toBe(15);
  });
  it('counts arrivals per week', () => {
    expect(arrivalsAt('referral')).toEqual([1, 1, 0]);
    expect(arrivalsAt('nfa')).toEqual([0, 0, 1]);
  });
  it('gives the days at each station from the map\'s own stays, counting stays still running (Kaplan–Meier)', () => {
    // a: referral 2 Jan → assessment 5 Jan (3 days); b: referral 9 Jan, still there on 22 Jan (13 days, censored)
    expect(stayAt('referral')).toMatchObject({ arrivals: 2, movedOn: 1, stillThere: 1 });
    expect(stayAt('referral').quantiles.find((q) => q.q === 0.25)!.days).toBe(3);
    expect(stayAt('referral').quantiles.find((q) => q.q === 0.75)!.days).toBeNull(); // the curve never gets below 1/2
    expect(stayAt('assessment')).toMatchObject({ arrivals: 1, movedOn: 1, stillThere: 0 });
    expect(stayAt('assessment').quantiles.find((q) => q.q === 0.5)!.days).toBe(17);
    expect(stays.map((s) => s.station)).not.toContain('nfa');
  });
});

describe('work in progress and stays: a child who comes back', () => {
  it('keeps an open CIN plan counted when the child is re-referred, and counts the new referral', () => {
    // c: referral 2 Jan, CIN plan 5 Jan (never closed), re-referred 19 Jan (a new episode, a new trip).
    const table = buildEventTable([
      ev('c', 'referral', '2023-01-02'),
      ev('c', 'cin_plan_start', '2023-01-05'),
      ev('c', 'referral', '2023-01-19'),
    ]);
    const window = { from: day('2023-01-02'), to: day('2023-01-29') };
    const where = buildWhereabouts(table, frontDoor);
    const wip = workInProgress(where, frontDoor, weekWindows(window.from, window.to), window);
    const stays = stationStays(where, frontDoor, window, window.to);
    const waiting = (id: string) => wip.stations.find((s) => s.station === id)!.waiting;
    expect(waiting('cin_plan')).toEqual([1, 1, 1, 1]); // snapshots 8, 15, 22, 29 Jan: the plan never ended
    expect(waiting('referral')).toEqual([0, 0, 1, 1]); // the new referral is still open
    // the CIN plan never ended: the flow view's stay is still running, as the map's count says
    expect(stays.find((s) => s.station === 'cin_plan')).toMatchObject({ arrivals: 1, movedOn: 0, stillThere: 1 });
  });
});

describe('durationsAgainstTarget', () => {
  it('bins working days and counts those within the target', () => {
    const h = durationsAgainstTarget([3, 10, 11, 45, 46, 100], 45, ASSESSMENT_EDGES);
    expect(h).toMatchObject({ n: 6, withinTarget: 4, median: 28 });
    expect(h.share).toBeCloseTo(4 / 6, 12);
    expect(Object.fromEntries(h.bins.map((b) => [b.label, b.count]))).toEqual({
      '0–10': 2, '11–20': 1, '21–30': 0, '31–40': 0, '41–45': 1, '46–60': 1, '61–90': 0, '91+': 1,
    });
  });
});
