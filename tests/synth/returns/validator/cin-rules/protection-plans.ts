// ChildProtectionPlans rules.
import { before, censusPeriod, cinDay, failuresAt } from '../cin.js';
import { cinRule } from './rule.js';

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
];
