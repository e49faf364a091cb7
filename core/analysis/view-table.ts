// The table alternative of every chart: the same numbers as rows and columns. The API sends these with
// each view, the client draws them as HTML tables, and the CSV export writes them, suppressing small
// numbers (counts 1–4 become "<5", and the rates and intervals of that row go too, so they cannot be
// used to work the count back out).

export type ColumnKind = 'text' | 'date' | 'count' | 'rate' | 'number';

export interface ViewColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

export type Cell = string | number | null;

export interface ViewTable {
  id: string;
  title: string;
  columns: ViewColumn[];
  rows: Cell[][];
}

export const SUPPRESSED = '<5';

/** Builds a table from column specs `[key, label, kind]` and row objects. */
export function makeTable(id: string, title: string, columns: ReadonlyArray<readonly [string, string, ColumnKind]>, rows: ReadonlyArray<Record<string, Cell | undefined>>): ViewTable {
  return {
    id,
    title,
    columns: columns.map(([key, label, kind]) => ({ key, label, kind })),
    rows: rows.map((row) => columns.map(([key]) => row[key] ?? null)),
  };
}

/** A copy with counts of 1–4 replaced by "<5" and, in those rows, rate and number cells blanked the same way. */
export function suppressSmallNumbers(table: ViewTable): ViewTable {
  const kinds = table.columns.map((c) => c.kind);
  return {
    ...table,
    rows: table.rows.map((row) => {
      const small = row.some((cell, j) => kinds[j] === 'count' && typeof cell === 'number' && cell >= 1 && cell <= 4);
      if (!small) return [...row];
      return row.map((cell, j) => {
        if (kinds[j] === 'count' && typeof cell === 'number' && cell >= 1 && cell <= 4) return SUPPRESSED;
        if ((kinds[j] === 'rate' || kinds[j] === 'number') && cell !== null) return SUPPRESSED;
        return cell;
      });
    }),
  };
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  let text = typeof cell === 'number' ? String(Number.isInteger(cell) ? cell : Number(cell.toPrecision(12))) : cell;
  // A leading apostrophe stops a spreadsheet running text as a formula (OWASP CSV injection).
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV of a table (header row of labels), small numbers suppressed. */
export function tableToCsv(table: ViewTable): string {
  const safe = suppressSmallNumbers(table);
  const lines = [safe.columns.map((c) => csvCell(c.label)).join(','), ...safe.rows.map((row) => row.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
