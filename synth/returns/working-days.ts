// The day `n` working days after `day` (England and Wales), from core's calendar.
import { englandWalesCalendar } from '../../core/working-days.js';

export function addWorkingDays(day: number, n: number): number {
  const calendar = englandWalesCalendar();
  let d = day + n;
  while (calendar.between(day, d) < n) d++;
  return d;
}
