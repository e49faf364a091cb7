// One CIN census return as the CIN validator sees it: the XML flattened into its tables (the
// validator's ingress: Header, ChildIdentifiers, ChildCharacteristics, Disabilities, CINdetails,
// Assessments, CINplanDates, Section47, ChildProtectionPlans, Reviews, and from the 2026-27 census
// PreProceedings), keyed by LAchildID and
// CINdetailsID as the validator keys them. The loader is written with the rules (see cin-rules/).
//
// Cells are the element's text as the validator reads it; '' stands for pandas' missing value (an
// absent or empty element). The helpers below give the rules the validator's reading of a cell:
// dates as pandas parses them (a bad date is missing), the census period from the header.
import { addMonths, dayFromCivil, daysInMonth } from '../../../../core/dates.js';
import { englandWalesCalendar } from '../../../../core/working-days.js';
import type { Failure, Row } from './rule.js';

export const CIN_TABLES = ['Header', 'ChildIdentifiers', 'ChildCharacteristics', 'Disabilities', 'CINdetails', 'Assessments', 'CINplanDates', 'Section47', 'ChildProtectionPlans', 'Reviews', 'PreProceedings'] as const;
export type CinTable = (typeof CIN_TABLES)[number];

export interface CinReturn {
  year: number;
  /** the validator's census period (utils.make_census_period): the header's ReferenceDate minus one
   *  year (31 March of the year before, inclusive) to the ReferenceDate; from `year` when the header has none */
  collectionStart: number;
  collectionEnd: number;
  la: string;
  tables: Record<CinTable, Row[]>;
}

/** Separator of the factor codes in Assessments.AssessmentFactors (the validator holds a list there). */
export const FACTOR_SEPARATOR = ',';

/** True when the cell is pandas' missing value. */
export const isNa = (cell: string | undefined): boolean => cell === undefined || cell === '';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A date cell as `pd.to_datetime(errors="coerce")` reads it (every column whose name holds "date"):
 * `YYYY-MM-DD` with or without a time, or `DD/MM/YYYY`; null (NaT) for blank or anything else.
 */
export function cinDay(cell: string | undefined): number | null {
  const text = (cell ?? '').trim();
  if (text === '') return null;
  let y: number, m: number, d: number;
  let match = ISO.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = DMY.exec(text))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return dayFromCivil(y, m, d);
}

/**
 * The census period the rules use: make_census_period(Header.ReferenceDate), from the day after the
 * reference date a year before (1 April) to the reference date (cin_validator/utils.py @ 9a51184:
 * `reference_date - DateOffset(years=1) + DateOffset(days=1)`); null when the date is missing.
 */
export function censusPeriod(data: CinReturn): { start: number; end: number } | null {
  const ref = cinDay(data.tables.Header[0]?.ReferenceDate);
  return ref === null ? null : { start: addMonths(ref, -12) + 1, end: ref };
}

/** The factor codes of an Assessments row; null when the assessment had no FactorsIdentifiedAtAssessment. */
export function factorList(row: Row): string[] | null {
  const cell = row.AssessmentFactors ?? '';
  if (cell !== '') return cell.split(FACTOR_SEPARATOR);
  return row.FactorsBlock === '1' ? [] : null;
}

/** The key of a CINdetails episode: the validator's merge on [LAchildID, CINdetailsID]. */
export const episodeKey = (row: Row): string => `${row.LAchildID ?? ''}\u0000${row.CINdetailsID ?? ''}`;

/** Row indices grouped by a key. */
export function groupRows(rows: readonly Row[], key: (row: Row) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  });
  return groups;
}

/** One failure per distinct row, in row order. */
export function failuresAt(rule: string, table: CinTable, rows: Iterable<number>): Failure[] {
  return [...new Set(rows)].sort((a, b) => a - b).map((row) => ({ rule, table, row }));
}

/** A return-level failure (the validator's push_la_level): it names no row; reported on the header. */
export const laLevel = (rule: string): Failure[] => [{ rule, table: 'Header', row: 0 }];

/** pandas' comparisons of two dates: false whenever either is missing (NaT). */
export const before = (a: number | null, b: number | null): boolean => a !== null && b !== null && a < b;
export const sameDay = (a: number | null, b: number | null): boolean => a !== null && b !== null && a === b;
/** inside [start, end], both ends included; false when missing */
export const within = (day: number | null, start: number, end: number): boolean => day !== null && day >= start && day <= end;

/** Rows of `a` and `b` that pair up on a key (pandas' merge); each pair once, `a` rows in order. */
export function* joined(a: readonly Row[], b: readonly Row[], key: (row: Row) => string): Generator<[number, number]> {
  const groups = groupRows(b, key);
  for (let i = 0; i < a.length; i++) for (const j of groups.get(key(a[i]!)) ?? []) yield [i, j];
}

/** The failures of a two-table check: every row of either table in a failing pair. */
export function pairFailures(rule: string, tableA: CinTable, tableB: CinTable, pairs: Iterable<[number, number]>): Failure[] {
  const rowsA: number[] = [];
  const rowsB: number[] = [];
  for (const [i, j] of pairs) {
    rowsA.push(i);
    rowsB.push(j);
  }
  return [...failuresAt(rule, tableA, rowsA), ...failuresAt(rule, tableB, rowsB)];
}

/** Whether a day is a working day in England (no weekend, no bank holiday). */
export function isWorkingDay(day: number): boolean {
  return englandWalesCalendar().between(day - 1, day) === 1;
}

/**
 * `day + CustomBusinessDay(k)` in pandas over the English bank holidays: a non-working day first rolls
 * back (k > 0) or forward (k <= 0) to a working day, then the date moves k working days.
 */
export function businessDayOffset(day: number, k: number): number {
  let d = day;
  if (k > 0) {
    while (!isWorkingDay(d)) d--;
    for (let s = 0; s < k; s++) do d++; while (!isWorkingDay(d));
  } else {
    while (!isWorkingDay(d)) d++;
    for (let s = 0; s < -k; s++) do d--; while (!isWorkingDay(d));
  }
  return d;
}

/** `day + england_working_days(n)` in the validator (its utils: CustomBusinessDay(n - 1)). */
export const plusEnglandWorkingDays = (day: number, n: number): number => businessDayOffset(day, n - 1);
/** `day - england_working_days(n)` in the validator. */
export const minusEnglandWorkingDays = (day: number, n: number): number => businessDayOffset(day, -(n - 1));
