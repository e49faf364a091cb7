// CIN plan dates rules.
import { before, censusPeriod, cinDay, episodeKey, failuresAt, groupRows, joined, pairFailures, sameDay } from '../cin.js';
import type { CinReturn, CinTable } from '../cin.js';
import type { Failure } from '../rule.js';
import { cinRule } from './rule.js';
import { afterDeath, outsideCensusPeriod, startsWhileRunning } from './shapes.js';

/**
 * Rows of `table` whose `startColumn` falls on or after the start of a row of `other` for the same child
 * (any episode) and before its end, or on or before the reference date while it has no end.
 */
function startsInsideOther(data: CinReturn, code: string, table: CinTable, startColumn: string, other: CinTable, otherStart: string, otherEnd: string): Failure[] {
  const ref = censusPeriod(data)?.end ?? null;
  const rows = data.tables[table];
  const others = data.tables[other];
  const pairs = [...joined(rows, others, (row) => row.LAchildID ?? '')].filter(([i, j]) => {
    const start = cinDay(rows[i]![startColumn]);
    const from = cinDay(others[j]![otherStart]);
    const to = cinDay(others[j]![otherEnd]);
    if (start === null || from === null || start < from) return false;
    return to !== null ? start < to : ref !== null && start <= ref;
  });
  return pairFailures(code, table, other, pairs);
}

const isTrue = (flag: string | undefined): boolean => flag === 'true' || flag === '1';

