// Code lists shared by the formats, as data a writer of the formats can reuse (issue 14): each entry
// is the core code, then its spellings (DfE code, labels). Lookups return the stored code (index in
// core's list plus one, 0 = blank) through CodeList's tolerant matching.
import { CLA_REASON_CEASED, CLOSURE_REASONS, DISABILITY_CODES, ETHNICITY_CODES, SEX_CODES, SOURCE_CODES, outcomeCode } from '../../../core/events.js';
import { CodeList } from './values.js';

/** Sex: M, F, U with the spellings of Annex A (`a) Male`), the CIN census (`1`, `2`, `0`, `9`) and SSDA903 (`1`, `2`). */
export const SEX_SPELLINGS: readonly (readonly [(typeof SEX_CODES)[number], ...string[]])[] = [
  ['M', 'M', 'Male', '1', 'Boy'],
  ['F', 'F', 'Female', '2', 'Girl'],
  ['U', 'U', 'Not stated/recorded', 'Unknown', 'Not known', 'Not stated', 'Not recorded', 'Neither', 'Indeterminate', '0', '9'],
];

/** DfE ethnicity codes and their labels (Annex A gives `a) WBRI`; some extracts give the label). */
export const ETHNICITY_LABELS: Readonly<Record<string, readonly string[]>> = {
  WBRI: ['White British', 'White - British', 'White: English, Welsh, Scottish, Northern Irish or British'],
  WIRI: ['White Irish', 'White - Irish'],
  WIRT: ['Traveller of Irish heritage', 'Traveller of Irish Heritage'],
  WOTH: ['Any other White background', 'White - any other White background'],
  WROM: ['Gypsy/Roma', 'Gypsy Roma', 'Roma'],
  MWBC: ['White and Black Caribbean'],
  MWBA: ['White and Black African'],
  MWAS: ['White and Asian'],
  MOTH: ['Any other Mixed background', 'Any other mixed background'],
  AIND: ['Indian'],
  APKN: ['Pakistani'],
  ABAN: ['Bangladeshi'],
  AOTH: ['Any other Asian background'],
  BCRB: ['Caribbean', 'Black Caribbean'],
  BAFR: ['African', 'Black African'],
  BOTH: ['Any other Black background'],
  CHNE: ['Chinese'],
  OOTH: ['Any other ethnic group'],
  REFU: ['Refused', 'Information refused'],
  NOBT: ['Information not yet obtained', 'Not obtained', 'Not yet obtained'],
};

/** Contact and referral sources: DfE codes with the Annex A labels' main words. */
export const SOURCE_LABELS: Readonly<Record<string, readonly string[]>> = {
  '1A': ['Individual - family member, relative or carer'],
  '1B': ['Individual - acquaintance'],
  '1C': ['Individual - self'],
  '1D': ['Individual - other'],
  '2A': ['Schools'],
  '2B': ['Education services'],
  '3A': ['Health services - GP'],
  '3B': ['Health services - health visitor'],
  '3C': ['Health services - school nurse'],
  '3D': ['Health services - other primary health services'],
  '3E': ['Health services - A&E'],
  '3F': ['Health services - other'],
  '4': ['Housing'],
  '5A': ['LA services - social care'],
  '5B': ['LA services - other internal'],
  '5C': ['LA services - external'],
  '5D': ['LA services - early help'],
  '6': ['Police'],
  '7': ['Other legal agency'],
  '8': ['Other'],
  '9': ['Anonymous'],
  '10': ['Unknown'],
};

function indexed<T extends string>(codes: readonly T[], labels: Readonly<Record<string, readonly string[]>> = {}): CodeList<number> {
  return new CodeList<number>(codes.map((code, i) => [i + 1, code, ...(labels[code] ?? [])] as const));
}

export const SEX = new CodeList<number>(SEX_SPELLINGS.map(([code, ...spellings]) => [SEX_CODES.indexOf(code) + 1, ...spellings] as const));
export const ETHNICITY = indexed(ETHNICITY_CODES, ETHNICITY_LABELS);
export const SOURCE = indexed(SOURCE_CODES, SOURCE_LABELS);
/** Disability: Y, N, U (Annex A `a) Yes`, `b) No`, `c) Unknown`). */
export const DISABILITY = new CodeList<number>([
  [DISABILITY_CODES.indexOf('Y') + 1, 'Y', 'Yes', 'true', '1'],
  [DISABILITY_CODES.indexOf('N') + 1, 'N', 'No', 'false', '0', 'NONE'],
  [DISABILITY_CODES.indexOf('U') + 1, 'U', 'Unknown', 'Not known'],
]);
/** Reasons a period of care ended (SSDA903 REC, Annex A list 8), as stored `cla_end` outcomes. */
export const CLA_REASON = new CodeList<number>(CLA_REASON_CEASED.map((code) => [outcomeCode(code), code] as const));
/** CIN census reasons for closure, as stored `case_closed` outcomes. */
export const CLOSURE_REASON = new CodeList<number>(CLOSURE_REASONS.map((code) => [outcomeCode(code), code] as const));
