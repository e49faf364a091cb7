// Values given at the midpoints of consecutive periods, read on any day: the outcome trends' factors
// (outcome-trends.ts) and the return clock's speed (return-trend.ts) change between periods this way.

/**
 * The normal deviate of the χ² pretests that choose quarters over years (outcome-trends.ts, return-odds.ts): one in
 * 100,000, not the 0.1% of the other pretests, because their counts are events, several to a child (a chain of
 * repeat contacts, a child's closures), so binomial or Poisson variances understate the noise. At 0.1% a log with
 * no change within its years got quarters: the bench log's ICPC outcomes (χ² 25.6 against 24.5), a 2.2-fold swing
 * in one quarter's returns after closures of audit a10p's log C (90.5 against 82.8), where its copies then held
 * 5 and 6 journeys equal to a real one against 1 and 4 without.
 */
export const CLUSTERED_PRETEST_Z = 4.265;

/** `values[k]` holds at `mids[k]`; linear between midpoints, flat before the first and after the last. */
export function valueAt(mids: ArrayLike<number>, values: ArrayLike<number>, day: number): number {
  if (day <= mids[0]!) return values[0]!;
  const last = mids.length - 1;
  if (day >= mids[last]!) return values[last]!;
  let k = 0;
  while (mids[k + 1]! < day) k++;
  const t = (day - mids[k]!) / (mids[k + 1]! - mids[k]!);
  return values[k]! + t * (values[k + 1]! - values[k]!);
}

/**
 * Years of the data from `from` to `to` as the trends count them (outcome, duration and step trends): a year
 * from `from` at a time, a last period shorter than 120 days joined to the one before it.
 */
export function yearPeriods(from: number, to: number): Periods {
  return periodsOf(from, to, 365.25, 120);
}

/** Quarters of the data (a quarter of a year from `from` at a time), a last one shorter than 30 days joined to the one before it. */
export function quarterPeriods(from: number, to: number): Periods {
  return periodsOf(from, to, 365.25 / 4, 30);
}

/**
 * Whole quarters of the data from `from` to `last`, a part quarter after the last whole one joined to it, the last
 * ending on `to` (return-odds.ts: `last` the last day a state could show a quick return, `to` the data's end).
 */
export function wholeQuarters(from: number, last: number, to: number): Periods {
  const quarters = periodsOf(from, last, 365.25 / 4, 365.25 / 4);
  return { ...quarters, end: (q) => (q === quarters.years - 1 ? to : quarters.end(q)) };
}

export interface Periods {
  years: number;
  of: (day: number) => number;
  start: (y: number) => number;
  end: (y: number) => number;
}

function periodsOf(from: number, to: number, length: number, shortest: number): Periods {
  const years = Math.max(1, Math.floor((to - from + 1 - shortest) / length) + 1);
  return {
    years,
    of: (day) => Math.max(0, Math.min(years - 1, Math.floor((day - from) / length))),
    start: (y) => from + Math.round(y * length),
    end: (y) => (y === years - 1 ? to : from + Math.round((y + 1) * length) - 1),
  };
}
