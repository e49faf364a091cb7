import { describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil, formatDay, parseBirthDate, parseDay, parseTimestamp, weekday } from '../../core/dates.js';

const day = (text: string) => parseDay(text)!;

describe('day numbers', () => {
  it('count days from 1970-01-01 and round-trip through formatDay', () => {
    expect(dayFromCivil(1970, 1, 1)).toBe(0);
    expect(day('2000-03-01')).toBe(11017);
    for (const text of ['1900-02-28', '2000-02-29', '2024-02-29', '2024-12-31', '2100-03-01']) expect(formatDay(day(text))).toBe(text);
  });
  it('agree with Date.UTC over a long span', () => {
    for (let d = -40000; d < 60000; d += 97) expect(formatDay(d)).toBe(new Date(d * 86400000).toISOString().slice(0, 10));
  });
  it('weekday is 0 for Monday', () => {
    expect(weekday(day('2024-01-01'))).toBe(0);
    expect(weekday(day('2024-01-07'))).toBe(6);
  });
});

describe('parseTimestamp', () => {
  it('accepts a date and a date with a time', () => {
    expect(parseTimestamp('2023-05-06')).toEqual({ day: day('2023-05-06'), seconds: -1 });
    expect(parseTimestamp('2023-05-06T10:30')).toEqual({ day: day('2023-05-06'), seconds: 37800 });
    expect(parseTimestamp('2023-05-06T10:30:15')!.seconds).toBe(37815);
  });
  it('rejects impossible dates and other shapes', () => {
    for (const bad of ['2023-02-29', '2023-13-01', '2023-04-31', '2023-00-10', '23-01-01', '2023/01/01', '2023-1-1', '2023-01-01T24:00', '2023-01-01 10:00', '']) {
      expect(parseTimestamp(bad), bad).toBeNull();
    }
    expect(parseTimestamp('2024-02-29')).not.toBeNull();
  });
  it('parses a date of birth given as a month', () => {
    expect(parseBirthDate('2015-07')).toBe(day('2015-07-01'));
    expect(parseBirthDate('2015-13')).toBeNull();
    expect(parseBirthDate('2015-07-31')).toBe(day('2015-07-31'));
  });
});

describe('addMonths', () => {
  it('goes back 12 calendar months, clamping 29 February to the 28th', () => {
    expect(formatDay(addMonths(day('2024-02-29'), -12))).toBe('2023-02-28');
    expect(formatDay(addMonths(day('2025-02-28'), -12))).toBe('2024-02-28');
    expect(formatDay(addMonths(day('2025-03-01'), -12))).toBe('2024-03-01');
    expect(formatDay(addMonths(day('2024-02-29'), -36))).toBe('2021-02-28');
    expect(formatDay(addMonths(day('2023-03-31'), -1))).toBe('2023-02-28');
    expect(formatDay(addMonths(day('2023-01-15'), 13))).toBe('2024-02-15');
  });
});
