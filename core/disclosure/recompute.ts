// A viewer's copy of a figure built on counts, worked out again from the published counts (rounded to
// 5, [c] for 1–4) rather than the exact ones: a Wilson limit or a survival given to 2 decimals from the
// exact counts pins them down (the review of issue 9 rebuilt exact counts from exactly these), one from
// the published counts tells nothing they do not. A [c] enters a running figure (a survival down a life
// table) as 2.5, the middle of 1–4; the figure on its own row is [c] with it (disclose.ts).
import { proportionDifference } from '../analysis/difference.js';
import type { Cell, Recompute } from '../analysis/view-table.js';
import { wilsonInterval } from '../analysis/wilson.js';
import { roundTo, SUPPRESSED } from './policy.js';

/** What a suppressed count stands for in a running figure. */
const SUPPRESSED_AS = 2.5;

const asCount = (cell: Cell | undefined): number | null => (cell === SUPPRESSED ? SUPPRESSED_AS : typeof cell === 'number' ? cell : null);

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
    default:
      throw new Error(`recomputeRow: ${how} runs down a table (use LifeTableRunner)`);
  }
}

/**
 * Kaplan–Meier survival and Greenwood's 95% limits down the published life table of each group, row by
 * row: S ← S × (1 − ended/at risk), V ← V + ended/(at risk × (at risk − ended)).
 */
export class LifeTableRunner {
  private readonly state = new Map<Cell, { survival: number; greenwood: number }>();

  /** Steps the group's curve over one row and returns the figure asked for. */
  step(group: Cell, atRisk: Cell, ended: Cell): { km_survival: number; km_lower: number; km_upper: number } | null {
    const n = asCount(atRisk);
    const d = asCount(ended);
    const s = this.state.get(group) ?? { survival: 1, greenwood: 0 };
    if (n !== null && d !== null && n > 0) {
      const dd = Math.min(d, n);
      s.survival *= 1 - dd / n;
      s.greenwood += n > dd ? dd / (n * (n - dd)) : 0;
    }
    this.state.set(group, s);
    if (n === null) return null;
    const se = s.survival * Math.sqrt(s.greenwood);
    return {
      km_survival: roundTo(s.survival, 3),
      km_lower: roundTo(Math.max(0, s.survival - 1.96 * se), 3),
      km_upper: roundTo(Math.min(1, s.survival + 1.96 * se), 3),
    };
  }
}
