// CINdetails rules: what an episode's closure and NFA flag allow.
import { before, censusPeriod, cinDay, episodeKey, failuresAt, groupRows, minusEnglandWorkingDays } from '../cin.js';
import type { CinTable } from '../cin.js';
import { cinRule } from './rule.js';

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
];
