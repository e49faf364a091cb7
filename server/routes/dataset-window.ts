// The window a route computes over: the query's from and to clipped to the dataset's own span (a
// window of 0001 to 9999 is the data's own window, not 3.6 million days of empty series), each
// defaulting to the span's ends, `from` to `defaultMonths` before `to` when given. A window that holds
// none of the data's dates is refused with that reason. The views, the metrics and the funnel share it.
import { addMonths, formatDay, monthStart, parseDay } from '../../core/dates.js';
import { BadRequestError } from '../errors.js';
import { isYearsOnlySpan } from '../../core/disclosure/aggregates.js';

export interface Span {
  /** YYYY-MM-DD of the first and last event, null without events */
  from: string | null;
  to: string | null;
  /** set by publishedSpan when a request sees the dataset's dates only as calendar years */
  yearsOnly?: boolean;
}

export function datasetWindow(
  name: string, span: Span, asked: { from?: number | undefined; to?: number | undefined }, defaultMonths?: number, wholeMonths = false,
): { from: number; to: number } {
  // A span a viewer sees in calendar years (core/disclosure/aggregates.ts publishedSpan): the window is
  // widened to the whole years its ends fall in, so windows a day apart give the same answer. Any other
  // request without exact counts (`wholeMonths`, a viewer) gets whole calendar months: windows a day apart
  // gave every day's count of 1 to 4 exactly by differencing (audit a12g F3).
  const query = isYearsOnlySpan(span) ? wholeYears(asked) : wholeMonths ? monthsOf(asked) : asked;
  const first = span.from === null ? null : parseDay(span.from);
  const last = span.to === null ? null : parseDay(span.to);
  const to = query.to === undefined ? last : last === null ? query.to : Math.min(query.to, last);
  let from = query.from === undefined ? first : first === null ? query.from : Math.max(query.from, first);
  // The default window is the data's own (its last 12 months, say), the same for every request, so it is not snapped:
  // it stays the window the headlines beside it are worked out for.
  if (query.from === undefined && defaultMonths !== undefined && to !== null && from !== null) {
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

/** A window's given ends moved to the first and last days of their calendar years. */
function wholeYears(query: { from?: number | undefined; to?: number | undefined }): { from?: number; to?: number } {
  const year = (day: number) => formatDay(day).slice(0, 4);
  return {
    ...(query.from === undefined ? {} : { from: parseDay(`${year(query.from)}-01-01`)! }),
    ...(query.to === undefined ? {} : { to: parseDay(`${year(query.to)}-12-31`)! }),
  };
}
