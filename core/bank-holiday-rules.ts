// England and Wales bank holidays by their standing rules, for the years the published list
// (bank-holidays.ts, from shared/spec/bank-holidays-england-wales.csv) does not reach yet. Used ONLY for
// the forecast's working-day weights beyond that list (core/forecast/fit.ts dayKind): a forecast 60 months
// ahead runs past the list's last year, where a calendar of weekends alone made every later Easter month
// look like any other. Metrics, targets and waits keep the published list alone: a rule cannot know a
// one-off (a jubilee, a coronation, a state funeral, a moved early May holiday), and a count of working
// days already past must be the official one.
import { BANK_HOLIDAYS_ENGLAND_WALES } from './bank-holidays.js';
import { dayFromCivil, formatDay, weekday } from './dates.js';
import { workingDayCalendar, type WorkingDayCalendar } from './working-days.js';

/** Easter Sunday of a Gregorian year (the anonymous algorithm: Meeus, Jones, Butcher). */
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

const MONDAY = 0;
const isWeekend = (day: number) => weekday(day) >= 5;
/** The first Monday on or after `day`. */
const mondayFrom = (day: number) => day + ((7 - ((weekday(day) - MONDAY + 7) % 7)) % 7);
/** The last Monday on or before `day`. */
const mondayUntil = (day: number) => day - ((weekday(day) - MONDAY + 7) % 7);

/**
 * A year's bank holidays by the standing rules, as YYYY-MM-DD: New Year's Day (the next Monday when at a
 * weekend), Good Friday, Easter Monday, the first and the last Monday in May, the last Monday in August,
 * Christmas Day and Boxing Day (when either falls at a weekend, the first two weekdays from 25 December).
 */
export function ruleBankHolidays(year: number): string[] {
  const easter = easterSunday(year);
  const newYear = dayFromCivil(year, 1, 1);
  const christmas: number[] = [];
  for (let d = dayFromCivil(year, 12, 25); christmas.length < 2; d++) if (!isWeekend(d)) christmas.push(d);
  return [
    isWeekend(newYear) ? mondayFrom(newYear) : newYear,
    easter - 2,
    easter + 1,
    mondayFrom(dayFromCivil(year, 5, 1)),
    mondayUntil(dayFromCivil(year, 5, 31)),
    mondayUntil(dayFromCivil(year, 8, 31)),
    ...christmas,
  ].map(formatDay);
}

/** The last year the published list covers. */
export const LAST_LISTED_YEAR = Math.max(...BANK_HOLIDAYS_ENGLAND_WALES.map((d) => Number(d.slice(0, 4))));
/** The last year the forecast's calendar goes to (the working-day calendar's span ends in 2200). */
const LAST_RULE_YEAR = 2200;

let forecasting: WorkingDayCalendar | undefined;
/**
 * The forecast's calendar: the published list, then the rules for every year after its last. For the
 * forecast's working-day weights only (see the top of this file).
 */
export function forecastCalendar(): WorkingDayCalendar {
  if (!forecasting) {
    const later: string[] = [];
    for (let year = LAST_LISTED_YEAR + 1; year <= LAST_RULE_YEAR; year++) later.push(...ruleBankHolidays(year));
    forecasting = workingDayCalendar([...BANK_HOLIDAYS_ENGLAND_WALES, ...later]);
  }
  return forecasting;
}
