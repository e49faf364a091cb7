// The service's calendar used by the impact model's optional covariates: Easter from the computus, bank
// holidays from the England and Wales list, and school holidays on the approximate English dates.
import { describe, expect, it } from 'vitest';
import { easterSunday, isSchoolHoliday, weekCalendar } from '../../../core/analysis/school-holidays.js';
import { formatDay, parseDay } from '../../../core/dates.js';

const day = (text: string) => parseDay(text)!;

describe('school-holidays', () => {
  it('finds Easter Sunday (checked against the published dates, which the bank-holiday list also implies)', () => {
    expect([2019, 2022, 2023, 2024, 2025].map((y) => formatDay(easterSunday(y)))).toEqual(['2019-04-21', '2022-04-17', '2023-04-09', '2024-03-31', '2025-04-20']);
  });

  it('counts the working days of a week without weekends and bank holidays', () => {
    expect(weekCalendar(day('2022-03-07')).workingDays).toBe(5);
    // Christmas 2022: Boxing Day and the substitute Christmas Day on Monday 26 and Tuesday 27 December.
    expect(weekCalendar(day('2022-12-26'))).toEqual({ workingDays: 3, schoolHolidayShare: 1 });
    // 2 January 2023 is a bank holiday; 3 January is the last day of the Christmas holiday.
    expect(weekCalendar(day('2023-01-02'))).toEqual({ workingDays: 4, schoolHolidayShare: 0.25 });
  });

  it('places the summer, Easter and half-term holidays, and term time outside them', () => {
    expect(isSchoolHoliday(day('2023-08-10'))).toBe(true);
    expect(isSchoolHoliday(day('2023-09-06'))).toBe(false);
    expect(isSchoolHoliday(day('2023-04-05'))).toBe(true);
    expect(isSchoolHoliday(day('2023-03-29'))).toBe(false);
    expect(weekCalendar(day('2023-10-23')).schoolHolidayShare).toBe(1);
    expect(weekCalendar(day('2023-02-13')).schoolHolidayShare).toBe(1);
    expect(weekCalendar(day('2023-05-29'))).toEqual({ workingDays: 4, schoolHolidayShare: 1 });
    // The week holding 22 July 2022 (a Friday): one working day of five.
    expect(weekCalendar(day('2022-07-18')).schoolHolidayShare).toBeCloseTo(0.2, 12);
    expect(weekCalendar(day('2023-11-13'))).toEqual({ workingDays: 5, schoolHolidayShare: 0 });
  });
});
