// Calendar arithmetic on day numbers (days since 1970-01-01), without Date objects or time zones:
// every metric compares calendar dates, so a day number is the whole truth of an event's date.

/** Day number of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

export function civilFromDay(dayNumber: number): Civil {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The first day of `dayNumber`'s calendar month. */
export function monthStart(dayNumber: number): number {
  const { year, month } = civilFromDay(dayNumber);
  return dayFromCivil(year, month, 1);
}

/**
 * The same day of the month `months` calendar months later (negative: earlier), clamped to the
 * month's last day: 29 Feb 2024 minus 12 months is 28 Feb 2023.
 */
export function addMonths(dayNumber: number, months: number): number {
  const { year, month, day } = civilFromDay(dayNumber);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/** 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export interface ParsedTimestamp {
  day: number;
  /** seconds after midnight, or -1 when only a date was given */
  seconds: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`; returns null for any other shape or an impossible
 * date or time (2023-02-29, 24:00).
 */
export function parseTimestamp(text: string): ParsedTimestamp | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  let seconds = -1;
  if (m[4] !== undefined) {
    const hh = +m[4];
    const mm = +m[5]!;
    const ss = m[6] === undefined ? 0 : +m[6];
    if (hh > 23 || mm > 59 || ss > 59) return null;
    seconds = hh * 3600 + mm * 60 + ss;
  }
  return { day: dayFromCivil(year, month, day), seconds };
}

/** Parses `YYYY-MM-DD` only; null when it is anything else or impossible. */
export function parseDay(text: string): number | null {
  const parsed = parseTimestamp(text);
  return parsed && parsed.seconds === -1 ? parsed.day : null;
}

/** A date of birth: `YYYY-MM-DD`, or `YYYY-MM` (taken as the 1st); null when invalid. */
export function parseBirthDate(text: string): number | null {
  if (/^\d{4}-\d{2}$/.test(text)) {
    const month = +text.slice(5, 7);
    if (month < 1 || month > 12) return null;
    return dayFromCivil(+text.slice(0, 4), month, 1);
  }
  return parseDay(text);
}
