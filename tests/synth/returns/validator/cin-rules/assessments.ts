// Assessments rules.
import { before, censusPeriod, cinDay, episodeKey, factorList, failuresAt, groupRows, isNa, minusEnglandWorkingDays, within } from '../cin.js';
import { cinRule } from './rule.js';
import { outsideCensusPeriod, startsWhileRunning } from './shapes.js';
import type { Row } from '../rule.js';

const ASSESSMENT_FACTORS = new Set(['1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C', '6A', '6B', '6C', '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A', '15A', '16A', '17A', '18A', '18B', '18C', '19A', '19B', '19C', '20', '21', '22A', '23A', '24A']);

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
    check: (data) => outsideCensusPeriod(data, '8696', 'Assessments', 'AssessmentAuthorisationDate'),
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
      const start = (row: Row) => cinDay(row.AssessmentActualStartDate);
      const end = (row: Row) => cinDay(row.AssessmentAuthorisationDate);
      return failuresAt('8863Q', 'Assessments', startsWhileRunning(rows, {
        group: episodeKey,
        start,
        runs: (row) => ({ day: end(row) ?? ref, inclusive: true }),
        skip: (a, b) => start(rows[a]!) === start(rows[b]!) && end(rows[a]!) === end(rows[b]!), // itself or a duplicate
      }));
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
  cinRule({
    code: '8896',
    message: 'Within one CINDetails group there are 2 or more open Assessments groups',
    check(data) {
      // every assessment of an episode that has two or more with no authorisation date
      const rows = data.tables.Assessments;
      const bad = [...groupRows(rows, episodeKey).values()].filter((group) => group.filter((i) => cinDay(rows[i]!.AssessmentAuthorisationDate) === null).length > 1).flat();
      return failuresAt('8896', 'Assessments', bad);
    },
  }),
  cinRule({
    code: '8897Q',
    message: 'Parental or child factors at assessment information is missing from a completed assessment',
    check(data) {
      // An assessment authorised on or after the census start lists factors, all valid. The validator
      // joins factor lists on LAchildID and AssessmentID only (AssessmentID restarts in each episode),
      // so an assessment also answers for the factors of same-numbered assessments in the child's other episodes.
      const period = censusPeriod(data);
      if (!period) return [];
      const rows = data.tables.Assessments;
      const sameNumber = groupRows(rows, (row) => `${row.LAchildID}\u0000${row.AssessmentID}`);
      return failuresAt('8897Q', 'Assessments', rows.flatMap((row, i) => {
        const end = cinDay(row.AssessmentAuthorisationDate);
        if (end === null || end < period.start) return [];
        if (factorList(row) === null) return [i];
        const factors = (sameNumber.get(`${row.LAchildID}\u0000${row.AssessmentID}`) ?? []).flatMap((j) => factorList(rows[j]!) ?? []);
        return factors.length === 0 || factors.some((factor) => !ASSESSMENT_FACTORS.has(factor)) ? [i] : [];
      }));
    },
  }),
  // (the validator drops duplicate rows of a frame holding the factor lists, which raises whenever a
  // duplicate is found; this port reports what the rule states)
  cinRule({
    code: '8898',
    message: ' The assessment has more than one parental or child factors with the same code',
    check: (data) =>
      failuresAt('8898', 'Assessments', data.tables.Assessments.flatMap((row, i) => {
        const factors = factorList(row) ?? [];
        return new Set(factors).size < factors.length ? [i] : [];
      })),
  }),
  // (the validator looks for '5A'/'6A' as the whole factor list and so fails every such assessment;
  // this port looks in the list)
  cinRule({
    code: '8899Q',
    message: 'Please check: A child identified as having a disability does not have a disability factor recorded at the end of assessment.',
    check(data) {
      // a child with a disability other than NONE: each group of its assessments authorised on the same
      // day on or after the census start includes factor 5A or 6A
      const period = censusPeriod(data);
      if (!period) return [];
      const { Assessments: rows, Disabilities } = data.tables;
      const disabilitiesOf = groupRows(Disabilities, (row) => row.LAchildID ?? '');
      const bad = { assessments: [] as number[], disabilities: [] as number[] };
      const authorised = rows.map((row, i) => ({ row, i, end: cinDay(row.AssessmentAuthorisationDate) })).filter((a) => a.end !== null && a.end >= period.start);
      const groups = new Map<string, number[]>();
      for (const a of authorised) groups.set(`${a.row.LAchildID}\u0000${a.end}`, [...(groups.get(`${a.row.LAchildID}\u0000${a.end}`) ?? []), a.i]);
      for (const group of groups.values()) {
        const child = rows[group[0]!]!.LAchildID ?? '';
        const disabled = (disabilitiesOf.get(child) ?? []).filter((d) => (Disabilities[d]!.Disability ?? '').toUpperCase() !== 'NONE');
        if (disabled.length === 0) continue;
        if (group.some((i) => (factorList(rows[i]!) ?? []).some((factor) => factor === '5A' || factor === '6A'))) continue;
        bad.assessments.push(...group);
        bad.disabilities.push(...disabled);
      }
      return [...failuresAt('8899Q', 'Assessments', bad.assessments), ...failuresAt('8899Q', 'Disabilities', bad.disabilities)];
    },
  }),
  // (2024-25 ruleset; the validator upper-cases the factor list as text and so never fires; this port
  // looks in the list)
  cinRule({
    code: '8945Q',
    message: "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
    years: [2025, 9999],
    check: (data) => failuresAt('8945Q', 'Assessments', data.tables.Assessments.flatMap((row, i) => ((factorList(row) ?? []).some((f) => f.toUpperCase() === '18A') ? [i] : []))),
  }),
  cinRule({
    code: '8950Q',
    message: "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
    years: [2025, 9999],
    check: (data) => failuresAt('8950Q', 'Assessments', data.tables.Assessments.flatMap((row, i) => ((factorList(row) ?? []).some((f) => f.toUpperCase() === '19A') ? [i] : []))),
  }),
];
