// Dates of an episode's modules against its referral date (merged on LAchildID and CINdetailsID).
import { before, cinDay, episodeKey, joined, pairFailures, type CinTable } from '../cin.js';
import { cinRule } from './rule.js';

/** A rule: the `column` of `table` (where present) cannot be before the episode's referral date. */
function notBeforeReferral(code: string, message: string, table: CinTable, column: string) {
  return cinRule({
    code,
    message,
    check(data) {
      const rows = data.tables[table];
      const episodes = data.tables.CINdetails;
      const pairs = [...joined(rows, episodes, episodeKey)].filter(([i, j]) => before(cinDay(rows[i]![column]), cinDay(episodes[j]!.CINreferralDate)));
      return pairFailures(code, table, 'CINdetails', pairs);
    },
  });
}

export const EPISODE_DATE_RULES = [
  notBeforeReferral('1103', 'The assessment start date cannot be before the referral date', 'Assessments', 'AssessmentActualStartDate'),
  notBeforeReferral('1104', 'The date of the initial child protection conference cannot be before the referral date', 'Section47', 'DateOfInitialCPC'),
  notBeforeReferral('1105', 'The child protection plan start date cannot be before the referral date', 'ChildProtectionPlans', 'CPPstartDate'),
  notBeforeReferral('2889', 'The S47 start date cannot be before the referral date.', 'Section47', 'S47ActualStartDate'),
];
