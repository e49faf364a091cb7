// The table alternative of every chart: the same numbers as rows and columns. The API sends these with
// each view (after disclosure control, core/disclosure/), the client draws them as HTML tables and
// charts, and the CSV export writes them. Each column says what kind of cell it holds, so that
// disclosure control knows a count (may be suppressed) from a rate built on counts (goes with them)
// and from a cell that identifies the row (a step, a date, a number of days: never blanked).

/**
 * text, date, id: identify the row (never suppressed). count: a number of children, cases or events.
 * rate, number: built on the row's counts (a share, an interval, a median), suppressed with them.
 */
export type ColumnKind = 'text' | 'date' | 'id' | 'count' | 'rate' | 'number';

export interface ViewColumn {
  key: string;
  label: string;
  kind: ColumnKind;
  /** for a rate or number: the count columns of the same row it is built on (default: all of them);
   * for a text column, given only when it is a verdict built on counts */
  basis?: string[];
  /** a machine column (an id the charts need), left out of the on-screen table */
  hidden?: boolean;
  /** how a viewer's copy is worked out again from the published counts of `basis` (core/disclosure/recompute.ts) */
  recompute?: Recompute;
  /** for a share that is not k/n (a Kaplan–Meier share at a year): the count column of the row it is a
   * share of, so a viewer gets [c] when that count is too few to give a rate, as for every k/n rate */
  outOf?: string;
  /** a figure the route has already given as the request may see it (a survival or median of time in
   * care, core/disclosure/survival.ts): disclosure control leaves it as it is */
  published?: boolean;
}

/**
 * Figures that a viewer sees worked out from the published (rounded) counts, never from the exact ones:
 * Wilson limits of k/n (basis [k, n]); the difference A − B, Newcombe's limits and whether they exclude 0
 * (basis [kA, nA, kB, nB]). (A life table's survival is not: see core/disclosure/survival.ts.)
 */
export type Recompute =
  | 'wilson_lower' | 'wilson_upper'
  | 'difference' | 'newcombe_lower' | 'newcombe_upper' | 'newcombe_excludes_zero';

export type Cell = string | number | null;

export interface ViewTable {
  id: string;
  title: string;
  columns: ViewColumn[];
  rows: Cell[][];
  /** a sentence under the table: what is incomplete, what was suppressed */
  note?: string;
  /**
   * Counts a viewer sees as given here rather than each rounded on its own: linked counts rounded
   * together so that the sums between them hold (core/disclosure/controlled.ts). One entry per row (null:
   * the row's counts go the usual way; '[c]': withheld); for a viewer only, never sent.
   */
  controlled?: ControlledCounts;
  /**
   * The count column a row exists for only when it is not 0 (a pathway's nodes and links): in a cohort's
   * answer for a viewer, where a [c] stands for 0 to 9, a row read [c] is left out, so that being listed
   * never says "at least 1" (core/disclosure/policy.ts CountPolicy).
   */
  sparse?: string;
  /**
   * Rows of a sparse table listed whatever the data (a fixed list, such as the map's stations): left in even when
   * they read [c], since being listed says nothing about them. Given as a text column and the values that mark them.
   */
  alwaysListed?: { column: string; values: readonly string[] };
}

export interface ControlledCounts {
  /** how they were rounded together (the note a viewer reads): a life table's (default) or running totals' */
  kind?: 'life' | 'running';
  rows: Array<Record<string, number | '[c]'> | null>;
  /** a figure of a row built on one of its controlled counts is [c] when that count is published below this */
  figuresFrom?: number;
}

export type ColumnSpec =
  | readonly [key: string, label: string, kind: ColumnKind]
  | readonly [key: string, label: string, kind: ColumnKind, extra: { basis?: readonly string[]; hidden?: boolean; recompute?: Recompute; outOf?: string; published?: boolean }];

/** Builds a table from column specs `[key, label, kind, {basis, hidden}?]` and row objects. */
export function makeTable(id: string, title: string, columns: readonly ColumnSpec[], rows: ReadonlyArray<Record<string, Cell | undefined>>, note?: string): ViewTable {
  return {
    id,
    title,
    columns: columns.map(([key, label, kind, extra]) => ({
      key,
      label,
      kind,
      ...(extra?.basis ? { basis: [...extra.basis] } : {}),
      ...(extra?.hidden ? { hidden: true } : {}),
      ...(extra?.recompute ? { recompute: extra.recompute } : {}),
      ...(extra?.outOf ? { outOf: extra.outOf } : {}),
      ...(extra?.published ? { published: true } : {}),
    })),
    rows: rows.map((row) => columns.map(([key]) => row[key] ?? null)),
    ...(note ? { note } : {}),
  };
}

/** The rows of a table as objects keyed by column: how the views' JSON fields are made from their tables. */
export function rowsAsObjects(table: ViewTable): Array<Record<string, Cell>> {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, j) => [c.key, row[j] ?? null])));
}

/** The index of a column, or an error naming the table and the column. */
export function columnIndex(table: ViewTable, key: string): number {
  const j = table.columns.findIndex((c) => c.key === key);
  if (j < 0) throw new Error(`table "${table.id}" has no column "${key}"`);
  return j;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  let text = typeof cell === 'number' ? String(Number.isInteger(cell) ? cell : Number(cell.toPrecision(12))) : cell;
  // A leading apostrophe stops a spreadsheet running text as a formula (OWASP CSV injection).
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV of a table as published: a header row of labels, then the rows, every column included. `note`:
 * one sentence the whole answer is incomplete by (a cohort's look-back cut by the data's first date,
 * cutoffs.ts cohortLookBackNote), exported as the rows' incomplete notes are, in a column on every row
 * (none added where every row's own "Incomplete?" already says it).
 */
export function tableToCsv(table: ViewTable, note: string | null = null): string {
  const own = table.columns.findIndex((c) => c.key === 'incomplete');
  if (note !== null && !(own >= 0 && table.rows.every((r) => r[own] === note))) {
    table = { ...table, columns: [...table.columns, { key: 'cohort_incomplete', label: 'Cohort incomplete?', kind: 'text' }], rows: table.rows.map((r) => [...r, note]) };
  }
  const lines = [table.columns.map((c) => csvCell(c.label)).join(','), ...table.rows.map((row) => row.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
