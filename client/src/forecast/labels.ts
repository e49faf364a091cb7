// Words and numbers for the "What next" page: which measures it draws (every one the forecast has, grouped), what their charts are called,
// months as "April 2025", and a chart's bands as CSV.
import type { Band } from '../../../core/forecast/forecast.js';

export interface MeasureLabel {
  key: string;
  title: string;
  /** what one value is, for the y axis and the readout */
  unit: string;
}

export interface MeasureGroup {
  id: 'arrivals' | 'stocks';
  title: string;
  measures: MeasureLabel[];
}

/** The measures the page knows by name, in the order it draws them: monthly arrivals, then month-end stocks. */
export const MEASURES: MeasureLabel[] = [
  { key: 'contact', title: 'Contacts each month', unit: 'contacts in the month' },
  { key: 'referral', title: 'Referrals each month', unit: 'referrals in the month' },
  { key: 'assessment_start', title: 'Assessments started each month', unit: 'assessments started in the month' },
  { key: 's47_start', title: 'Section 47 enquiries started each month', unit: 'S47 enquiries started in the month' },
  { key: 'icpc', title: 'Initial child protection conferences each month', unit: 'ICPCs in the month' },
  { key: 'cp_plan_start', title: 'Child protection plans started each month', unit: 'CP plans started in the month' },
  { key: 'cin_plan_start', title: 'Child in need plans started each month', unit: 'CIN plans started in the month' },
  { key: 'cla_start', title: 'Children starting to be looked after each month', unit: 'care starts in the month' },
  { key: 'open_assessment', title: 'Assessments open at month end', unit: 'assessments at month end' },
  { key: 'open_cin_plan', title: 'Children on a child in need plan at month end', unit: 'children at month end' },
  { key: 'open_cp_plan', title: 'Children on a child protection plan at month end', unit: 'children at month end' },
  { key: 'open_looked_after', title: 'Children looked after at month end', unit: 'children at month end' },
];

/**
 * Every measure of a forecast's series, grouped: arrivals in the month, then stocks at month end (the
 * `open_` ones). Those the page knows come in MEASURES' order with its words; any other (a station of
 * another map, an event type added later) follows in its group with a title made from its name.
 */
export function measureGroups(keys: readonly string[]): MeasureGroup[] {
  const known = new Map(MEASURES.map((m, i) => [m.key, i]));
  const sorted = [...keys].sort((a, b) => (known.get(a) ?? MEASURES.length) - (known.get(b) ?? MEASURES.length) || a.localeCompare(b));
  const label = (key: string): MeasureLabel => {
    const i = known.get(key);
    if (i !== undefined) return MEASURES[i]!;
    const words = key.replace(/^open_/, '').replace(/_/g, ' ');
    return key.startsWith('open_') ? { key, title: `Open at month end: ${words}`, unit: 'open at month end' } : { key, title: `${words[0]!.toUpperCase()}${words.slice(1)} each month`, unit: `${words} in the month` };
  };
  return [
    { id: 'arrivals', title: 'New arrivals each month', measures: sorted.filter((k) => !k.startsWith('open_')).map(label) },
    { id: 'stocks', title: 'Children open at each month end', measures: sorted.filter((k) => k.startsWith('open_')).map(label) },
  ].filter((g) => g.measures.length > 0) as MeasureGroup[];
}

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

/**
 * "2025-Q2" → "April to June 2025" (calendar quarters, as the cost forecast sums them). With the months the
 * forecast sums in it (CostResult.quarterMonths), a quarter it only partly covers says which:
 * "June 2025 only (of April to June 2025)", since its sum is of those months alone.
 */
export function quarterName(quarter: string, months?: readonly string[]): string {
  const [year, q] = quarter.split('-Q');
  const first = (Number(q) - 1) * 3;
  const whole = `${MONTH_NAMES[first] ?? '?'} to ${MONTH_NAMES[first + 2] ?? '?'} ${year}`;
  if (!months || months.length >= 3 || months.length === 0) return whole;
  const names = months.map((m) => MONTH_NAMES[Number(m.split('-')[1]) - 1] ?? m);
  return `${names.join(' and ')} ${year} only (of ${whole})`;
}

/** "2025-Q2" → "Q2 2025"; a quarter the forecast only partly covers names its months: "Jun 2025" */
export function quarterShort(quarter: string, months?: readonly string[]): string {
  const [year, q] = quarter.split('-Q');
  if (!months || months.length >= 3 || months.length === 0) return `Q${q} ${year}`;
  return `${months.map((m) => (MONTH_NAMES[Number(m.split('-')[1]) - 1] ?? m).slice(0, 3)).join('–')} ${year}`;
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

export interface CsvOptions {
  /** what happened in each period (a back-test) */
  actual?: number[];
  periodColumn?: 'month' | 'quarter';
  /** the months before the forecast as recorded: rows of their own, marked "recorded" in a `status` column */
  recorded?: { months: string[]; values: number[] };
  /** quarters (costs): the forecast months summed in each, written in a last `months` column ("2024-10 2024-11"
   * for a quarter the forecast only partly covers) */
  periodMonths?: string[][];
}

/**
 * One row a period (a month, or a quarter for costs); for each series its seven quantiles (and `actual`
 * when given). With `recorded`, the recorded months come first, each row's `status` says "recorded" or
 * "forecast", and the recorded value is in the `recorded` column (the quantiles empty).
 */
export function bandsCsv(months: string[], series: CsvSeries[], { actual, periodColumn = 'month', recorded, periodMonths }: CsvOptions = {}): string {
  const quantiles = series.flatMap((s) => QUANTILE_COLUMNS.map((q) => `${s.label}_${q}`));
  const header = [periodColumn, ...(recorded ? ['status'] : []), ...quantiles, ...(actual ? ['actual'] : []), ...(recorded ? ['recorded'] : []), ...(periodMonths ? ['months'] : [])];
  const past = (recorded?.months ?? []).map((month, m) => [month, 'recorded', ...quantiles.map(() => ''), ...(actual ? [''] : []), String(recorded!.values[m]), ...(periodMonths ? [month] : [])]);
  const rows = months.map((month, m) => [month, ...(recorded ? ['forecast'] : []), ...series.flatMap((s) => QUANTILE_COLUMNS.map((q) => String(s.band[q][m]))), ...(actual ? [String(actual[m])] : []), ...(recorded ? [''] : []), ...(periodMonths ? [(periodMonths[m] ?? []).join(' ')] : [])]);
  return [header, ...past, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}
