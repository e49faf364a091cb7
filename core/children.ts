// Child attributes as typed columns aligned with EventTable.childIds, and the cohort bands built from
// them. The value on the latest-dated row that has one wins (events-csv.md); importers resolve that.
import { ETHNICITY_CODES, ETHNICITY_GROUPS, ETHNICITY_GROUP_NAMES } from './events.js';
import { civilFromDay } from './dates.js';

/** Marks a missing date of birth in `dob`. */
export const NO_DATE = -0x80000000;

export interface ChildAttributes {
  /** day number of birth, NO_DATE when unknown */
  readonly dob: Int32Array;
  /** 1 where `dob` was given as a month (`YYYY-MM`, read as the 1st): the day is unknown (absent: every dob is a day) */
  readonly dobMonthOnly?: Uint8Array;
  /** 0 = blank, else index into SEX_CODES plus one */
  readonly sex: Uint8Array;
  /** 0 = blank, else index into ETHNICITY_CODES plus one */
  readonly ethnicity: Uint8Array;
  /** 0 = blank, else index into DISABILITY_CODES plus one */
  readonly disability: Uint8Array;
}

export function emptyChildAttributes(childCount: number): ChildAttributes {
  return {
    dob: new Int32Array(childCount).fill(NO_DATE),
    sex: new Uint8Array(childCount),
    ethnicity: new Uint8Array(childCount),
    disability: new Uint8Array(childCount),
  };
}

export const AGE_BANDS = ['unknown', 'under_1', '1_4', '5_9', '10_15', '16_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Age band (index into AGE_BANDS) of a child born on `dob` on `day`, in whole years as DfE counts them. */
export function ageBandAt(dob: number, day: number): number {
  if (dob === NO_DATE || day < dob) return 0;
  const birth = civilFromDay(dob);
  const now = civilFromDay(day);
  let years = now.year - birth.year;
  if (now.month < birth.month || (now.month === birth.month && now.day < birth.day)) years--;
  if (years < 1) return 1;
  if (years < 5) return 2;
  if (years < 10) return 3;
  if (years < 16) return 4;
  return 5;
}

/** Index into ETHNICITY_GROUP_NAMES plus one (0 = blank) of an ethnicity code index plus one. */
export function ethnicityGroupOf(ethnicity: number): number {
  if (ethnicity === 0) return 0;
  const group = ETHNICITY_GROUPS[ETHNICITY_CODES[ethnicity - 1]!]!;
  return ETHNICITY_GROUP_NAMES.indexOf(group) + 1;
}

