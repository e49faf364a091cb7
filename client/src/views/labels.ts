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

/**
 * The life table reads the Kaplan–Meier curve once at the end of each of its intervals: monthly in the first
 * year, quarterly to four years, then yearly. A fall drawn at the end of a long interval is every ending over
 * it, not a step on that day (on the demo, 23.5% → 17.2% drawn at 1,825 days is 6 stays ended between 4 and 5
 * years, of 27 still in care at 4 years). Says so for each drawn interval longer than a quarter in which stays ended; '' when none.
 */
export function coarseStepNote(
  rows: ReadonlyArray<{ group: Cell; from: Cell; to: Cell; at_risk: Cell; ended: Cell; survival: Cell }>, where: string,
): string {
  const parts: string[] = [];
  const groups = new Set(rows.map((r) => String(r.group)));
  for (const r of rows) {
    if (typeof r.from !== 'number' || typeof r.to !== 'number' || r.to - r.from + 1 <= 92 || typeof r.survival !== 'number') continue;
    if (r.ended === 0) continue;
    const from = r.from;
    const before = rows.find((p) => p.group === r.group && p.to === from - 1);
    const was = before === undefined ? null : typeof before.survival === 'number' ? before.survival : null;
    const who = groups.size > 1 ? `${String(r.group)}: ` : '';
    const fall = was === null ? `to ${pct(r.survival)}` : `from ${pct(was)} to ${pct(r.survival)}`;
    parts.push(`${who}the fall ${fall} drawn at ${num(r.to)} days is the ${num(r.ended)} ${typeof r.ended === 'number' && r.ended === 1 ? 'stay' : 'stays'} that ended between ${num(r.from)} and ${num(r.to)} days, of ${num(r.at_risk)} still ${where} at ${num(r.from)} days`);
  }
  if (parts.length === 0) return '';
  return `Past four years the curve is read once a year, at the year's end: ${parts.join('; ')}, spread over that year rather than on that day.`;
}
