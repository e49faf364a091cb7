// The calendar of the service around a week, for the impact model: how many working days the week has
// (bank holidays from core/working-days.ts) and what share of them fall in English school holidays.
// Referrals come largely from schools, so they fall when schools close; assessments started just before
// a holiday run late. The dates are approximate and the same for every council (term dates differ a
// little between councils): summer 22 July – 3 September, Christmas 21 December – 3 January, Easter
// from the Monday before Good Friday for two weeks, and the three half-terms (the week with a Monday from
// 12 to 18 February, the week of the late May bank holiday, the week with a Monday from 22 to 28 October).
// They are domain knowledge, not fitted to any data.
import { civilFromDay, dayFromCivil, weekday } from '../dates.js';
import { englandWalesCalendar } from '../working-days.js';

/** Easter Sunday of a year (the anonymous Gregorian computus). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromCivil(year, month, day);
}

/** Monday of the week holding `day` (weekday 0 = Monday). */
function mondayOf(day: number): number {
  return day - weekday(day);
}

/** The first Monday on or after `day`. */
function mondayOnOrAfter(day: number): number {
  return day + ((7 - weekday(day)) % 7);
}

const yearCache = new Map<number, Array<[number, number]>>();

/** School-holiday ranges [first, last] (inclusive day numbers) that start in `year`. */
function holidayRanges(year: number): Array<[number, number]> {
  const cached = yearCache.get(year);
  if (cached) return cached;
  const easterMonday = easterSunday(year) + 1;
  const lateMayBankHoliday = mondayOf(dayFromCivil(year, 5, 31));
  const ranges: Array<[number, number]> = [
    [dayFromCivil(year, 1, 1), dayFromCivil(year, 1, 3)],
    [mondayOnOrAfter(dayFromCivil(year, 2, 12)), mondayOnOrAfter(dayFromCivil(year, 2, 12)) + 4],
    [easterMonday - 7, easterMonday + 4],
    [lateMayBankHoliday, lateMayBankHoliday + 4],
    [dayFromCivil(year, 7, 22), dayFromCivil(year, 9, 3)],
    [mondayOnOrAfter(dayFromCivil(year, 10, 22)), mondayOnOrAfter(dayFromCivil(year, 10, 22)) + 4],
    [dayFromCivil(year, 12, 21), dayFromCivil(year, 12, 31)],
  ];
  yearCache.set(year, ranges);
  return ranges;
}

export function isSchoolHoliday(day: number): boolean {
  return holidayRanges(civilFromDay(day).year).some(([a, b]) => day >= a && day <= b);
}

export interface WeekCalendar {
  /** Monday-to-Friday days that are not bank holidays (0–5) */
  workingDays: number;
  /** share of those working days in school holidays (0 when the week has none) */
  schoolHolidayShare: number;
}

/** The service's calendar of the seven days from `from`. */
export function weekCalendar(from: number): WeekCalendar {
  const calendar = englandWalesCalendar();
  let working = 0;
  let inHoliday = 0;
  for (let day = from; day < from + 7; day++) {
    if (calendar.between(day - 1, day) === 0) continue;
    working++;
    if (isSchoolHoliday(day)) inHoliday++;
  }
  return { workingDays: working, schoolHolidayShare: working === 0 ? 0 : inHoliday / working };
}
