import { describe, expect, it } from 'vitest';
import { Clock, markerPassed, SPEEDS, timelineSpan, openingTime } from '../../../client/src/timeline/clock.js';

const DAY = 86400;

describe('Clock', () => {
  it('advances by real seconds times the speed only while playing', () => {
    const clock = new Clock(0, 1000 * DAY);
    clock.advance(1);
    expect(clock.time).toBe(0);
    clock.play();
    clock.advance(2);
    expect(clock.time).toBe(2 * DAY);
    clock.setRate(SPEEDS.at(-1)!.rate);
    clock.advance(60);
    expect(clock.time).toBeCloseTo(2 * DAY + 365.25 * DAY, 3);
  });

  it('offers speeds from a day per second to a year per minute', () => {
    expect(SPEEDS[0]!.rate).toBe(DAY);
    expect(SPEEDS.at(-1)!.rate).toBeCloseTo((365.25 * DAY) / 60, 6);
  });

  it('stops at the end, and play from the end starts again', () => {
    const clock = new Clock(0, 10 * DAY);
    clock.play();
    clock.advance(20);
    expect(clock.time).toBe(10 * DAY);
    expect(clock.snapshot.playing).toBe(false);
    clock.play();
    expect(clock.time).toBe(0);
  });

  it('seek clamps to the span and tells listeners why', () => {
    const clock = new Clock(5 * DAY, 10 * DAY);
    const reasons: string[] = [];
    clock.onChange((_, reason) => reasons.push(reason));
    clock.seek(0);
    expect(clock.time).toBe(5 * DAY);
    clock.seek(99 * DAY);
    expect(clock.time).toBe(10 * DAY);
    clock.toggle();
    clock.toggle();
    expect(reasons).toEqual(['seek', 'seek', 'play', 'pause']);
  });

  it('refuses an end before the start and a speed that is not positive', () => {
    expect(() => new Clock(10, 5)).toThrow(/end 5 is before start 10/);
    expect(() => new Clock(0, 5).setRate(0)).toThrow(/speed must be positive/);
  });
});

describe('markerPassed', () => {
  const times = Float64Array.from([10, 20, 30]);
  it('finds the marker crossed between two frames, once', () => {
    expect(markerPassed(times, 5, 10)).toBe(0);
    expect(markerPassed(times, 10, 15)).toBe(-1);
    expect(markerPassed(times, 19, 35)).toBe(1);
  });
  it('never fires going backwards (a scrub back)', () => {
    expect(markerPassed(times, 35, 5)).toBe(-1);
  });
});

describe('timelineSpan', () => {
  it('ends at the end of the data\'s last day even when a move arrives later (review v8f: 90 days past the data)', () => {
    // origin day 100; data from day 100 to day 200; one move arriving on day 290
    const moves = { count: 2, depart: [DAY * 1, DAY * 50], arrive: [DAY * 2, DAY * 190] };
    const span = timelineSpan(moves, 100, { from: '1970-04-11', to: '1970-07-20' });
    expect(span.start).toBe(0);
    expect(span.end).toBe(101 * DAY);
  });
});

describe('openingTime', () => {
  it('opens a year before the last day, so the queues have formed (the demo opened on an empty map)', () => {
    const span = { start: 0, end: 7 * 365 * DAY };
    expect(openingTime(span)).toBe(6 * 365 * DAY);
  });
  it('opens on the first day of a dataset shorter than a year', () => {
    expect(openingTime({ start: 10 * DAY, end: 200 * DAY })).toBe(10 * DAY);
  });
});
