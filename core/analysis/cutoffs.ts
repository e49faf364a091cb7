// Where the data's edges cut a figure short. A rate that looks back (re-referral within 12 months) is
// too low in a window that starts less than its look-back after the data's first date, because the
// earlier referrals are not in the data; one that waits for something to happen (an ICPC after a
// section 47 enquiry) is too low in a window that ends less than its follow-up before the data's last
// date. Such a figure is marked incomplete wherever it is shown, and left out of every trend test.
import { addMonths } from '../dates.js';
import { longDate } from './date-text.js';
import type { MetricsWindow, RateKey } from '../metrics.js';
import { cohortInWords, narrowingDimensions, type CohortDimension, type CohortFilter } from './cohort.js';
import type { WorkingDayCalendar } from '../working-days.js';

export interface Reach {
  /** calendar months (added with addMonths) or working days */
  months?: number;
  workingDays?: number;
  days?: number;
}

export interface Horizon {
  lookBack?: Reach;
  followUp?: Reach;
}

export type MedianKey = 'assessment_days_median' | 's47_to_icpc_wd_median' | 'cp_plan_days_median' | 'cla_days_median';
export type MeasureKey = RateKey | MedianKey | 'referrals_per_week';

/**
 * The look-back or follow-up each measure needs (metrics.md definitions). Where metrics.md sets no
 * limit the horizon is the practical one stated: an ICPC or an assessment almost always comes within
 * 45 working days of what leads to it; almost every assessment ends within 6 months of its start;
 * most second plans follow an earlier plan within two years.
 */
export const HORIZONS: Readonly<Record<MeasureKey, Horizon>> = {
  contact_to_referral: { followUp: { days: 7 } },
  referral_nfa: {},
  rereferral_12m: { lookBack: { months: 12 } },
  prior_referral_36m: { lookBack: { months: 36 } },
  referral_to_assessment: { followUp: { workingDays: 45 } },
  // An assessment ending in the window is paired with its start; one that started before the data is
  // lost, and those are the long ones, so the look-back is the longest assessments, not 45 days.
  assessment_within_45_wd: { lookBack: { months: 6 } },
  s47_to_icpc: { followUp: { workingDays: 45 } },
  icpc_to_cp_plan: { followUp: { days: 7 } },
  cp_plan_second_or_subsequent: { lookBack: { months: 24 } },
  assessment_days_median: { lookBack: { months: 6 } },
  s47_to_icpc_wd_median: { followUp: { workingDays: 45 } },
  cp_plan_days_median: { lookBack: { months: 24 } },
  cla_days_median: { lookBack: { months: 24 } },
  referrals_per_week: {},
};

export interface DataSpan {
  /** first and last day the data covers */
  first: number;
  last: number;
}

export interface Completeness {
  complete: boolean;
  /** the window itself runs outside the data */
  outsideData: boolean;
  lookBackShort: boolean;
  followUpShort: boolean;
  /** one plain sentence, or null when complete */
  note: string | null;
}

export function reachText(reach: Reach): string {
  if (reach.months !== undefined) return `${reach.months} months`;
  if (reach.workingDays !== undefined) return `${reach.workingDays} working days`;
  return `${reach.days ?? 0} days`;
}

/** The first day whose look-back of `reach` stays inside data starting on `first`. */
export function firstCompleteDay(reach: Reach, first: number, calendar: WorkingDayCalendar): number {
  if (reach.months !== undefined) {
    // The smallest d with addMonths(d, −months) ≥ first.
    let d = addMonths(first, reach.months);
    while (addMonths(d - 1, -reach.months) >= first) d--;
    while (addMonths(d, -reach.months) < first) d++;
    return d;
  }
  if (reach.workingDays !== undefined) {
    let d = first;
    while (calendar.between(first, d) < reach.workingDays) d++;
    return d;
  }
  return first + (reach.days ?? 0);
}

/** The last day whose follow-up of `reach` stays inside data ending on `last`. */
export function lastCompleteDay(reach: Reach, last: number, calendar: WorkingDayCalendar): number {
  if (reach.months !== undefined) {
    let d = addMonths(last, -reach.months);
    while (addMonths(d + 1, reach.months) <= last) d++;
    while (addMonths(d, reach.months) > last) d--;
    return d;
  }
  if (reach.workingDays !== undefined) {
    let d = last;
    while (calendar.between(d, last) < reach.workingDays) d--;
    return d;
  }
  return last - (reach.days ?? 0);
}