export const PLAN_RULES = [
  cinRule({
    code: '4000',
    message: 'CIN Plan details provided for a referral with no further action',
    check(data) {
      const { CINdetails, CINplanDates } = data.tables;
      const pairs = [...joined(CINplanDates, CINdetails, episodeKey)].filter(([, j]) => isTrue(CINdetails[j]!.ReferralNFA));
      return pairFailures('4000', 'CINplanDates', 'CINdetails', pairs);
    },
  }),
  cinRule({
    code: '4001',
    message: 'A CIN Plan cannot run concurrently with a Child Protection Plan',
    check(data) {
      // an open CP plan and an open CIN plan (started, not ended) in the same episode
      const { ChildProtectionPlans: cpp, CINplanDates: plans } = data.tables;
      const pairs = [...joined(cpp, plans, episodeKey)].filter(([i, j]) => cinDay(cpp[i]!.CPPendDate) === null && cinDay(plans[j]!.CINPlanStartDate) !== null && cinDay(plans[j]!.CINPlanEndDate) === null);
      return pairFailures('4001', 'ChildProtectionPlans', 'CINplanDates', pairs);
    },
  }),
  cinRule({
    code: '4003',
    message: 'A CPP review date is shown as being held at the same time as an open CIN Plan.',
    check(data) {
      // The validator joins reviews to plans on LAchildID and CPPID only (CPPID restarts at 1 in each
      // episode) and CIN plans to them on LAchildID only, so a review meets every CIN plan of the child.
      const { ChildProtectionPlans: cpp, CINplanDates: plans, Reviews: reviews } = data.tables;
      const reviewsOf = groupRows(reviews, (row) => `${row.LAchildID}\u0000${row.CPPID}`);
      const plansOf = groupRows(plans, (row) => row.LAchildID ?? '');
      const bad = { cpp: [] as number[], plans: [] as number[], reviews: [] as number[] };
      cpp.forEach((plan, i) => {
        const end = cinDay(plan.CPPendDate);
        if (end === null) return;
        for (const r of reviewsOf.get(`${plan.LAchildID}\u0000${plan.CPPID}`) ?? []) {
          const review = cinDay(reviews[r]!.CPPreviewDate);
          if (sameDay(review, end)) continue;
          for (const p of plansOf.get(plan.LAchildID ?? '') ?? []) {
            const start = cinDay(plans[p]!.CINPlanStartDate);
            if (review !== null && start !== null && review >= start && before(review, cinDay(plans[p]!.CINPlanEndDate))) {
              bad.cpp.push(i);
              bad.plans.push(p);
              bad.reviews.push(r);
            }
          }
        }
      });
      return [...failuresAt('4003', 'ChildProtectionPlans', bad.cpp), ...failuresAt('4003', 'CINplanDates', bad.plans), ...failuresAt('4003', 'Reviews', bad.reviews)];
    },
  }),
  cinRule({
    code: '4004',
    message: 'This child is showing more than one open CIN Plan, i.e. with no End Date',
    check(data) {
      // every CIN plan of an episode that has more than one plan with no end date
      const plans = data.tables.CINplanDates;
      const rows = [...groupRows(plans, episodeKey).values()].filter((group) => group.filter((i) => cinDay(plans[i]!.CINPlanEndDate) === null).length > 1).flat();
      return failuresAt('4004', 'CINplanDates', rows);
    },
  }),
  cinRule({
    code: '4008',
    message: 'CIN Plan shown as starting after the child’s Date of Death.',
    check: (data) => afterDeath(data, '4008', 'CINplanDates', 'CINPlanStartDate'),
  }),
  cinRule({
    code: '4009Q',
    message: 'CIN Plan cannot end after the child’s Date of Death',
    check: (data) => afterDeath(data, '4009Q', 'CINplanDates', 'CINPlanEndDate'),
  }),
  cinRule({
    code: '4010',
    message: 'CIN Plan start date is missing or out of data collection period',
    check(data) {
      const end = censusPeriod(data)?.end ?? null;
      return failuresAt('4010', 'CINplanDates', data.tables.CINplanDates.flatMap((row, i) => {
        const start = cinDay(row.CINPlanStartDate);
        return start === null || before(end, start) ? [i] : [];
      }));
    },
  }),
  cinRule({
    code: '4013',
    message: 'CIN Plan end date must fall within the census year',
    check: (data) => outsideCensusPeriod(data, '4013', 'CINplanDates', 'CINPlanEndDate'),
  }),
  cinRule({
    code: '4014',
    message: 'CIN Plan data contains overlapping dates',
    check(data) {
      // Any two CIN plans of a child (in any episode): one cannot start on or after the other's start and
      // on or before its end (or the reference date while it is open). Plans that touch (one starting on
      // the day the other ends) fail too.
      const ref = censusPeriod(data)?.end ?? null;
      const plans = data.tables.CINplanDates;
      return failuresAt('4014', 'CINplanDates', startsWhileRunning(plans, {
        group: (row) => row.LAchildID ?? '',
        start: (row) => cinDay(row.CINPlanStartDate),
        runs: (row) => ({ day: cinDay(row.CINPlanEndDate) ?? ref, inclusive: true }),
        skip: (a, b) => a === b,
      }));
    },
  }),
  cinRule({
    code: '4015',
    message: 'The CIN Plan start date cannot be before the referral date',
    check(data) {
      const { CINplanDates: plans, CINdetails } = data.tables;
      const pairs = [...joined(plans, CINdetails, episodeKey)].filter(([i, j]) => before(cinDay(plans[i]!.CINPlanStartDate), cinDay(CINdetails[j]!.CINreferralDate)));
      return pairFailures('4015', 'CINplanDates', 'CINdetails', pairs);
    },
  }),
  cinRule({
    code: '4016',
    message: 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
    // a CIN plan cannot start while any CP plan of the child is open (on its end day is allowed)
    check: (data) => startsInsideOther(data, '4016', 'CINplanDates', 'CINPlanStartDate', 'ChildProtectionPlans', 'CPPstartDate', 'CPPendDate'),
  }),
  cinRule({
    code: '4017',
    message: 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
    // a CP plan cannot start while any CIN plan of the child is open (on its end day is allowed)
    check: (data) => startsInsideOther(data, '4017', 'ChildProtectionPlans', 'CPPstartDate', 'CINplanDates', 'CINPlanStartDate', 'CINPlanEndDate'),
  }),
  cinRule({
    code: '4011',
    message: 'CIN Plan End Date earlier than Start Date',
    check: (data) => failuresAt('4011', 'CINplanDates', data.tables.CINplanDates.flatMap((row, i) => (before(cinDay(row.CINPlanEndDate), cinDay(row.CINPlanStartDate)) ? [i] : []))),
  }),
  cinRule({
    code: '4012Q',
    message: 'Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day',
    check: (data) => failuresAt('4012Q', 'CINplanDates', data.tables.CINplanDates.flatMap((row, i) => (sameDay(cinDay(row.CINPlanStartDate), cinDay(row.CINPlanEndDate)) ? [i] : []))),
  }),
];

