// The standing rules of England and Wales bank holidays, which the forecast's calendar uses after the
// published list's last year, against every year of that list (core/bank-holidays.ts, checked against
// shared/spec/bank-holidays-england-wales.csv in working-days.test.ts).
import { describe, expect, it } from 'vitest';
import { easterSunday, forecastCalendar, LAST_LISTED_YEAR, ruleBankHolidays } from '../../core/bank-holiday-rules.js';
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../../core/bank-holidays.js';
import { formatDay, parseDay } from '../../core/dates.js';
import { dayKind } from '../../core/forecast/fit.js';
import { englandWalesCalendar } from '../../core/working-days.js';

const day = (s: string) => parseDay(s)!;

describe('bank holidays by rule', () => {
  it('reproduce every year of the published list but its one-off changes, which are the only differences', () => {
    const listed = new Set(BANK_HOLIDAYS_ENGLAND_WALES);
    const years = [...new Set(BANK_HOLIDAYS_ENGLAND_WALES.map((d) => Number(d.slice(0, 4))))];
    expect(years.length).toBeGreaterThanOrEqual(13);
    const onlyRule: string[] = [];
    const onlyList: string[] = [];
    for (const year of years) {
      const rule = new Set(ruleBankHolidays(year));
      for (const d of rule) if (!listed.has(d)) onlyRule.push(d);
      for (const d of BANK_HOLIDAYS_ENGLAND_WALES) if (d.startsWith(`${year}-`) && !rule.has(d)) onlyList.push(d);
    }
    // 2020: the early May holiday moved from Monday 4 to Friday 8 May (VE day's 75th anniversary).
    // 2022: the spring holiday moved from Monday 30 May to Thursday 2 June, and Friday 3 June was added
    // (the Platinum Jubilee); Monday 19 September, the state funeral of Queen Elizabeth II.
    // 2023: Monday 8 May, the coronation of King Charles III.
    expect(onlyRule).toEqual(['2020-05-04', '2022-05-30']);
    expect(onlyList).toEqual(['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']);
  });

  it('Easter and the substitute days', () => {
    expect(['2024', '2025', '2026', '2027', '2028', '2038'].map((y) => formatDay(easterSunday(Number(y))))).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16', '2038-04-25']);
    // 2028: New Year's Day a Saturday → Monday 3 January; Christmas a Monday, Boxing Day a Tuesday.
    expect(ruleBankHolidays(2028)).toEqual(['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26']);
    // 2032: Christmas a Saturday → Monday 27 and Tuesday 28 December.
    expect(ruleBankHolidays(2032).slice(-2)).toEqual(['2032-12-27', '2032-12-28']);
  });

  it('the forecast counts them after the list ends; working days everywhere else keep the list alone', () => {
    expect(LAST_LISTED_YEAR).toBe(2027);
    // Good Friday 2028: a bank holiday on a weekday for the forecast's weights…
    expect(dayKind(day('2028-04-14'))).toBe(2);
    expect(dayKind(day('2028-04-13'))).toBe(0);
    expect(dayKind(day('2028-04-15'))).toBe(1);
    expect(forecastCalendar().between(day('2028-04-13'), day('2028-04-17'))).toBe(0);
    // …while the metrics' calendar, which must be the official one, counts it as a working day.
    expect(englandWalesCalendar().between(day('2028-04-13'), day('2028-04-14'))).toBe(1);
    // Within the list, both calendars agree, one-offs included (the coronation).
    expect(dayKind(day('2023-05-08'))).toBe(2);
    expect(forecastCalendar().between(day('2015-01-01'), day('2027-12-31'))).toBe(englandWalesCalendar().between(day('2015-01-01'), day('2027-12-31')));
  });
});
