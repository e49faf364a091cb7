// ChildIdentifiers and ChildCharacteristics: required codes.
import { addMonths } from '../../../../../core/dates.js';
import { censusPeriod, cinDay, failuresAt, groupRows, isNa, joined, pairFailures, type CinReturn } from '../cin.js';
import type { Failure, Row } from '../rule.js';
import { cinRule } from './rule.js';

const DISABILITIES = new Set(['NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA']);
/** No date of birth but an expected one. */
const unborn = (row: Row): boolean => cinDay(row.PersonBirthDate) === null && cinDay(row.ExpectedPersonBirthDate) !== null;

/** Children born on or before `bornBy(reference date)`, with an episode that led to action, need a UPN or a UN2–UN7 reason. */
function upnExpected(data: CinReturn, code: string, bornBy: (ref: number) => number): Failure[] {
  const ref = censusPeriod(data)?.end;
  if (ref === undefined) return [];
  const limit = bornBy(ref);
  const acted = new Set(data.tables.CINdetails.filter((row) => row.ReferralNFA === '0' || (row.ReferralNFA ?? '').toLowerCase() === 'false').map((row) => row.LAchildID ?? ''));
  return failuresAt(code, 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => {
    const birth = cinDay(row.PersonBirthDate);
    if (birth === null || birth > limit || !acted.has(row.LAchildID ?? '')) return [];
    return isNa(row.UPN) && !['UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'].includes((row.UPNunknown ?? '').toUpperCase()) ? [i] : [];
  }));
}

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
  cinRule({
    code: '8510',
    message: 'More than one child record with the same LA Child ID',
    check(data) {
      const ids = data.tables.ChildIdentifiers;
      return failuresAt('8510', 'ChildIdentifiers', [...groupRows(ids, (row) => row.LAchildID ?? '').values()].filter((rows) => rows.length > 1).flat());
    },
  }),
  cinRule({
    code: '8540',
    message: 'Child’s disability is missing or invalid (see Disability table)',
    check(data) {
      // A child with a date of birth and an episode whose ReferralNFA is false or 0 has at least one
      // Disability, every one a valid code. Fails: the child, those episodes, the invalid codes.
      const { ChildIdentifiers: ids, CINdetails, Disabilities } = data.tables;
      const episodesOf = groupRows(CINdetails, (row) => row.LAchildID ?? '');
      const disabilitiesOf = groupRows(Disabilities, (row) => row.LAchildID ?? '');
      const bad = { ids: [] as number[], episodes: [] as number[], disabilities: [] as number[] };
      ids.forEach((child, i) => {
        if (cinDay(child.PersonBirthDate) === null) return;
        const notNfa = (episodesOf.get(child.LAchildID ?? '') ?? []).filter((e) => CINdetails[e]!.ReferralNFA === 'false' || CINdetails[e]!.ReferralNFA === '0');
        if (notNfa.length === 0) return;
        const codes = disabilitiesOf.get(child.LAchildID ?? '') ?? [];
        const invalid = codes.filter((d) => !DISABILITIES.has(Disabilities[d]!.Disability ?? ''));
        if (codes.length > 0 && invalid.length === 0) return;
        bad.ids.push(i);
        bad.episodes.push(...notNfa);
        bad.disabilities.push(...invalid);
      });
      return [...failuresAt('8540', 'ChildIdentifiers', bad.ids), ...failuresAt('8540', 'CINdetails', bad.episodes), ...failuresAt('8540', 'Disabilities', bad.disabilities)];
    },
  }),
  // 2022-23 ruleset, up to collection year 2024 (a 2024 return with <Sex> fails it on every unborn child)
  cinRule({
    code: '8750',
    message: 'Gender must equal 0 for an unborn child',
    years: [2022, 2024],
    check: (data) => failuresAt('8750', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => (unborn(row) && row.GenderCurrent !== '0' ? [i] : []))),
  }),
  cinRule({
    code: '8750',
    message: 'Sex must equal U for an unborn child',
    years: [2025, 9999],
    check: (data) => failuresAt('8750', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => (unborn(row) && row.Sex !== 'U' ? [i] : []))),
  }),
  cinRule({
    code: '8770Q',
    message: 'Please check and either amend data or provide a reason: UPN or reason UPN missing expected for a child who is more than 5 years old',
    years: [2022, 2024],
    // born on or before the reference date minus 6 years
    check: (data) => upnExpected(data, '8770Q', (ref) => addMonths(ref, -72)),
  }),
  cinRule({
    code: '8770Q',
    message: 'Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.',
    years: [2025, 9999],
    // of school age: born on or before 31 August six years before the school year that starts after the reference date
    check: (data) => upnExpected(data, '8770Q', (ref) => addMonths(addMonths(ref, 4) + 31, -72)),
  }),
  cinRule({
    code: '8772',
    message: 'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action',
    check(data) {
      // a child whose UPN is unknown for reason UN7 has only NFA episodes (and a child with none fails)
      const { ChildIdentifiers: ids, CINdetails } = data.tables;
      const episodesOf = groupRows(CINdetails, (row) => row.LAchildID ?? '');
      const nfa = (e: number) => ['true', '1'].includes((CINdetails[e]!.ReferralNFA ?? '').toLowerCase());
      const bad = { ids: [] as number[], episodes: [] as number[] };
      ids.forEach((row, i) => {
        if (row.UPNunknown !== 'UN7') return;
        const episodes = episodesOf.get(row.LAchildID ?? '') ?? [];
        const acted = episodes.filter((e) => !nfa(e));
        if (episodes.length > 0 && acted.length === 0) return;
        bad.ids.push(i);
        bad.episodes.push(...acted);
      });
      return [...failuresAt('8772', 'ChildIdentifiers', bad.ids), ...failuresAt('8772', 'CINdetails', bad.episodes)];
    },
  }),
  cinRule({
    code: '8775Q',
    message: 'Please check and either amend data or provide a reason: Child is over 25 years old',
    check(data) {
      // born more than 25 years before the reference date, with an episode open at 25 or closed after it
      const ref = censusPeriod(data)?.end;
      if (ref === undefined) return [];
      const { ChildIdentifiers: ids, CINdetails } = data.tables;
      const pairs = [...joined(ids, CINdetails, (row) => row.LAchildID ?? '')].filter(([i, j]) => {
        const birth = cinDay(ids[i]!.PersonBirthDate);
        if (birth === null || birth >= addMonths(ref, -300)) return false;
        const closure = cinDay(CINdetails[j]!.CINclosureDate);
        return closure === null || closure > addMonths(birth, 300);
      });
      return pairFailures('8775Q', 'ChildIdentifiers', 'CINdetails', pairs);
    },
  }),
  cinRule({
    code: '8790',
    message: 'Disability information includes both None and other values',
    check(data) {
      const rows = data.tables.Disabilities;
      const isNone = (i: number) => (rows[i]!.Disability ?? '').toUpperCase() === 'NONE';
      const bad = [...groupRows(rows, (row) => row.LAchildID ?? '').values()].filter((group) => group.some(isNone)).flatMap((group) => group.filter((i) => !isNone(i)));
      return failuresAt('8790', 'Disabilities', bad);
    },
  }),
  cinRule({
    code: '8794',
    message: 'Child has two or more disabilities with the same code',
    check(data) {
      const rows = data.tables.Disabilities;
      const repeated = [...groupRows(rows, (row) => `${row.LAchildID}\u0000${row.Disability}`).values()].filter((group) => group.length > 1 && !isNa(rows[group[0]!]!.Disability));
      return failuresAt('8794', 'Disabilities', repeated.flat());
    },
  }),
];
