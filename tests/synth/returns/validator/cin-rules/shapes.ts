// Checks that several CIN rules share, each written once: a date outside the census period, a date
// after the child's death, and a module starting while another of the same kind is still running.
import { before, censusPeriod, cinDay, failuresAt, groupRows, joined, pairFailures, within, type CinReturn, type CinTable } from '../cin.js';
import type { Failure, Row } from '../rule.js';

/** Rows of `table` whose `column`, where present, falls outside the census period (both ends allowed). */
export function outsideCensusPeriod(data: CinReturn, code: string, table: CinTable, column: string): Failure[] {
  const period = censusPeriod(data);
  if (!period) return [];
  return failuresAt(code, table, data.tables[table].flatMap((row, i) => {
    const day = cinDay(row[column]);
    return day !== null && !within(day, period.start, period.end) ? [i] : [];
  }));
}

/** Rows of `table` whose `column` is after the child's date of death, with the child's row. */
export function afterDeath(data: CinReturn, code: string, table: CinTable, column: string): Failure[] {
  const rows = data.tables[table];
  const ids = data.tables.ChildIdentifiers;
  const pairs = [...joined(rows, ids, (row) => row.LAchildID ?? '')].filter(([i, j]) => before(cinDay(ids[j]!.PersonDeathDate), cinDay(rows[i]![column])));
  return pairFailures(code, table, 'ChildIdentifiers', pairs);
}

/** Up to when a module counts as running: through `day` (`inclusive`) or up to the day before it. */
export interface Running {
  day: number | null;
  inclusive: boolean;
}

export interface StartsWhileRunning {
  /** rows compared with each other: those sharing this key (a child, or an episode) */
  group: (row: Row) => string;
  start: (row: Row) => number | null;
  /** until when `row` runs, or null when it does not count as running after its start */
  runs: (row: Row) => Running | null;
  /** pairs the validator does not compare (the row with itself, duplicates, same CPPID ...) */
  skip: (a: number, b: number) => boolean;
}

/**
 * Rows that start on or after the start of another row of their group and while it still runs; both
 * rows of each such pair. The pattern of the validator's overlap rules (4014, 8820, 8863Q, 8890, 8940).
 */
export function startsWhileRunning(rows: readonly Row[], s: StartsWhileRunning): number[] {
  const bad: number[] = [];
  for (const group of groupRows(rows, s.group).values()) {
    for (const a of group) {
      const start = s.start(rows[a]!);
      if (start === null) continue;
      for (const b of group) {
        const otherStart = s.start(rows[b]!);
        if (otherStart === null || start < otherStart || s.skip(a, b)) continue;
        const until = s.runs(rows[b]!);
        if (until && until.day !== null && (until.inclusive ? start <= until.day : start < until.day)) bad.push(a, b);
      }
    }
  }
  return bad;
}