/** The days a measure can be counted on without either edge cutting it short: [from, to]. */
export function completeRange(measure: MeasureKey, span: DataSpan, calendar: WorkingDayCalendar): MetricsWindow {
  const h = HORIZONS[measure];
  return {
    from: h.lookBack ? firstCompleteDay(h.lookBack, span.first, calendar) : span.first,
    to: h.followUp ? lastCompleteDay(h.followUp, span.last, calendar) : span.last,
  };
}

/** Whether a window runs outside the data (a figure over it misses what happened outside): the rule every figure's note follows. */
export function outsideData(window: MetricsWindow, span: DataSpan): boolean {
  return window.from < span.first || window.to > span.last;
}

/** The note of a figure over a window running outside the data, or null. */
export function outsideDataNote(window: MetricsWindow, span: DataSpan): string | null {
  return outsideData(window, span) ? `Incomplete: the window runs outside the data (${longDate(span.first)} to ${longDate(span.last)}).` : null;
}

/** Whether a measure over `window` is cut short by the data's edges, and a sentence saying how. */
export function completeness(measure: MeasureKey, window: MetricsWindow, span: DataSpan, calendar: WorkingDayCalendar): Completeness {
  const h = HORIZONS[measure];
  const range = completeRange(measure, span, calendar);
  const outside = outsideData(window, span);
  const lookBackShort = h.lookBack !== undefined && window.from < range.from;
  const followUpShort = h.followUp !== undefined && window.to > range.to;
  const notes: string[] = [];
  if (outside) notes.push(`the window runs outside the data (${longDate(span.first)} to ${longDate(span.last)})`);
  if (lookBackShort) notes.push(`its look-back of ${reachText(h.lookBack!)} reaches before the data's first date, ${longDate(span.first)}`);
  if (followUpShort) notes.push(`its follow-up of ${reachText(h.followUp!)} runs past the data's last date, ${longDate(span.last)}`);
  const complete = !outside && !lookBackShort && !followUpShort;
  return { complete, outsideData: outside, lookBackShort, followUpShort, note: complete ? null : `Incomplete: ${notes.join('; ')}.` };
}

/** The longest look-back of any rate (prior referrals within 36 months): data reaching back less than it before a window cut its "ever" figures. */
export const EVER_LOOK_BACK_MONTHS = 36;

/**
 * A figure that looks back to any earlier referral (the number of previous referrals, "no previous referral",
 * "first seen"): every such look-back stops at the data's first date, so where the data start less than
 * EVER_LOOK_BACK_MONTHS before `from` it says so (audit a9k: April 2023 to March 2024 read 995 referrals with a
 * previous one on a log starting in April 2022, and 279 on the same log cut to start in April 2023, neither marked).
 */
export function everLookBackNote(from: number, first: number, what = 'referrals before then are not counted as previous ones'): string | null {
  if (addMonths(from, -EVER_LOOK_BACK_MONTHS) >= first) return null;
  return `Incomplete: the data start on ${longDate(first)}, less than ${EVER_LOOK_BACK_MONTHS} months before ${longDate(from)}, so ${what}.`;
}

/**
 * The note of a figure counted for a cohort that picks children by their previous referrals (`prev`, cohort.ts)
 * over a window from `from` (a figure on one date: that date), or split into groups by them (`by` = 'prev': the
 * time-in-care view's "0 / 1 / 2 / 3+ previous referrals"; the map's dots coloured by them, `groups` naming
 * them so): those referrals are counted from the data's first date only, so "no earlier referral" holds children
 * referred before the data. The rule is everLookBackNote's; null for no cohort, or one that does not narrow `prev`
 * (every value of it ticked holds everyone), and no split by `prev`.
 */
export function cohortLookBackNote(filter: CohortFilter | undefined, from: number, first: number, by: CohortDimension | null = null, groups = 'the groups by previous referrals'): string | null {
  const cut = [
    ...(filter && narrowingDimensions(filter).includes('prev') ? [`in the cohort '${cohortInWords(filter)}'`] : []),
    ...(by === 'prev' ? [`in ${groups}`] : []),
  ];
  return cut.length ? everLookBackNote(from, first, `referrals before then are not counted as previous ones ${cut.join(' or ')}`) : null;
}
