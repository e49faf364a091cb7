// A Kaplan–Meier share still in (care, on a plan) and a median as a request sees them: the one function
// behind the life table, the groups table, the headlines, the chart and the CSV of time in care, so the
// same survival or median reads the same everywhere.
//
// For a viewer the share is worked out from the exact counts (the daily curve) and given to the nearest
// SURVIVAL_STEP (5 points, so within 2.5 points of the truth), and only where at least
// SURVIVAL_MIN_AT_RISK are still followed at the row's start in the published (rounded) counts; else [c],
// "too few to give a share". Worked out again from the published counts instead (recompute.ts until
// issue 9's vkm11 audit) it read 0.333 where the truth was 0.419 and disagreed with the groups table
// beside it. Why a coarse share from the exact counts does not give them back: down a row with n still
// followed, d ending and c still open, the curve falls by a factor r with 1 − r between d/n and d/(n − c);
// read from two shares each known to ±2.5 points, d is known only to about ±n × 0.05 / S, at least ±2 at
// n = 40 and growing with n, beside a published d that is itself within 4 (9 for a group) of the truth.
// tests/server/views/life-table-solve.test.ts adds these bounds to its solver and no count comes out as
// one value; given to 3 decimals where 10 are followed instead, 64 of a 500-child council's counts of
// time in care did.
import { roundTo, SUPPRESSED, RATE_MIN_DENOMINATOR } from './policy.js';
import type { Cell } from '../analysis/view-table.js';

/** A viewer's share still in is given to the nearest multiple of this. */
export const SURVIVAL_STEP = 0.05;
/** The fewest still followed at a row's start (as published) for a viewer's share at its end. */
export const SURVIVAL_MIN_AT_RISK = RATE_MIN_DENOMINATOR;
/** A viewer's median needs at least this many published endings (a median is one child's own length). */
export const MEDIAN_MIN_ENDED = 10;

export interface SurvivalFigures {
  survival: number | null;
  lower: number | null;
  upper: number | null;
}

export interface PublishedSurvival {
  survival: Cell;
  lower: Cell;
  upper: Cell;
}

const toStep = (v: number, how: (x: number) => number) => roundTo(how(roundTo(v / SURVIVAL_STEP, 9)) * SURVIVAL_STEP, 6);

/**
 * The share still in at a row's end and its 95% band, as a request sees them. Exact: to 4 decimals.
 * Viewer: from the same exact figures, the share to the nearest 5 points and the band widened to the
 * 5 points outside it; [c] where fewer than SURVIVAL_MIN_AT_RISK are published at risk at the row's
 * start (the published at risk, so that whether a share is given says nothing the counts do not).
 * `publishedAtRisk` is the count as the viewer sees it beside the share.
 */
export function publishSurvival(figures: SurvivalFigures | null, publishedAtRisk: Cell, exact: boolean): PublishedSurvival {
  if (exact) {
    if (!figures || figures.survival === null) return { survival: null, lower: null, upper: null };
    const r = (v: number | null) => (v === null ? null : roundTo(v, 4));
    return { survival: r(figures.survival), lower: r(figures.lower), upper: r(figures.upper) };
  }
  // decided on the published counts alone: no one published at risk, nothing to say; too few, [c] (the
  // curve cut inside a row, where the exact count falls below KM_MIN_AT_RISK, reads [c] as well)
  if (publishedAtRisk === 0 || publishedAtRisk === null) return { survival: null, lower: null, upper: null };
  if (typeof publishedAtRisk !== 'number' || publishedAtRisk < SURVIVAL_MIN_AT_RISK || !figures || figures.survival === null) return { survival: SUPPRESSED, lower: SUPPRESSED, upper: SUPPRESSED };
  const { survival, lower, upper } = figures;
  return {
    survival: toStep(survival, Math.round),
    lower: lower === null ? null : toStep(lower, Math.floor),
    upper: upper === null ? null : toStep(upper, Math.ceil),
  };
}

/**
 * A Kaplan–Meier median (days) as a request sees it: exact as it is; for a viewer [c] when fewer than
 * MEDIAN_MIN_ENDED endings are published (it is then one of a few children's own length), else to 3
 * significant figures.
 */
export function publishMedian(median: number | null, publishedEnded: Cell, exact: boolean): Cell {
  if (exact || median === null) return median;
  if (typeof publishedEnded !== 'number' || publishedEnded < MEDIAN_MIN_ENDED) return SUPPRESSED;
  const magnitude = Math.floor(Math.log10(Math.abs(median || 1)));
  return roundTo(median, Math.max(0, 2 - magnitude));
}
