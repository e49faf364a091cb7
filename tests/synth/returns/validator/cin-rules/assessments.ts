// Assessments rules.
import { before, censusPeriod, cinDay, episodeKey, factorList, failuresAt, groupRows, isNa, minusEnglandWorkingDays, within } from '../cin.js';
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
  cinRule({
    code: '8863Q',
    message: 'An Assessment is shown as starting when there is another Assessment ongoing.',
    check(data) {
      // within an episode, no assessment starts on or after another's start and on or before its
      // authorisation (or the reference date while it is not authorised); identical assessments aside
      const ref = censusPeriod(data)?.end ?? null;
      const rows = data.tables.Assessments;
      const bad: number[] = [];
      for (const group of groupRows(rows, episodeKey).values()) {
        for (const a of group) {
          const start = cinDay(rows[a]!.AssessmentActualStartDate);
          if (start === null) continue;
          for (const b of group) {
            const otherStart = cinDay(rows[b]!.AssessmentActualStartDate);
            const otherEnd = cinDay(rows[b]!.AssessmentAuthorisationDate);
            if (otherStart === null || start < otherStart) continue;
            if (otherStart === start && otherEnd === cinDay(rows[a]!.AssessmentAuthorisationDate)) continue; // itself or a duplicate
            if (otherEnd !== null ? start <= otherEnd : ref !== null && start <= ref) bad.push(a, b);
          }
        }
      }
      return failuresAt('8863Q', 'Assessments', bad);
    },
  }),
  // (the validator compares the factor list's text with '21' and so never fires; this port checks that
  // an assessment listing 21, or another of the episode authorised the same day, lists no other factor)
  cinRule({
    code: '8869',
    message: 'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.',
    check(data) {
      const rows = data.tables.Assessments;
      const groups = groupRows(rows, (row) => `${episodeKey(row)}\u0000${cinDay(row.AssessmentAuthorisationDate)}`);
      const bad = [...groups.values()]
        .filter((group) => group.some((i) => factorList(rows[i]!)?.includes('21')))
        .flatMap((group) => group.filter((i) => (factorList(rows[i]!) ?? []).some((factor) => factor !== '21')));
      return failuresAt('8869', 'Assessments', bad);
    },
  }),
  // (the validator reads only the text under a single-factor list — "21" matches any factor containing 21 —
  // and also takes "2B"; this port keeps the rule's factor, 21)
  cinRule({
    code: '8873Q',
    message: "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
    check(data) {
      const { Assessments: rows, CINdetails } = data.tables;
      const episodes = groupRows(CINdetails, episodeKey);
      const bad = { assessments: [] as number[], episodes: [] as number[] };
      for (const group of groupRows(rows, episodeKey).values()) {
        if (group.length !== 1 || !(factorList(rows[group[0]!]!) ?? []).some((factor) => factor.includes('21'))) continue;
        const closing = (episodes.get(episodeKey(rows[group[0]!]!)) ?? []).filter((e) => !['RC8', 'RC9'].includes(CINdetails[e]!.ReasonForClosure ?? ''));
        if (closing.length === 0) continue;
        bad.assessments.push(group[0]!);
        bad.episodes.push(...closing);
      }
      return [...failuresAt('8873Q', 'Assessments', bad.assessments), ...failuresAt('8873Q', 'CINdetails', bad.episodes)];
    },
  }),
];
