// Tolerant readers for the values councils' files hold: header names in any case, spacing or
// punctuation; dates as dd/mm/yyyy, ISO or Excel serial numbers; coded values with or without their
// `a)` list prefixes and their labels; yes/no as Yes, Y, true, 1. Each returns a value or a reason.
import { addMonths, dayFromCivil, daysInMonth, formatDay } from '../../../core/dates.js';
import { FIRST_DAY, today } from '../events-csv.js';

/** A header or label reduced to lower-case letters and digits: `Age of Child (Years)` → `ageofchildyears`. */
export function normaliseName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Excel's serials count from 1899-12-30 from serial 61 (1900-03-01) on. Below that Excel keeps Lotus 1-2-3's
 * leap-year error: serial 60 is 29 February 1900, a day that never existed (refused), and serials 1 to 59 are
 * 1 January to 28 February 1900, one day later than the count from 1899-12-30 gives (audit a12c finding 3: 60
 * was read as 28 February and 1 as 31 December 1899).
 */
const EXCEL_EPOCH = dayFromCivil(1899, 12, 30);
const EXCEL_LEAP_BUG = 60;
/** In a workbook saved with the 1904 date system (`<workbookPr date1904="1"/>`, old Mac Excel), day 0 is 1904-01-01. */
const EXCEL_EPOCH_1904 = dayFromCivil(1904, 1, 1);
/** The largest serial Excel shows as a date (9999-12-31). */
const EXCEL_MAX = 2958465;

/** Day number of an Excel serial date (the time of day, if any, is dropped); null when out of range. */
export function dayFromExcelSerial(serial: number, date1904 = false): number | null {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1) || serial > EXCEL_MAX) return null;
  const whole = Math.floor(serial);
  if (date1904) return EXCEL_EPOCH_1904 + whole;
  if (whole === EXCEL_LEAP_BUG) return null;
  return EXCEL_EPOCH + whole + (whole < EXCEL_LEAP_BUG ? 1 : 0);
}

/** Excel serial of a day number (for writers of the formats). */
export function excelSerialFromDay(day: number): number {
  const serial = day - EXCEL_EPOCH;
  return serial <= EXCEL_LEAP_BUG ? serial - 1 : serial;
}

/** `outOfRange`: a real calendar date outside 1900 .. one year after today (strict imports refuse it). */
export type DateResult = { day: number } | { reason: string; outOfRange?: true };

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SERIAL = /^\d{1,7}(?:\.\d+)?$/;

function civil(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayFromCivil(year, month, day);
}

/**
 * A date written as `dd/mm/yyyy` (also with `-` or `.`, and an optional time), ISO `yyyy-mm-dd`
 * (optional time), or an Excel serial number. Two-digit years are refused: 01/02/03 could be any
 * of three centuries' dates.
 */
export function parseFlexibleDate(raw: string): DateResult {
  const result = parseDateText(raw);
  return 'day' in result ? inRange(result.day) : result;
}

/** Dates before 1900 or more than a year after today are typing errors (as in the events CSV). */
function inRange(day: number): DateResult {
  const reason = dateRangeReason(day);
  return reason === null ? { day } : { reason, outOfRange: true };
}

/** Why a day is outside 1900 .. one year after today, or null (the rule of every importer). */
export function dateRangeReason(day: number): string | null {
  if (day < FIRST_DAY) return 'the date is before 1900: a typing error?';
  const last = lastPlausibleDay();
  if (day > last) return `the date is more than a year after today (after ${formatDay(last)}): a typing error?`;
  return null;
}

/** One year after today, worked out once a day (imports read millions of dates). */
let lastDay = { today: -1, last: 0 };
function lastPlausibleDay(): number {
  const now = today();
  if (now !== lastDay.today) lastDay = { today: now, last: addMonths(now, 12) };
  return lastDay.last;
}

function parseDateText(raw: string): DateResult {
  // The usual shapes, read in place: yyyy-mm-dd (CIN census) and dd/mm/yyyy (SSDA903, Annex A).
  if (raw.length === 10) {
    const fast = fastDate(raw);
    if (fast !== null) return fast;
  }
  const text = raw.trim();
  let m = ISO.exec(text);
  if (m) {
    const day = civil(+m[1]!, +m[2]!, +m[3]!);
    // Reasons never quote the value: it may be a date of birth, and reasons are stored and shown.
    return day === null ? { reason: 'impossible date: no such day in the calendar' } : { day };
  }
  m = DMY.exec(text);
  if (m) {
    const day = civil(+m[3]!, +m[2]!, +m[1]!);
    return day === null ? { reason: 'impossible date: no such day in the calendar (read as day/month/year)' } : { day };
  }
  if (SERIAL.test(text)) {
    const day = dayFromExcelSerial(Number(text));
    if (day === null) return { reason: Number(text) >= EXCEL_LEAP_BUG && Number(text) < EXCEL_LEAP_BUG + 1 ? 'not a date (as an Excel serial number it is 29 February 1900, a day that never was)' : 'not a date (as an Excel serial number it is out of range)' };
    return { day };
  }
  return { reason: 'not a date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel date number)' };
}

