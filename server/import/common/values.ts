// Tolerant readers for the values councils' files hold: header names in any case, spacing or
// punctuation; dates as dd/mm/yyyy, ISO or Excel serial numbers; coded values with or without their
// `a)` list prefixes and their labels; yes/no as Yes, Y, true, 1. Each returns a value or a reason.
import { addMonths, dayFromCivil, daysInMonth, formatDay } from '../../../core/dates.js';
import { FIRST_DAY, today } from '../events-csv.js';

/** A header or label reduced to lower-case letters and digits: `Age of Child (Years)` → `ageofchildyears`. */
export function normaliseName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Excel's day 0 is 1899-12-30 (its day 60, 1900-02-29, never existed; serials from 61 on are exact). */
const EXCEL_EPOCH = dayFromCivil(1899, 12, 30);
/** The largest serial Excel shows as a date (9999-12-31). */
const EXCEL_MAX = 2958465;

/** Day number of an Excel serial date (the time of day, if any, is dropped); null when out of range. */
export function dayFromExcelSerial(serial: number): number | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > EXCEL_MAX) return null;
  return EXCEL_EPOCH + Math.floor(serial);
}

/** Excel serial of a day number (for writers of the formats). */
export function excelSerialFromDay(day: number): number {
  return day - EXCEL_EPOCH;
}

export type DateResult = { day: number } | { reason: string };

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
  if (day < FIRST_DAY) return { reason: 'the date is before 1900: a typing error?' };
  const last = addMonths(today(), 12);
  if (day > last) return { reason: `the date is more than a year after today (after ${formatDay(last)}): a typing error?` };
  return { day };
}

function parseDateText(raw: string): DateResult {
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
    return day === null ? { reason: 'not a date (as an Excel serial number it is out of range)' } : { day };
  }
  return { reason: 'not a date (expected dd/mm/yyyy, yyyy-mm-dd or an Excel date number)' };
}

/** Strips a list-position prefix such as `a) `, `p1) ` or `(b) ` that spreadsheets' drop-downs add. */
export function stripListPrefix(text: string): string {
  return text.replace(/^\s*\(?[a-z]{1,2}\d?\)\s*/i, '');
}

/**
 * A code list matched tolerantly: a value is found by its code or any label, in any case and
 * spacing, with or without an `a)` prefix, or by its leading token (`q) 6: Police` → `6`,
 * `e) PR4 - Private provision` → `PR4`, `N1 - Abuse or neglect` → `N1`).
 */
export class CodeList<T> {
  private readonly byName = new Map<string, T>();

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
    const direct = this.byName.get(normaliseName(text));
    if (direct !== undefined) return direct;
    const stripped = stripListPrefix(text);
    const whole = this.byName.get(normaliseName(stripped));
    if (whole !== undefined) return whole;
    // `6: Police`, `PR4 - Private provision`, `E1: Placement order`, `RC1 Adopted`
    const lead = /^\s*([A-Za-z]{0,3}\d{0,2}[A-Za-z]?)\s*(?:[:\-–—]|\s)/.exec(stripped);
    if (lead && lead[1] !== '') return this.byName.get(normaliseName(lead[1]!));
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
