// Each part-a 903 rule (codes 100–399) fires on a hand-built bad row and stays quiet on a good one. The
// returns are written here, row by row, from the rule's meaning; they share nothing with the generator.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../../core/dates.js';
import type { Row, Rule } from './rule.js';
import { SSDA903_TABLES, type Ssda903Return, type Ssda903Table } from './ssda903.js';
import { NOT_APPLICABLE, RULES, rulesA, type PostcodeList, type Provider } from './ssda903-a/index.js';

// ---- rows: valid by default, each test changes what its rule looks at -----------------------------
const H = (o: Row = {}): Row => ({ CHILD: 'A', SEX: '1', DOB: '01/01/2010', ETHNIC: 'WBRI', UPN: 'A123456789012', MOTHER: '', MC_DOB: '', ...o });
const E = (o: Row = {}): Row => ({ CHILD: 'A', DECOM: '01/05/2023', RNE: 'S', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1', DEC: '', REC: '', REASON_PLACE_CHANGE: '', HOME_POST: 'AB1 2CD', PL_POST: 'AB1 2CE', URN: 'XXXXXXX', ...o });
/** An episode open since 2020: the child is looked after for the whole 2024 year. */
const LONG = (o: Row = {}): Row => E({ DECOM: '01/01/2020', ...o });
const U = (o: Row = {}): Row => ({ CHILD: 'A', SEX: '1', DOB: '01/01/2006', DUC: '', ...o });
const O2 = (o: Row = {}): Row => ({ CHILD: 'A', DOB: '01/01/2010', SDQ_SCORE: '10', SDQ_REASON: '', CONVICTED: '0', HEALTH_CHECK: '1', IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0', INTERVENTION_RECEIVED: '', INTERVENTION_OFFERED: '', ...o });
const O3 = (o: Row = {}): Row => ({ CHILD: 'A', DOB: '01/01/2005', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1', ...o });
const AD = (o: Row = {}): Row => ({ CHILD: 'A', DOB: '01/01/2018', DATE_INT: '01/06/2022', DATE_MATCH: '01/07/2022', FOSTER_CARE: '0', NB_ADOPTR: '1', SEX_ADOPTR: 'MF', LS_ADOPTR: 'L0', ...o });
const PA = (o: Row = {}): Row => ({ CHILD: 'A', DOB: '01/01/2018', DATE_PLACED: '01/06/2023', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '', ...o });
const RV = (o: Row = {}): Row => ({ CHILD: 'A', DOB: '01/01/2010', REVIEW: '01/06/2023', REVIEW_CODE: 'PN1', ...o });

type Tables = Partial<Record<Ssda903Table, Row[]>>;
interface Last { header: Row[]; episodes: Row[]; uasc?: Row[]; oc3?: Row[] }
interface Spec { tables: Tables; last?: Last }

function build(year: number, spec: Spec): Ssda903Return {
  const tables = Object.fromEntries(SSDA903_TABLES.map((t) => [t, spec.tables[t] ?? []])) as Record<Ssda903Table, Row[]>;
  return { year, collectionStart: dayFromCivil(year - 1, 4, 1), collectionEnd: dayFromCivil(year, 3, 31), la: 'E1', tables, ...(spec.last ? { last: spec.last } : {}) };
}

// ---- the lookups the validator makes: a small postcode list and an Ofsted provider list ----------
const POSTCODES: Record<string, { la: string; east: number; north: number }> = {
  AB12CD: { la: 'E1', east: 0, north: 0 },
  AB12CE: { la: 'E1', east: 1000, north: 0 },
  FA99ZZ: { la: 'E2', east: 2_000_000, north: 0 }, // 1,243 miles from AB1 2CD
  CF11AA: { la: 'WAL', east: 5000, north: 0 },
};
const LISTED: PostcodeList = (pc) => POSTCODES[pc] ?? null;
const PROVIDERS = new Map<string, Provider>([
  ['SC1', { placeCodes: ['K2', 'H5'], providerCodes: ['PR1'], regEnd: dayFromCivil(2024, 1, 1), postcode: 'AB12CE', la: 'E1' }],
]);
const WITH_LISTS = rulesA(LISTED, PROVIDERS);

interface Case {
  code: string;
  year?: number;
  /** rule set: the one the generated returns meet (no lookups) unless the rule needs the lists */
  lists?: boolean;
  bad: Spec;
  fails: [Ssda903Table, number][];
  good: Spec;
}
const t = (tables: Tables, last?: Last): Spec => (last ? { tables, last } : { tables });

const CASES: Case[] = [
  { code: '101', year: 2024, bad: t({ header: [H({ SEX: '3' })] }), fails: [['header', 0]], good: t({ header: [H({ SEX: '2' })] }) },
  { code: '101', year: 2025, bad: t({ header: [H({ SEX: '1' })] }), fails: [['header', 0]], good: t({ header: [H({ SEX: 'M' })] }) },
  { code: '102', bad: t({ header: [H(), H({ CHILD: 'B', DOB: '31/02/2010' })] }), fails: [['header', 1]], good: t({ header: [H()] }) },
  { code: '103', bad: t({ header: [H({ ETHNIC: 'WHITE' })] }), fails: [['header', 0]], good: t({ header: [H({ ETHNIC: 'NOBT' })] }) },
  { code: '104', bad: t({ uasc: [U({ DUC: '31/03/2023' }), U({ CHILD: 'B', DUC: '1/13/2023' }), U({ CHILD: 'C' })] }), fails: [['uasc', 0], ['uasc', 1]], good: t({ uasc: [U({ DUC: '01/04/2023' })] }) },
  { code: '112', bad: t({ ad1: [AD({ DATE_INT: '2022-06-01' })] }), fails: [['ad1', 0]], good: t({ ad1: [AD()] }) },
  { code: '113', bad: t({ ad1: [AD({ DATE_MATCH: '32/07/2022' })] }), fails: [['ad1', 0]], good: t({ ad1: [AD()] }) },
  { code: '114', bad: t({ ad1: [AD({ FOSTER_CARE: '2' })] }), fails: [['ad1', 0]], good: t({ ad1: [AD({ FOSTER_CARE: '1' }), AD({ CHILD: 'B', FOSTER_CARE: '' })] }) },
  { code: '115', bad: t({ placed_adoption: [PA({ DATE_PLACED: 'soon' })] }), fails: [['placed_adoption', 0]], good: t({ placed_adoption: [PA()] }) },
  { code: '116', bad: t({ placed_adoption: [PA({ DATE_PLACED_CEASED: '30/02/2024', REASON_PLACED_CEASED: 'RD1' })] }), fails: [['placed_adoption', 0]], good: t({ placed_adoption: [PA()] }) },
  {
    code: '117',
    bad: t({ episodes: [E({ DEC: '01/09/2023', REC: 'E11', PLACE: 'A5' })], placed_adoption: [PA({ DATE_PLACED: '01/10/2023' })] }),
    fails: [['episodes', 0], ['placed_adoption', 0]],
    good: t({ episodes: [E({ DEC: '01/09/2023', REC: 'E11', PLACE: 'A5' })], placed_adoption: [PA({ DATE_PLACED: '01/06/2023' })] }),
  },
  {
    code: '118',
    bad: t({ episodes: [E()], placed_adoption: [PA({ DATE_PLACED_CEASED: '20/04/2023', REASON_PLACED_CEASED: 'RD1' })] }),
    fails: [['episodes', 0], ['placed_adoption', 0]],
    good: t({ episodes: [E()], placed_adoption: [PA({ DATE_PLACED_CEASED: '01/06/2023', REASON_PLACED_CEASED: 'RD1' })] }),
  },
  { code: '119', bad: t({ placed_adoption: [PA({ DATE_PLACED_CEASED: '01/06/2023' })] }), fails: [['placed_adoption', 0]], good: t({ placed_adoption: [PA({ DATE_PLACED_CEASED: '01/06/2023', REASON_PLACED_CEASED: 'RD2' })] }) },
  { code: '120', bad: t({ placed_adoption: [PA({ DATE_PLACED_CEASED: '01/06/2023', REASON_PLACED_CEASED: 'RD5' })] }), fails: [['placed_adoption', 0]], good: t({ placed_adoption: [PA({ DATE_PLACED_CEASED: '01/06/2023', REASON_PLACED_CEASED: 'RD4' })] }) },
  { code: '131', bad: t({ oc3: [O3({ IN_TOUCH: 'MAYBE' }), O3({ CHILD: 'B', IN_TOUCH: '' })] }), fails: [['oc3', 0], ['oc3', 1]], good: t({ oc3: [O3({ IN_TOUCH: 'NREQ' })] }) },
  { code: '132', bad: t({ oc3: [O3({ ACTIV: 'F3' })] }), fails: [['oc3', 0]], good: t({ oc3: [O3({ ACTIV: 'G6' })] }) },
  { code: '133', bad: t({ oc3: [O3({ ACCOM: 'S1' })] }), fails: [['oc3', 0]], good: t({ oc3: [O3({ ACCOM: 'S2' })] }) },
  { code: '134', bad: t({ oc3: [O3()], ad1: [AD()] }), fails: [['ad1', 0]], good: t({ oc3: [O3()], ad1: [AD({ CHILD: 'B' })] }) },
  { code: '141', bad: t({ episodes: [E({ DECOM: '1 May 2023' })] }), fails: [['episodes', 0]], good: t({ episodes: [E()] }) },
  {
    code: '142',
    bad: t({ episodes: [E({ DECOM: '01/06/2023' }), E({ DEC: '01/06/2023' })] }),
    fails: [['episodes', 1]],
    good: t({ episodes: [E({ DECOM: '01/06/2023' }), E({ DEC: '01/06/2023', REC: 'X1' })] }),
  },
  { code: '143', bad: t({ episodes: [E({ RNE: 'X' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ RNE: 'B' })] }) },
  { code: '144', bad: t({ episodes: [E({ LS: 'C3' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ LS: 'J3' })] }) },
  { code: '145', bad: t({ episodes: [E({ CIN: 'N0' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ CIN: 'N8' })] }) },
  { code: '146', year: 2024, bad: t({ episodes: [E({ PLACE: 'K3' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'H5' })] }) },
  { code: '146', year: 2025, bad: t({ episodes: [E({ PLACE: 'K3' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'U6' })] }) },
  { code: '146', year: 2026, bad: t({ episodes: [E({ PLACE: 'Z1' }), E({ CHILD: 'B', PLACE: 'H5' })] }), fails: [['episodes', 0], ['episodes', 1]], good: t({ episodes: [E({ PLACE: 'Z14' }), E({ CHILD: 'B', PLACE: 'K3' })] }) },
  { code: '147', bad: t({ episodes: [E({ DEC: '31/06/2023', REC: 'E8' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DEC: '30/06/2023', REC: 'E8' })] }) },
  { code: '148', bad: t({ episodes: [E({ DEC: '30/06/2023' }), E({ CHILD: 'B', REC: 'E8' })] }), fails: [['episodes', 0], ['episodes', 1]], good: t({ episodes: [E({ DEC: '30/06/2023', REC: 'E8' }), E({ CHILD: 'B' })] }) },
  { code: '149', bad: t({ episodes: [E({ DEC: '30/06/2023', REC: 'E4' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DEC: '30/06/2023', REC: 'E4A' })] }) },
  { code: '151', bad: t({ ad1: [AD({ LS_ADOPTR: '' })] }), fails: [['ad1', 0]], good: t({ ad1: [AD(), AD({ CHILD: 'B', DATE_INT: '', DATE_MATCH: '', FOSTER_CARE: '', NB_ADOPTR: '', SEX_ADOPTR: '', LS_ADOPTR: '' })] }) },
  { code: '153', bad: t({ oc3: [O3({ ACCOM: '' })] }), fails: [['oc3', 0]], good: t({ oc3: [O3(), O3({ CHILD: 'B', IN_TOUCH: '', ACTIV: '', ACCOM: '' })] }) },
  { code: '157', bad: t({ episodes: [LONG()], oc2: [O2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ1' })] }), fails: [['oc2', 0]], good: t({ episodes: [LONG()], oc2: [O2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ2' })] }) },
  { code: '158', bad: t({ oc2: [O2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1', INTERVENTION_OFFERED: '0' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1' })] }) },
  { code: '159', bad: t({ oc2: [O2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0', INTERVENTION_OFFERED: '1' })] }) },
  { code: '164', lists: true, bad: t({ episodes: [E({ PL_POST: 'FA9 9ZZ' })], uasc: [] }), fails: [['episodes', 0]], good: t({ episodes: [E(), E({ CHILD: 'B', PL_POST: 'FA9 9ZZ' })], uasc: [U({ CHILD: 'B' })] }) },
  { code: '165', bad: t({ header: [H({ SEX: '2' })], episodes: [E()] }), fails: [['header', 0]], good: t({ header: [H({ SEX: '2', MOTHER: '0' }), H({ CHILD: 'B', SEX: '1' })], episodes: [E(), E({ CHILD: 'B' })] }) },
  { code: '166', bad: t({ reviews: [RV({ REVIEW: '' })] }), fails: [['reviews', 0]], good: t({ reviews: [RV()] }) },
  { code: '167', bad: t({ reviews: [RV({ REVIEW_CODE: 'PN8' })] }), fails: [['reviews', 0]], good: t({ reviews: [RV({ REVIEW_CODE: 'PN0' })] }) },
  { code: '168', bad: t({ header: [H({ UPN: 'I123456789012' }), H({ CHILD: 'B', UPN: 'UN6' })] }), fails: [['header', 0], ['header', 1]], good: t({ header: [H({ UPN: 'A12345678901B' }), H({ CHILD: 'B', UPN: 'UN5' }), H({ CHILD: 'C', UPN: '' })] }) },
  { code: '169', lists: true, bad: t({ episodes: [E({ PL_POST: 'ZZ1 1ZZ' })] }), fails: [['episodes', 0]], good: t({ episodes: [E(), E({ CHILD: 'B', LS: 'V3', PL_POST: '' })] }) },
  { code: '171', bad: t({ header: [H({ SEX: '2', MC_DOB: '00/01/2022' })] }), fails: [['header', 0]], good: t({ header: [H({ SEX: '2', MC_DOB: '01/01/2022' })] }) },
  { code: '174', year: 2023, bad: t({ header: [H({ MC_DOB: '01/01/2022' })] }), fails: [['header', 0]], good: t({ header: [H({ SEX: '2', MC_DOB: '01/01/2022' })] }) },
  { code: '174', year: 2024, bad: t({ header: [H({ SEX: 'F', MC_DOB: '01/01/2022' })] }), fails: [['header', 0]], good: t({ header: [H({ SEX: '2', MC_DOB: '01/01/2022' })] }) },
  { code: '174', year: 2025, bad: t({ header: [H({ SEX: 'M', MC_DOB: '01/01/2022' })] }), fails: [['header', 0]], good: t({ header: [H({ SEX: 'F', MC_DOB: '01/01/2022' })] }) },
  { code: '175', bad: t({ ad1: [AD({ NB_ADOPTR: '0' })] }), fails: [['ad1', 0]], good: t({ ad1: [AD({ NB_ADOPTR: '2' })] }) },
  { code: '176', bad: t({ ad1: [AD({ SEX_ADOPTR: 'M2' })] }), fails: [['ad1', 0]], good: t({ ad1: [AD({ SEX_ADOPTR: 'FF' })] }) },
  { code: '177', bad: t({ ad1: [AD({ LS_ADOPTR: 'L1' })] }), fails: [['ad1', 0]], good: t({ ad1: [AD({ LS_ADOPTR: 'L12' })] }) },
  { code: '178', year: 2024, bad: t({ episodes: [E({ PLACE: 'T0' }), E({ CHILD: 'B', PLACE_PROVIDER: 'PR6' })] }), fails: [['episodes', 0], ['episodes', 1]], good: t({ episodes: [E({ PLACE: 'T0', PLACE_PROVIDER: '' }), E({ CHILD: 'B', PLACE_PROVIDER: 'PR5' })] }) },
  { code: '178', year: 2026, bad: t({ episodes: [E({ PLACE: 'Z11' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'T4' })] }) },
  { code: '179', lists: true, bad: t({ episodes: [E({ PL_POST: 'ZZ1 1ZZ' })] }), fails: [['episodes', 0]], good: t({ episodes: [E(), E({ CHILD: 'B', LS: 'V4', PL_POST: 'ZZ1 1ZZ' })] }) },
  { code: '180', bad: t({ oc2: [O2({ SDQ_SCORE: '41' }), O2({ CHILD: 'B', SDQ_SCORE: 'ten' })] }), fails: [['oc2', 0], ['oc2', 1]], good: t({ oc2: [O2({ SDQ_SCORE: '40' }), O2({ CHILD: 'B', SDQ_SCORE: '0' })] }) },
  { code: '181', bad: t({ oc2: [O2({ TEETH_CHECK: '2' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2()] }) },
  { code: '182', bad: t({ oc2: [O2({ IMMUNISATIONS: '' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2(), O2({ CHILD: 'B', IMMUNISATIONS: '', CONVICTED: '', HEALTH_CHECK: '' })] }) },
  { code: '184', bad: t({ header: [H({ DOB: '01/01/2018' })], placed_adoption: [PA({ DATE_PLACED: '31/12/2017' })] }), fails: [['placed_adoption', 0]], good: t({ header: [H({ DOB: '01/01/2018' })], placed_adoption: [PA()] }) },
  { code: '185', bad: t({ episodes: [E()], oc2: [O2()] }), fails: [['oc2', 0]], good: t({ episodes: [LONG()], oc2: [O2()] }) },
  { code: '186', bad: t({ episodes: [LONG()], oc2: [O2({ SDQ_SCORE: '' })] }), fails: [['oc2', 0]], good: t({ episodes: [LONG(), LONG({ CHILD: 'B' })], oc2: [O2(), O2({ CHILD: 'B', SDQ_SCORE: '', SDQ_REASON: 'SDQ2' })] }) },
  { code: '187', bad: t({ episodes: [LONG()], ad1: [AD()], oc3: [O3()] }), fails: [['ad1', 0], ['oc3', 0]], good: t({ episodes: [E()], ad1: [AD()], oc3: [O3()] }) },
  { code: '188', bad: t({ oc2: [O2({ DOB: '01/04/2020', SDQ_SCORE: '5' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2({ DOB: '31/03/2020', SDQ_SCORE: '5' }), O2({ CHILD: 'B', DOB: '01/04/2020', SDQ_SCORE: '' })] }) },
  { code: '189', bad: t({ oc2: [O2({ DOB: '01/04/2006', SDQ_SCORE: '5' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2({ DOB: '02/04/2006', SDQ_SCORE: '5' })] }) },
  { code: '190', bad: t({ episodes: [E()], oc2: [O2({ SDQ_SCORE: '' })] }), fails: [['oc2', 0]], good: t({ episodes: [LONG()], oc2: [O2()] }) },
  {
    code: '191',
    bad: t({ episodes: [LONG(), LONG({ CHILD: 'B' })], oc2: [O2({ TEETH_CHECK: '' })] }),
    fails: [['oc2', 0], ['episodes', 1]],
    good: t({ episodes: [LONG(), LONG({ CHILD: 'B' })], oc2: [O2(), O2({ CHILD: 'B' })] }),
  },
  { code: '192', bad: t({ oc2: [O2({ SUBSTANCE_MISUSE: '1' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1' })] }) },
  { code: '193', bad: t({ oc2: [O2({ INTERVENTION_OFFERED: '1' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2()] }) },
  { code: '196', bad: t({ oc2: [O2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ6' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ5' })] }) },
  { code: '197a', bad: t({ oc2: [O2({ SDQ_REASON: 'SDQ1' })] }), fails: [['oc2', 0]], good: t({ oc2: [O2()] }) },
  { code: '197B', bad: t({ episodes: [LONG()], oc2: [O2({ DOB: '01/06/2019', SDQ_SCORE: '' })] }), fails: [['oc2', 0]], good: t({ episodes: [LONG()], oc2: [O2({ DOB: '01/06/2019', SDQ_SCORE: '', SDQ_REASON: 'SDQ4' })] }) },
  { code: '198', bad: t({ episodes: [E()], oc2: [O2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ3' })] }), fails: [['oc2', 0]], good: t({ episodes: [LONG()], oc2: [O2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ3' })] }) },
  {
    code: '199',
    bad: t({ episodes: [E({ DECOM: '01/09/2023' })] }, { header: [H()], episodes: [E({ DECOM: '01/05/2022', DEC: '01/09/2022', REC: 'E11', PLACE: 'A5' })] }),
    fails: [['episodes', 0]],
    good: t({ episodes: [E({ DECOM: '01/09/2023' })] }, { header: [H()], episodes: [E({ DECOM: '01/05/2022', DEC: '01/09/2022', REC: 'E8' })] }),
  },
  { code: '202', bad: t({ header: [H({ SEX: '2' })] }, { header: [H()], episodes: [] }), fails: [['header', 0]], good: t({ header: [H(), H({ CHILD: 'B', SEX: '2' })] }, { header: [H()], episodes: [] }) },
  { code: '203', bad: t({ header: [H({ DOB: '02/01/2010' })] }, { header: [H()], episodes: [] }), fails: [['header', 0]], good: t({ header: [H()] }, { header: [H()], episodes: [] }) },
  { code: '204', bad: t({ header: [H({ ETHNIC: 'WIRI' })] }, { header: [H()], episodes: [] }), fails: [['header', 0]], good: t({ header: [H()] }, { header: [H()], episodes: [] }) },
  {
    code: '205A',
    bad: t({ header: [H({ CHILD: 'B' })], uasc: [U({ DUC: '01/06/2023' })] }, { header: [H()], episodes: [], uasc: [U({ DUC: '01/06/2023' })] }),
    fails: [['uasc', 0]],
    good: t({ header: [H({ CHILD: 'B' })], uasc: [U()] }, { header: [H()], episodes: [], uasc: [U({ DUC: '01/06/2022' })] }),
  },
  {
    code: '205B',
    bad: t({ header: [H()], uasc: [U({ DOB: '01/06/2005', DUC: '01/06/2023' })] }, { header: [H()], episodes: [], uasc: [U({ DOB: '01/06/2005' })] }),
    fails: [['uasc', 0], ['header', 0]],
    good: t({ header: [H()], uasc: [U({ DOB: '01/06/2005', DUC: '01/06/2023' })] }, { header: [H()], episodes: [], uasc: [U({ DOB: '01/06/2005', DUC: '01/06/2023' })] }),
  },
  {
    code: '205C',
    bad: t({ header: [H({ CHILD: 'B' })], uasc: [U({ DUC: '01/06/2023' })] }, { header: [H({ CHILD: 'B' })], episodes: [], uasc: [U()] }),
    fails: [['uasc', 0]],
    good: t({ header: [H({ CHILD: 'B' })], uasc: [U()] }, { header: [H({ CHILD: 'B' })], episodes: [], uasc: [U()] }),
  },
  { code: '205D', bad: t({ header: [H()], uasc: [U()] }, { header: [H()], episodes: [], uasc: [] }), fails: [['header', 0]], good: t({ header: [H()], uasc: [U()] }, { header: [H()], episodes: [], uasc: [U()] }) },
  {
    code: '207',
    bad: t({ header: [H({ SEX: '2', MOTHER: '0' })], episodes: [E()] }, { header: [H({ SEX: '2', MOTHER: '1' })], episodes: [] }),
    fails: [['header', 0]],
    good: t({ header: [H({ SEX: '2', MOTHER: '1' })], episodes: [E()] }, { header: [H({ SEX: '2', MOTHER: '1' })], episodes: [] }),
  },
  {
    code: '208',
    bad: t({ header: [H({ UPN: 'B123456789012' }), H({ CHILD: 'B', UPN: 'UN1' })] }, { header: [H(), H({ CHILD: 'B', UPN: 'UN3' })], episodes: [] }),
    fails: [['header', 0], ['header', 1]],
    good: t({ header: [H(), H({ CHILD: 'B', UPN: 'C123456789012' }), H({ CHILD: 'C', UPN: 'UN2' })] }, { header: [H(), H({ CHILD: 'B', UPN: 'UN3' }), H({ CHILD: 'C', UPN: 'UN1' })], episodes: [] }),
  },
  { code: '209', bad: t({ header: [H({ DOB: '31/08/2018', UPN: 'UN1' })] }), fails: [['header', 0]], good: t({ header: [H({ DOB: '01/09/2018', UPN: 'UN1' })] }) },
  { code: '210', bad: t({ header: [H({ UPN: 'UN4' })], episodes: [E({ DECOM: '24/03/2024' })] }), fails: [['episodes', 0], ['header', 0]], good: t({ header: [H({ UPN: 'UN4' })], episodes: [E({ DECOM: '23/03/2024' })] }) },
  { code: '213', year: 2024, bad: t({ episodes: [E({ PLACE: 'T4' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'T4', PLACE_PROVIDER: '' }), E({ CHILD: 'B', PLACE: 'Z11' })] }) },
  { code: '213', year: 2026, bad: t({ episodes: [E({ PLACE: 'Z11' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'Z11', PLACE_PROVIDER: '' })] }) },
  { code: '214', bad: t({ episodes: [E({ LS: 'V3', PL_POST: '', URN: 'XXXXXXX' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ LS: 'V3', PL_POST: '', URN: '' })] }) },
  { code: '215', bad: t({ oc3: [O3()], oc2: [O2()] }), fails: [['oc3', 0], ['oc2', 0]], good: t({ oc3: [O3()], oc2: [O2({ CHILD: 'B' })] }) },
  { code: '217', bad: t({ episodes: [E({ PLACE: 'A3', RNE: 'P' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'A3', RNE: 'T' }), E({ CHILD: 'B', PLACE: 'A5', RNE: 'P', DECOM: '31/03/2015' })] }) },
  { code: '217t', year: 2024, bad: t({ episodes: [E({ PLACE: 'P2' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'P2', DEC: '28/10/2023', REC: 'X1' })] }) },
  { code: '218', year: 2023, lists: true, bad: t({ episodes: [E({ DECOM: '01/05/2022', URN: '' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '01/05/2022', URN: '', PLACE: 'H5' }), E({ CHILD: 'B', DECOM: '01/05/2022', URN: '', PL_POST: 'CF1 1AA' })] }) },
  { code: '218', year: 2024, lists: true, bad: t({ episodes: [E({ URN: '', PLACE: 'H5' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ URN: '', PLACE: 'P1' }), E({ CHILD: 'B', URN: '', DECOM: '01/01/2023', DEC: '31/03/2023', REC: 'E8' })] }) },
  { code: '218', year: 2026, bad: t({ episodes: [E({ DECOM: '01/05/2025', URN: '', PL_POST: 'ZZ1 1ZZ' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '01/05/2025', URN: '', PLACE: 'Z12' })] }) },
  { code: '219', lists: true, bad: t({ episodes: [E({ URN: 'SC1', PLACE: 'U1' }), E({ CHILD: 'B', URN: 'SC9' })] }), fails: [['episodes', 0], ['episodes', 1]], good: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2' }), E({ CHILD: 'B' })] }) },
  { code: '221', year: 2023, lists: true, bad: t({ episodes: [E({ DECOM: '01/05/2022', URN: 'SC1', PLACE: 'K2', PL_POST: 'AB1 2CD' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '01/05/2022', URN: 'SC1', PLACE: 'K2' }), E({ CHILD: 'B', DECOM: '01/05/2022', URN: 'SC1', PLACE: 'H5', PL_POST: 'AB1 2CD' })] }) },
  { code: '221', year: 2024, lists: true, bad: t({ episodes: [E({ URN: 'SC1', PLACE: 'H5', PL_POST: 'AB1 2CD' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ URN: 'SC1', PLACE: 'H5' })] }) },
  { code: '221', year: 2025, lists: true, bad: t({ episodes: [E({ DECOM: '01/05/2024', URN: 'SC1', PLACE: 'R3', PL_POST: 'AB1 2CD' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '01/05/2024', URN: 'SC1', PLACE: 'H5', PL_POST: 'AB1 2CD' })] }) },
  { code: '222', year: 2023, bad: t({ episodes: [E({ PLACE: 'H5', URN: 'SC1' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'H5' }), E({ CHILD: 'B', PLACE: 'K2', URN: 'SC1' })] }) },
  { code: '222', year: 2024, bad: t({ episodes: [E({ PLACE: 'P2', URN: 'SC1' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'H5', URN: 'SC1' })] }) },
  { code: '222', year: 2025, bad: t({ episodes: [E({ PLACE: 'R1', URN: 'SC1' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'P2', URN: 'SC1' })] }) },
  { code: '224', lists: true, bad: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2', PLACE_PROVIDER: 'PR2' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2', PLACE_PROVIDER: 'PR1' })] }) },
  {
    code: '225',
    bad: t({ episodes: [E({ DEC: '01/06/2023', REC: 'X1' }), E({ DECOM: '01/06/2023', RNE: 'P', PLACE: 'U2', REASON_PLACE_CHANGE: 'CARPL' })] }),
    fails: [['episodes', 0]],
    good: t({ episodes: [E({ DEC: '01/06/2023', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL' }), E({ DECOM: '01/06/2023', RNE: 'P', PLACE: 'U2' }), E({ CHILD: 'B', DEC: '01/06/2023', REC: 'X1' }), E({ CHILD: 'B', DECOM: '01/06/2023', RNE: 'L', LS: 'C1' })] }),
  },
  {
    code: '226',
    bad: t({ episodes: [E({ DEC: '01/06/2023', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL' }), E({ DECOM: '01/06/2023', RNE: 'P', PLACE: 'T1' })] }),
    fails: [['episodes', 1]],
    good: t({ episodes: [E({ DEC: '01/06/2023', REC: 'X1' }), E({ DECOM: '01/06/2023', RNE: 'P', PLACE: 'T1' })] }),
  },
  { code: '227', lists: true, bad: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2', DECOM: '01/01/2024' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2', DECOM: '31/12/2023', DEC: '01/01/2024', REC: 'E8' })] }) },
  { code: '228', lists: true, bad: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2' }), E({ CHILD: 'B', URN: 'SC1', PLACE: 'K2', DEC: '02/01/2024', REC: 'E8' })] }), fails: [['episodes', 0], ['episodes', 1]], good: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2', DEC: '01/01/2024', REC: 'E8' })] }) },
  { code: '229', year: 2024, lists: true, bad: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2', PLACE_PROVIDER: 'PR2' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ URN: 'SC1', PLACE: 'K2', PLACE_PROVIDER: 'PR1' })] }) },
  { code: '229', year: 2026, lists: true, bad: t({ episodes: [E({ DECOM: '01/05/2025', URN: 'SC1', PLACE: 'K2', PLACE_PROVIDER: 'PR2' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '01/05/2025', URN: 'SC1', PLACE: 'K3', PLACE_PROVIDER: 'PR2' })] }) },
  { code: '230', year: 2024, lists: true, bad: t({ episodes: [E({ PLACE: 'H5' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'H5', URN: 'SC1' }), E({ CHILD: 'B', PLACE: 'H5', PL_POST: 'CF1 1AA' })] }) },
  { code: '232', year: 2025, bad: t({ header: [H({ SEX: 'U' })] }), fails: [['header', 0]], good: t({ header: [H({ SEX: 'F' })] }) },
  { code: '241', year: 2026, lists: true, bad: t({ episodes: [E({ DECOM: '01/05/2025', PLACE: 'K3', URN: 'SC1', PL_POST: 'FA9 9ZZ' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '01/05/2025', PLACE: 'K3', URN: 'SC1' })] }) },
  { code: '242', year: 2026, bad: t({ episodes: [E({ DECOM: '01/05/2025', PLACE: 'K2' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '01/05/2025', PLACE: 'A6' })] }) },
  { code: '243', year: 2026, lists: true, bad: t({ episodes: [E({ DECOM: '01/05/2025', PL_POST: 'CF1 1AA' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '01/05/2025', PL_POST: 'CF1 1AA', URN: '' })] }) },
  { code: '301', bad: t({ header: [H({ DOB: '01/04/2024' })] }), fails: [['header', 0]], good: t({ header: [H({ DOB: '31/03/2024' })] }) },
  { code: '302', bad: t({ header: [H({ DOB: '02/05/2023' })], episodes: [E()] }), fails: [['episodes', 0], ['header', 0]], good: t({ header: [H({ DOB: '01/05/2023' })], episodes: [E()] }) },
  { code: '304', bad: t({ uasc: [U({ DOB: '01/01/2005', DUC: '02/01/2023' })] }), fails: [['uasc', 0]], good: t({ uasc: [U({ DOB: '01/01/2005', DUC: '01/01/2023' })] }) },
  {
    code: '331',
    bad: t({ episodes: [E({ PLACE: 'A5', DEC: '01/09/2023', REC: 'E11' })], ad1: [AD({ DATE_INT: '01/04/2023', DATE_MATCH: '02/05/2023' })] }),
    fails: [['ad1', 0], ['episodes', 0]],
    good: t({ episodes: [E({ PLACE: 'A5', DEC: '01/09/2023', REC: 'E11' })], ad1: [AD({ DATE_INT: '01/04/2023', DATE_MATCH: '01/05/2023' })] }),
  },
  { code: '333', bad: t({ ad1: [AD({ DATE_INT: '02/07/2022' }), AD({ CHILD: 'B', DATE_INT: '' })] }), fails: [['ad1', 0], ['ad1', 1]], good: t({ ad1: [AD({ DATE_INT: '01/07/2022' })] }) },
  { code: '334', bad: t({ episodes: [E()], ad1: [AD({ DATE_INT: '30/04/2023', DATE_MATCH: '01/07/2023' })] }), fails: [['episodes', 0], ['ad1', 0]], good: t({ episodes: [E()], ad1: [AD({ DATE_INT: '01/05/2023', DATE_MATCH: '01/07/2023' })] }) },
  { code: '335', bad: t({ episodes: [E({ PLACE: 'A6', DEC: '01/09/2023', REC: 'E11' })], ad1: [AD({ FOSTER_CARE: '1' })] }), fails: [['episodes', 0], ['ad1', 0]], good: t({ episodes: [E({ PLACE: 'A6', DEC: '01/09/2023', REC: 'E11' })], ad1: [AD({ FOSTER_CARE: '0' })] }) },
  {
    code: '336',
    bad: t({ episodes: [E({ DEC: '01/06/2023', REC: 'X1', PLACE: 'R1' }), E({ DECOM: '01/06/2023', RNE: 'P', PLACE: 'A3' })] }),
    fails: [['episodes', 1]],
    good: t({ episodes: [E({ DEC: '01/06/2023', REC: 'X1', PLACE: 'U3' }), E({ DECOM: '01/06/2023', RNE: 'P', PLACE: 'A3' }), E({ CHILD: 'B', PLACE: 'A4' })] }),
  },
  { code: '344', bad: t({ oc3: [O3({ IN_TOUCH: 'DIED' })] }), fails: [['oc3', 0]], good: t({ oc3: [O3({ IN_TOUCH: 'RHOM', ACTIV: '0', ACCOM: '0' })] }) },
  { code: '345', bad: t({ oc3: [O3({ ACCOM: '0' })] }), fails: [['oc3', 0]], good: t({ oc3: [O3()] }) },
  { code: '347', year: 2024, bad: t({ oc3: [O3({ DOB: '02/04/2005', ACCOM: 'T' })] }), fails: [['oc3', 0]], good: t({ oc3: [O3({ DOB: '01/01/2005', ACCOM: 'T' })] }) },
  { code: '348', year: 2026, bad: t({ oc3: [O3()] }, { header: [], episodes: [], oc3: [O3({ IN_TOUCH: 'DIED', ACTIV: '0', ACCOM: '0' })] }), fails: [['oc3', 0]], good: t({ oc3: [O3()] }, { header: [], episodes: [], oc3: [O3({ IN_TOUCH: 'NO' })] }) },
  { code: '351', bad: t({ header: [H({ DOB: '31/03/2002' })] }), fails: [['header', 0]], good: t({ header: [H({ DOB: '01/04/2002' })] }) },
  { code: '352', bad: t({ header: [H({ DOB: '01/05/2005' })], episodes: [E()] }), fails: [['episodes', 0]], good: t({ header: [H({ DOB: '02/05/2005' })], episodes: [E(), E({ CHILD: 'B', RNE: 'P' })] }) },
  { code: '353', bad: t({ episodes: [E({ DECOM: '13/10/1991' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '14/10/1991' })] }) },
  { code: '354', bad: t({ episodes: [E({ DECOM: '01/04/2024' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DECOM: '31/03/2024' })] }) },
  { code: '355', bad: t({ episodes: [E({ DEC: '01/05/2023', REC: 'E8' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DEC: '02/05/2023', REC: 'E8' })] }) },
  { code: '356', bad: t({ episodes: [E({ DEC: '30/04/2023', REC: 'E8' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DEC: '01/05/2023', REC: 'E8' })] }) },
  { code: '357', bad: t({ episodes: [E({ RNE: 'P' })] }), fails: [['episodes', 0]], good: t({ episodes: [E(), E({ CHILD: 'B', RNE: 'P', DECOM: '31/03/2023' })] }) },
  { code: '358', bad: t({ header: [H({ DOB: '01/05/2013' })], episodes: [E({ LS: 'J1' })] }), fails: [['episodes', 0], ['header', 0]], good: t({ header: [H({ DOB: '30/04/2013' })], episodes: [E({ LS: 'J1' })] }) },
  { code: '359', bad: t({ header: [H({ DOB: '30/03/2006' })], episodes: [E()] }), fails: [['episodes', 0]], good: t({ header: [H({ DOB: '30/03/2006' }), H({ CHILD: 'B', DOB: '31/03/2006' })], episodes: [E({ LS: 'V2', PLACE: 'K2' }), E({ CHILD: 'B' })] }) },
  {
    code: '361',
    bad: t({ episodes: [E({ LS: 'L1', DEC: '03/05/2023', REC: 'X1' }), E({ LS: 'L1', DECOM: '03/05/2023', RNE: 'L', DEC: '05/05/2023', REC: 'X1' }), E({ DECOM: '05/05/2023', RNE: 'L' })] }),
    fails: [['episodes', 0], ['episodes', 1]],
    good: t({ episodes: [E({ LS: 'L1', DEC: '04/05/2023', REC: 'X1' }), E({ DECOM: '04/05/2023', RNE: 'L' })] }),
  },
  { code: '362', bad: t({ episodes: [E({ LS: 'L2', DEC: '23/05/2023', REC: 'X1' }), E({ DECOM: '23/05/2023', RNE: 'L' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ LS: 'L2', DEC: '22/05/2023', REC: 'X1' }), E({ DECOM: '22/05/2023', RNE: 'L' })] }) },
  { code: '363', bad: t({ episodes: [E({ LS: 'L3', DEC: '09/05/2023', REC: 'X1' }), E({ DECOM: '09/05/2023', RNE: 'L' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ LS: 'L3', DEC: '08/05/2023', REC: 'X1' }), E({ DECOM: '08/05/2023', RNE: 'L' })] }) },
  { code: '364', bad: t({ episodes: [E({ LS: 'J2', DEC: '23/05/2023', REC: 'X1' }), E({ DECOM: '23/05/2023', RNE: 'L' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ LS: 'J2', DEC: '22/05/2023', REC: 'X1' }), E({ DECOM: '22/05/2023', RNE: 'L' })] }) },
  { code: '365', bad: t({ episodes: [E({ LS: 'V3', DEC: '19/05/2023', REC: 'E13' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ LS: 'V3', DEC: '18/05/2023', REC: 'E13' })] }) },
  { code: '366', bad: t({ episodes: [E({ LS: 'V3', RNE: 'P' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ LS: 'V3' })] }) },
  {
    code: '367',
    bad: t({ episodes: [E({ LS: 'V3', DEC: '15/05/2023', REC: 'E13' }), E({ LS: 'V3', DECOM: '01/06/2023', DEC: '02/08/2023', REC: 'E13' })] }),
    fails: [['episodes', 0], ['episodes', 1]],
    good: t({ episodes: [E({ LS: 'V3', DEC: '15/05/2023', REC: 'E13' }), E({ LS: 'V3', DECOM: '01/06/2023', DEC: '01/08/2023', REC: 'E13' })] }),
  },
  ...(([['370', 2023, 'P2', 15], ['370', 2024, 'P2', 16], ['371', 2023, 'H5', 14], ['371', 2024, 'H5', 16], ['371', 2025, 'K3', 16], ['372', 2024, 'R5', 10], ['373', 2024, 'S1', 4], ['374', 2024, 'P3', 14]] as const).map(([code, year, place, age]): Case => {
    const decom = `01/05/${year - 1}`;
    const ep = E({ DECOM: decom, DEC: `01/06/${year - 1}`, REC: 'E8', PLACE: place });
    return {
      code, year,
      bad: t({ header: [H({ DOB: `02/05/${year - 1 - age}` })], episodes: [ep] }),
      fails: [['episodes', 0]],
      good: t({ header: [H({ DOB: `01/05/${year - 1 - age}` }), H({ CHILD: 'B', DOB: `02/05/${year - 1 - age}` })], episodes: [ep, E({ CHILD: 'B', DECOM: decom, PLACE: place })] }),
    };
  })),
  ...(([['375', 'T1', 42], ['376', 'T3', 21], ['379', 'T4', 7]] as const).map(([code, place, days]): Case => {
    const end = (n: number): string => { const d = new Date(Date.UTC(2023, 4, 1 + n)); return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/2023`; };
    return {
      code,
      bad: t({ header: [H()], episodes: [E({ PLACE: place, RNE: 'P', DEC: end(days + 1), REC: 'X1' })] }),
      fails: [['episodes', 0]],
      good: t({ header: [H()], episodes: [E({ PLACE: place, RNE: 'P', DEC: end(days), REC: 'X1' })] }),
    };
  })),
  {
    code: '377',
    bad: t({ episodes: [E({ PLACE: 'T3' }), E({ PLACE: 'T3', DECOM: '01/06/2023' }), E({ PLACE: 'T3', DECOM: '01/07/2023' })] }),
    fails: [['episodes', 0], ['episodes', 1], ['episodes', 2]],
    good: t({ episodes: [E({ PLACE: 'T3' }), E({ PLACE: 'T3', DECOM: '01/06/2023' }), E({ CHILD: 'B', PLACE: 'T3' })] }),
  },
  { code: '378', bad: t({ episodes: [E({ PLACE: 'P1', LS: 'V2' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'P1', LS: 'C2' })] }) },
  { code: '380', bad: t({ episodes: [E({ PLACE: 'T2' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'T2', RNE: 'B' })] }) },
  { code: '381', bad: t({ episodes: [E({ PLACE: 'T2', DEC: '01/06/2023', REC: 'E8' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'T2', DEC: '01/06/2023', REC: 'X1' })] }) },
  { code: '382', bad: t({ episodes: [E({ PLACE: 'T0', LS: 'V4' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'T0', LS: 'C2' })] }) },
  ...(([[2024, 1], [2026, 2]] as const).map(([year, flagged]): Case => {
    const y = year - 1;
    const eps = (back: Row): Row[] => [E({ DECOM: `01/05/${y}`, DEC: `01/06/${y}`, REC: 'X1' }), E({ DECOM: `01/06/${y}`, DEC: `10/06/${y}`, REC: 'X1', RNE: 'P', PLACE: 'T1' }), E({ DECOM: `10/06/${y}`, RNE: 'P', ...back })];
    return { code: '383', year, bad: t({ episodes: eps({ PLACE: 'U2' }) }), fails: [['episodes', flagged]], good: t({ episodes: eps({ PLACE: 'U1' }) }) };
  })),
  { code: '384', bad: t({ episodes: [E({ PLACE: 'U4', LS: 'V3' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'U5', LS: 'V3' })] }) },
  { code: '385', bad: t({ episodes: [E({ DEC: '01/04/2024', REC: 'E8' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ DEC: '31/03/2024', REC: 'E8' })] }) },
  { code: '386', bad: t({ header: [H({ DOB: '01/06/2005' })], episodes: [E({ PLACE: 'A5', DEC: '01/06/2023', REC: 'E11' })] }), fails: [['episodes', 0]], good: t({ header: [H({ DOB: '02/06/2005' })], episodes: [E({ PLACE: 'A5', DEC: '01/06/2023', REC: 'E11' })] }) },
  { code: '387', bad: t({ header: [H({ DOB: '02/06/2009' })], episodes: [E({ DEC: '01/06/2023', REC: 'E5' })] }), fails: [['episodes', 0]], good: t({ header: [H({ DOB: '01/06/2009' })], episodes: [E({ DEC: '01/06/2023', REC: 'E5' })] }) },
  {
    code: '388',
    bad: t({ episodes: [E({ DEC: '01/06/2023', REC: 'X1' }), E({ DECOM: '02/06/2023', RNE: 'P' }), E({ CHILD: 'B', DEC: '01/06/2023', REC: 'E8' }), E({ CHILD: 'B', DECOM: '01/06/2023', RNE: 'P' }), E({ CHILD: 'C', DEC: '01/06/2023', REC: 'X1' })] }),
    fails: [['episodes', 0], ['episodes', 2], ['episodes', 4]],
    good: t({ episodes: [E({ DEC: '01/06/2023', REC: 'X1' }), E({ DECOM: '01/06/2023', RNE: 'P' }), E({ CHILD: 'C', DEC: '01/06/2023', REC: 'E8' })] }),
  },
  { code: '389', bad: t({ header: [H({ DOB: '02/06/2007' })], episodes: [E({ DEC: '01/06/2023', REC: 'E7' })] }), fails: [['episodes', 0]], good: t({ header: [H({ DOB: '01/06/2007' })], episodes: [E({ DEC: '01/06/2023', REC: 'E7' })] }) },
  { code: '390', bad: t({ episodes: [E({ DEC: '01/06/2023', REC: 'E12' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ PLACE: 'A6', DEC: '01/06/2023', REC: 'E12' })] }) },
  { code: '391', bad: t({ oc3: [O3({ DOB: '01/04/2007' })] }), fails: [['oc3', 0]], good: t({ oc3: [O3({ DOB: '31/03/2007' }), O3({ CHILD: 'B', DOB: '01/04/2010', IN_TOUCH: '', ACTIV: '', ACCOM: '' })] }) },
  { code: '392A', lists: true, bad: t({ episodes: [E({ HOME_POST: 'ZZ1 1ZZ' })] }), fails: [['episodes', 0]], good: t({ header: [H({ CHILD: 'B' })], uasc: [U({ CHILD: 'B' })], episodes: [E(), E({ CHILD: 'B', HOME_POST: '' }), E({ CHILD: 'C', LS: 'V4', PL_POST: '' })] }) },
  { code: '392B', bad: t({ episodes: [E({ HOME_POST: '' })] }), fails: [['episodes', 0]], good: t({ header: [H({ CHILD: 'B' })], uasc: [U({ CHILD: 'B' })], episodes: [E(), E({ CHILD: 'B', HOME_POST: '' }), E({ CHILD: 'C', LS: 'V3', PL_POST: '' })] }) },
  { code: '392c', lists: true, bad: t({ episodes: [E({ PL_POST: 'ZZ1 1ZZ' }), E({ CHILD: 'B', HOME_POST: 'ab1  2cd' })] }), fails: [['episodes', 0]], good: t({ episodes: [E(), E({ CHILD: 'B', HOME_POST: '', PL_POST: '' })] }) },
  { code: '393', year: 2024, bad: t({ header: [H({ SEX: '2' })], episodes: [E()] }), fails: [['header', 0]], good: t({ header: [H({ SEX: '2', MOTHER: '1' }), H({ CHILD: 'B', SEX: '2' })], episodes: [E(), E({ CHILD: 'B', LS: 'V3' })] }) },
  { code: '393', year: 2025, bad: t({ header: [H({ SEX: 'F' })], episodes: [E({ DECOM: '01/05/2024' })] }), fails: [['header', 0]], good: t({ header: [H({ SEX: 'F', MOTHER: '0' })], episodes: [E({ DECOM: '01/05/2024' })] }) },
  { code: '398', bad: t({ episodes: [E({ LS: 'V3', PL_POST: '' })] }), fails: [['episodes', 0]], good: t({ episodes: [E({ LS: 'V3', HOME_POST: '', PL_POST: '' })] }) },
  {
    code: '399',
    bad: t({ header: [H({ SEX: '2', MOTHER: '0' })], episodes: [E({ LS: 'V3' }), E({ LS: 'V4', DECOM: '01/06/2023' })], reviews: [RV()] }),
    fails: [['episodes', 0], ['episodes', 1], ['header', 0], ['reviews', 0]],
    good: t({ header: [H({ SEX: '2', MOTHER: '0' })], episodes: [E({ LS: 'V3' }), E({ LS: 'C2', DECOM: '01/06/2023' })], reviews: [RV()] }),
  },
];

const applies = (rule: Rule<Ssda903Return>, year: number): boolean => !rule.years || (year >= rule.years[0] && year <= rule.years[1]);
const run = (rules: Rule<Ssda903Return>[], code: string, year: number, spec: Spec): string[] =>
  rules.filter((r) => r.code === code && applies(r, year)).flatMap((r) => r.check(build(year, spec))).map((f) => `${f.table}:${f.row}`).sort();

describe('903 rules 100–399 (part a)', () => {
  for (const c of CASES) {
    const year = c.year ?? 2024;
    const rules = c.lists ? WITH_LISTS : RULES;
    it(`${c.code} (${year}) fires on the bad rows and stays quiet on the good ones`, () => {
      expect(rules.filter((r) => r.code === c.code && applies(r, year))).toHaveLength(1);
      expect(run(rules, c.code, year, c.bad)).toEqual(c.fails.map(([table, row]) => `${table}:${row}`).sort());
      expect(run(rules, c.code, year, c.good)).toEqual([]);
    });
  }

  it('every ported rule, in every year version, has a case', () => {
    const missing = RULES.filter((r) => !CASES.some((c) => c.code === r.code && applies(r, c.year ?? 2024))).map((r) => `${r.code} ${r.years?.join('-') ?? ''}`);
    expect(missing).toEqual([]);
  });

  it('the range is whole: every code of 100–399 in the validator is ported or said why not', () => {
    // lac_validator/config.py's full code list (validator903) for 100–399, and the codes later year folders add.
    const codes = ('101 102 103 104 105 112 113 114 115 116 117 118 119 120 131 132 133 134 141 142 143 144 145 146 147 148 149 151 153 157 158 159 164 165 166 167 168 169 171 174 175 176 177 178 179 180 181 182 184 185 186 187 188 189 190 191 192 193 196 197a 197B 198 199 '
      + '202 203 204 205A 205B 205C 205D 207 208 209 210 213 214 215 217 218 219 221 222 224 225 226 227 228 229 301 302 303 304 331 333 334 335 336 344 345 351 352 353 354 355 356 357 358 359 361 362 363 364 365 366 367 370 371 372 373 374 375 376 377 378 379 '
      + '380 381 382 383 384 385 386 387 388 389 390 391 392A 392B 392c 393 398 399 217t 230 231 232 233 234 241 242 243 347 348').split(' ');
    const ported = new Set(RULES.map((r) => r.code));
    expect(codes.filter((c) => !ported.has(c) && !(c in NOT_APPLICABLE))).toEqual([]);
    expect(Object.keys(NOT_APPLICABLE).filter((c) => ported.has(c))).toEqual([]);
    expect([...ported].filter((c) => !codes.includes(c))).toEqual([]);
  });

  it('with no postcode list (our made-up postcodes), every placement lacks an LA, a location and a distance', () => {
    const spec = t({ header: [H()], episodes: [E()] });
    for (const code of ['169', '179', '392A', '392c']) expect(run(RULES, code, 2024, spec)).toEqual(['episodes:0']);
    // and the URN rules skip, as the validator does without Ofsted's lists
    expect(run(RULES, '219', 2024, t({ episodes: [E({ URN: 'SC1' })] }))).toEqual([]);
  });
});
