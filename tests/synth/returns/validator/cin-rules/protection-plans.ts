// ChildProtectionPlans rules.
import { before, censusPeriod, cinDay, failuresAt, groupRows, joined, pairFailures, sameDay } from '../cin.js';
import type { Row } from '../rule.js';
import { cinRule } from './rule.js';
import { afterDeath, outsideCensusPeriod, startsWhileRunning } from './shapes.js';

/** A plan's key: the validator's merge of plans and reviews on LAchildID, CINdetailsID and CPPID. */
export const planKey = (row: Row): string => `${row.LAchildID}\u0000${row.CINdetailsID}\u0000${row.CPPID}`;

const ABUSE_CATEGORIES = new Set(['NEG', 'PHY', 'SAB', 'EMO', 'MUL']);

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
  cinRule({
    code: '8905',
    message: 'Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    check: (data) => failuresAt('8905', 'ChildProtectionPlans', data.tables.ChildProtectionPlans.flatMap((row, i) => (ABUSE_CATEGORIES.has(row.InitialCategoryOfAbuse ?? '') ? [] : [i]))),
  }),
  cinRule({
    code: '8910',
    message: 'Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)',
    check: (data) => failuresAt('8910', 'ChildProtectionPlans', data.tables.ChildProtectionPlans.flatMap((row, i) => (ABUSE_CATEGORIES.has(row.LatestCategoryOfAbuse ?? '') ? [] : [i]))),
  }),
  cinRule({
    code: '8915',
    message: 'Child Protection Plan shown as starting after the child’s Date of Death',
    check: (data) => afterDeath(data, '8915', 'ChildProtectionPlans', 'CPPstartDate'),
  }),
  cinRule({
    code: '8920',
    message: 'Child Protection Plan cannot end after the child’s Date of Death',
    check: (data) => afterDeath(data, '8920', 'ChildProtectionPlans', 'CPPendDate'),
  }),
  cinRule({
    code: '8925',
    message: 'Child Protection Plan End Date earlier than Start Date',
    check: (data) => failuresAt('8925', 'ChildProtectionPlans', data.tables.ChildProtectionPlans.flatMap((row, i) => (before(cinDay(row.CPPendDate), cinDay(row.CPPstartDate)) ? [i] : []))),
  }),
  cinRule({
    code: '8930',
    message: 'Child Protection Plan End Date must fall within the census year',
    check: (data) => outsideCensusPeriod(data, '8930', 'ChildProtectionPlans', 'CPPendDate'),
  }),
  cinRule({
    code: '8935',
    message: 'This child is showing more than one open Child Protection plan, i.e. with no End Date',
    check(data) {
      // grouped on LAchildID and CPPID, as the validator does (CPPID restarts at 1 in each episode):
      // every plan of a group with two or more open plans
      const plans = data.tables.ChildProtectionPlans;
      const bad = [...groupRows(plans, (row) => `${row.LAchildID}\u0000${row.CPPID}`).values()].filter((group) => group.filter((i) => cinDay(plans[i]!.CPPendDate) === null).length > 1).flat();
      return failuresAt('8935', 'ChildProtectionPlans', bad);
    },
  }),
  cinRule({
    code: '8940',
    message: 'Child Protection Plan data contains overlapping dates',
    check(data) {
      // Two plans of a child with different CPPIDs (the validator's test: plans of different episodes
      // that share a CPPID are never compared): one cannot start on or after the other's start and on or
      // before its end, or the reference date while it is open. Touching plans fail.
      const ref = censusPeriod(data)?.end ?? null;
      const plans = data.tables.ChildProtectionPlans;
      return failuresAt('8940', 'ChildProtectionPlans', startsWhileRunning(plans, {
        group: (row) => row.LAchildID ?? '',
        start: (row) => cinDay(row.CPPstartDate),
        runs: (row) => ({ day: cinDay(row.CPPendDate) ?? ref, inclusive: true }),
        skip: (a, b) => plans[a]!.CPPID === plans[b]!.CPPID,
      }));
    },
  }),
];
