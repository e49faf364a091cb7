// Applies the disclosure policy (policy.ts) to a view's tables: counts suppressed or rounded, and the
// rates, intervals, medians and verdicts built on a suppressed count suppressed with it. The views'
// JSON is assembled from the tables this returns, so every place a viewer looks shows the same number.
import { columnIndex, type Cell, type ViewTable } from '../analysis/view-table.js';
import { isSmallCount, publishCount, SUPPRESSED } from './policy.js';

export interface Disclosed {
  tables: ViewTable[];
  /** counts shown as [c], and counts rounded to a different value */
  suppressed: number;
  rounded: number;
}

export function discloseTables(tables: readonly ViewTable[], options: { exact: boolean }): Disclosed {
  if (options.exact) return { tables: tables.map((t) => ({ ...t, rows: t.rows.map((r) => [...r]) })), suppressed: 0, rounded: 0 };
  let suppressed = 0;
  let rounded = 0;
  const published = tables.map((table) => {
    const counts = table.columns.flatMap((c, j) => (c.kind === 'count' ? [j] : []));
    const basisOf = table.columns.map((c) => (c.basis ? c.basis.map((k) => columnIndex(table, k)) : counts));
    // A text cell goes only when it says it is built on counts (a verdict such as "differs: yes").
    const derived = table.columns.map((c) => c.kind === 'rate' || c.kind === 'number' || (c.kind === 'text' && c.basis !== undefined));
    const rows = table.rows.map((row) => {
      const small = row.map((cell, j) => table.columns[j]!.kind === 'count' && isSmallCount(cell));
      return row.map((cell: Cell, j) => {
        if (table.columns[j]!.kind === 'count' && typeof cell === 'number') {
          const shown = publishCount(cell);
          if (shown === SUPPRESSED) suppressed++;
          else if (shown !== cell) rounded++;
          return shown;
        }
        if (derived[j] && cell !== null && basisOf[j]!.some((b) => small[b])) return SUPPRESSED;
        return cell;
      });
    });
    return { ...table, rows };
  });
  return { tables: published, suppressed, rounded };
}
