// ChildProtectionPlans rules.
import { before, censusPeriod, cinDay, failuresAt, joined, pairFailures, sameDay } from '../cin.js';
import type { Row } from '../rule.js';
import { cinRule } from './rule.js';

/** A plan's key: the validator's merge of plans and reviews on LAchildID, CINdetailsID and CPPID. */
export const planKey = (row: Row): string => `${row.LAchildID}\u0000${row.CINdetailsID}\u0000${row.CPPID}`;

export const PROTECTION_PLAN_RULES = [
  cinRule({
    code: '8720',
    message: 'Child Protection Plan Start Date missing or out of data collection period',
    check(data) {
      const ref = censusPeriod(data)?.end ?? null;
      return failuresAt('8720', 'ChildProtectionPlans', data.tables.ChildProtectionPlans.flatMap((row, i) => {
        const start = cinDay(row.CPPstartDate);
        return start === null || before(ref, start) ? [i] : [];
      }));
    },
  }),
  cinRule({
    code: '8730',
    message: 'Total Number of previous Child Protection Plans missing',
    // missing or negative (text that is no whole number fails too: the validator raises on it)
    check: (data) => failuresAt('8730', 'ChildProtectionPlans', data.tables.ChildProtectionPlans.flatMap((row, i) => (/^\s*\+?\d+\s*$/.test(row.NumberOfPreviousCPP ?? '') ? [] : [i]))),
  }),
  cinRule({
    code: '8840',
    message: 'Child Protection Plan cannot start and end on the same day',
    check: (data) => failuresAt('8840', 'ChildProtectionPlans', data.tables.ChildProtectionPlans.flatMap((row, i) => (sameDay(cinDay(row.CPPstartDate), cinDay(row.CPPendDate)) ? [i] : []))),
  }),
  cinRule({
    code: '8841',
    message: 'The review date cannot be on the same day or before the Child protection Plan start date.',
    check(data) {
      const { ChildProtectionPlans: plans, Reviews: reviews } = data.tables;
      const pairs = [...joined(plans, reviews, planKey)].filter(([i, j]) => {
        const review = cinDay(reviews[j]!.CPPreviewDate);
        const start = cinDay(plans[i]!.CPPstartDate);
        return review !== null && start !== null && review <= start;
      });
      return pairFailures('8841', 'ChildProtectionPlans', 'Reviews', pairs);
    },
  }),
  cinRule({
    code: '8842Q',
    message: 'Please check and either amend or provide a reason: Review Record has a missing date',
    check: (data) => failuresAt('8842Q', 'Reviews', data.tables.Reviews.flatMap((row, i) => (cinDay(row.CPPreviewDate) === null ? [i] : []))),
  }),
];
