// Assessments rules.
import { before, censusPeriod, cinDay, factorList, failuresAt, isNa, minusEnglandWorkingDays, within } from '../cin.js';
import { cinRule } from './rule.js';

export const ASSESSMENT_RULES = [
  cinRule({
    code: '8608',
    message: 'Assessment Start Date cannot be later than its End Date',
    check: (data) => failuresAt('8608', 'Assessments', data.tables.Assessments.flatMap((row, i) => (before(cinDay(row.AssessmentAuthorisationDate), cinDay(row.AssessmentActualStartDate)) ? [i] : []))),
  }),
  // (the validator groups its failures by a key that holds the factor list and raises whenever one
  // fails; this port reports what the rule states)
  cinRule({
    code: '8614',
    message: 'Parental or child factors at assessment should only be present for a completed assessment.',
    check: (data) => failuresAt('8614', 'Assessments', data.tables.Assessments.flatMap((row, i) => (cinDay(row.AssessmentAuthorisationDate) === null && factorList(row) !== null ? [i] : []))),
  }),
  // (the validator compares the factor list with '8A' and so never fires; this port looks in the list)
  cinRule({
    code: '8617',
    message: 'Code 8A has been returned. This code is not a valid code.',
    check: (data) => failuresAt('8617', 'Assessments', data.tables.Assessments.flatMap((row, i) => (factorList(row)?.includes('8A') ? [i] : []))),
  }),
  cinRule({
    code: '8670Q',
    message: 'Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.',
    check(data) {
      const period = censusPeriod(data);
      if (!period) return [];
      const limit = minusEnglandWorkingDays(period.end, 45);
      return failuresAt('8670Q', 'Assessments', data.tables.Assessments.flatMap((row, i) => (cinDay(row.AssessmentAuthorisationDate) === null && before(cinDay(row.AssessmentActualStartDate), limit) ? [i] : [])));
    },
  }),
  cinRule({
    code: '8696',
    message: 'Assessment end date must fall within the census year',
    check(data) {
      const period = censusPeriod(data);
      if (!period) return [];
      return failuresAt('8696', 'Assessments', data.tables.Assessments.flatMap((row, i) => {
        const end = cinDay(row.AssessmentAuthorisationDate);
        return end !== null && !within(end, period.start, period.end) ? [i] : [];
      }));
    },
  }),
  cinRule({
    code: '8736',
    message: 'For an Assessment that has not been completed, the start date must fall within the census year',
    check(data) {
      const period = censusPeriod(data);
      return failuresAt('8736', 'Assessments', data.tables.Assessments.flatMap((row, i) => {
        if (isNa(row.CINdetailsID) || cinDay(row.AssessmentAuthorisationDate) !== null) return [];
        return period && within(cinDay(row.AssessmentActualStartDate), period.start, period.end) ? [] : [i];
      }));
    },
  }),
];
