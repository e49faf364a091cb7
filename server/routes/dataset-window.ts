// The window a route computes over: the query's from and to clipped to the dataset's own span (a
// window of 0001 to 9999 is the data's own window, not 3.6 million days of empty series), each
// defaulting to the span's ends, `from` to `defaultMonths` before `to` when given. A window that holds
// none of the data's dates is refused with that reason. The views, the metrics and the funnel share it.
import { addMonths, civilFromDay, dayFromCivil, formatDay, monthStart, parseDay } from '../../core/dates.js';
import { BadRequestError } from '../errors.js';
import { isYearsOnlySpan } from '../../core/disclosure/aggregates.js';

export interface Span {
  /** YYYY-MM-DD of the first and last event, null without events */
  from: string | null;
  to: string | null;
  /** set by publishedSpan when a request sees the dataset's dates only as calendar years */
  yearsOnly?: boolean;
}

/**
 * How a request's window is snapped: 'days' as asked (exact counts), 'months' whole calendar months (a viewer's
 * metrics, built from month cells rounded once: core/disclosure/month-cells.ts), 'financial-years' the one
 * financial year (1 April to 31 March) holding the window's end (a viewer's flow, pathways, cohorts and funnel),
 * 'span' the data's whole span whatever is asked (a viewer's time in care and re-referrals, whose figures need
 * every period followed: one year's starts left a 3,000-child council's life table by sex without a share).
 */
export type WindowGrain = 'days' | 'months' | 'financial-years' | 'span';

export function datasetWindow(
  name: string, span: Span, asked: { from?: number | undefined; to?: number | undefined }, defaultMonths?: number, grain: WindowGrain = 'days',
): { from: number; to: number } {
  // A span a viewer sees in calendar years (core/disclosure/aggregates.ts publishedSpan): the window is
  // widened to the whole years its ends fall in, so windows a day apart give the same answer. Any other
  // request without exact counts (a viewer) gets whole calendar months (`grain` 'months', the metrics), one
  // financial year or the whole span (the views): windows a day apart gave every day's count of 1 to 4 exactly
  // by differencing (audit a12g F3).
  const first = span.from === null ? null : parseDay(span.from);
  const last = span.to === null ? null : parseDay(span.to);
  const query = isYearsOnlySpan(span)
    ? wholeYears(asked)
    : grain === 'span'
      ? {}
      : grain === 'financial-years'
        ? financialYearOf(within(asked.to ?? asked.from ?? last, first, last))
        : grain === 'months'
          ? monthsOf(asked)
          : asked;
  const to = query.to === undefined ? last : last === null ? query.to : Math.min(query.to, last);
  let from = query.from === undefined ? first : first === null ? query.from : Math.max(query.from, first);
  // The default window is the data's own (its last 12 months, say), the same for every request, so it is not snapped:
  // it stays the window the headlines beside it are worked out for.
  if (query.from === undefined && defaultMonths !== undefined && to !== null && from !== null && grain !== 'financial-years' && grain !== 'span') {
    from = Math.max(from, addMonths(to, -defaultMonths) + 1);
  }
  if (from === null || to === null) throw new BadRequestError(`dataset "${name}" has no events: give both from and to`);
  if (from > to) {
    throw new BadRequestError(
      query.from !== undefined && query.to !== undefined && query.from <= query.to
        ? `the window ${formatDay(query.from)} to ${formatDay(query.to)} holds none of the dataset's dates (${span.from} to ${span.to})`
        : `query.from: from must be on or before to (${formatDay(from)} is after ${formatDay(to)})`,
    );
  }
  return { from, to };
}

/** `day` moved into [first, last] where the data has dates (a year asked for past the data's end is its last year's). */
function within(day: number | null, first: number | null, last: number | null): number | null {
  return day === null || first === null || last === null ? day : clipDay(day, first, last);
}

/** `day` moved into the span [first, last] (a date before the data is its first day, after it its last). */
export function clipDay(day: number, first: number, last: number): number {
  return Math.min(Math.max(day, first), last);
}

/** A window's given ends moved to the first and last days of their calendar months. */
export function monthsOf(query: { from?: number | undefined; to?: number | undefined }): { from?: number; to?: number } {
  return {
    ...(query.from === undefined ? {} : { from: monthStart(query.from) }),
    ...(query.to === undefined ? {} : { to: addMonths(monthStart(query.to), 1) - 1 }),
  };
}

/**
 * The financial year (1 April to 31 March) holding `day`; every window when `day` is null (a dataset without
 * events, refused below). Why a viewer's views get exactly one: their counts are each window's own, rounded once
 * per window, so two windows that overlap (January to March and January to February) differ by a month whose
 * count the two roundings narrow, and runs of months pinned months of 1 to 4 (audit a12g F3: 7 of 54 months on
 * a 600-child council's metrics, before those were built from month cells). Financial years never overlap, so
 * no answer a viewer can be given is another's part, and a year is what a council's returns report.
 */
export function financialYearOf(day: number | null): { from?: number; to?: number } {
  if (day === null) return {};
  const { year, month } = civilFromDay(day);
  const start = month >= 4 ? year : year - 1;
  return { from: dayFromCivil(start, 4, 1), to: dayFromCivil(start + 1, 3, 31) };
}

/** A window's given ends moved to the first and last days of their calendar years. */
function wholeYears(query: { from?: number | undefined; to?: number | undefined }): { from?: number; to?: number } {
  const year = (day: number) => formatDay(day).slice(0, 4);
  return {
    ...(query.from === undefined ? {} : { from: parseDay(`${year(query.from)}-01-01`)! }),
    ...(query.to === undefined ? {} : { to: parseDay(`${year(query.to)}-12-31`)! }),
  };
}
