import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { packCohort } from '../../../core/journeys.js';
import type { MapStation } from '../../../core/map-schema.js';
import { englandWalesCalendar } from '../../../core/working-days.js';
import { allowAll, toggleValue } from '../../../client/src/dots/cohort-filter.js';
import { arrowFor, labelText, segmentFlow } from '../../../client/src/segments/segment-flow.js';
import { moveColumns, type MoveRow } from '../fixtures.js';

const DAY = 86400;
const station = (id: string, target?: number): MapStation => ({ id, name: id, x: 0, y: 0, kind: 'station', ...(target ? { targetWorkingDays: target } : {}) });
const stations = [station('assessment', 45), station('cin_plan'), station('referral')];
// Day 0 of the moves is Monday 6 January 2025.
const ORIGIN = dayFromCivil(2025, 1, 6);
const calendar = englandWalesCalendar();

/** `n` children moving assessment → CIN plan, each step `days` calendar days long, arriving from day 100. */
function steps(n: number, days: number, cohort = 0, firstChild = 0): MoveRow[] {
  return Array.from({ length: n }, (_, k) => ({ child: firstChild + k, from: 0, to: 1, depart: (100 - days + k) * DAY, arrive: (100 + k) * DAY, cohort }));
}

describe('segmentFlow', () => {
  const window = { start: 90 * DAY, end: 300 * DAY };

  it('counts the children who took each step in the window, with their median days', () => {
    const moves = moveColumns([...steps(3, 20), { child: 9, from: 2, to: 0, depart: 95 * DAY, arrive: 99 * DAY } as MoveRow].sort((a, b) => a.depart - b.depart), ORIGIN);
    const flows = segmentFlow(moves, stations, window, allowAll(), calendar);
    expect(flows.map((f) => [f.from, f.to, f.children, f.medianDays])).toEqual([[0, 1, 3, 20], [2, 0, 1, 4]]);
  });

  it('does not mark steps within the target (placebo), and marks those whose median is over it (power)', () => {
    // 56 calendar days from a Monday are 40 working days: within 45. 70 calendar days are 50: over.
    const within = segmentFlow(moveColumns(steps(25, 56), ORIGIN), stations, window, allowAll(), calendar);
    expect(within[0]).toMatchObject({ medianWorkingDays: expect.any(Number), slow: false, target: 45 });
    expect(within[0]!.medianWorkingDays).toBeLessThanOrEqual(45);
    const over = segmentFlow(moveColumns(steps(25, 70), ORIGIN), stations, window, allowAll(), calendar);
    expect(over[0]!.medianWorkingDays).toBeGreaterThan(45);
    expect(over[0]!.slow).toBe(true);
    // A station with no target never marks a step.
    const fromCin = segmentFlow(moveColumns([{ child: 0, from: 1, to: 2, depart: 0, arrive: 150 * DAY }], ORIGIN), stations, window, allowAll(), calendar);
    expect(fromCin[0]).toMatchObject({ target: null, slow: false });
  });

  // Review v8c finding 1: "⚠ over 45 WD" was judged on the time to the next station, so assessments that
  // ended within 45 WD and were followed by care months later were marked over target.
  it('judges the target on the step itself (arrival to its end), not on the time to the next station', () => {
    // 25 assessments of 40 working days (56 calendar days), each followed by the next step 60 days later.
    // Each starts on a Monday (day 7k) and reaches the next station 116 days later, inside the window.
    const rows = (stepDays: number): MoveRow[] =>
      Array.from({ length: 25 }, (_, k) => ({ child: k, from: 0, to: 1, depart: 7 * k * DAY, leave: (7 * k + stepDays) * DAY, arrive: (7 * k + 116) * DAY }));
    const lateNext = rows(56);
    const flow = segmentFlow(moveColumns(lateNext, ORIGIN), stations, window, allowAll(), calendar)[0]!;
    expect(flow.medianDays).toBe(116);
    expect(flow.medianStepDays).toBe(56);
    expect(flow.medianWorkingDays).toBeGreaterThan(45);
    expect(flow.medianStepWorkingDays).toBeLessThanOrEqual(45);
    expect(flow.slow).toBe(false);
    // The same numbers with assessments of 50 working days (70 calendar days) are over the target.
    const longStep = rows(70);
    const over = segmentFlow(moveColumns(longStep, ORIGIN), stations, window, allowAll(), calendar)[0]!;
    expect(over).toMatchObject({ medianDays: 116, medianStepDays: 70, slow: true });
    expect(over.medianStepWorkingDays).toBeGreaterThan(45);
  });

  it('leaves out steps arriving outside the window, entries and leavings, and children the filter hides', () => {
    const female = packCohort(0, 1, 0, 0, 0);
    const moves = moveColumns(
      [
        ...steps(2, 10, 0),
        ...steps(3, 10, female, 10),
        { child: 20, from: 'entry' as const, to: 0, depart: 150 * DAY, arrive: 150 * DAY },
        { child: 21, from: 1, to: 1, depart: 150 * DAY, arrive: 160 * DAY },
        { child: 22, from: 0, to: 1, depart: 300 * DAY, arrive: 310 * DAY },
      ].sort((a, b) => a.depart - b.depart),
      ORIGIN,
    );
    expect(segmentFlow(moves, stations, window, allowAll(), calendar).map((f) => f.children)).toEqual([5]);
    expect(segmentFlow(moves, stations, window, toggleValue(allowAll(), 'sex', 1, false), calendar).map((f) => f.children)).toEqual([2]);
  });
});

describe('segment labels', () => {
  it('point the way the step goes, and say "over" in words as well as in colour', () => {
    expect([arrowFor(1, 0), arrowFor(0, 1), arrowFor(-1, -1), arrowFor(1, -1)]).toEqual(['→', '↓', '↖', '↗']);
    const slow = { from: 0, to: 1, children: 1234, medianDays: 70.5, medianWorkingDays: 50, medianStepDays: 68, medianStepWorkingDays: 48.5, target: 45, slow: true };
    // The days are the time to the next station, and the label says so; the warning names the step's own working days.
    expect(labelText(slow, '→')).toBe('⚠ → 1,234 · 70.5 d to next · step 48.5 WD, over 45');
    expect(labelText({ ...slow, slow: false, medianDays: 12 }, '↓')).toBe('↓ 1,234 · 12 d to next');
  });
});
