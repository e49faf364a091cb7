// Small shared pieces of the view routes: rounding for tables and the interval columns.
import type { Interval } from '../../../core/analysis/wilson.js';
import type { ColumnSpec } from '../../../core/analysis/view-table.js';

/** Rates and intervals in tables keep 4 decimals (0.1 percentage point resolution and then some). */
export function round4(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 1e4) / 1e4;
}

export function round1(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10) / 10;
}

export function ciCells(prefix: string, ci: Interval | null | undefined): Record<string, number | null> {
  return { [`${prefix}_lower`]: round4(ci?.lower), [`${prefix}_upper`]: round4(ci?.upper) };
}

/** The two interval columns of a rate, built on the same counts as the rate (`basis`). */
export function ciColumns(prefix: string, label: string, basis?: readonly string[]): ColumnSpec[] {
  // Given [k, n], a viewer's limits are Wilson's from the published k and n (never the exact ones).
  const extra = (end: 'lower' | 'upper') => (basis ? { basis, ...(basis.length === 2 ? { recompute: `wilson_${end}` as const } : {}) } : {});
  return [
    [`${prefix}_lower`, `${label} 95% CI lower`, 'rate', extra('lower')],
    [`${prefix}_upper`, `${label} 95% CI upper`, 'rate', extra('upper')],
  ];
}
