// A viewer's copy of a figure built on counts, worked out again from the published counts (rounded to
// 5, [c] for 1–4) rather than the exact ones: a Wilson limit given to 3 decimals from the exact counts
// pins them down (the review of issue 9 rebuilt exact counts from exactly these), one from the published
// counts tells nothing they do not. A life table's survival is not worked out here: down many rows the
// rounding added up to 9 points of error (0.333 against 0.419); see survival.ts.
import { proportionDifference } from '../analysis/difference.js';
import type { Cell, Recompute } from '../analysis/view-table.js';
import { wilsonInterval } from '../analysis/wilson.js';
import { roundTo } from './policy.js';

/** Wilson and Newcombe from published counts: [c] or null leaves the figure null (the caller has already put [c]). */
export function recomputeRow(how: Recompute, basis: readonly Cell[]): Cell {
  const counts = basis.map((c) => (typeof c === 'number' ? c : null));
  if (counts.some((c) => c === null)) return null;
  const [a, b, c, d] = counts as number[];
  switch (how) {
    case 'wilson_lower':
    case 'wilson_upper': {
      const ci = wilsonInterval(a!, b!);
      return ci ? roundTo(how === 'wilson_lower' ? ci.lower : ci.upper, 3) : null;
    }
    case 'difference':
    case 'newcombe_lower':
    case 'newcombe_upper':
    case 'newcombe_excludes_zero': {
      const diff = proportionDifference(a!, b!, c!, d!);
      if (!diff) return null;
      if (how === 'newcombe_excludes_zero') return diff.excludesZero ? 'yes' : 'no';
      return roundTo(how === 'difference' ? diff.estimate : how === 'newcombe_lower' ? diff.lower : diff.upper, 3);
    }
  }
}
