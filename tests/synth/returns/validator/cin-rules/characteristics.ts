// ChildIdentifiers and ChildCharacteristics: required codes.
import { failuresAt, isNa } from '../cin.js';
import { cinRule } from './rule.js';

const ETHNICITIES = new Set(['ABAN', 'AIND', 'AOTH', 'APKN', 'BAFR', 'BCRB', 'BOTH', 'CHNE', 'MOTH', 'MWAS', 'MWBA', 'MWBC', 'NOBT', 'OOTH', 'REFU', 'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM']);

export const CHARACTERISTIC_RULES = [
  // 2022-23 ruleset; the validator applies it up to the 2023-24 ruleset (collection year 2024) included,
  // so a 2024 return that records <Sex> instead of <GenderCurrent> fails it on every child.
  cinRule({
    code: '4180',
    message: 'Gender is missing',
    years: [2022, 2024],
    check: (data) => failuresAt('4180', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => (['1', '2', '0', '9'].includes(row.GenderCurrent ?? '') ? [] : [i]))),
  }),
  cinRule({
    code: '4180',
    message: 'Sex is missing',
    years: [2025, 9999],
    check: (data) => failuresAt('4180', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => (['M', 'F', 'U'].includes(row.Sex ?? '') ? [] : [i]))),
  }),
  cinRule({
    code: '4220',
    message: 'Ethnicity is missing or invalid (see Ethnicity table)',
    check: (data) => failuresAt('4220', 'ChildCharacteristics', data.tables.ChildCharacteristics.flatMap((row, i) => (ETHNICITIES.has(row.Ethnicity ?? '') ? [] : [i]))),
  }),
  cinRule({
    code: '8500',
    message: 'LA Child ID missing',
    check: (data) => failuresAt('8500', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => (isNa(row.LAchildID) ? [i] : []))),
  }),
];
