// The one disclosure-control policy for everything a viewer sees (JSON, on-screen tables, hover values,
// CSV), unless the server allows this request exact numbers (`request.exactCounts`):
//   - a count of 1 to 4 is shown as [c] (the GOV.UK symbol for "confidential");
//   - every other count is rounded to the nearest 5 (0 stays 0);
//   - a rate, interval, median or verdict built on a [c] count is [c] too;
//   - cells that say which row is which (a station, a step, a date, a number of days) are never touched.
// Rounding is what stops a [c] coming back from the totals and neighbouring rows: every published count
// is a multiple of 5, so adding and subtracting published counts (a total less its other parts, one
// number at risk less the next and those censored) always gives a multiple of 5, never 1 to 4.
// Rounding alone is not enough where a [c] sits in a sum beside small counts (at risk 10, so 8–12, ended
// [c], at risk next [c]: ended is at least 4): secondary.ts suppresses a neighbour there too.
// Every other published figure comes from published numbers only (disclose.ts, publishDerived): a rate
// k/n is worked out again from the rounded k and n and given to 0.1 of a percentage point, Wilson and
// Newcombe limits from the rounded counts too (recompute.ts; a life table's survival is given coarsely
// from the exact counts instead, survival.ts), a headline
// count is the rounded count, p-values keep one significant figure and other numbers three, so that no
// exact count can be solved back from a rate with many digits.
// A rate is shown only where its published denominator is at least RATE_MIN_DENOMINATOR (40): rounding
// both counts to 5 moves a rate by up to 4/(n−2), so 9 of 12 (75%) read 10 of 10, "100%". Worked out
// for every published n and every exact k ≤ n that rounds to what is shown, the worst error is 37.5
// points at n = 10, 19.4 at 20, 13.1 at 30, 9.9 at 40 and 7.9 at 50; from 40 up it is within
// ±RATE_MAX_ERROR (10 percentage points). Below 40 the rate is [c], "too few to give a rate".

export const SUPPRESSED = '[c]';
export const SMALL_MIN = 1;
export const SMALL_MAX = 4;
export const ROUNDING_BASE = 5;
/** The smallest published denominator a viewer's rate is shown for (see above). */
export const RATE_MIN_DENOMINATOR = 40;
/** The most, as a share, that rounding both counts to 5 can move a rate shown to a viewer. */
export const RATE_MAX_ERROR = 0.1;

/** True when a published denominator (a multiple of 5, or [c]) is too small for a viewer's rate. */
export function tooFewForRate(shownN: unknown): boolean {
  return shownN === SUPPRESSED || (typeof shownN === 'number' && shownN > 0 && shownN < RATE_MIN_DENOMINATOR);
}

export function isSmallCount(value: unknown): value is number {
  return typeof value === 'number' && value >= SMALL_MIN && value <= SMALL_MAX;
}

/** A count as a viewer without exact numbers sees it. */
export function publishCount(value: number): number | typeof SUPPRESSED {
  if (isSmallCount(value)) return SUPPRESSED;
  return Math.round(value / ROUNDING_BASE) * ROUNDING_BASE;
}

/**
 * Whose counts a viewer's answer holds. Everyone's: [c] for 1 to 4, others to the nearest 5. A cohort's
 * (any answer asked with a cohort filter): every count under COHORT_MIN (10), 0 included, is [c], and the
 * rest go to the nearest 5. A [c] of everyone's says "1 to 4" exactly; beside it the cohorts of a
 * dimension were pinned (review v9d finding 2: everyone 10, so 8–12; boys [c], girls [c], unknown 0: boys
 * = girls = 4). Rounding the cohorts' small counts to 0 or 5 instead still pinned them (everyone [c],
 * boys 0, girls 0, unknown 0, not-boys 5, not-girls 5 gives 1, 1, 2 and everyone 4). A cohort's [c]
 * standing for anything from 0 to 9 leaves every such sum with many solutions.
 */
export type CountPolicy = 'everyone' | 'cohort';

