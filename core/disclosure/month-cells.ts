// A viewer's metrics over a window of whole months, built from one fixed set of cells: each calendar month's
// counts (events by type, each rate's numerator and denominator, CP plans ended by band), each cell rounded ONCE
// to a multiple of 5 at random (up with chance remainder ÷ 5, so unbiased), by a draw keyed on a secret, the
// dataset, the month and its exact count, and a window's figure is the sum of its months' rounded
// cells. Why (audit a12g F3): each window rounded on its own let a viewer difference windows (a 0 is exactly 0,
// [c] is 1 to 4, 5 is 5 to 7, 10 is 8 to 12) and pin months of 1 to 4 by interval propagation (7 on a 600-child
// council's year, tests/server/api/window-differencing.test.ts). Sums of cells rounded once say nothing the cells
// do not, and a cell's rounding (the secret unknown) never pins it: 0 to 4 can each be rounded to 0 or 5.
// A window's count is the sum of its months' roundings, 0 included: a month of 1 to 4 rounded down reads 0 like a
// month of none, so no 0 says whether a month had events. It once read [c] where some months had events and all
// were rounded down: a viewer then knew which months had any, and with a financial year's count of the same events
// from the funnel, rounded on its own to [c], and four months with events, each was 1 (an audit of 2026-12-06
// pinned 8 of 378 months of 1 to 4 so, over six logs). Deciding [c] by the window's exact total (1 to 4) had pinned
// months before that: [c] on two-month windows beside a 5 or more on three gave counts of 2, 2, 1, 1.
import { CP_PLAN_BANDS, RATE_KEYS, type Metrics, type MetricsBases } from '../metrics.js';
import type { Published, PublishedMetrics } from './aggregates.js';
import { disclosureNote, publishMetrics } from './aggregates.js';
import { ROUNDING_BASE, roundTo, SUPPRESSED, tooFewForRate } from './policy.js';

/** One month's exact figures (a metrics window of that month, clipped to the data). */
export interface MonthCell {
  /** first day of the cell (the month's first, or the data's first day) */
  from: number;
  metrics: Metrics;
  bases: MetricsBases;
}

/** A draw in [0, 1) for a label, keyed on a secret the viewer does not have. */
export type KeyedDraw = (label: string) => number;

/** `value` rounded to a multiple of 5, up with chance (value mod 5) ÷ 5 by the draw u. */
export function randomRound(value: number, u: number): number {
  const low = Math.floor(value / ROUNDING_BASE) * ROUNDING_BASE;
  return u < (value - low) / ROUNDING_BASE ? low + ROUNDING_BASE : low;
}

/** A share from two published counts: [c] when either is, or the denominator is too small for a rate. */
function shareOf(k: Published<number>, n: Published<number>): Published<number | null> {
  if (k === SUPPRESSED || n === SUPPRESSED || tooFewForRate(n)) return SUPPRESSED;
  return n === 0 ? null : roundTo(Math.min(k, n) / n, 3);
}

/**
 * The metrics a viewer is given for a window of whole months: `window` the whole window's exact figures (its
 * medians and its counts open at the end, which are one cell each, go through the usual policy: publishMetrics),
 * `cells` its months, `draw` the keyed draw, `label` what names the dataset in the draws.
 */
export function publishMonthCells(window: { metrics: Metrics; bases: MetricsBases }, cells: readonly MonthCell[], draw: KeyedDraw, label: string): PublishedMetrics {
  const published = (exactOf: (cell: MonthCell) => number): Published<number> => {
    let rounded = 0;
    for (const cell of cells) {
      const value = exactOf(cell);
      // keyed on the month and the count, not the figure: a count a viewer meets twice (contacts, and the contact
      // rate's denominator) is rounded the same way both times, so two roundings of it never narrow it down
      rounded += value === 0 ? 0 : randomRound(value, draw(`${label}\u0000${cell.from}\u0000${value}`));
    }
    return rounded;
  };
  const usual = publishMetrics(window.metrics, window.bases, false);
  const plans = published((c) => c.bases.cpPlanBands.reduce((a, b) => a + b, 0));
  return {
    ...usual,
    counts: Object.fromEntries(Object.keys(window.metrics.counts).map((type) => [type, published((c) => c.metrics.counts[type] ?? 0)])),
    rates: Object.fromEntries(RATE_KEYS.map((k) => [k, shareOf(published((c) => c.bases.rates[k].num), published((c) => c.bases.rates[k].den))])),
    durations: {
      ...usual.durations,
      cp_plan_bands: Object.fromEntries(CP_PLAN_BANDS.map((band, k) => [band, shareOf(published((c) => c.bases.cpPlanBands[k]!), plans)])),
    },
    disclosure: { ...disclosureNote(false), note: `${disclosureNote(false).note} ${MONTH_CELLS_NOTE}` },
  };
}

/** Said beside the policy note on a viewer's metrics. */
export const MONTH_CELLS_NOTE =
  'Here windows are whole calendar months: each month\'s counts are rounded once to a multiple of 5 at random (up or down, in proportion to the remainder), a window\'s counts are the sums of its months\' (so they may differ from the exact total by 4 a month at most, a few in all), and [c] is a window with some events whose months were all rounded down to 0.';
