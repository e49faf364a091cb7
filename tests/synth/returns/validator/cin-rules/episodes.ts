// CINdetails rules: what an episode's closure and NFA flag allow.
import { cinDay, episodeKey, failuresAt, groupRows } from '../cin.js';
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
];
