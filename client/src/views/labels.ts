// How the views page writes things for a reader: plain names for the metric keys (tables and CSVs keep
// the keys, the API's contract), dates as "1 April 2024" and months as "April 2024", shares as
// percentages, and a suppressed figure as [c].
import { isoText, longDate as longDay, MONTH_NAMES } from '../../../core/analysis/date-text.js';
import { MEASURE_NAMES } from '../../../core/analysis/impact.js';
import { parseDay } from '../../../core/dates.js';
import type { Cell } from '../../../core/analysis/view-table.js';

export const SUPPRESSED = '[c]';

export function rateLabel(key: string): string {
  const name = (MEASURE_NAMES as Record<string, string>)[key];
  return name ? name[0]!.toUpperCase() + name.slice(1) : key.replace(/_/g, ' ');
}

/** "2024-04-01" → "1 April 2024"; "2024-04" → "April 2024". */
export function longDate(iso: string): string {
  return isoText(iso);
}

/** "2024-04-01" or "2024-04" → "April 2024". */
export function monthOf(iso: string): string {
  const [y, m] = iso.split('-');
  return y && m ? `${MONTH_NAMES[Number(m) - 1] ?? m} ${y}` : iso;
}

/** "1 April 2024 to 31 March 2025" from two ISO dates. */
export function windowText(from: string, to: string): string {
  return `${longDate(from)} to ${longDate(to)}`;
}

export function dayText(day: number): string {
  return longDay(day);
}

export const count = (n: number) => n.toLocaleString('en-GB');

export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A cell as a share: "22.3%", "[c]" or "—". */
export function pct(v: Cell | undefined, digits = 1): string {
  if (v === SUPPRESSED) return SUPPRESSED;
  return isNumber(v) ? `${(v * 100).toFixed(digits)}%` : '—';
}

/** A cell as a count or number: "1,235", "[c]" or "—". */
export function num(v: Cell | undefined, digits = 0): string {
  if (v === SUPPRESSED) return SUPPRESSED;
  return isNumber(v) ? v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';
}

/** A numeric cell, or null for [c] and blanks (what a chart can draw). */
export function value(v: Cell | undefined): number | null {
  return isNumber(v) ? v : null;
}

export function isoDay(iso: string): number {
  const d = parseDay(iso);
  if (d === null) throw new Error(`not a date: ${iso}`);
  return d;
}

/**
 * What a bar with no value says: [c] only where a count of 1 to 4 (or a figure built on one) is
 * suppressed; "no cases" where there is nothing to take a rate or median of; and for a Kaplan–Meier
 * median that fewer than half have reached, "not reached: N of M still there" (review v9b finding 7).
 */
export function gapText(v: Cell | undefined, context: { n?: Cell | undefined; open?: Cell | undefined; where?: string }): string {
  if (v === SUPPRESSED) return SUPPRESSED;
  if (context.n === 0 || context.n === null || context.n === undefined) return 'no cases';
  if (context.open !== undefined) return `not reached: ${num(context.open)} of ${num(context.n)} still ${context.where ?? 'there'}`;
  return '—';
}
