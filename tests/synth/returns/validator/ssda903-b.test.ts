// The 903 rules of part b (codes 400 and up, and lettered codes), each on a small hand-built return:
// it must fail exactly the rows the validator would flag, and be quiet once the one thing wrong is put
// right. Every version of every rule must fire somewhere here: a port that cannot fire is a defect.
//
// The rules were read from data-to-insight/csc-validator-be-903 (READ_AT in ssda903-b/index.ts names the
// file and commit of each), with rule_utils.py, utils.py, datastore.py and ingress.py for what every rule sees.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../../core/dates.js';
import { runRules, type Row, type Rule } from './rule.js';
import type { Ssda903Return, Ssda903Table } from './ssda903.js';
import { continuouslyLookedAfter, periodsOfCare, validDate } from './ssda903-b/care.js';
import { postcodeBook, placementGeo } from './ssda903-b/geo.js';
import { CATALOGUE, RULES, rulesWith } from './ssda903-b/index.js';

type Table = Ssda903Table;
type Tables = Partial<Record<Table, Row[]>>;
interface Fixture extends Tables {
  last?: Tables;
}
interface Case {
  code: string;
  year?: number;
  bad: Fixture;
  /** `table row` of every failure expected on `bad` */
  fails: string[];
  good: Fixture;
}

// ---- fixtures ------------------------------------------------------------------------------------
const LA = 'E09000001';
const BOOK = postcodeBook({
  'A1 1AA': { utla: LA, ltla: LA, east: 530000, north: 180000 },
  'A1 2AA': { utla: LA, ltla: LA, east: 530100, north: 180000 },
  'B1 1AA': { utla: 'E08000025', ltla: 'E08000025', east: 406000, north: 286000 },
  'C1 1AA': { utla: 'S12000036', ltla: 'S12000036', east: 325000, north: 673000 },
  'D1 1AA': { utla: 'E06000052', ltla: 'E06000052', east: 530000, north: 780000 },
});
const TEST_RULES = rulesWith({ postcodes: BOOK, localAuthority: LA, providerUrns: new Set(['SC123456']) });

function build(f: Fixture, year: number): Ssda903Return {
  const tables = Object.fromEntries((['header', 'episodes', 'reviews', 'uasc', 'oc2', 'oc3', 'ad1', 'placed_adoption', 'prev_perm', 'missing', 'sw_episodes'] as const).map((t) => [t, f[t] ?? []])) as Record<Table, Row[]>;
  const base = { year, collectionStart: dayFromCivil(year - 1, 4, 1), collectionEnd: dayFromCivil(year, 3, 31), la: LA, tables };
  return f.last ? { ...base, last: { header: [], episodes: [], ...f.last } } : base;
}

