// England and Wales bank holidays by their standing rules, for the years the published list
// (bank-holidays.ts, from shared/spec/bank-holidays-england-wales.csv) does not reach yet. Used ONLY for
// the forecast's working-day weights beyond that list (core/forecast/fit.ts dayKind): a forecast 60 months
// ahead runs past the list's last year, where a calendar of weekends alone made every later Easter month
// look like any other. Metrics, targets and waits keep the published list alone: a rule cannot know a
// one-off (a jubilee, a coronation, a state funeral, a moved early May holiday), and a count of working
// days already past must be the official one.
import { BANK_HOLIDAYS_ENGLAND_WALES } from './bank-holidays.js';
import { easterSunday } from './analysis/school-holidays.js';
import { dayFromCivil, formatDay, weekday } from './dates.js';
import { workingDayCalendar, type WorkingDayCalendar } from './working-days.js';

/** Easter Sunday: the one computus, school-holidays.ts's. */
export { easterSunday };

const isWeekend = (day: number) => weekday(day) >= 5;
/** The first Monday on or after `day` (weekday 0 = Monday). */
const mondayFrom = (day: number) => day + ((7 - weekday(day)) % 7);
/** The last Monday on or before `day`. */
const mondayUntil = (day: number) => day - weekday(day);

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
