// Return-level rules: the validator reports them for the whole return, with no row (push_la_level).
import { censusPeriod, cinDay, isNa, laLevel, within } from '../cin.js';
import type { Row } from '../rule.js';
import { cinRule } from './rule.js';

const countInPeriod = (rows: Row[], column: string, start: number, end: number): number => rows.filter((row) => within(cinDay(row[column]), start, end)).length;

/** More than 2% of children with no sex (or gender) recorded, unborn children (with an expected birth date) aside. */
const noSexShare = (children: Row[], unrecorded: (row: Row) => boolean): number =>
  children.length === 0 ? 0 : children.filter((row) => unrecorded(row) && isNa(row.ExpectedPersonBirthDate)).length / children.length;

export const LA_LEVEL_RULES = [
  cinRule({
    code: '2883',
    message: 'There are more child protection plans starting than initial conferences taking place',
    check(data) {
      const period = censusPeriod(data);
      if (!period) return [];
      const { start, end } = period;
      const plans = countInPeriod(data.tables.ChildProtectionPlans, 'CPPstartDate', start, end);
      const conferences = countInPeriod(data.tables.CINdetails, 'DateOfInitialCPC', start, end) + countInPeriod(data.tables.Section47, 'DateOfInitialCPC', start, end);
      return plans > conferences ? laLevel('2883') : [];
    },
  }),
  // The validator's 2022-23 code, `isna() | GenderCurrent == 0`, parses as `(isna() | GenderCurrent) == 0`
  // and never fires (it raises on text codes); this port checks what its message and comment state.
  cinRule({
    code: '2886Q',
    message: 'Please check and either amend or provide a reason: Percentage of children with no gender recorded is more than 2% (excluding unborns)',
    years: [2022, 2023],
    check: (data) => (noSexShare(data.tables.ChildIdentifiers, (row) => isNa(row.GenderCurrent) || row.GenderCurrent === '0') > 0.02 ? laLevel('2886Q') : []),
  }),
  // 2024-25 ruleset (the validator still runs the GenderCurrent version on 2024 returns, where it cannot fire).
  cinRule({
    code: '2886Q',
    message: 'Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)',
    years: [2024, 9999],
    check: (data) => (noSexShare(data.tables.ChildIdentifiers, (row) => isNa(row.Sex) || row.Sex === 'U') > 0.02 ? laLevel('2886Q') : []),
  }),
  // The validator's code keeps only the NONE rows and counts them; this port checks what the rule
  // states: fewer than 8 different disability codes (NONE aside) in the return.
  cinRule({
    code: '2887Q',
    message: 'Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return',
    check(data) {
      const codes = new Set(data.tables.Disabilities.map((row) => row.Disability ?? '').filter((code) => code !== '' && code !== 'NONE'));
      return codes.size <= 7 ? laLevel('2887Q') : [];
    },
  }),
  cinRule({
    code: '2888Q',
    message: 'Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.',
    check(data) {
      const perChild = new Map<string, number>();
      for (const row of data.tables.Disabilities) {
        if (row.Disability === 'NONE') continue;
        const child = row.LAchildID ?? '';
        perChild.set(child, (perChild.get(child) ?? 0) + (isNa(row.Disability) ? 0 : 1));
      }
      // no disability at all: the validator's max() is NaN and the rule stays quiet
      return perChild.size > 0 && Math.max(...perChild.values()) <= 1 ? laLevel('2888Q') : [];
    },
  }),
];