const H = (CHILD: string, o: Row = {}): Row => ({ CHILD, SEX: '1', DOB: '01/01/2010', ETHNIC: 'WBRI', UPN: 'A201000012345', MOTHER: '', MC_DOB: '', ...o });
const E = (CHILD: string, DECOM: string, o: Row = {}): Row => ({ CHILD, DECOM, RNE: 'S', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR4', DEC: '', REC: '', REASON_PLACE_CHANGE: '', HOME_POST: '', PL_POST: '', URN: 'XXXXXXX', ...o });
/** two episodes of child 1: the first 01/05/2022–10/05/2022 (X1), the second as given */
const PAIR = (first: Row, second: Row): Row[] => [E('1', '01/05/2022', { DEC: '10/05/2022', REC: 'X1', ...first }), E('1', '10/05/2022', { RNE: 'P', PLACE: 'U2', ...second })];
const OC2 = (CHILD: string, o: Row = {}): Row => ({ CHILD, DOB: '01/01/2010', SDQ_SCORE: '', SDQ_REASON: '', CONVICTED: '0', HEALTH_CHECK: '', IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0', INTERVENTION_RECEIVED: '', INTERVENTION_OFFERED: '', ...o });
const OC3 = (CHILD: string, o: Row = {}): Row => ({ CHILD, DOB: '01/01/2005', IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'B1', ...o });
const AD1 = (CHILD: string, o: Row = {}): Row => ({ CHILD, DOB: '01/01/2018', DATE_INT: '01/05/2022', DATE_MATCH: '01/06/2022', FOSTER_CARE: '0', NB_ADOPTR: '2', SEX_ADOPTR: 'MF', LS_ADOPTR: 'L11', ...o });
const PA = (CHILD: string, o: Row = {}): Row => ({ CHILD, DOB: '01/01/2018', DATE_PLACED: '01/05/2022', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '', ...o });
const MIS = (CHILD: string, o: Row = {}): Row => ({ CHILD, DOB: '01/01/2010', MISSING: 'M', MIS_START: '01/05/2022', MIS_END: '02/05/2022', ...o });
const PP = (CHILD: string, o: Row = {}): Row => ({ CHILD, DOB: '01/01/2010', PREV_PERM: 'P1', LA_PERM: '201', DATE_PERM: '01/01/2021', ...o });
const REV = (CHILD: string, o: Row = {}): Row => ({ CHILD, DOB: '01/01/2010', REVIEW: '01/06/2022', REVIEW_CODE: 'PN1', ...o });
const UASC = (CHILD: string, o: Row = {}): Row => ({ CHILD, SEX: '1', DOB: '01/01/2010', DUC: '', ...o });
const SW = (CHILD: string, SW_DECOM: string, o: Row = {}): Row => ({ CHILD, DOB: '01/01/2010', SW_ID: 'SW1001', SW_DECOM, SW_DEC: '', SW_REASON: 'CHCHAN', ...o });
/** a child looked after since 2020, so continuously through any year from 2021 */
const LONG_STAY = (CHILD: string) => E(CHILD, '01/01/2020');

const CASES: Case[] = [
  // ---- episodes ----
  { code: '407', bad: { header: [H('1', { DOB: '01/01/2000' })], episodes: [E('1', '01/01/2017', { REC: 'E45', DEC: '02/01/2018' })] }, fails: ['episodes 0', 'header 0'], good: { header: [H('1', { DOB: '01/01/2000' })], episodes: [E('1', '01/01/2017', { REC: 'E45', DEC: '31/12/2017' })] } },
  { code: '408', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'A5' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'A5', LS: 'E1' })] } },
  { code: '426', bad: { episodes: [E('1', '01/05/2022', { LS: 'V3' }), E('1', '01/06/2022', { LS: 'V4' }), E('1', '01/07/2022', { LS: 'C2' })] }, fails: ['episodes 0', 'episodes 1'], good: { episodes: [E('1', '01/05/2022', { LS: 'V3' }), E('1', '01/06/2022', { LS: 'V3' })] } },
  { code: '431', bad: { episodes: PAIR({}, { RNE: 'S' }) }, fails: ['episodes 1'], good: { episodes: PAIR({}, { RNE: 'S', DECOM: '11/05/2022' }) } },
  { code: '432', bad: { episodes: PAIR({ REC: 'E8' }, { DECOM: '11/05/2022' }) }, fails: ['episodes 1'], good: { episodes: PAIR({ REC: 'E8' }, { DECOM: '11/05/2022', RNE: 'S' }) } },
  { code: '433', bad: { episodes: PAIR({}, { DECOM: '11/05/2022' }) }, fails: ['episodes 1'], good: { episodes: PAIR({}, {}) } },
  { code: '434', bad: { episodes: PAIR({}, { RNE: 'L', PLACE: 'U1' }) }, fails: ['episodes 1'], good: { episodes: PAIR({}, { RNE: 'L', PLACE: 'U1', LS: 'C1' }) } },
  { code: '435', bad: { episodes: PAIR({}, { RNE: 'P', LS: 'C1' }) }, fails: ['episodes 1'], good: { episodes: PAIR({}, { RNE: 'P' }) } },
  { code: '436', bad: { episodes: PAIR({}, { RNE: 'B', LS: 'C1', PLACE: 'U1' }) }, fails: ['episodes 1'], good: { episodes: PAIR({}, { RNE: 'B', LS: 'C1' }) } },
  { code: '437', bad: { episodes: PAIR({ REC: 'E2' }, {}) }, fails: ['episodes 0'], good: { episodes: PAIR({ REC: 'E4A' }, {}) } },
  { code: '445', bad: { episodes: [E('1', '01/01/2006', { LS: 'D1' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '31/12/2005', { LS: 'D1' })] } },
  { code: '446', bad: { episodes: [E('1', '30/11/2005', { LS: 'E1' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/12/2005', { LS: 'E1' })] } },
  { code: '451', bad: { episodes: [E('1', '01/05/2022', { LS: 'D1' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { LS: 'D1', DEC: '01/06/2022', REC: 'E11' })] } },
  { code: '460', bad: { header: [H('1', { DOB: '01/01/2005' })], episodes: [E('1', '01/05/2022', { REC: 'E17', DEC: '31/12/2022' })] }, fails: ['episodes 0'], good: { header: [H('1', { DOB: '01/01/2005' })], episodes: [E('1', '01/05/2022', { REC: 'E17', DEC: '01/01/2023' })] } },
  { code: '501', bad: { episodes: PAIR({}, { DECOM: '09/05/2022' }) }, fails: ['episodes 1'], good: { episodes: PAIR({}, {}) } },
  { code: '504', bad: { episodes: PAIR({}, { CIN: 'N2' }) }, fails: ['episodes 1'], good: { episodes: PAIR({}, {}) } },
  { code: '516', bad: { episodes: [E('1', '01/05/2022', { REC: 'E45', DEC: '01/06/2022', PLACE: 'K2' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { REC: 'E45', DEC: '01/06/2022', PLACE: 'U3' })] } },
  { code: '526', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'K2', PLACE_PROVIDER: '' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'Z1', PLACE_PROVIDER: '' })] } },
  { code: '526', year: 2026, bad: { episodes: [E('1', '01/05/2025', { PLACE: 'Z1', PLACE_PROVIDER: '' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2025', { PLACE: 'Z11', PLACE_PROVIDER: '' })] } },
  { code: '527', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'R2', PLACE_PROVIDER: 'PR1' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'R2', PLACE_PROVIDER: 'PR4' })] } },
  { code: '528', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'R5', PLACE_PROVIDER: 'PR2' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'K2', PLACE_PROVIDER: 'PR2' })] } },
  { code: '529', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'K1', PLACE_PROVIDER: 'PR3' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'R1', PLACE_PROVIDER: 'PR3' })] } },
  { code: '530', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'P1', PLACE_PROVIDER: 'PR4' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'P1', PLACE_PROVIDER: 'PR0' })] } },
  { code: '531', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'P1', PLACE_PROVIDER: 'PR5' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'P1', PLACE_PROVIDER: 'PR0' })] } },
  { code: '550', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'K2', PLACE_PROVIDER: 'PR0' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'P1', PLACE_PROVIDER: 'PR0' })] } },
  { code: '1009', bad: { episodes: [E('1', '01/05/2022', { REASON_PLACE_CHANGE: 'MOVED' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { REASON_PLACE_CHANGE: 'CARPL' })] } },
  // ---- placement postcodes (with a postcode book the test knows) ----
  { code: '406', bad: { uasc: [UASC('1')], episodes: [E('1', '01/05/2022', { HOME_POST: 'A1 1AA', PL_POST: 'B1 1AA' })] }, fails: ['episodes 0'], good: { uasc: [UASC('2')], episodes: [E('1', '01/05/2022', { HOME_POST: 'A1 1AA', PL_POST: 'B1 1AA' })] } },
  { code: '420', bad: { episodes: [E('1', '01/05/2022', { LS: 'V3', PL_POST: 'B1 1AA' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { LS: 'V3', PL_POST: 'ZZ9 9ZZ' })] } },
  { code: '452', bad: { episodes: [E('1', '01/01/2022', { PL_POST: 'B1 1AA' })], last: { episodes: [E('1', '01/01/2022', { PL_POST: 'A1 1AA' })] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022', { PL_POST: 'A1 2AA' })], last: { episodes: [E('1', '01/01/2022', { PL_POST: 'A1 1AA' })] } } },
  { code: '453', bad: { episodes: [E('1', '01/01/2022', { HOME_POST: 'A1 1AA', PL_POST: 'A1 1AA' })], last: { episodes: [E('1', '01/01/2022', { HOME_POST: 'A1 1AA', PL_POST: 'B1 1AA' })] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022', { HOME_POST: 'A1 1AA', PL_POST: 'B1 1AA' })], last: { episodes: [E('1', '01/01/2022', { HOME_POST: 'A1 1AA', PL_POST: 'B1 1AA' })] } } },
  { code: '454', year: 2026, bad: { episodes: [E('1', '01/05/2025', { HOME_POST: 'A1 1AA', PL_POST: 'D1 1AA' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2025', { HOME_POST: 'A1 1AA', PL_POST: 'B1 1AA' })] } },
  { code: '503G', bad: { episodes: [E('1', '01/01/2022', { RNE: 'P', HOME_POST: 'A1 1AA', PL_POST: 'A1 1AA' })], last: { episodes: [E('1', '01/01/2022', { HOME_POST: 'A1 1AA', PL_POST: 'B1 1AA' })] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022', { HOME_POST: 'A1 1AA', PL_POST: 'A1 1AA' })], last: { episodes: [E('1', '01/01/2022', { HOME_POST: 'A1 1AA', PL_POST: 'A1 2AA' })] } } },
  { code: '503G', year: 2024, bad: { episodes: [E('1', '01/01/2023', { HOME_POST: 'A1 1AA', PL_POST: 'A1 1AA' })], last: { episodes: [E('1', '01/01/2023', { HOME_POST: 'A1 1AA', PL_POST: 'ZZ9 9ZZ' })] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2023', { HOME_POST: 'A1 1AA', PL_POST: 'ZZ9 9ZZ' })], last: { episodes: [E('1', '01/01/2023', { HOME_POST: 'A1 1AA', PL_POST: 'ZZ9 9ZZ' })] } } },
  { code: '503H', bad: { episodes: [E('1', '01/01/2022', { PL_POST: 'C1 1AA' })], last: { episodes: [E('1', '01/01/2022', { PL_POST: 'B1 1AA' })] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022', { PL_POST: 'B1 1AA' })], last: { episodes: [E('1', '01/01/2022', { PL_POST: 'B1 1AA' })] } } },
  { code: '503J', bad: { episodes: [E('1', '01/01/2022', { PL_POST: 'A1 1AA' })], last: { episodes: [E('1', '01/01/2022', { PL_POST: 'B1 1AA' })] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022', { PL_POST: 'C1 1AA' })], last: { episodes: [E('1', '01/01/2022', { PL_POST: 'B1 1AA' })] } } },
  { code: '1015', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'K2', PLACE_PROVIDER: 'PR1', PL_POST: 'B1 1AA' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'K2', PLACE_PROVIDER: 'PR1', PL_POST: 'A1 1AA' })] } },
  { code: '1015', year: 2026, bad: { episodes: [E('1', '01/05/2025', { PLACE: 'K2', PLACE_PROVIDER: 'PR1', PL_POST: 'B1 1AA' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2025', { PLACE: 'K3', PLACE_PROVIDER: 'PR1', PL_POST: 'B1 1AA' })] } },
  // ---- against last year's episodes and header ----
  { code: '502', bad: { episodes: [E('1', '02/01/2022')], last: { episodes: [E('1', '01/01/2022')] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022')], last: { episodes: [E('1', '01/01/2022')] } } },
  ...(['503A:RNE:P', '503B:LS:C1', '503C:CIN:N4', '503E:PLACE_PROVIDER:PR1', '503F:URN:SC123456'] as const).map((spec): Case => {
    const [code, field, value] = spec.split(':') as [string, string, string];
    return { code, bad: { episodes: [E('1', '01/01/2022', { [field]: value })], last: { episodes: [E('1', '01/01/2021', { DEC: '01/01/2022', REC: 'X1' }), E('1', '01/01/2022')] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022', { [field]: value })], last: { episodes: [E('1', '01/01/2022', { [field]: value })] } } };
  }),
  { code: '503D', bad: { episodes: [E('1', '01/01/2022', { PLACE: 'U3' })], last: { episodes: [E('1', '01/01/2022', { PLACE: 'U2' })] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022', { PLACE: 'U2' })], last: { episodes: [E('1', '01/01/2022', { PLACE: 'U2' })] } } },
  { code: '503D', year: 2025, bad: { episodes: [E('1', '01/01/2024', { PLACE: 'K2' })], last: { episodes: [E('1', '01/01/2024', { PLACE: 'H5' })] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2024', { PLACE: 'K3' })], last: { episodes: [E('1', '01/01/2024', { PLACE: 'H5' })] } } },
  { code: '562', bad: { episodes: [E('1', '01/01/2022')], last: { episodes: [E('1', '01/02/2021')] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022')], last: { episodes: [E('1', '01/02/2021', { DEC: '01/01/2022', REC: 'X1' }), E('1', '01/01/2022')] } } },
  { code: 'NoE', bad: { episodes: [E('1', '01/01/2022')], last: { episodes: [E('2', '01/01/2022')] } }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022')], last: { episodes: [E('1', '01/01/2022')] } } },
  { code: '624', bad: { header: [H('1', { MOTHER: '1', MC_DOB: '01/01/2020' })], last: { header: [H('1', { MOTHER: '1', MC_DOB: '02/01/2020' })] } }, fails: ['header 0'], good: { header: [H('1', { MOTHER: '1', MC_DOB: '01/01/2020' })], last: { header: [H('1', { MOTHER: '1', MC_DOB: '01/01/2020' })] } } },
  { code: '626', bad: { header: [H('1', { MOTHER: '1', MC_DOB: '01/01/2022' })], last: { header: [H('1', { MOTHER: '0' })] } }, fails: ['header 0'], good: { header: [H('1', { MOTHER: '1', MC_DOB: '01/01/2022' })], last: { header: [H('1', { MOTHER: '1' })] } } },
  // ---- header ----
  { code: '442', bad: { header: [H('1', { UPN: '' })], episodes: [E('1', '01/05/2022')] }, fails: ['header 0'], good: { header: [H('1', { UPN: '' })], episodes: [E('1', '01/05/2022', { LS: 'V3' })] } },
  { code: '444', year: 2026, bad: { header: [H('1', { UPN: 'X' }), H('2', { UPN: 'X' }), H('3', { UPN: 'Y' })] }, fails: ['header 0', 'header 1'], good: { header: [H('1', { UPN: 'UN1' }), H('2', { UPN: 'UN1' })] } },
  { code: '607', bad: { header: [H('1', { SEX: '2' })], episodes: [E('1', '01/05/2022', { DEC: '01/06/2022', REC: 'E4A' })] }, fails: ['episodes 0', 'header 0'], good: { header: [H('1', { SEX: '2', MOTHER: '0' })], episodes: [E('1', '01/05/2022', { DEC: '01/06/2022', REC: 'E4A' })] } },
  { code: '607', year: 2025, bad: { header: [H('1', { SEX: 'F' })], episodes: [E('1', '01/05/2024', { DEC: '01/06/2024', REC: 'E4A' })] }, fails: ['episodes 0', 'header 0'], good: { header: [H('1', { SEX: '2' })], episodes: [E('1', '01/05/2024', { DEC: '01/06/2024', REC: 'E4A' })] } },
  { code: '611', bad: { header: [H('1', { MOTHER: '1' })] }, fails: ['header 0'], good: { header: [H('1', { MOTHER: '1', MC_DOB: '01/01/2022' })] } },
  { code: '612', bad: { header: [H('1', { SEX: '2', MOTHER: '0', MC_DOB: '01/01/2022' })] }, fails: ['header 0'], good: { header: [H('1', { SEX: '2', MOTHER: '1', MC_DOB: '01/01/2022' })] } },
  { code: '612', year: 2025, bad: { header: [H('1', { SEX: 'F', MC_DOB: '01/01/2022' })] }, fails: ['header 0'], good: { header: [H('1', { SEX: 'F', MOTHER: '1', MC_DOB: '01/01/2022' })] } },
  { code: '620', bad: { header: [H('1', { MOTHER: '1', DOB: '01/05/2011' })] }, fails: ['header 0'], good: { header: [H('1', { MOTHER: '1', DOB: '01/04/2011' })] } },
  { code: '621', bad: { header: [H('1', { MC_DOB: '01/01/2010' })] }, fails: ['header 0'], good: { header: [H('1', { MC_DOB: '02/01/2010' })] } },
  { code: '625', bad: { header: [H('1', { MOTHER: '1', MC_DOB: '02/06/2022' })], episodes: [E('1', '01/05/2022', { DEC: '01/06/2022', REC: 'E4A' })] }, fails: ['header 0', 'episodes 0'], good: { header: [H('1', { MOTHER: '1', MC_DOB: '01/06/2022' })], episodes: [E('1', '01/05/2022', { DEC: '01/06/2022', REC: 'E4A' })] } },
  { code: '628', bad: { header: [H('1', { MOTHER: '0' })], oc3: [OC3('1')] }, fails: ['header 0'], good: { header: [H('1')], oc3: [OC3('1')] } },
  { code: 'EPI', bad: { header: [H('1'), H('2')], oc3: [OC3('2')] }, fails: ['header 0'], good: { header: [H('1')], episodes: [E('1', '01/05/2022')] } },
  // ---- reviews and OC2 ----
  { code: '440', bad: { reviews: [REV('1', { DOB: '31/05/2018', REVIEW_CODE: 'PN0' })] }, fails: ['reviews 0'], good: { reviews: [REV('1', { DOB: '01/06/2018', REVIEW_CODE: 'PN0' })] } },
  { code: '441', bad: { reviews: [REV('1', { DOB: '02/06/2018' })] }, fails: ['reviews 0'], good: { reviews: [REV('1', { DOB: '01/06/2018' })] } },
  { code: '542', bad: { oc2: [OC2('1', { DOB: '01/04/2013' })] }, fails: ['oc2 0'], good: { oc2: [OC2('1', { DOB: '31/03/2013' })] } },
  { code: '543', bad: { episodes: [LONG_STAY('1')], oc2: [OC2('1', { CONVICTED: '' })] }, fails: ['oc2 0'], good: { episodes: [E('1', '01/05/2022')], oc2: [OC2('1', { CONVICTED: '' })] } },
  { code: '544', bad: { oc2: [OC2('1', { CONVICTED: '1', TEETH_CHECK: '' })] }, fails: ['oc2 0'], good: { oc2: [OC2('1', { CONVICTED: '1' })] } },
  { code: '545', bad: { episodes: [LONG_STAY('1')], oc2: [OC2('1', { DOB: '01/01/2019' })] }, fails: ['oc2 0'], good: { episodes: [LONG_STAY('1')], oc2: [OC2('1', { DOB: '01/01/2019', HEALTH_CHECK: '1' })] } },
  { code: '546', bad: { episodes: [LONG_STAY('1')], oc2: [OC2('1', { HEALTH_CHECK: '1' })] }, fails: ['oc2 0'], good: { episodes: [LONG_STAY('1')], oc2: [OC2('1')] } },
  { code: '547', bad: { oc2: [OC2('1', { HEALTH_CHECK: '1', IMMUNISATIONS: '' })] }, fails: ['oc2 0'], good: { oc2: [OC2('1', { HEALTH_CHECK: '1' })] } },
  // ---- adoption ----
  { code: '511', bad: { ad1: [AD1('1', { SEX_ADOPTR: 'M1' })] }, fails: ['ad1 0'], good: { ad1: [AD1('1')] } },
  { code: '514', bad: { ad1: [AD1('1', { LS_ADOPTR: 'L0' })] }, fails: ['ad1 0'], good: { ad1: [AD1('1', { LS_ADOPTR: 'L0', NB_ADOPTR: '1', SEX_ADOPTR: 'F1' })] } },
  { code: '517', bad: { ad1: [AD1('1', { LS_ADOPTR: 'L3', SEX_ADOPTR: 'FF' })] }, fails: ['ad1 0'], good: { ad1: [AD1('1', { LS_ADOPTR: 'L3' })] } },
  { code: '518', bad: { ad1: [AD1('1', { LS_ADOPTR: 'L4' })] }, fails: ['ad1 0'], good: { ad1: [AD1('1', { LS_ADOPTR: 'L4', SEX_ADOPTR: 'MM' })] } },
  { code: '519', bad: { ad1: [AD1('1', { LS_ADOPTR: 'L2', SEX_ADOPTR: '' })] }, fails: ['ad1 0'], good: { ad1: [AD1('1', { LS_ADOPTR: 'L2', SEX_ADOPTR: 'FF' })] } },
  { code: '520', bad: { ad1: [AD1('1', { SEX_ADOPTR: 'FF' })] }, fails: ['ad1 0'], good: { ad1: [AD1('1')] } },
  { code: '524', bad: { ad1: [AD1('1', { LS_ADOPTR: 'L12' })] }, fails: ['ad1 0'], good: { ad1: [AD1('1', { LS_ADOPTR: 'L12', SEX_ADOPTR: 'FF' })] } },
  { code: '521', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'A4' })], ad1: [AD1('1', { DATE_INT: '02/05/2022' })] }, fails: ['episodes 0', 'ad1 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'A4' })], ad1: [AD1('1')] } },
  { code: '522', bad: { placed_adoption: [PA('1', { DATE_PLACED_CEASED: '30/04/2022', REASON_PLACED_CEASED: 'RD4' })] }, fails: ['placed_adoption 0'], good: { placed_adoption: [PA('1', { DATE_PLACED_CEASED: '01/05/2022', REASON_PLACED_CEASED: 'RD4' })] } },
  { code: '523', bad: { placed_adoption: [PA('1')], ad1: [AD1('1', { DATE_INT: '02/05/2022' })] }, fails: ['placed_adoption 0', 'ad1 0'], good: { placed_adoption: [PA('1')], ad1: [AD1('1')] } },
  { code: '525', bad: { placed_adoption: [PA('1', { DATE_PLACED_CEASED: '01/06/2022', REASON_PLACED_CEASED: 'RD1' })], ad1: [AD1('1')] }, fails: ['placed_adoption 0', 'ad1 0'], good: { placed_adoption: [PA('1')], ad1: [AD1('1')] } },
  { code: '551', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'A4' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'A4' })], placed_adoption: [PA('1')] } },
  { code: '552', bad: { episodes: [E('1', '01/05/2022', { PLACE: 'A4' })], placed_adoption: [PA('1', { DATE_PLACED: '02/05/2022' })] }, fails: ['episodes 0', 'placed_adoption 0'], good: { episodes: [E('1', '01/05/2022', { PLACE: 'A4' })], placed_adoption: [PA('1')] } },
  { code: '553', bad: { episodes: [E('1', '01/05/2022', { LS: 'E1' }), E('2', '01/05/2022', { LS: 'E1' })], placed_adoption: [PA('2', { DATE_PLACED_CEASED: '01/06/2022' })] }, fails: ['episodes 0', 'placed_adoption 0'], good: { episodes: [E('1', '01/05/2022', { LS: 'E1' }), E('2', '01/05/2022', { LS: 'E1' })], placed_adoption: [PA('1'), PA('2')] } },
  { code: '554', bad: { episodes: [E('1', '01/05/2022', { LS: 'E1' })], placed_adoption: [PA('1', { DATE_PLACED: '02/05/2022' })] }, fails: ['episodes 0', 'placed_adoption 0'], good: { episodes: [E('1', '01/05/2022', { LS: 'E1' })], placed_adoption: [PA('1')] } },
  { code: '555', bad: { episodes: [E('1', '01/05/2022', { LS: 'D1' }), E('2', '01/05/2022', { LS: 'D1' })], placed_adoption: [PA('2', { REASON_PLACED_CEASED: 'RD4' })] }, fails: ['episodes 0', 'placed_adoption 0'], good: { episodes: [E('1', '01/05/2022', { LS: 'D1' }), E('2', '01/05/2022', { LS: 'D1' })], placed_adoption: [PA('1'), PA('2')] } },
  { code: '556', bad: { episodes: [E('1', '01/05/2022', { LS: 'D1' })], placed_adoption: [PA('1', { DATE_PLACED: '02/05/2022' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { LS: 'D1' })], placed_adoption: [PA('1')] } },
  { code: '557', bad: { episodes: [E('1', '01/05/2022', { LS: 'D1', DEC: '01/06/2022', REC: 'E4A' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { LS: 'D1', DEC: '01/06/2022', REC: 'E4A' })], placed_adoption: [PA('1', { DATE_PLACED_CEASED: '01/06/2022', REASON_PLACED_CEASED: 'RD4' })] } },
  { code: '557', year: 2025, bad: { episodes: [E('1', '01/05/2024', { LS: 'E1', DEC: '01/06/2024', REC: 'E4A' })], placed_adoption: [PA('1')] }, fails: ['episodes 0', 'placed_adoption 0'], good: { episodes: [E('1', '01/05/2024', { LS: 'D1', DEC: '01/06/2024', REC: 'E4A' })] } },
  { code: '558', bad: { episodes: [E('1', '01/05/2022', { REC: 'E11', DEC: '01/07/2022' })], placed_adoption: [PA('1', { DATE_PLACED_CEASED: '01/05/2022' }), PA('1', { DATE_PLACED_CEASED: '01/06/2022' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { REC: 'E11', DEC: '01/07/2022' })], placed_adoption: [PA('1', { DATE_PLACED_CEASED: '01/05/2021' }), PA('1', { DATE_PLACED_CEASED: '01/06/2022' })] } },
  { code: '559', bad: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })], last: { placed_adoption: [] } }, fails: ['placed_adoption 0'], good: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })], last: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })] } } },
  { code: '560', bad: { placed_adoption: [PA('1', { DATE_PLACED: '02/01/2022' })], last: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })] } }, fails: ['placed_adoption 0'], good: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })], last: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })] } } },
  { code: '561', bad: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })], last: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022', DATE_PLACED_CEASED: '01/03/2022' })] } }, fails: ['placed_adoption 0'], good: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })], last: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' })] } } },
  { code: '563', bad: { placed_adoption: [PA('1', { DATE_PLACED: '', DATE_PLACED_CEASED: '01/06/2022', REASON_PLACED_CEASED: 'RD4' })] }, fails: ['placed_adoption 0'], good: { placed_adoption: [PA('1', { DATE_PLACED_CEASED: '01/06/2022', REASON_PLACED_CEASED: 'RD4' })] } },
  { code: '579', bad: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022' }), PA('1', { DATE_PLACED: '01/03/2022' })] }, fails: ['placed_adoption 1'], good: { placed_adoption: [PA('1', { DATE_PLACED: '01/01/2022', DATE_PLACED_CEASED: '01/02/2022' }), PA('1', { DATE_PLACED: '01/03/2022' })] } },
  { code: '601', bad: { episodes: [E('1', '01/05/2022', { REC: 'E11', DEC: '01/07/2022' })], ad1: [AD1('1', { DATE_MATCH: '' })] }, fails: ['episodes 0', 'ad1 0'], good: { episodes: [E('1', '01/05/2022', { REC: 'E11', DEC: '01/07/2022' })], ad1: [AD1('1')] } },
  { code: '602', bad: { episodes: [E('1', '01/05/2022', { REC: 'E11', DEC: '01/07/2021' })], ad1: [AD1('1')] }, fails: ['ad1 0'], good: { episodes: [E('1', '01/05/2022', { REC: 'E11', DEC: '01/07/2022' })], ad1: [AD1('1')] } },
  { code: '1003', bad: { episodes: [E('1', '01/05/2022')], placed_adoption: [PA('1', { DATE_PLACED: '30/04/2022' })] }, fails: ['episodes 0', 'placed_adoption 0'], good: { episodes: [E('1', '01/05/2022')], placed_adoption: [PA('1')] } },
  // ---- missing ----
  { code: '564', bad: { missing: [MIS('1', { MIS_START: '' })] }, fails: ['missing 0'], good: { missing: [MIS('1')] } },
  { code: '565', bad: { missing: [MIS('1', { MISSING: '' })] }, fails: ['missing 0'], good: { missing: [MIS('1', { MISSING: 'A' })] } },
  { code: '566', bad: { missing: [MIS('1', { MISSING: '', MIS_START: '' })] }, fails: ['missing 0'], good: { missing: [MIS('1', { MIS_START: '' })] } },
  { code: '567', bad: { missing: [MIS('1', { MIS_END: '30/04/2022' })] }, fails: ['missing 0'], good: { missing: [MIS('1', { MIS_END: '01/05/2022' })] } },
  { code: '570', bad: { missing: [MIS('1', { MIS_START: '01/04/2023', MIS_END: '' })] }, fails: ['missing 0'], good: { missing: [MIS('1', { MIS_START: '31/03/2023', MIS_END: '' })] } },
  { code: '571', bad: { missing: [MIS('1', { MIS_START: '30/03/2022', MIS_END: '31/03/2022' })] }, fails: ['missing 0'], good: { missing: [MIS('1', { MIS_START: '30/03/2022', MIS_END: '01/04/2022' })] } },
  { code: '574', bad: { missing: [MIS('1', { MIS_END: '' }), MIS('1', { MIS_START: '01/06/2022', MIS_END: '02/06/2022' })] }, fails: ['missing 1'], good: { missing: [MIS('1'), MIS('1', { MIS_START: '02/05/2022', MIS_END: '03/05/2022' })] } },
  { code: '575', bad: { episodes: [E('1', '01/04/2022', { DEC: '01/06/2022', REC: 'X1' })], missing: [MIS('1', { MIS_END: '' })] }, fails: ['missing 0'], good: { episodes: [E('1', '01/04/2022', { DEC: '01/06/2022', REC: 'X1' })], missing: [MIS('1')] } },
  { code: '576', bad: { missing: [MIS('1', { MIS_START: '02/03/2022' })], last: { missing: [MIS('1', { MIS_START: '01/03/2022', MIS_END: '' })] } }, fails: ['missing 0'], good: { missing: [MIS('1', { MIS_START: '01/03/2022' })], last: { missing: [MIS('1', { MIS_START: '01/03/2022', MIS_END: '' })] } } },
  { code: '577', bad: { episodes: [E('1', '01/01/2022', { DEC: '01/06/2022', REC: 'E4A' })], missing: [MIS('1', { MIS_END: '' })] }, fails: ['missing 0'], good: { episodes: [E('1', '01/01/2022', { DEC: '01/06/2022', REC: 'E4A' })], missing: [MIS('1')] } },
  { code: '578', bad: { episodes: [E('1', '01/01/2022', { DEC: '01/06/2022', REC: 'E4A' })], missing: [MIS('1', { MIS_START: '02/06/2022', MIS_END: '03/06/2022' })] }, fails: ['missing 0'], good: { episodes: [E('1', '01/01/2022', { DEC: '01/06/2022', REC: 'E4A' })], missing: [MIS('1', { MIS_START: '01/06/2022', MIS_END: '01/06/2022' })] } },
  { code: '580', bad: { episodes: [E('1', '01/01/2022', { DEC: '01/06/2022', REC: 'E4A' })], missing: [MIS('1', { DOB: '01/06/2004', MIS_END: '01/06/2022' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/01/2022', { DEC: '01/06/2022', REC: 'E8' })], missing: [MIS('1', { DOB: '01/06/2004', MIS_END: '01/06/2022' })] } },
  { code: '586', bad: { missing: [MIS('1', { DOB: '01/05/2022' })] }, fails: ['missing 0'], good: { missing: [MIS('1', { DOB: '30/04/2022' })] } },
  { code: '1004', bad: { missing: [MIS('1', { MIS_START: '31/02/2022' }), MIS('1', { MIS_START: '' })] }, fails: ['missing 0', 'missing 1'], good: { missing: [MIS('1', { MIS_START: '28/02/2022' })] } },
  { code: '1005', bad: { missing: [MIS('1', { MIS_END: '2022-05-02' })] }, fails: ['missing 0'], good: { missing: [MIS('1', { MIS_END: '' })] } },
  { code: '1006', bad: { missing: [MIS('1', { MISSING: 'X' })] }, fails: ['missing 0'], good: { missing: [MIS('1', { MISSING: 'a' })] } },
  // ---- previous permanence ----
  { code: '630', bad: { episodes: [E('1', '01/05/2022'), E('2', '01/05/2022')], prev_perm: [PP('2', { DATE_PERM: '' })] }, fails: ['episodes 0', 'episodes 1'], good: { episodes: [E('1', '01/05/2022'), E('2', '01/05/2022')], prev_perm: [PP('1'), PP('2', { PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' })] } },
  { code: '631', bad: { prev_perm: [PP('1', { PREV_PERM: 'P9' })] }, fails: ['prev_perm 0'], good: { prev_perm: [PP('1', { PREV_PERM: 'Z1' })] } },
  { code: '632', bad: { episodes: [E('1', '01/05/2022')], prev_perm: [PP('1', { DATE_PERM: 'ZZ/05/2022' })] }, fails: ['episodes 0', 'prev_perm 0'], good: { episodes: [E('1', '01/05/2022')], prev_perm: [PP('1', { DATE_PERM: 'ZZ/04/2022' })] } },
  { code: '633', bad: { prev_perm: [PP('1', { LA_PERM: '123' })] }, fails: ['prev_perm 0'], good: { prev_perm: [PP('1', { LA_PERM: 'WAL' })] } },
  { code: '634', bad: { episodes: [E('1', '01/01/2022')], prev_perm: [PP('1')] }, fails: ['prev_perm 0', 'episodes 0'], good: { episodes: [E('1', '01/01/2022'), E('1', '01/05/2022')], prev_perm: [PP('1')] } },
  { code: '635', bad: { prev_perm: [PP('1', { PREV_PERM: '' })] }, fails: ['prev_perm 0'], good: { prev_perm: [PP('1', { PREV_PERM: '', LA_PERM: '', DATE_PERM: '' })] } },
  // ---- care leavers ----
  { code: '1000', bad: { episodes: [E('1', '01/05/2022', { DEC: '01/06/2022', REC: 'E2' })], oc3: [OC3('1')] }, fails: ['oc3 0'], good: { episodes: [E('1', '01/05/2022', { DEC: '01/06/2022', REC: 'E4A' })], oc3: [OC3('1')] } },
  {
    code: '1001',
    bad: { header: [H('1', { DOB: '01/01/2005' })], episodes: [E('1', '01/01/2022', { DEC: '01/02/2022', REC: 'E4A' })], oc3: [OC3('1')], last: { episodes: [E('1', '01/01/2022')] } },
    fails: ['oc3 0'],
    good: { header: [H('1', { DOB: '01/01/2005' })], episodes: [E('1', '01/01/2021', { DEC: '01/06/2022', REC: 'E4A' })], oc3: [OC3('1')], last: { episodes: [E('1', '01/01/2021')] } },
  },
  { code: '1002', bad: { episodes: [E('2', '01/05/2022')], oc3: [OC3('1')], last: { episodes: [E('2', '01/05/2021')] } }, fails: ['oc3 0'], good: { episodes: [E('2', '01/05/2022')], oc3: [OC3('1')], last: { episodes: [E('1', '01/05/2021', { DEC: '01/06/2021', REC: 'E4A' })] } } },
  { code: '1007', bad: { episodes: [E('1', '01/01/2022', { DEC: '01/07/2022', REC: 'E4A' })], oc3: [OC3('1', { DOB: '01/06/2005' })] }, fails: ['oc3 0'], good: { episodes: [E('1', '01/01/2022', { DEC: '01/05/2022', REC: 'E4A' })], oc3: [OC3('1', { DOB: '01/06/2005' })] } },
  { code: '1010', bad: { oc3: [OC3('1')], last: { episodes: [E('1', '01/05/2021')] } }, fails: ['oc3 0'], good: { oc3: [OC3('1')], last: { episodes: [E('1', '01/05/2021', { DEC: '01/06/2021', REC: 'E4A' })] } } },
  { code: '1011', bad: { episodes: [E('1', '01/05/2022', { DEC: '01/06/2022', REC: 'E3' })], oc3: [OC3('1')] }, fails: ['oc3 0'], good: { episodes: [E('1', '01/05/2022', { DEC: '01/06/2022', REC: 'E3' })], oc3: [OC3('1', { IN_TOUCH: '', ACTIV: '', ACCOM: '' })] } },
  { code: '1014', bad: { episodes: [E('1', '01/01/2020', { DEC: '01/01/2021', REC: 'E4A' })], uasc: [UASC('1')], oc3: [OC3('1')] }, fails: ['uasc 0', 'oc3 0'], good: { episodes: [E('1', '01/01/2020', { DEC: '01/05/2022', REC: 'E4A' })], uasc: [UASC('1')], oc3: [OC3('1')] } },
  { code: '1016', year: 2024, bad: { episodes: [E('1', '01/01/2023', { DEC: '01/07/2023', REC: 'E4A' })], oc3: [OC3('1', { DOB: '01/06/2006' })] }, fails: ['oc3 0'], good: { episodes: [E('1', '01/01/2023', { DEC: '01/05/2023', REC: 'E4A' })], oc3: [OC3('1', { DOB: '01/06/2006' })] } },
  { code: '3001', bad: { header: [H('1', { DOB: '01/06/2005' })], oc3: [OC3('1', { ACCOM: 'Z1' })] }, fails: ['oc3 0'], good: { header: [H('1', { DOB: '01/06/2004' })], oc3: [OC3('1', { ACCOM: 'Z1' })] } },
  // ---- between tables ----
  ...([['INT01', 'ad1', AD1], ['INT02', 'placed_adoption', PA], ['INT03', 'episodes', (c: string) => E(c, '01/05/2022')], ['INT04', 'missing', MIS], ['INT05', 'oc2', OC2], ['INT06', 'oc3', OC3], ['INT07', 'prev_perm', PP], ['INT08', 'reviews', REV], ['INT09', 'uasc', UASC]] as const).map(([code, table, row]): Case => (
    { code, bad: { header: [H('1')], [table]: [row('1'), row('2')] }, fails: [`${table} 1`], good: { header: [H('1'), H('2')], [table]: [row('1'), row('2')] } }
  )),
  ...([['INT11', 'ad1', AD1], ['INT12', 'placed_adoption', PA], ['INT13', 'missing', MIS], ['INT14', 'oc2', OC2], ['INT15', 'oc3', OC3], ['INT16', 'prev_perm', PP], ['INT17', 'reviews', REV], ['INT18', 'uasc', UASC]] as const).map(([code, table, row]): Case => (
    { code, bad: { header: [H('1', { DOB: '01/01/2010' })], [table]: [row('1', { DOB: '02/01/2010' }), row('2', { DOB: '02/01/2010' })] }, fails: [`${table} 0`], good: { header: [H('1', { DOB: '01/01/2010' })], [table]: [row('1', { DOB: '01/01/2010' })] } }
  )),
  { code: 'INT21', bad: { header: [H('1', { SEX: '1' })], uasc: [UASC('1', { SEX: '2' })] }, fails: ['uasc 0'], good: { header: [H('1', { SEX: '2' })], uasc: [UASC('1', { SEX: '2' })] } },
  { code: '1012', bad: { episodes: [E('1', '01/05/2022')], reviews: [REV('1'), REV('2')], oc2: [OC2('2')] }, fails: ['reviews 1', 'oc2 0'], good: { episodes: [E('1', '01/05/2022'), E('2', '01/05/2022')], reviews: [REV('1'), REV('2')], oc2: [OC2('2')] } },
  { code: '1008', bad: { episodes: [E('1', '01/05/2022', { URN: 'SC999999' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2022', { URN: 'SC123456' }), E('1', '01/06/2022', { URN: 'XXXXXXX' })] } },
  // ---- social workers ----
  { code: 'SW01STG1', year: 2024, bad: { episodes: [E('1', '01/05/2023'), E('2', '01/05/2023')], sw_episodes: [SW('2', '01/05/2023', { SW_REASON: '' })] }, fails: ['episodes 0', 'episodes 1'], good: { episodes: [E('1', '01/05/2023'), E('2', '01/05/2023', { LS: 'V3' })], sw_episodes: [SW('1', '01/05/2023')] } },
  { code: 'SW01STG1', year: 2025, bad: { episodes: [E('1', '01/05/2024')], sw_episodes: [SW('1', '01/05/2024', { SW_ID: '' })] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2024')], sw_episodes: [SW('1', '01/05/2024', { SW_REASON: '' })] } },
  { code: 'SW01aSTG1', year: 2025, bad: { sw_episodes: [SW('1', ''), SW('2', '01/01/2023', { SW_ID: '' })] }, fails: ['sw_episodes 0', 'sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_ID: '' })] } },
  { code: 'SW01bSTG1', year: 2025, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_REASON: '' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/01/2023', { SW_REASON: '' })] } },
  { code: 'SW02STG1', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_ID: 'AB12' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_ID: 'SW1' })] } },
  { code: 'SW02STG1', year: 2026, bad: { sw_episodes: [SW('1', '01/05/2025', { SW_ID: 'SW1' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2025', { SW_ID: 'XX12' })] } },
  { code: 'SW03STG1', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_REASON: '' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2023')] } },
  { code: 'SW04STG1', year: 2024, bad: { sw_episodes: [SW('1', '2023-05-01')] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', 'ZZ/ZZ/2023')] } },
  { code: 'SW04STG1', year: 2026, bad: { sw_episodes: [SW('1', 'ZZ/ZZ/2025')] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2025')] } },
  { code: 'SW05STG1', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '31/06/2023' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2023')] } },
  { code: 'SW05STG1', year: 2026, bad: { sw_episodes: [SW('1', '01/05/2025')] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '01/06/2025' })] } },
  { code: 'SW06STG2', year: 2024, bad: { sw_episodes: [SW('1', '01/04/2024')] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '31/03/2024')] } },
  { code: 'SW07STG2', year: 2024, bad: { sw_episodes: [SW('1', '01/01/2023', { SW_DEC: '31/03/2023' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/01/2023', { SW_DEC: '01/04/2023' })] } },
  { code: 'SW07STG2', year: 2025, bad: { sw_episodes: [SW('1', '01/01/2023', { SW_DEC: '01/03/2023' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/01/2023', { SW_DEC: '05/04/2023' })] } },
  { code: 'SW08STG2', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023'), SW('1', '01/06/2023')] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '01/06/2023' }), SW('1', '01/06/2023')] } },
  { code: 'SW09STG2', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '01/05/2023' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '02/05/2023' })] } },
  { code: 'SW09STG2', year: 2026, bad: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '03/05/2025' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '04/05/2025' })] } },
  { code: 'SW10STG2', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '01/06/2023' }), SW('1', '09/06/2023')] }, fails: ['sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '01/06/2023' }), SW('1', '08/06/2023')] } },
  { code: 'SW10STG2', year: 2025, bad: { sw_episodes: [SW('1', '01/05/2024', { SW_DEC: '01/06/2024' }), SW('1', '20/06/2024')] }, fails: ['sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2024', { SW_DEC: '01/06/2024' }), SW('1', '20/06/2024', { SW_REASON: 'FCONTA' })] } },
  { code: 'SW10aSTG2', year: 2026, bad: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '01/06/2025' }), SW('1', '20/06/2025')] }, fails: ['sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '01/06/2025' }), SW('1', '02/06/2025')] } },
  { code: 'SW10bSTG2', year: 2026, bad: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '01/06/2025' }), SW('1', '01/06/2025', { SW_REASON: 'FCONTA' })] }, fails: ['sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '01/06/2025' }), SW('1', '02/06/2025', { SW_REASON: 'FCONTA' })] } },
  { code: 'SW11STG2', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '01/06/2023' }), SW('1', '05/06/2023')] }, fails: ['sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '01/06/2023' }), SW('1', '01/06/2023')] } },
  { code: 'SW11aSTG2', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '01/06/2023' }), SW('1', '07/06/2023')] }, fails: ['sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '01/06/2023' }), SW('1', '06/06/2023')] } },
  { code: 'SW11bSTG2', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '28/03/2024' }), SW('1', ''), SW('2', '01/05/2023')] }, fails: ['sw_episodes 1', 'sw_episodes 2'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '28/03/2024' }), SW('1', '28/03/2024')] } },
  { code: 'SW12STG2', year: 2024, bad: { episodes: [E('1', '01/01/2023', { DEC: '01/02/2023', REC: 'X1' }), E('1', '01/02/2023', { RNE: 'P', DEC: '01/06/2023', REC: 'E4A' })], sw_episodes: [SW('1', '01/01/2023')] }, fails: ['episodes 1'], good: { episodes: [E('1', '01/01/2023', { DEC: '01/02/2023', REC: 'X1' }), E('1', '01/02/2023', { RNE: 'P', DEC: '01/06/2023', REC: 'E4A' })], sw_episodes: [SW('1', '01/01/2023', { SW_DEC: '01/02/2023' }), SW('1', '01/02/2023')] } },
  { code: 'SW12STG2', year: 2025, bad: { episodes: [E('1', '01/05/2024')], sw_episodes: [SW('1', '30/04/2024')] }, fails: ['episodes 0'], good: { episodes: [E('1', '01/05/2024')], sw_episodes: [SW('1', '01/05/2024')] } },
  { code: 'SW13STG1', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_REASON: 'LAZY' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_REASON: 'OTHERS' })] } },
  { code: 'SW13STG1', year: 2025, bad: { sw_episodes: [SW('1', '01/05/2024', { SW_REASON: '', SW_DEC: '01/06/2024' }), SW('1', '01/06/2024', { SW_REASON: '' })] }, fails: ['sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2024', { SW_REASON: '', SW_DEC: '01/06/2024' }), SW('1', '01/06/2024')] } },
  { code: 'SW14STG2', year: 2024, bad: { sw_episodes: [SW('1', '01/05/2023'), SW('1', '02/06/2023')] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2023', { SW_DEC: '02/06/2023' }), SW('1', '02/06/2023')] } },
  // the latest episode by date, not by dd/mm/yyyy text (05/09 sorts before 20/01 as text)
  { code: 'SW14STG2', year: 2024, bad: { sw_episodes: [SW('1', '20/01/2023'), SW('1', '05/09/2023')] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '20/01/2023', { SW_DEC: '05/09/2023' }), SW('1', '05/09/2023')] } },
  { code: 'SW15STG2', year: 2025, bad: { sw_episodes: [SW('1', '01/05/2023', { SW_REASON: '' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/01/2023', { SW_REASON: '' })] } },
  { code: 'SW16aSTG2', year: 2025, bad: { sw_episodes: [SW('1', '01/01/2024', { SW_ID: 'SW2002' })], last: { sw_episodes: [SW('1', '01/01/2024')] } }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/01/2024')], last: { sw_episodes: [SW('1', '01/01/2024')] } } },
  { code: 'SW16bSTG2', year: 2025, bad: { sw_episodes: [SW('1', '02/01/2024')], last: { sw_episodes: [SW('1', '01/01/2024')] } }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/01/2024')], last: { sw_episodes: [SW('1', '01/01/2024')] } } },
  { code: 'SW16cSTG2', year: 2025, bad: { sw_episodes: [SW('1', '01/01/2024', { SW_REASON: 'OTHERS' })], last: { sw_episodes: [SW('1', '01/01/2024')] } }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/01/2024')], last: { sw_episodes: [SW('1', '01/01/2024')] } } },
  { code: 'SW17STG2', year: 2026, bad: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '01/06/2025' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '01/06/2025' }), SW('1', '01/06/2025')] } },
  { code: 'SW18STG2', year: 2026, bad: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '30/04/2025' })] }, fails: ['sw_episodes 0'], good: { sw_episodes: [SW('1', '01/05/2025', { SW_DEC: '02/05/2025' })] } },
  { code: 'SW19STG2', year: 2026, bad: { sw_episodes: [SW('1', '01/05/2025'), SW('1', '01/05/2025')] }, fails: ['sw_episodes 1'], good: { sw_episodes: [SW('1', '01/05/2025'), SW('2', '01/05/2025')] } },
];

const applies = (r: Rule<Ssda903Return>, year: number) => !r.years || (year >= r.years[0] && year <= r.years[1]);
const show = (rules: Rule<Ssda903Return>[], d: Ssda903Return) => runRules(rules, d).map((f) => `${f.table} ${f.row}`).sort();

describe('SSDA903 rules part b: each fires on its failing rows and is quiet once fixed', () => {
  const fired = new Set<Rule<Ssda903Return>>();
  for (const c of CASES) {
    const year = c.year ?? 2023;
    it(`${c.code} (${year} return)`, () => {
      const rules = TEST_RULES.filter((r) => r.code === c.code && applies(r, year));
      expect(rules.length, 'a version of the rule applies to the year').toBe(1);
      expect(show(rules, build(c.bad, year))).toEqual([...c.fails].sort());
      expect(show(rules, build(c.good, year))).toEqual([]);
      fired.add(rules[0]!);
    });
  }

  it('every version of every ported rule fired in some case above', () => {
    const silent = TEST_RULES.filter((r) => !fired.has(r)).map((r) => `${r.code} ${r.years?.join('-') ?? 'all'}`);
    expect(silent).toEqual([]);
  });
});

describe('the catalogue at the top of ssda903-b/index.ts', () => {
  const yearsOf = (r: Rule<Ssda903Return>): string => {
    if (!r.years) return 'all';
    const [a, b] = r.years;
    if (a === 0) return `-${b}`;
    if (b === 9999) return `${a}+`;
    return a === b ? `${a}` : `${a}-${b}`;
  };
  it('lists exactly the rules RULES holds, with their years, and says why each skipped one cannot apply', () => {
    const ported = CATALOGUE.filter((e) => e.status === 'ported').map((e) => `${e.code} ${e.years}`).sort();
    expect(RULES.map((r) => `${r.code} ${yearsOf(r)}`).sort()).toEqual(ported);
    for (const e of CATALOGUE.filter((x) => x.status !== 'ported')) expect(e.note, e.code).toBeTruthy();
    expect(new Set(CATALOGUE.map((e) => e.code)).size).toBe(169); // 168 ported, 411 not applicable
    for (const e of CATALOGUE) expect(e.read, `${e.code} ${e.years}`).toMatch(/lac20\d\d_\d\d|as 503/);
  });
});

describe('what every rule sees, derived as the validator derives it', () => {
  it('postcode fields: unknown postcodes give no LA, location or distance; known ones give miles to one decimal', () => {
    expect(placementGeo(E('1', '01/05/2022', { HOME_POST: 'J1 9BX', PL_POST: 'Y27 6JA' }), BOOK, LA)).toEqual({ PL_LA: null, PL_LOCATION: null, PL_DISTANCE: null });
    // 124000 m east and 106000 m north apart: 163.1 km, 101.4 miles
    expect(placementGeo(E('1', '01/05/2022', { HOME_POST: 'a11aa', PL_POST: 'B1 1AA' }), BOOK, LA)).toEqual({ PL_LA: 'E08000025', PL_LOCATION: 'OUT', PL_DISTANCE: 101.4 });
    expect(placementGeo(E('1', '01/05/2022', { PL_POST: 'C1 1AA' }), BOOK, LA)).toMatchObject({ PL_LA: 'SCO', PL_LOCATION: 'OUT' });
  });

  it('with no postcode list (the default), 1015 flags own provision outside foster care and the other postcode rules stay quiet', () => {
    const d = build({ uasc: [UASC('1')], episodes: [E('1', '01/01/2022', { PLACE: 'K2', PLACE_PROVIDER: 'PR1', LS: 'V3', HOME_POST: 'A1 1AA', PL_POST: 'B1 1AA' }), E('2', '01/01/2022', { PLACE: 'U1', PLACE_PROVIDER: 'PR1' })], last: { episodes: [E('1', '01/01/2022', { PL_POST: 'A1 1AA' })] } }, 2023);
    const codes = runRules(RULES, d).filter((f) => ['406', '420', '452', '453', '454', '503G', '503H', '503J', '1015'].includes(f.rule));
    expect(codes).toEqual([]); // V3 is exempt from 1015
    const pr1 = build({ episodes: [E('1', '01/05/2022', { PLACE: 'K2', PLACE_PROVIDER: 'PR1', PL_POST: 'A1 1AA' })] }, 2023);
    expect(runRules(RULES, pr1).filter((f) => f.rule === '1015')).toEqual([{ rule: '1015', table: 'episodes', row: 0 }]);
  });

  it('1008 is skipped without Ofsted\'s lists, as the validator skips it', () => {
    expect(runRules(RULES.filter((r) => r.code === '1008'), build({ episodes: [E('1', '01/05/2022', { URN: 'SC999999' })] }, 2023))).toEqual([]);
  });

  it('partial dates: a ZZ day is the month\'s last day, a ZZ month the year\'s end, ZZZZ the year 2000', () => {
    const day = (y: number, m: number, d: number) => dayFromCivil(y, m, d);
    expect(validDate('ZZ/02/2024')).toBe(day(2024, 2, 29));
    expect(validDate('ZZ/ZZ/2021')).toBe(day(2021, 12, 31));
    expect(validDate('15/ZZ/2021')).toBe(day(2022, 1, 14));
    expect(validDate('01/01/ZZZZ')).toBe(day(2000, 1, 1));
    expect(validDate('31/04/2021')).toBeNull();
    expect(validDate('ZZ/ZZ/ZZ')).toBeNull();
  });

  it('continuously looked after: in care all year, no start or end inside it, no short break', () => {
    const d = build({
      episodes: [
        LONG_STAY('STAY'),
        E('STARTED', '02/04/2022'),
        E('LEFT', '01/01/2020', { DEC: '01/06/2022', REC: 'E4A' }),
        E('MOVED', '01/01/2020', { DEC: '01/06/2022', REC: 'X1' }), E('MOVED', '01/06/2022', { RNE: 'P' }),
        E('BREAK', '01/01/2020', { DEC: '01/06/2022', REC: 'X1' }), E('BREAK', '01/06/2022', { RNE: 'L', LS: 'V3' }),
        E('LEFT-31-MARCH', '01/01/2020', { DEC: '31/03/2023', REC: 'E4A' }),
      ],
    }, 2023);
    expect([...continuouslyLookedAfter(d)].sort()).toEqual(['LEFT-31-MARCH', 'MOVED', 'STAY']);
  });

  it('periods of care: an episode starting after the last one ended begins a new period; one after an open episode does not', () => {
    const periods = periodsOfCare([E('1', '01/01/2022', { DEC: '01/02/2022' }), E('1', '01/02/2022', { DEC: '01/03/2022' }), E('1', '01/05/2022'), E('1', '01/06/2022', { DEC: '01/07/2022' })]);
    expect(periods.get('1')).toEqual([
      { child: '1', start: dayFromCivil(2022, 1, 1), end: dayFromCivil(2022, 3, 1) },
      { child: '1', start: dayFromCivil(2022, 5, 1), end: dayFromCivil(2022, 7, 1) },
    ]);
  });
});
