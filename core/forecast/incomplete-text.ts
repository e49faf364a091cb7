// The words for a forecast's stock that the data cannot hold whole (fit.ts FittedForecast.incomplete): one
// function for the page's chart notes and the CLI's warnings, in a module of its own so the page's bundle
// takes only this from the forecast code.
import { longDate } from '../analysis/date-text.js';
import { parseDay } from '../dates.js';

/** ForecastResult.incomplete's entry for one `open_<station>`. */
export interface IncompleteStock {
  /** the first day the station's count is complete (YYYY-MM-DD) */
  completeFrom: string;
  /** whether the count on asOf, the forecast's start, is short */
  atStart: boolean;
  /** whether the station's ends go unrecorded (it counts starts) */
  endsMissing: boolean;
  /** the stations endpoint's sentence for the count on asOf, or null when that count is whole */
  note: string | null;
}

/**
 * What a reader of a stock's forecast must know when the data cannot hold the stock whole (ForecastResult.incomplete),
 * or null: the chart's note on the page and the CLI's warning say this.
 */
export function incompleteStockText(entry: IncompleteStock | undefined): string | null {
  if (!entry) return null;
  if (entry.atStart) return `${entry.note} The forecast starts from that count, so this stock starts too low, and the lengths of stay it was fitted on are the shorter ones the data has seen so far.`;
  if (entry.endsMissing) return entry.note;
  return `Recorded months before ${longDate(parseDay(entry.completeFrom)!)} are short: their counts miss children who arrived before the data's first day.`;
}

