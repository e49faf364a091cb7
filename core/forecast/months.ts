// Calendar months as integers (year × 12 + month − 1) and the forecast's month grid.
import { civilFromDay, dayFromCivil, daysInMonth } from '../dates.js';

export function monthOfDay(day: number): number {
  const { year, month } = civilFromDay(day);
  return year * 12 + month - 1;
}

export function firstDayOfMonth(monthIndex: number): number {
  return dayFromCivil(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

export function lastDayOfMonth(monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return dayFromCivil(year, month, daysInMonth(year, month));
}

export function monthLabel(monthIndex: number): string {
  const month = (monthIndex % 12) + 1;
  return `${Math.floor(monthIndex / 12)}-${month < 10 ? '0' : ''}${month}`;
}

/** The last whole month on or before `day`. */
export function lastWholeMonth(day: number): number {
  const m = monthOfDay(day);
  return lastDayOfMonth(m) === day ? m : m - 1;
}