/** In a cohort's answer for a viewer, counts below this (0 included) are [c]. */
export const COHORT_MIN = 10;

/** The policy for a viewer's answer, from the cohort it was asked for (none, or the empty filter: everyone). */
export function countPolicyOf(cohortKey: string | null | undefined): CountPolicy {
  return cohortKey ? 'cohort' : 'everyone';
}

/** A count as a viewer sees it under `policy`. */
export function publishCountAs(value: number, policy: CountPolicy): number | typeof SUPPRESSED {
  // at COHORT_MIN and above publishCount only rounds
  return policy === 'cohort' && value < COHORT_MIN ? SUPPRESSED : publishCount(value);
}

/** What the rest of every note says: rounding, and rates out of too few. */
const ROUNDING_NOTE =
  'Other counts are rounded to the nearest 5, so totals may not add up exactly; rates and intervals are worked out from the rounded counts, rates to 0.1 of a percentage point; a share still in care or on a plan from the exact stays, to the nearest 5 points, where at least 40 are followed. A rate out of fewer than 40 is [c] too: too few to give a rate (rounding could move it by more than 10 points).';

/** The sentence every page shows beside its figures. */
export const POLICY_NOTE = `[c] = a count of 1 to 4, or a figure built on one, suppressed; a few larger counts are [c] too, where a total would otherwise give a [c] away. ${ROUNDING_NOTE}`;

/** What POLICY_NOTE's first sentence says instead in an answer for a cohort (CountPolicy 'cohort'). */
export const COHORT_NOTE =
  'This answer is for a cohort (anything but everyone), so [c] = a count under 10, 0 included, or a figure built on one, suppressed, so that no count can be worked out from everyone\'s figures and other cohorts\'; steps and links with a [c] are not listed.';

/**
 * The note of an answer under `policy`. A cohort's says what its [c] stands for in place of POLICY_NOTE's "1 to 4",
 * which misdescribed a cohort's [c] where everyone's figure is an exact 0 (audit a9m F4).
 */
export function policyNoteOf(policy: CountPolicy): string {
  return policy === 'cohort' ? `${COHORT_NOTE} ${ROUNDING_NOTE}` : POLICY_NOTE;
}

/** Said beside POLICY_NOTE where weekly counts are rounded together with their four-week blocks (impact). */
export const RUNNING_NOTE =
  'Weekly counts and four-week blocks: not [c] but rounded together, each week the change in the running total rounded to 5, so that the weeks add up to their block exactly and no week can be worked out from its block; a week is within 4 of the true count, and a rate out of fewer than 40 is [c].';

/** Said beside POLICY_NOTE where a view's linked counts are rounded together (controlled.ts). */
export const CONTROLLED_NOTE =
  'Time in care: the counts of the life table, of the groups and of the headlines for the same starts are not [c] but rounded together to multiples of 5 (a count of 1 to 4 may read 0 or 5), so that every total still adds up and none can be worked back from the others; each is within 4 of the true count for everyone, within 9 for a group.';

/** What a count column rounded together says in its label (and so in the CSV header). */
export const CONTROLLED_LABEL = ' (rounded together to 5)';

/**
 * A share k/n as a viewer sees it: worked out again from the published k and n, to 0.1 of a percentage
 * point, so that it holds no more than the rounded counts do (58/60 given as 0.9667 says 2 did not
 * convert; 60/60 from the rounded counts says nothing). [c] when either count is 1 to 4, or when the
 * published n is below RATE_MIN_DENOMINATOR (too few to give a rate); null when the published n is 0.
 */
export function publishShare(k: number, n: number): number | typeof SUPPRESSED | null {
  const shownK = publishCount(k);
  const shownN = publishCount(n);
  if (shownK === SUPPRESSED || shownN === SUPPRESSED || tooFewForRate(shownN)) return SUPPRESSED;
  return shownN === 0 ? null : roundTo(shownK / shownN, 3);
}

/** x to `decimals` decimal places. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
