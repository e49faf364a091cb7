// CINdetails rules: what an episode's closure and NFA flag allow.
import { before, censusPeriod, cinDay, episodeKey, failuresAt, groupRows, isNa, joined, minusEnglandWorkingDays, pairFailures } from '../cin.js';
import type { CinTable } from '../cin.js';
import { dayFromCivil } from '../../../../../core/dates.js';
import type { Row } from '../rule.js';
import { cinRule } from './rule.js';
import { outsideCensusPeriod, startsWhileRunning } from './shapes.js';

/** ReferralNFA false or 0: the referral led to further action. */
const REFERRAL_SOURCES = new Set(['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10']);

const acted = (row: Row): boolean => row.ReferralNFA === 'false' || row.ReferralNFA === '0';

export const EPISODE_RULES = [
  cinRule({
    code: '2990',
    message: "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
    check(data) {
      // an episode closed RC8 or RC9 has no S47, CP plan, CIN plan or conference date
      const { CINdetails, ChildProtectionPlans, Section47, CINplanDates } = data.tables;
      const modules = [['ChildProtectionPlans', groupRows(ChildProtectionPlans, episodeKey)], ['Section47', groupRows(Section47, episodeKey)], ['CINplanDates', groupRows(CINplanDates, episodeKey)]] as const;
      const badEpisodes: number[] = [];
      const badModules = { ChildProtectionPlans: [] as number[], Section47: [] as number[], CINplanDates: [] as number[] };
      CINdetails.forEach((episode, i) => {
        if (episode.ReasonForClosure !== 'RC8' && episode.ReasonForClosure !== 'RC9') return;
        const key = episodeKey(episode);
        const found = modules.flatMap(([table, groups]) => (groups.get(key) ?? []).map((row) => [table, row] as const));
        if (cinDay(episode.DateOfInitialCPC) === null && found.length === 0) return;
        badEpisodes.push(i);
        for (const [table, row] of found) badModules[table].push(row);
      });
      return [
        ...failuresAt('2990', 'CINdetails', badEpisodes),
        ...failuresAt('2990', 'ChildProtectionPlans', badModules.ChildProtectionPlans),
        ...failuresAt('2990', 'Section47', badModules.Section47),
        ...failuresAt('2990', 'CINplanDates', badModules.CINplanDates),
      ];
    },
  }),
  cinRule({
    code: '2991Q',
    message: 'Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode',
    check(data) {
      const assessed = groupRows(data.tables.Assessments, episodeKey);
      return failuresAt('2991Q', 'Section47', data.tables.Section47.flatMap((row, i) => (assessed.has(episodeKey(row)) ? [] : [i])));
    },
  }),
  cinRule({
    code: '8565',
    message: 'Activity shown after a case has been closed',
    check(data) {
      // A closure date is on or after every date of its episode: the CINdetails conference, assessment
      // start and authorisation, S47 start and conference, CP plan end, CIN plan start and end.
      // (The validator's code checks CP plan ends against a test frame it left in, and crashes on CIN
      // plan failures unless as many S47 failures occur; this port checks what the rule states.)
      const t = data.tables;
      const modules: [CinTable, string[]][] = [
        ['Assessments', ['AssessmentActualStartDate', 'AssessmentAuthorisationDate']],
        ['Section47', ['S47ActualStartDate', 'DateOfInitialCPC']],
        ['ChildProtectionPlans', ['CPPendDate']],
        ['CINplanDates', ['CINPlanStartDate', 'CINPlanEndDate']],
      ];
      const grouped = modules.map(([table, columns]) => ({ table, columns, groups: groupRows(t[table], episodeKey), rows: [] as number[] }));
      const badEpisodes: number[] = [];
      t.CINdetails.forEach((episode, i) => {
        const closure = cinDay(episode.CINclosureDate);
        if (closure === null) return;
        let bad = before(closure, cinDay(episode.DateOfInitialCPC));
        for (const module of grouped) {
          for (const r of module.groups.get(episodeKey(episode)) ?? []) {
            if (module.columns.some((column) => before(closure, cinDay(t[module.table][r]![column])))) {
              module.rows.push(r);
              bad = true;
            }
          }
        }
        if (bad) badEpisodes.push(i);
      });
      return [...failuresAt('8565', 'CINdetails', badEpisodes), ...grouped.flatMap((m) => failuresAt('8565', m.table, m.rows))];
    },
  }),
  cinRule({
    code: '8568',
    message: 'RNFA flag is missing or invalid',
    check: (data) => failuresAt('8568', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => (['1', '0', 'false', 'true'].includes((row.ReferralNFA ?? '').toLowerCase()) ? [] : [i]))),
  }),
  cinRule({
    code: '8569Q',
    message: 'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case',
    check(data) {
      // the validator's "start minus one working day" is pandas' start - CustomBusinessDay(0): the start
      // itself, rolled forward to a working day
      const period = censusPeriod(data);
      if (!period) return [];
      const limit = minusEnglandWorkingDays(period.start, 1);
      return failuresAt('8569Q', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => (before(cinDay(row.CINreferralDate), limit) && row.ReferralNFA !== 'false' && row.ReferralNFA !== '0' ? [i] : [])));
    },
  }),
  cinRule({
    code: '8590',
    message: 'Child does not have a recorded CIN episode.',
    check(data) {
      const withEpisodes = new Set(data.tables.CINdetails.map((row) => row.LAchildID ?? ''));
      return failuresAt('8590', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => (withEpisodes.has(row.LAchildID ?? '') ? [] : [i])));
    },
  }),
  cinRule({
    code: '8600',
    message: 'Child referral date missing or after data collection period',
    check(data) {
      const end = censusPeriod(data)?.end ?? null;
      return failuresAt('8600', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => {
        const referral = cinDay(row.CINreferralDate);
        return referral === null || before(end, referral) ? [i] : [];
      }));
    },
  }),
  cinRule({
    code: '8606',
    message: 'Child referral date is more than 40 weeks before DOB or expected DOB',
    check(data) {
      const { CINdetails, ChildIdentifiers: ids } = data.tables;
      const minus280 = (day: number | null) => (day === null ? null : day - 280);
      const pairs = [...joined(CINdetails, ids, (row) => row.LAchildID ?? '')].filter(([i, j]) => {
        const referral = cinDay(CINdetails[i]!.CINreferralDate);
        return before(referral, minus280(cinDay(ids[j]!.PersonBirthDate))) || before(referral, minus280(cinDay(ids[j]!.ExpectedPersonBirthDate)));
      });
      return pairFailures('8606', 'CINdetails', 'ChildIdentifiers', pairs);
    },
  }),
  cinRule({
    code: '8610',
    message: 'Primary Need code is missing for a referral which led to further action.',
    check: (data) => failuresAt('8610', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => ((row.ReferralNFA === 'false' || row.ReferralNFA === '0') && isNa(row.PrimaryNeedCode) ? [i] : []))),
  }),
  cinRule({
    code: '8620',
    message: 'CIN Closure Date present and does not fall within the Census year',
    check: (data) => outsideCensusPeriod(data, '8620', 'CINdetails', 'CINclosureDate'),
  }),
  cinRule({
    code: '8630',
    message: 'CIN Closure Date is before CIN Referral Date for the same CIN episode',
    check: (data) => failuresAt('8630', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => (before(cinDay(row.CINclosureDate), cinDay(row.CINreferralDate)) ? [i] : []))),
  }),
  cinRule({
    code: '8640',
    message: 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)',
    check: (data) => failuresAt('8640', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => (!isNa(row.ReasonForClosure) && !/^RC[1-9]$/.test(row.ReasonForClosure!) ? [i] : []))),
  }),
  cinRule({
    code: '8650',
    message: 'Primary Need Code invalid (see Primary Need table in CIN census code set)',
    check: (data) => failuresAt('8650', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => (!isNa(row.PrimaryNeedCode) && !/^N[0-9]$/.test(row.PrimaryNeedCode!) ? [i] : []))),
  }),
  cinRule({
    code: '8805',
    message: 'A CIN case cannot have a CIN closure date without a Reason for Closure',
    check: (data) => failuresAt('8805', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => (cinDay(row.CINclosureDate) !== null && isNa(row.ReasonForClosure) ? [i] : []))),
  }),
  cinRule({
    code: '8810',
    message: 'A CIN case cannot have a Reason for Closure without a CIN Closure Date',
    check: (data) => failuresAt('8810', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => (!isNa(row.ReasonForClosure) && cinDay(row.CINclosureDate) === null ? [i] : []))),
  }),
  cinRule({
    code: '8815',
    message: 'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
    check(data) {
      // a child with two or more open episodes that led to action: all its open episodes fail
      const rows = data.tables.CINdetails;
      const open = (i: number) => cinDay(rows[i]!.CINclosureDate) === null;
      const bad = [...groupRows(rows, (row) => row.LAchildID ?? '').values()].filter((group) => group.filter((i) => open(i) && acted(rows[i]!)).length > 1).flatMap((group) => group.filter(open));
      return failuresAt('8815', 'CINdetails', bad);
    },
  }),
  cinRule({
    code: '8816',
    message: 'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
    check(data) {
      // an open episode that led to action is the child's latest referral (the first episode with the
      // latest date); fails: the open episode and that latest one
      const rows = data.tables.CINdetails;
      const bad: number[] = [];
      for (const group of groupRows(rows, (row) => row.LAchildID ?? '').values()) {
        const dated = group.filter((i) => cinDay(rows[i]!.CINreferralDate) !== null);
        if (dated.length === 0) continue;
        const latest = dated.reduce((best, i) => (cinDay(rows[i]!.CINreferralDate)! > cinDay(rows[best]!.CINreferralDate)! ? i : best));
        for (const i of dated) if (i !== latest && cinDay(rows[i]!.CINclosureDate) === null && acted(rows[i]!)) bad.push(i, latest);
      }
      return failuresAt('8816', 'CINdetails', bad);
    },
  }),
  cinRule({
    code: '8820',
    message: 'The dates on the CIN episodes for this child overlap',
    check(data) {
      // no episode starts on or after another's referral and before its closure (or, while that one is
      // open and led to action, before the reference date); an episode may start on the day another closes
      const ref = censusPeriod(data)?.end ?? null;
      const rows = data.tables.CINdetails;
      return failuresAt('8820', 'CINdetails', startsWhileRunning(rows, {
        group: (row) => row.LAchildID ?? '',
        start: (row) => cinDay(row.CINreferralDate),
        runs(row) {
          const closure = cinDay(row.CINclosureDate);
          if (closure !== null) return { day: closure, inclusive: false };
          return ['false', '0'].includes((row.ReferralNFA ?? '').toLowerCase()) ? { day: ref, inclusive: false } : null;
        },
        skip: (a, b) => a === b,
      }));
    },
  }),
  cinRule({
    code: '8825Q',
    message: 'Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.',
    check(data) {
      const assessed = groupRows(data.tables.Assessments, episodeKey);
      return failuresAt('8825Q', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => ((row.ReasonForClosure === 'RC8' || row.ReasonForClosure === 'RC9') && !assessed.has(episodeKey(row)) ? [i] : [])));
    },
  }),
  cinRule({
    code: '8831',
    message: 'Activity is recorded against a case marked as a referral with no further action',
    check(data) {
      // an NFA episode has no conference date, no S47 start and no assessment start or authorisation
      const { CINdetails, Section47, Assessments } = data.tables;
      const s47Of = groupRows(Section47, episodeKey);
      const assessmentsOf = groupRows(Assessments, episodeKey);
      const bad = { episodes: [] as number[], s47: [] as number[], assessments: [] as number[] };
      CINdetails.forEach((episode, i) => {
        if (episode.ReferralNFA !== 'true' && episode.ReferralNFA !== '1') return;
        const key = episodeKey(episode);
        const s47 = (s47Of.get(key) ?? []).filter((j) => cinDay(Section47[j]!.S47ActualStartDate) !== null);
        const assessments = (assessmentsOf.get(key) ?? []).filter((j) => cinDay(Assessments[j]!.AssessmentActualStartDate) !== null || cinDay(Assessments[j]!.AssessmentAuthorisationDate) !== null);
        if (cinDay(episode.DateOfInitialCPC) === null && s47.length === 0 && assessments.length === 0) return;
        bad.episodes.push(i);
        bad.s47.push(...s47);
        bad.assessments.push(...assessments);
      });
      return [...failuresAt('8831', 'CINdetails', bad.episodes), ...failuresAt('8831', 'Section47', bad.s47), ...failuresAt('8831', 'Assessments', bad.assessments)];
    },
  }),
  cinRule({
    code: '8832',
    message: 'Child Protection details provided for a referral with no further action.',
    check(data) {
      const { CINdetails, ChildProtectionPlans } = data.tables;
      const nfa = (row: Row) => (row.ReferralNFA ?? '').toLowerCase() === 'true' || row.ReferralNFA === '1';
      const pairs = [...joined(ChildProtectionPlans, CINdetails, episodeKey)].filter(([, j]) => nfa(CINdetails[j]!));
      return pairFailures('8832', 'ChildProtectionPlans', 'CINdetails', pairs);
    },
  }),
  cinRule({
    code: '8866',
    message: 'Source of Referral is missing or an invalid code',
    check(data) {
      const from = dayFromCivil(2013, 4, 1);
      return failuresAt('8866', 'CINdetails', data.tables.CINdetails.flatMap((row, i) => {
        const referral = cinDay(row.CINreferralDate);
        return referral !== null && referral >= from && !REFERRAL_SOURCES.has(row.ReferralSource ?? '') ? [i] : [];
      }));
    },
  }),
  cinRule({
    code: '8867',
    message: 'CIN episode is shown as closed, however Assessment is not shown as completed',
    check(data) {
      const { CINdetails, Assessments } = data.tables;
      const pairs = [...joined(CINdetails, Assessments, episodeKey)].filter(([i, j]) => cinDay(CINdetails[i]!.CINclosureDate) !== null && cinDay(Assessments[j]!.AssessmentAuthorisationDate) === null);
      return pairFailures('8867', 'CINdetails', 'Assessments', pairs);
    },
  }),
  cinRule({
    code: '8868',
    message: 'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
    check(data) {
      // each S47 of a closed episode has either a conference date or "not required" (true or 1), not both
      const { CINdetails, Section47 } = data.tables;
      const pairs = [...joined(CINdetails, Section47, episodeKey)].filter(([i, j]) => {
        if (cinDay(CINdetails[i]!.CINclosureDate) === null) return false;
        const notRequired = ['1', 'true'].includes(Section47[j]!.ICPCnotRequired ?? '');
        return (cinDay(Section47[j]!.DateOfInitialCPC) === null) !== notRequired;
      });
      return pairFailures('8868', 'CINdetails', 'Section47', pairs);
    },
  }),
];
