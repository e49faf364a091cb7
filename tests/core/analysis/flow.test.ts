import { describe, expect, it } from 'vitest';
import { ASSESSMENT_EDGES, durationsAgainstTarget, stationFlow } from '../../../core/analysis/flow.js';
import { buildJourneySteps } from '../../../core/analysis/journey-steps.js';
import { weekWindows } from '../../../core/analysis/windows.js';
import { buildEventTable, day, ev } from './fixtures.js';
import { frontDoor } from './map.js';

describe('stationFlow', () => {
  // 2023-01-02 is a Monday. Referral day 0, assessment day 3, NFA day 20.
  const table = buildEventTable([
    ev('a', 'referral', '2023-01-02'),
    ev('a', 'assessment_start', '2023-01-05'),
    ev('a', 'assessment_end', '2023-01-22', 'nfa'),
    ev('b', 'referral', '2023-01-09'),
  ]);
  const steps = buildJourneySteps(table, frontDoor);
  const window = { from: day('2023-01-02'), to: day('2023-01-22') };
  const flow = stationFlow(steps, weekWindows(window.from, window.to), window);
  const at = (id: string) => flow.stations.find((s) => s.station === id)!;

  it('counts children in transit from each station at the end of each week', () => {
    expect(flow.weeks).toEqual(['2023-01-02', '2023-01-09', '2023-01-16']);
    expect(at('assessment').wip).toEqual([1, 1, 0]); // in transit 5 Jan → 22 Jan; snapshots 8, 15, 22 Jan
    // a left before the first snapshot; b, referred on 9 Jan with no next step yet, is still waiting
    expect(at('referral').wip).toEqual([0, 1, 1]);
    expect(at('nfa').wip).toEqual([0, 0, 0]);
  });
  it('counts arrivals per week', () => {
    expect(at('referral').arrivals).toEqual([1, 1, 0]);
    expect(at('nfa').arrivals).toEqual([0, 0, 1]);
  });
  it('gives the distribution of days spent before moving on', () => {
    expect(at('referral').timeSpent).toMatchObject({ n: 1, mean: 3 });
    expect(at('assessment').timeSpent.quantiles.find((q) => q.q === 0.5)!.days).toBe(17);
    expect(at('nfa').timeSpent).toEqual({ n: 0, mean: null, quantiles: [] });
  });
});

describe('stationFlow: a child who comes back', () => {
  it('waits at the last station of a trip until the next trip starts', () => {
    // c: referral 2 Jan, CIN plan 5 Jan (never closed), re-referred 19 Jan (a new episode, a new trip).
    const table = buildEventTable([
      ev('c', 'referral', '2023-01-02'),
      ev('c', 'cin_plan_start', '2023-01-05'),
      ev('c', 'referral', '2023-01-19'),
    ]);
    const steps = buildJourneySteps(table, frontDoor);
    const window = { from: day('2023-01-02'), to: day('2023-01-29') };
    const flow = stationFlow(steps, weekWindows(window.from, window.to), window);
    const at = (id: string) => flow.stations.find((s) => s.station === id)!;
    expect(at('cin_plan').wip).toEqual([1, 1, 0, 0]); // snapshots 8, 15, 22, 29 Jan
    expect(at('referral').wip).toEqual([0, 0, 1, 1]); // the new referral is still open
    expect(at('cin_plan').timeSpent.n).toBe(0); // a wait that ended in a new trip is no step's duration
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
