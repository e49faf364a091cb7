// Small helpers the part-a 903 rules share. They follow what the validator's pandas code does with a
// CSV cell: a blank cell is missing (NaN); a date is dd/mm/yyyy or missing (to_datetime coerce); a
// comparison with a missing date is false; per-child groups keep the file's row order.
import { addMonths, daysInMonth, dayFromCivil } from '../../../../../core/dates.js';
import type { Failure, Row, Rule } from '../rule.js';
import type { Ssda903Return, Ssda903Table } from '../ssda903.js';

export type R903 = Rule<Ssda903Return>;

/** The validator's names for the tables (what a Failure reports is ours: Ssda903Table). */
export type Table = Ssda903Table;

/** A cell pandas reads as missing: empty text. */
export const blank = (v: string | undefined): boolean => v === undefined || v === '';
export const present = (v: string | undefined): boolean => !blank(v);

/** dd/mm/yyyy to a day number, null when blank or not a real date (31/02/2020 is not). */
export function day(text: string | undefined): number | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text ?? '');
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayFromCivil(y, mo, d);
}

/** The text is given but is no date: the "not a valid date" rules. */
export const badDate = (v: string | undefined): boolean => present(v) && day(v) === null;

/** a + n years (pandas DateOffset: 29 Feb clamps to 28 Feb); null stays null. */
export const plusYears = (a: number | null, n: number): number | null => (a === null ? null : addMonths(a, 12 * n));
export const plusMonths = (a: number | null, n: number): number | null => (a === null ? null : addMonths(a, n));

/** Comparisons that are false when either side is missing, as pandas' are with NaT. */
export const lt = (a: number | null, b: number | null): boolean => a !== null && b !== null && a < b;
export const le = (a: number | null, b: number | null): boolean => a !== null && b !== null && a <= b;
export const gt = (a: number | null, b: number | null): boolean => lt(b, a);
export const ge = (a: number | null, b: number | null): boolean => le(b, a);

/** Whole years from birth to a day (age at that day), null when either is missing. */
export function ageAt(dob: number | null, at: number | null): number | null {
  if (dob === null || at === null) return null;
  let years = 0;
  while (addMonths(dob, 12 * (years + 1)) <= at) years++;
  while (years > 0 && addMonths(dob, 12 * years) > at) years--;
  return at < dob ? -1 : years;
}

/** Failures for the rows of one table that satisfy `bad`. */
export function where(code: string, data: Ssda903Return, table: Table, bad: (row: Row, index: number) => boolean): Failure[] {
  const out: Failure[] = [];
  data.tables[table].forEach((row, i) => { if (bad(row, i)) out.push({ rule: code, table, row: i }); });
  return out;
}

/** Failures for a set of row indexes of a table, each once, in order. */
export function at(code: string, table: Table, rows: Iterable<number>): Failure[] {
  return [...new Set(rows)].sort((a, b) => a - b).map((row) => ({ rule: code, table, row }));
}

/** A rule that flags the rows of one table satisfying a condition. */
export function rowRule(code: string, message: string, table: Table, bad: (row: Row, data: Ssda903Return) => boolean, years?: [number, number]): R903 {
  return { code, message, ...(years ? { years } : {}), check: (data) => where(code, data, table, (row) => bad(row, data)) };
}

/** A rule that flags a code outside a list; blanks pass unless `blankFails`. */
export function codeRule(code: string, message: string, table: Table, field: string, codes: readonly string[], blankFails = false, years?: [number, number]): R903 {
  const ok = new Set(codes);
  return rowRule(code, message, table, (row) => (blank(row[field]) ? blankFails : !ok.has(row[field]!)), years);
}

/** A rule that flags given text that is no date. */
export function dateRule(code: string, message: string, table: Table, field: string): R903 {
  return rowRule(code, message, table, (row) => badDate(row[field]));
}

/** Rows (with their index) of a table grouped by CHILD, in file order. */
export function byChild(rows: readonly Row[]): Map<string, { row: Row; i: number }[]> {
  const groups = new Map<string, { row: Row; i: number }[]>();
  rows.forEach((row, i) => {
    const key = row['CHILD'] ?? '';
    const list = groups.get(key);
    if (list) list.push({ row, i });
    else groups.set(key, [{ row, i }]);
  });
  return groups;
}

/** The first row of each child (pandas drop_duplicates('CHILD') / a left merge's match). */
export function firstByChild(rows: readonly Row[]): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const row of rows) if (!out.has(row['CHILD'] ?? '')) out.set(row['CHILD'] ?? '', row);
  return out;
}

/** Index of the row with the greatest (or least) date in a field, first on ties; missing dates skipped. */
export function argBy(list: readonly { row: Row; i: number }[], field: string, pick: 'max' | 'min'): { row: Row; i: number } | undefined {
  let best: { row: Row; i: number; d: number } | undefined;
  for (const item of list) {
    const d = day(item.row[field]);
    if (d === null) continue;
    if (!best || (pick === 'max' ? d > best.d : d < best.d)) best = { ...item, d };
  }
  return best;
}

/** Temporary placement codes. */
export const TEMPORARY = ['T0', 'T1', 'T2', 'T3', 'T4'];

/** Episodes in (CHILD, DECOM) order as pandas sorts them (missing DECOM last), file order on ties. */
export function episodesInOrder(data: Ssda903Return): { row: Row; i: number; d: number | null }[] {
  return data.tables.episodes.map((row, i) => ({ row, i, d: day(row['DECOM']) })).sort((a, b) => {
    const ca = a.row['CHILD'] ?? '', cb = b.row['CHILD'] ?? '';
    if (ca !== cb) return ca < cb ? -1 : 1;
    return (a.d ?? Infinity) - (b.d ?? Infinity) || a.i - b.i;
  });
}

/** Collection window of a return. */
export const window = (data: Ssda903Return): { start: number; end: number } => ({ start: data.collectionStart, end: data.collectionEnd });

/**
 * The validator's CONTINUOUSLY_LOOKED_AFTER (utils.add_col_to_episodes_CONTINUOUSLY_LOOKED_AFTER): in
 * care at some point in the year, and no episode that starts care (RNE S) after 1 April, ends care (REC
 * not X1) from 1 April to before 31 March, or is V3/V4 in the year.
 */
const claCache = new WeakMap<Ssda903Return, Set<string>>();
export function continuouslyLookedAfter(data: Ssda903Return): Set<string> {
  const cached = claCache.get(data);
  if (cached) return cached;
  const { start, end } = window(data);
  const inYear = new Map<string, boolean>();
  const broken = new Set<string>();
  for (const ep of data.tables.episodes) {
    const child = ep['CHILD'] ?? '';
    const decom = day(ep['DECOM']);
    const dec = day(ep['DEC']);
    const during = le(decom, end) && (dec === null || dec >= start);
    if (during) inYear.set(child, true);
    const enters = ep['RNE'] === 'S' && gt(decom, start) && le(decom, end);
    const leaves = ep['REC'] !== 'X1' && ge(dec, start) && lt(dec, end);
    const v3v4 = (ep['LS'] === 'V3' || ep['LS'] === 'V4') && during;
    if (enters || leaves || v3v4) broken.add(child);
  }
  const cla = new Set([...inYear.keys()].filter((c) => !broken.has(c)));
  claCache.set(data, cla);
  return cla;
}
