// How old children are within their age band when first seen. The joint cells give the band only; drawn
// uniformly inside it, a copy of a log whose children are rarely first seen in the months before 18 put
// ten times as many first contacts there (log 1 of review v10b: 152 copy children first seen in the last
// 30 days before their 18th birthday, 34 in the log), and their journeys met the birthday half-way (an
// assessment under way on it 91 times, 29 in the log). The model keeps, per band, quantiles of the
// position within it (0 at its start, 1 at its end), at the 1st to 99th percentiles as durations do, so
// that no knot is one child's exact age.
import { AGE_BANDS } from '../core/children.js';
import type { Model } from './model.js';

/** Age in days at the start of each age band and one past its end. */
export const AGE_DAYS: Record<string, readonly [number, number]> = {
  under_1: [0, 365],
  '1_4': [365, 1826],
  '5_9': [1826, 3653],
  '10_15': [3653, 5844],
  '16_plus': [5844, 6574],
};

export const AGE_WITHIN_KNOTS = 11;

/**
 * Per age band of at least minCell children, quantiles of the position within the band at the first event
 * (`band[i]`: index into AGE_BANDS, 0 = unknown; `ageDays[i]`: age in days then). Smaller bands are listed
 * in `merged` and drawn uniformly.
 */
export function fitAgeWithin(band: readonly number[], ageDays: readonly number[], minCell: number, merged: Model['merged']): NonNullable<Model['children']['ageWithin']> {
  const byBand = new Map<string, number[]>();
  for (let i = 0; i < band.length; i++) {
    const name = AGE_BANDS[band[i]!]!;
    const span = AGE_DAYS[name];
    if (!span) continue;
    const p = Math.min(1, Math.max(0, (ageDays[i]! - span[0]) / (span[1] - span[0])));
    if (!byBand.has(name)) byBand.set(name, []);
    byBand.get(name)!.push(p);
  }
  const out: NonNullable<Model['children']['ageWithin']> = [];
  for (const [age, list] of byBand) {
    if (list.length < minCell) {
      merged.push({ cell: `age within ${age}`, into: 'uniform within the band' });
      continue;
    }
    // (a typed array's numeric sort: the same order as a comparator's, at a fraction of its cost; no position is NaN or -0)
    const positions = Float64Array.from(list).sort();
    const quantiles: number[] = [];
    for (let k = 0; k < AGE_WITHIN_KNOTS; k++) {
      const x = (0.01 + (0.98 * k) / (AGE_WITHIN_KNOTS - 1)) * (positions.length - 1);
      const lo = Math.floor(x);
      const hi = Math.min(positions.length - 1, lo + 1);
      quantiles.push(Math.round((positions[lo]! + (x - lo) * (positions[hi]! - positions[lo]!)) * 1e4) / 1e4);
    }
    out.push({ age: age as (typeof AGE_BANDS)[number], children: positions.length, quantiles });
  }
  return out;
}

/** The position within a band at probability u in [0, 1) (linear between knots, held at the end knots). */
export function positionAt(quantiles: readonly number[], u: number): number {
  const last = quantiles.length - 1;
  const pos = Math.min(last, Math.max(0, ((u - 0.01) / 0.98) * last));
  const k = Math.min(last - 1, Math.floor(pos));
  return quantiles[k]! + (pos - k) * (quantiles[k + 1]! - quantiles[k]!);
}
