// The 3–5 figures each view opens with: the figure for the window, the same figure a year earlier, and
// England's. Each is built from the same rate tallies as everything else, carries its counts (so that
// disclosure control can suppress it with them) and says when the data's edges cut it short.
import { addMonths } from '../dates.js';
import type { MetricsWindow, PreparedMetrics, RateKey } from '../metrics.js';
import { completeness, outsideDataNote, type DataSpan, type MeasureKey } from './cutoffs.js';
import { windowText } from './date-text.js';
import { englandFigure, type EnglandFigure, type EnglandKey } from './england.js';
import { tallyRate, tallyWindows, type RateIndicators } from './rate-indicators.js';
import { makeTable, type ViewTable } from './view-table.js';

export type HeadlineUnit = 'share' | 'count' | 'days' | 'working days';

export interface HeadlineFigure {
  /** numerator (a share), the count itself (a count), or null */
  k: number | null;
  /** denominator, or the number of values a median is taken over */
  n: number | null;
  value: number | null;
  /** why the edges of the data cut this figure short, or null */
  note: string | null;
}

export interface HeadlineDraft {
  key: string;
  label: string;
  unit: HeadlineUnit;
  current: HeadlineFigure;
  lastYear: HeadlineFigure | null;
  england: EnglandFigure | null;
}

export const NO_FIGURE: HeadlineFigure = { k: null, n: null, value: null, note: null };

/** The last 12 months of a longer window: a headline compares a year with the year before and England's year. */
export function headlineWindow(window: MetricsWindow): MetricsWindow {
  return { from: Math.max(window.from, addMonths(window.to, -12) + 1), to: window.to };
}

/** The window a year earlier, or null when it lies wholly before the data. */
export function lastYearWindow(window: MetricsWindow, span: DataSpan): MetricsWindow | null {
  const earlier = { from: addMonths(window.from, -12), to: addMonths(window.to, -12) };
  return earlier.to < span.first ? null : earlier;
}

/** A figure for a window, with the incomplete note of `measure` (and of a window running outside the data). */
export function figureNote(measure: MeasureKey, window: MetricsWindow, span: DataSpan, prepared: PreparedMetrics): string | null {
  return completeness(measure, window, span, prepared.calendar).note;
}

/** A metrics.md rate over the window and a year earlier, with England's figure where one is published. */
export function rateHeadline(
  prepared: PreparedMetrics, indicators: RateIndicators, key: RateKey, label: string, window: MetricsWindow, span: DataSpan, include: Uint8Array | null,
): HeadlineDraft {
  const figure = (w: MetricsWindow): HeadlineFigure => {
    const [tally] = tallyWindows(prepared, indicators, [w], include);
    const r = tallyRate(tally!, key);
    return { k: r.k, n: r.n, value: r.rate, note: figureNote(key, w, span, prepared) };
  };
  const earlier = lastYearWindow(window, span);
  return { key, label, unit: 'share', current: figure(window), lastYear: earlier ? figure(earlier) : null, england: englandFigure(key) };
}

/** A count over the window and a year earlier (referrals, trips). */
export function countHeadline(key: string, label: string, count: (w: MetricsWindow) => number, window: MetricsWindow, span: DataSpan): HeadlineDraft {
  const figure = (w: MetricsWindow): HeadlineFigure => {
    const k = count(w);
    return { k, n: null, value: k, note: outsideDataNote(w, span) };
  };
  const earlier = lastYearWindow(window, span);
  return { key, label, unit: 'count', current: figure(window), lastYear: earlier ? figure(earlier) : null, england: null };
}

/** A headline whose figures the view computes itself (a median, a survival share). */
export function customHeadline(key: string, label: string, unit: HeadlineUnit, current: HeadlineFigure, lastYear: HeadlineFigure | null, england: EnglandKey | null = null): HeadlineDraft {
  return { key, label, unit, current, lastYear, england: england ? englandFigure(england) : null };
}

/**
 * The headlines as the table every view publishes (id "headlines"): value is built on k and n, so it is
 * suppressed with them; England's figure is not a count of this dataset and is never suppressed.
 */
export function headlineTable(drafts: readonly HeadlineDraft[], window: MetricsWindow, span: DataSpan): ViewTable {
  const earlier = lastYearWindow(window, span);
  return makeTable(
    'headlines',
    `${windowText(window.from, window.to)}${earlier ? `, beside ${windowText(earlier.from, earlier.to)}` : ''}, and England`,
    [
      ['key', 'Measure key', 'text', { hidden: true }],
      ['label', 'Measure', 'text'],
      ['unit', 'Unit', 'text', { hidden: true }],
      ['value', 'This period', 'number', { basis: ['k', 'n'] }],
      ['k', 'This period: count', 'count'],
      ['n', 'This period: out of', 'count'],
      ['note', 'This period: incomplete?', 'text'],
      ['last_value', 'A year earlier', 'number', { basis: ['last_k', 'last_n'] }],
      ['last_k', 'A year earlier: count', 'count'],
      ['last_n', 'A year earlier: out of', 'count'],
      ['last_note', 'A year earlier: incomplete?', 'text'],
      ['england', 'England', 'number', { basis: [] }],
      ['england_year', 'England: year to 31 March', 'text'],
      ['england_note', 'England: source', 'text', { hidden: true }],
    ],
    drafts.map((d) => ({
      key: d.key,
      label: d.label,
      unit: d.unit,
      value: d.current.value,
      k: d.current.k,
      n: d.current.n,
      note: d.current.note,
      last_value: d.lastYear?.value ?? null,
      last_k: d.lastYear?.k ?? null,
      last_n: d.lastYear?.n ?? null,
      last_note: d.lastYear ? d.lastYear.note : 'No data a year earlier.',
      england: d.england?.value ?? null,
      england_year: d.england?.year ?? null,
      england_note: d.england ? `${d.england.source}${d.england.caveat ? ` (${d.england.caveat})` : ''}` : null,
    })),
  );
}
