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

/**
 * DfE ethnicity codes and their labels (Annex A gives `a) WBRI`; extracts give the label, alone or
 * after its group, `Mixed - White and Asian`, `Black or Black British - African`).
 */
export const ETHNICITY_LABELS: Readonly<Record<string, readonly string[]>> = {
  WBRI: ['White British', 'White - British', 'White: English, Welsh, Scottish, Northern Irish or British', 'British'],
  WIRI: ['White Irish', 'White - Irish', 'Irish'],
  WIRT: ['Traveller of Irish heritage', 'Traveller of Irish Heritage', 'White - Traveller of Irish heritage'],
  WOTH: ['Any other White background', 'White - any other White background', 'White - Any other White background'],
  WROM: ['Gypsy/Roma', 'Gypsy Roma', 'Roma', 'White - Gypsy/Roma', 'Gypsy / Roma'],
  MWBC: ['White and Black Caribbean', 'Mixed - White and Black Caribbean'],
  MWBA: ['White and Black African', 'Mixed - White and Black African'],
  MWAS: ['White and Asian', 'Mixed - White and Asian'],
  MOTH: ['Any other Mixed background', 'Any other mixed background', 'Mixed - Any other Mixed background'],
  AIND: ['Indian', 'Asian or Asian British - Indian'],
  APKN: ['Pakistani', 'Asian or Asian British - Pakistani'],
  ABAN: ['Bangladeshi', 'Asian or Asian British - Bangladeshi'],
  AOTH: ['Any other Asian background', 'Asian or Asian British - Any other Asian background'],
  BCRB: ['Caribbean', 'Black Caribbean', 'Black or Black British - Caribbean'],
  BAFR: ['African', 'Black African', 'Black or Black British - African'],
  BOTH: ['Any other Black background', 'Black or Black British - Any other Black background'],
  CHNE: ['Chinese', 'Chinese or other ethnic group - Chinese'],
  OOTH: ['Any other ethnic group', 'Chinese or other ethnic group - Any other ethnic group', 'Other ethnic group'],
  REFU: ['Refused', 'Information refused'],
  NOBT: ['Information not yet obtained', 'Not obtained', 'Not yet obtained'],
};

/**
 * Contact and referral sources: DfE codes with their labels, short and as the DfE's guidance and
 * Ofsted's Annex A template write them in full (`HEALTH SERVICES – general practitioner (GP)`).
 */
export const SOURCE_LABELS: Readonly<Record<string, readonly string[]>> = {
  '1A': ['Individual - family member, relative or carer', 'INDIVIDUAL – family member, relative or carer'],
  '1B': ['Individual - acquaintance', 'INDIVIDUAL – acquaintance (including neighbours and child minders)'],
  '1C': ['Individual - self', 'INDIVIDUAL – self'],
  '1D': ['Individual - other', 'INDIVIDUAL – other (including strangers)'],
  '2A': ['Schools'],
  '2B': ['Education services'],
  '3A': ['Health services - GP', 'HEALTH SERVICES – general practitioner (GP)', 'General practitioner', 'GP'],
  '3B': ['Health services - health visitor', 'HEALTH SERVICES – health visitor', 'Health visitor'],
  '3C': ['Health services - school nurse', 'HEALTH SERVICES – school nurse', 'School nurse'],
  '3D': ['Health services - other primary health services', 'HEALTH SERVICES – other primary health services', 'Other primary health services'],
  '3E': ['Health services - A&E', 'HEALTH SERVICES – A&E (accident and emergency department)', 'A&E', 'Accident and emergency department'],
  '3F': ['Health services - other', 'HEALTH SERVICES – other (for example hospice)', 'Other health services'],
  '4': ['Housing', 'HOUSING - local authority housing or housing association', 'HOUSING – local authority housing or housing association'],
  '5A': ['LA services - social care', 'LA SERVICES – social care for example adults social care services', 'LA SERVICES – social care'],
  '5B': ['LA services - other internal', 'LA SERVICES – other internal (department other than social care in local authorities, for example, youth offending (excluding housing))', 'LA SERVICES – other internal'],
  '5C': ['LA services - external', 'LA SERVICES – external, for example, from another local authority’s adults social care services', 'LA SERVICES – external'],
  '5D': ['LA services - early help', 'LA SERVICES – early help'],
  '6': ['Police'],
  '7': ['Other legal agency', 'OTHER LEGAL AGENCY – including courts, probation, immigration, CAFCASS (Children and Family Court Advisory and Support Service) or prison'],
  '8': ['Other', 'OTHER – including children’s centres, independent agency providers or voluntary organisations'],
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
