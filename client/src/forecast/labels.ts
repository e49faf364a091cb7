// Words and numbers for the "What next" page: which measures it draws, what their charts are called,
// months as "April 2025", and a chart's bands as CSV.
import type { Band } from '../../../core/forecast/forecast.js';

export interface MeasureLabel {
  key: string;
  title: string;
  /** what one value is, for the y axis and the readout */
  unit: string;
}

/** The measures the page draws, in order: monthly arrivals, then month-end stocks. */
export const MEASURES: MeasureLabel[] = [
  { key: 'referral', title: 'Referrals each month', unit: 'referrals in the month' },
  { key: 'contact', title: 'Contacts each month', unit: 'contacts in the month' },
  { key: 'open_cp_plan', title: 'Children on a child protection plan at month end', unit: 'children at month end' },
  { key: 'open_looked_after', title: 'Children looked after at month end', unit: 'children at month end' },
  { key: 'open_cin_plan', title: 'Children on a child in need plan at month end', unit: 'children at month end' },
  { key: 'open_assessment', title: 'Assessments open at month end', unit: 'assessments at month end' },
];

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2025-04" → "April 2025" */
export function monthName(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${year}`;
}

/** "2025-03-31" → "31 March 2025" */
export function dayName(day: string): string {
  const [year, m, d] = day.split('-');
  return `${Number(d)} ${MONTH_NAMES[Number(m) - 1] ?? m} ${year}`;
}

/** "2025-Q2" → "April to June 2025" (calendar quarters, as the cost forecast sums them) */
export function quarterName(quarter: string): string {
  const [year, q] = quarter.split('-Q');
  const first = (Number(q) - 1) * 3;
  return `${MONTH_NAMES[first] ?? '?'} to ${MONTH_NAMES[first + 2] ?? '?'} ${year}`;
}

/** "2025-Q2" → "Q2 2025" */
export function quarterShort(quarter: string): string {
  const [year, q] = quarter.split('-Q');
  return `Q${q} ${year}`;
}

/** Money as the page shows it: "£1.2m", "£850k", "£8.5k", "£900". */
export function formatPounds(v: number): string {
  const sign = v < 0 ? '−' : '';
  const a = Math.abs(v);
  if (a >= 1e6) return `${sign}£${(a / 1e6).toFixed(a >= 1e8 ? 0 : 1)}m`;
  if (a >= 1e4) return `${sign}£${Math.round(a / 1e3)}k`;
  if (a >= 1e3) return `${sign}£${(a / 1e3).toFixed(1).replace(/\.0$/, '')}k`;
  return `${sign}£${Math.round(a).toLocaleString('en-GB')}`;
}

/** Numbers as the page shows them: whole numbers for counts, one decimal under 10. */
export function formatValue(v: number): string {
  return Math.abs(v) < 10 && !Number.isInteger(v) ? v.toFixed(1) : Math.round(v).toLocaleString('en-GB');
}

export interface CsvSeries {
  label: string;
  band: Band;
}

const QUANTILE_COLUMNS = ['p2_5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p97_5'] as const;

/** One row a period (a month, or a quarter for costs); for each series its seven quantiles (and `actual` when given). */
export function bandsCsv(months: string[], series: CsvSeries[], actual?: number[], periodColumn: 'month' | 'quarter' = 'month'): string {
  const header = [periodColumn, ...series.flatMap((s) => QUANTILE_COLUMNS.map((q) => `${s.label}_${q}`)), ...(actual ? ['actual'] : [])];
  const rows = months.map((month, m) => [month, ...series.flatMap((s) => QUANTILE_COLUMNS.map((q) => String(s.band[q][m]))), ...(actual ? [String(actual[m])] : [])]);
  return [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}
