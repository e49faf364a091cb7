// ChildIdentifiers rules on the UPN and the former UPN.
import { failuresAt, isNa } from '../cin.js';
import type { Row } from '../rule.js';
import { cinRule } from './rule.js';

const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The check letter of a 13-character UPN whose characters 2–13 are digits (DfE UPN guide); null otherwise. */
export function upnCheckLetter(upn: string): string | null {
  if (upn.length !== 13 || !/^\d{12}$/.test(upn.slice(1))) return null;
  let sum = 0;
  for (let i = 1; i < 13; i++) sum += Number(upn[i]) * (i + 1);
  return CHECK_LETTERS[sum % 23]!;
}

// LA codes accepted in characters 2–4 of a UPN (post-April-1998 LA codes and pseudo-LA codes).
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, k) => a + k);
const LA_CODES_2023 = new Set([
  ...['001', '002', '003', '004', '005'],
  ...[
    ...range(201, 213), ...range(301, 320), ...range(330, 336), ...range(340, 344), ...range(350, 359), ...range(370, 373), ...range(380, 384), ...range(390, 394),
    ...range(660, 681), ...range(701, 708), ...range(800, 803), ...range(805, 808), ...range(810, 813), ...range(820, 823), ...range(835, 839), ...range(850, 852),
    ...range(855, 857), ...range(865, 896), ...range(935, 938), ...range(940, 941),
    420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933,
  ].map(String),
]);
/** from the 2023-24 ruleset (collection year 2024) on: 942 and 943 too */
const LA_CODES_2024 = new Set([...LA_CODES_2023, '942', '943']);

const upnRows = (rows: Row[], fails: (upn: string) => boolean): number[] => rows.flatMap((row, i) => (!isNa(row.UPN) && fails(row.UPN!) ? [i] : []));

export const IDENTIFIER_RULES = [
  cinRule({
    code: '1510',
    message: 'UPN invalid (wrong check letter at character 1)',
    check: (data) =>
      failuresAt('1510', 'ChildIdentifiers', upnRows(data.tables.ChildIdentifiers, (upn) => {
        const letter = upnCheckLetter(upn);
        return letter !== null && letter !== upn[0];
      })),
  }),
  cinRule({
    code: '1520',
    message: 'More than one record with the same UPN.',
    check(data) {
      const counts = new Map<string, number>();
      for (const row of data.tables.ChildIdentifiers) if (!isNa(row.UPN)) counts.set(row.UPN!, (counts.get(row.UPN!) ?? 0) + 1);
      return failuresAt('1520', 'ChildIdentifiers', upnRows(data.tables.ChildIdentifiers, (upn) => counts.get(upn)! > 1));
    },
  }),
  cinRule({
    code: '1530',
    message: 'UPN invalid (characters 2-4 not a recognised LA code)',
    years: [2022, 2023],
    check: (data) => failuresAt('1530', 'ChildIdentifiers', upnRows(data.tables.ChildIdentifiers, (upn) => upn.length === 13 && !LA_CODES_2023.has(upn.slice(1, 4)))),
  }),
  cinRule({
    code: '1530',
    message: 'UPN invalid (characters 2-4 not a recognised LA code)',
    years: [2024, 9999],
    check: (data) => failuresAt('1530', 'ChildIdentifiers', upnRows(data.tables.ChildIdentifiers, (upn) => upn.length === 13 && !LA_CODES_2024.has(upn.slice(1, 4)))),
  }),
  cinRule({
    code: '1540',
    message: 'UPN invalid (characters 5-12 not all numeric)',
    // Python's str.isdigit: false on an empty slice too (a UPN of 4 characters or fewer fails)
    check: (data) => failuresAt('1540', 'ChildIdentifiers', upnRows(data.tables.ChildIdentifiers, (upn) => !/^\d+$/.test(upn.slice(4, 12)))),
  }),
  cinRule({
    code: '1550',
    message: 'UPN invalid (character 13 not a recognised value)',
    check: (data) => failuresAt('1550', 'ChildIdentifiers', upnRows(data.tables.ChildIdentifiers, (upn) => upn.length === 13 && !/^[A-HJ-NP-RT-Z0-9]$/.test(upn[12]!))),
  }),
  cinRule({
    code: '1560Q',
    message: 'Please check and either amend or provide a reason: Former UPN wrongly formatted',
    check: (data) =>
      failuresAt('1560Q', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => {
        const former = row.FormerUPN ?? '';
        if (isNa(former)) return [];
        return former.length !== 13 || !/^\d+$/.test(former.slice(1)) || !/^\p{L}$/u.test(former[0]!) ? [i] : [];
      })),
  }),
  cinRule({
    code: '1570',
    message: 'LA Child ID must not be longer than 20 characters',
    years: [2025, 9999],
    check: (data) => failuresAt('1570', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => ([...(row.LAchildID ?? '')].length > 20 ? [i] : []))),
  }),
  cinRule({
    code: '1580',
    message: 'LA Child ID must not contain any non-alphanumeric characters',
    years: [2025, 9999],
    // Python's str.isalnum(): letters and digits only, at least one (a missing ID is left to 8500)
    check: (data) => failuresAt('1580', 'ChildIdentifiers', data.tables.ChildIdentifiers.flatMap((row, i) => (!isNa(row.LAchildID) && !/^[\p{L}\p{N}]+$/u.test(row.LAchildID!) ? [i] : []))),
  }),
];
