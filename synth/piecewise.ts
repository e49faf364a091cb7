// Values given at the midpoints of consecutive periods, read on any day: the outcome trends' factors
// (outcome-trends.ts) and the return clock's speed (return-trend.ts) change between periods this way.

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
export function yearPeriods(from: number, to: number): { years: number; of: (day: number) => number; start: (y: number) => number; end: (y: number) => number } {
  const YEAR = 365.25;
  const years = Math.max(1, Math.floor((to - from + 1 - 120) / YEAR) + 1);
  return {
    years,
    of: (day) => Math.max(0, Math.min(years - 1, Math.floor((day - from) / YEAR))),
    start: (y) => from + Math.round(y * YEAR),
    end: (y) => (y === years - 1 ? to : from + Math.round((y + 1) * YEAR) - 1),
  };
}
