import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../../core/bank-holidays.js';
import { parseDay } from '../../core/dates.js';
import { englandWalesCalendar, workingDayCalendar } from '../../core/working-days.js';

const day = (text: string) => parseDay(text)!;
const wd = (a: string, b: string) => englandWalesCalendar().between(day(a), day(b));

describe('working days (a, b]', () => {
  it('is 0 for the same date and counts the end day but not the start day', () => {
    expect(wd('2024-01-08', '2024-01-08')).toBe(0);
    expect(wd('2024-01-08', '2024-01-09')).toBe(1); // Mon → Tue
    expect(wd('2024-01-05', '2024-01-08')).toBe(1); // Fri → Mon: Sat, Sun skipped
    expect(wd('2024-01-06', '2024-01-07')).toBe(0); // Sat → Sun
  });
  it('skips bank holidays in England and Wales', () => {
    // Thu 28 Mar 2024 → Tue 2 Apr 2024: Good Friday 29th and Easter Monday 1st are holidays, so only Tue 2nd.
    expect(wd('2024-03-28', '2024-04-02')).toBe(1);
    // Christmas 2023: Fri 22 Dec → Fri 29 Dec: 25th and 26th holidays; 27, 28, 29 count.
    expect(wd('2023-12-22', '2023-12-29')).toBe(3);
    // A calendar with no holidays counts them.
    expect(workingDayCalendar([]).between(day('2024-03-28'), day('2024-04-02'))).toBe(3);
  });
  it('gives 45 working days for nine whole weeks without holidays', () => {
    expect(wd('2023-09-04', '2023-11-06')).toBe(45);
  });
  it('holds the same holidays as the spec file', () => {
    const specFile = new URL('../../../shared/spec/bank-holidays-england-wales.csv', import.meta.url);
    if (!existsSync(specFile)) return; // the spec sits beside the repo in CI and here; a bare clone skips the check
    const dates = readFileSync(specFile, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);
    expect(BANK_HOLIDAYS_ENGLAND_WALES).toEqual(dates);
  });
});
