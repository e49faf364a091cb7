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
