// Initial child protection conferences against plans and section 47 enquiries.
import { censusPeriod, cinDay, episodeKey, failuresAt, groupRows, joined, pairFailures, sameDay, within } from '../cin.js';
import { cinRule } from './rule.js';

export const CONFERENCE_RULES = [
  cinRule({
    code: '2884',
    message: 'An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one',
    check(data) {
      // the validator merges on LAchildID only: the same date in any two of the child's episodes fails
      const { CINdetails, Section47 } = data.tables;
      const pairs = [...joined(Section47, CINdetails, (row) => row.LAchildID ?? '')].filter(([i, j]) => sameDay(cinDay(Section47[i]!.DateOfInitialCPC), cinDay(CINdetails[j]!.DateOfInitialCPC)));
      return pairFailures('2884', 'Section47', 'CINdetails', pairs);
    },
  }),
  cinRule({
    code: '2885',
    message: 'Child protection plan shown as starting a different day to the initial child protection conference.',
    check(data) {
      // A plan starting in the census period starts on the day of a conference of its episode: a Section47
      // DateOfInitialCPC, or, where the episode has no Section47 at all, the CINdetails DateOfInitialCPC.
      const period = censusPeriod(data);
      if (!period) return [];
      const { ChildProtectionPlans: plans, Section47, CINdetails } = data.tables;
      const s47ByEpisode = groupRows(Section47, episodeKey);
      const episodes = groupRows(CINdetails, episodeKey);
      const badPlans: number[] = [];
      const badS47: number[] = [];
      const badEpisodes: number[] = [];
      const inPeriod = plans.map((row, i) => ({ key: episodeKey(row), i, start: cinDay(row.CPPstartDate) })).filter((p) => within(p.start, period.start, period.end));
      // whether a plan of the episode starts on the day of one of the episode's conferences
      const s47Match = (key: string, start: number | null) => (s47ByEpisode.get(key) ?? []).some((j) => sameDay(cinDay(Section47[j]!.DateOfInitialCPC), start));
      const cinMatch = (key: string, start: number | null) => (episodes.get(key) ?? []).some((j) => sameDay(cinDay(CINdetails[j]!.DateOfInitialCPC), start));
      for (const { key, i, start } of inPeriod) if (s47ByEpisode.has(key) ? !s47Match(key, start) : !cinMatch(key, start)) badPlans.push(i);
      // an episode's conference rows fail when none of its plans matched them
      for (const key of new Set(inPeriod.map((p) => p.key))) {
        const starts = inPeriod.filter((p) => p.key === key).map((p) => p.start);
        if (s47ByEpisode.has(key)) {
          if (!starts.some((start) => s47Match(key, start))) badS47.push(...s47ByEpisode.get(key)!);
        } else if (!starts.some((start) => cinMatch(key, start))) badEpisodes.push(...(episodes.get(key) ?? []));
      }
      return [...failuresAt('2885', 'ChildProtectionPlans', badPlans), ...failuresAt('2885', 'Section47', badS47), ...failuresAt('2885', 'CINdetails', badEpisodes)];
    },
  }),
];
