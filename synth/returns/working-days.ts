// Working days for the returns (England and Wales), from core's calendar.
import { englandWalesCalendar } from '../../core/working-days.js';
import { conferenceDay } from '../generate.js';

/** The day `n` working days after `day`. */
export function addWorkingDays(day: number, n: number): number {
  const calendar = englandWalesCalendar();
  let d = day + n;
  while (calendar.between(day, d) < n) d++;
  return d;
}

/**
 * The working day a meeting planned for `day` is held on (a review: CP review conferences, looked-after
 * children's reviews), in [earliest, latest]: as the generator holds conferences (conferenceDay), else the
 * last working day before `day`; null when the span has none.
 */
export function meetingDay(day: number, earliest: number, latest: number): number | null {
  const held = conferenceDay(day, earliest);
  if (held <= latest) return held;
  const calendar = englandWalesCalendar();
  for (let d = Math.min(day, latest); d >= earliest; d--) if (calendar.between(d - 1, d) === 1) return d;
  return null;
}
