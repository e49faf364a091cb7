// Dates as a reader writes them: "1 April 2024", "April 2024", "1 April 2024 to 31 March 2025".
import { civilFromDay, parseDay } from '../dates.js';

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function longDate(day: number): string {
  const { year, month, day: d } = civilFromDay(day);
  return `${d} ${MONTH_NAMES[month - 1]} ${year}`;
}

export function monthText(day: number): string {
  const { year, month } = civilFromDay(day);
  return `${MONTH_NAMES[month - 1]} ${year}`;
}

export function windowText(from: number, to: number): string {
  return `${longDate(from)} to ${longDate(to)}`;
}

/** "2024-04-01" → "1 April 2024"; "2024-04" → "April 2024"; anything else unchanged. */
export function isoText(iso: string): string {
  const full = parseDay(iso);
  if (full !== null) return longDate(full);
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  if (month) return `${MONTH_NAMES[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  return iso;
}
