// SSDA903 as data: the header and episodes columns, the other tables of the return (recognised so that
// they are skipped by name), and the code lists the importer checks, per schema year, from the DfE's
// SSDA903 guidance as published in SocialFinanceDigitalLabs/liia-tools (SSDA903_schema_2017.yml and
// the 2019 diff). A writer of SSDA903 files (issue 14) can take the columns and codes here.

export const HEADER_COLUMNS = ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'] as const;
export const EPISODES_COLUMNS = ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'] as const;

/**
 * The return's other tables, each told by a column only it has (they all have CHILD and most DOB, so
 * a file of one must not be read as a header file). None gives a step of the journey.
 */
export const OTHER_TABLES: readonly { table: string; columns: readonly string[] }[] = [
  { table: 'Missing', columns: ['MISSING', 'MIS_START'] },
  { table: 'Reviews', columns: ['REVIEW', 'REVIEW_CODE'] },
  { table: 'UASC', columns: ['DUC'] },
  { table: 'OC2', columns: ['SDQ_SCORE', 'CONVICTED', 'HEALTH_CHECK'] },
  { table: 'OC3', columns: ['IN_TOUCH', 'ACTIV', 'ACCOM'] },
  { table: 'AD1', columns: ['DATE_INT', 'DATE_MATCH', 'NB_ADOPTR'] },
  { table: 'PlacedAdoption', columns: ['DATE_PLACED', 'DATE_PLACED_CEASED'] },
  { table: 'PrevPerm', columns: ['PREV_PERM', 'DATE_PERM'] },
  { table: 'SocialWorker', columns: ['SW_ID', 'SW_DECOM'] },
];

/** Reason for new episode: S starts a period of care; the others continue one. */
export const RNE_CODES = ['S', 'L', 'P', 'T', 'U', 'B'] as const;

/** Legal status. */
export const LEGAL_STATUS_CODES = ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'] as const;

/** Category of need. */
export const NEED_CODES = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;

/** Placement type: the list lives in core (the forecast's costs per placement type check it too). */
export { PLACEMENT_CODES } from '../../../core/placement-codes.js';

/** Placement provider. */
export const PROVIDER_CODES = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'] as const;

/** Reason episode ceased: X1 continues the period in a new episode; every other code ends it. */
export const CONTINUES = 'X1';

/**
 * Reasons episode ceased by schema year. The 2019 schema replaced the special guardianship codes E43
 * (to former foster carers) and E44 (to other carers) by E45–E48 (split by whether the carers are a
 * relative or friend); files of earlier years use E43 and E44.
 */
const REC_2017 = ['X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E43', 'E44', 'E5', 'E6', 'E7', 'E9', 'E14', 'E15', 'E16', 'E17', 'E8'] as const;
const REC_2019 = ['X1', 'E11', 'E12', 'E2', 'E3', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48', 'E5', 'E6', 'E7', 'E9', 'E14', 'E15', 'E16', 'E17', 'E8'] as const;

/** A schema and the collection years it applies to: from the year ending 31 March `fromYear` until the next schema. */
export interface SchemaYear {
  fromYear: number;
  /** the liia-tools schema file it follows */
  name: string;
  rec: readonly string[];
}

export const SCHEMA_YEARS: readonly SchemaYear[] = [
  { fromYear: 0, name: '2017', rec: REC_2017 },
  { fromYear: 2019, name: '2019', rec: REC_2019 },
];

/** The schema of the collection year ending 31 March `yearEnd`. */
export function schemaFor(yearEnd: number): SchemaYear {
  let schema = SCHEMA_YEARS[0]!;
  for (const s of SCHEMA_YEARS) if (yearEnd >= s.fromYear) schema = s;
  return schema;
}

/** Every REC code of any year (a code of another year is still understood). */
export const ALL_REC_CODES: readonly string[] = [...new Set(SCHEMA_YEARS.flatMap((s) => s.rec))];
