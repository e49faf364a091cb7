// One decision across every measure on a page: Holm's step-down procedure (Holm 1979) keeps the chance
// of calling ANY unchanged measure "changed" at or below alpha, however many measures are tested.
//
// The interval drawn for each measure is at the level Holm used to decide it, so an interval never
// contradicts the decision: a measure found changed at rank i was tested at alpha/(m − i + 1), and its
// interval at that level excludes no change; the procedure stopped at rank k, and every measure from
// there on has p ≥ alpha/(m − k + 1), so its interval at that level includes no change.

export interface HolmDecision {
  /** Holm-adjusted p-values (null where no test was made) */
  adjusted: Array<number | null>;
  rejected: boolean[];
  /** the two-sided significance level of each measure's interval (null where no test was made) */
  intervalAlpha: Array<number | null>;
  /** tests made */
  m: number;
}

export function holm(pValues: ReadonlyArray<number | null>, alpha = 0.05): HolmDecision {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((x): x is { p: number; i: number } => x.p !== null)
    .sort((a, b) => a.p - b.p || a.i - b.i);
  const m = order.length;
  const adjusted: Array<number | null> = pValues.map(() => null);
  const rejected = pValues.map(() => false);
  const intervalAlpha: Array<number | null> = pValues.map(() => null);
  let running = 0;
  let stopped = false;
  let stopAlpha = alpha;
  order.forEach(({ p, i }, rank) => {
    const threshold = alpha / (m - rank);
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
    if (!stopped && p < threshold) {
      rejected[i] = true;
      intervalAlpha[i] = threshold;
    } else {
      if (!stopped) stopAlpha = threshold;
      stopped = true;
      intervalAlpha[i] = stopAlpha;
    }
  });
  return { adjusted, rejected, intervalAlpha, m };
}
