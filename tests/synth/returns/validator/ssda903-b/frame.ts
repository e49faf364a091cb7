// What the 903 validator does to every cell before a rule sees it, and the few table operations its
// rules are built from, written once so each rule reads as its condition. The validator reads a CSV
// with blanks as NaN and upper-cases all text (lac_validator/ingress.py); dates are parsed with
// pandas' `to_datetime(format="%d/%m/%Y", errors="coerce")`, so a text that is not a real date is
// NaN too. Year offsets are `pd.DateOffset(years=n)`: the same day n years on, 29 Feb → 28 Feb.
import { addMonths, dayFromCivil, daysInMonth } from '../../../../../core/dates.js';
import type { Failure, Row, Rule } from '../rule.js';
import type { Ssda903Return, Ssda903Table } from '../ssda903.js';

export type Return903 = Ssda903Return;
export type Table = Ssda903Table;

/** A cell as the validator holds it: upper-cased text, or null for a blank (pandas NaN). */
export function v(row: Row | undefined, col: string): string | null {
  const text = row?.[col];
  return text === undefined || text === '' ? null : text.toUpperCase();
}

/** A dd/mm/yyyy cell as a day number; null when blank or not a real date (pandas coerces to NaT). */
export function dt(row: Row | undefined, col: string): number | null {
  return parseDate(v(row, col));
}

export function parseDate(text: string | null): number | null {
  const m = text === null ? null : /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayFromCivil(y, mo, d);
}

/** `pd.DateOffset(years=n)` added to a day (null stays null). */
export function plusYears(day: number | null, years: number): number | null {
  return day === null ? null : addMonths(day, 12 * years);
}

/** numpy's `timedelta64(1, 'Y')`, used by a few rules: the mean Gregorian year in days. */
export const NUMPY_YEAR = 365.2425;

/** True when both are present and a < b (a comparison with NaN is false in pandas). */
export const lt = (a: number | null, b: number | null): boolean => a !== null && b !== null && a < b;
export const le = (a: number | null, b: number | null): boolean => a !== null && b !== null && a <= b;
export const eq = (a: number | string | null, b: number | string | null): boolean => a !== null && b !== null && a === b;
/** pandas `!=`: true whenever either side is NaN. */
export const ne = (a: number | string | null, b: number | string | null): boolean => !eq(a, b);

/** The table's rows; an absent file is an empty table. */
export function rows(d: Return903, table: Table): Row[] {
  return d.tables[table];
}

/** The previous year's copy of a table, where the return carries it (header and episodes always do). */
export function lastRows(d: Return903, table: Table): Row[] | undefined {
  const last = d.last as (Record<string, Row[] | undefined> | undefined);
  return last?.[table];
}

/** Row indices grouped by CHILD, in file order. */
export function byChild(table: readonly Row[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  table.forEach((r, i) => {
    const child = v(r, 'CHILD');
    if (child === null) return;
    const list = groups.get(child);
    if (list) list.push(i);
    else groups.set(child, [i]);
  });
  return groups;
}

export function childSet(table: readonly Row[]): Set<string> {
  return new Set(byChild(table).keys());
}

type Key = string | number | null;
/** Row indices sorted by the keys in turn, NaN last, ties in file order (pandas' stable lexsort). */
export function sortedBy(table: readonly Row[], ...keys: ((r: Row) => Key)[]): number[] {
  const vals = table.map((r) => keys.map((k) => k(r)));
  return table.map((_, i) => i).sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const x = vals[a]![k]!;
      const y = vals[b]![k]!;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    }
    return a - b;
  });
}

/** Each row of a sorted order with the row before it when that row is the same child's. */
export function withPrevious(table: readonly Row[], order: readonly number[]): [row: number, prev: number][] {
  const pairs: [number, number][] = [];
  for (let k = 1; k < order.length; k++) {
    const [i, p] = [order[k]!, order[k - 1]!];
    if (eq(v(table[i], 'CHILD'), v(table[p], 'CHILD'))) pairs.push([i, p]);
  }
  return pairs;
}

/** The row of each child holding the smallest (or largest) date; first in file order on ties. */
export function extremeByChild(table: readonly Row[], col: string, pick: 'min' | 'max'): Map<string, number> {
  const best = new Map<string, number>();
  table.forEach((r, i) => {
    const child = v(r, 'CHILD');
    const day = dt(r, col);
    if (child === null || day === null) return;
    const held = best.get(child);
    const heldDay = held === undefined ? null : dt(table[held], col);
    if (heldDay === null || (pick === 'min' ? day < heldDay : day > heldDay)) best.set(child, i);
  });
  return best;
}

export type Fail = (table: Table, row: number) => void;

/** A rule from its condition: `find` calls `fail` for every failing row (repeats are counted once). */
export function rule(code: string, message: string, find: (d: Return903, fail: Fail) => void, years?: [number, number]): Rule<Return903> {
  return {
    code,
    message,
    ...(years ? { years } : {}),
    check(d) {
      const out: Failure[] = [];
      const seen = new Set<string>();
      find(d, (table, row) => {
        const key = `${table}:${row}`;
        if (seen.has(key)) return;
        seen.add(key);
        out.push({ rule: code, table, row });
      });
      return out;
    },
  };
}

/** Collection years a version of a rule applies to: lac2023_24 is our 2024 return, and so on. */
export const upTo = (year: number): [number, number] => [0, year];
export const from = (year: number): [number, number] => [year, 9999];