/** Two digits at s[k], or -1. */
function two(s: string, k: number): number {
  const a = s.charCodeAt(k) - 48;
  const b = s.charCodeAt(k + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** yyyy-mm-dd or dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy) of exactly 10 characters, or null for any other text. */
function fastDate(s: string): DateResult | null {
  const iso = s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45;
  const sep = s.charCodeAt(2);
  if (!iso && !((sep === 47 || sep === 45 || sep === 46) && s.charCodeAt(5) === sep)) return null;
  // where the year, month and day start in each layout
  const y = iso ? 0 : 6;
  const century = two(s, y);
  const year = two(s, y + 2);
  const month = two(s, iso ? 5 : 3);
  const day = two(s, iso ? 8 : 0);
  if (century < 0 || year < 0 || month < 0 || day < 0) return null;
  const result = civil(century * 100 + year, month, day);
  // an impossible date gets the slow path's message
  return result === null ? null : { day: result };
}

/** Strips a list-position prefix such as `a) `, `p1) ` or `(b) ` that spreadsheets' drop-downs add. */
export function stripListPrefix(text: string): string {
  return text.replace(/^\s*\(?[a-z]{1,2}\d?\)\s*/i, '');
}

/** Distinct texts remembered per code list: the same few spellings fill whole columns. */
const MEMO_LIMIT = 4096;

/**
 * A code list matched tolerantly: a value is found by its code or any label, in any case and
 * spacing, with or without an `a)` prefix, by its leading token (`q) 6: Police` → `6`,
 * `e) PR4 - Private provision` → `PR4`, `N1 - Abuse or neglect` → `N1`), or by the label after a
 * group name (`Mixed - White and Asian` → `White and Asian`).
 */
export class CodeList<T> {
  private readonly byName = new Map<string, T>();
  private readonly memo = new Map<string, T | undefined>();

  /** entries: [value, code, ...labels]; the code and each label are spellings of the value */
  constructor(entries: readonly (readonly [T, ...string[]])[]) {
    for (const [value, ...spellings] of entries) {
      for (const spelling of spellings) {
        const key = normaliseName(spelling);
        if (key !== '' && !this.byName.has(key)) this.byName.set(key, value);
      }
    }
  }

  /** The value `text` names, or undefined. Blank text is undefined too (callers check blanks first). */
  find(text: string): T | undefined {
    const known = this.memo.get(text);
    if (known !== undefined || this.memo.has(text)) return known;
    const value = this.lookUp(text);
    if (this.memo.size < MEMO_LIMIT) this.memo.set(text, value);
    return value;
  }

  private lookUp(text: string): T | undefined {
    const direct = this.byName.get(normaliseName(text));
    if (direct !== undefined) return direct;
    const stripped = stripListPrefix(text);
    const whole = this.byName.get(normaliseName(stripped));
    if (whole !== undefined) return whole;
    // `6: Police`, `PR4 - Private provision`, `E1: Placement order`, `RC1 Adopted`
    const lead = /^\s*([A-Za-z]{0,3}\d{0,2}[A-Za-z]?)\s*(?:[:\-–—]|\s)/.exec(stripped);
    if (lead && lead[1] !== '') {
      const byLead = this.byName.get(normaliseName(lead[1]!));
      if (byLead !== undefined) return byLead;
    }
    // `Mixed - White and Asian`, `Black or Black British - African`: the label after the group
    const dash = /\s[-–—]\s/g;
    let last = -1;
    for (let m = dash.exec(stripped); m !== null; m = dash.exec(stripped)) last = m.index + m[0].length;
    if (last > 0) return this.byName.get(normaliseName(stripped.slice(last)));
    return undefined;
  }
}

/** Yes/no in every spelling the formats use: Yes, Y, a) Yes, true, 1 / No, N, b) No, false, 0. */
export const YES_NO = new CodeList<boolean>([
  [true, 'yes', 'y', 'true', '1', 't'],
  [false, 'no', 'n', 'false', '0', 'f'],
]);

/** Whether the text is empty once trimmed. */
export function isBlank(text: string | null | undefined): boolean {
  return text === null || text === undefined || text.trim() === '';
}
