// The event vocabulary of the events CSV (../shared/spec/events-csv.md): event types, the outcome
// codes each accepts, and the code lists of the child attributes. Everything else validates against this.

export const EVENT_TYPES = [
  'contact',
  'early_help_start',
  'early_help_end',
  'referral',
  'assessment_start',
  'assessment_end',
  'strategy_discussion',
  's47_start',
  's47_end',
  'icpc',
  'cin_plan_start',
  'cin_plan_end',
  'cp_plan_start',
  'cp_plan_end',
  'cla_start',
  'cla_end',
  'case_closed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * SSDA903 reason-episode-ceased codes accepted as the outcome of `cla_end`. E43 and E44 (special
 * guardianship orders) are the codes of returns before 2019, which replaced them by E45–E48.
 */
export const CLA_REASON_CEASED = [
  'E1', 'E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17', 'E2', 'E3', 'E4A', 'E4B', 'E41', 'E45',
  'E46', 'E47', 'E48', 'E5', 'E6', 'E7', 'E8', 'E9', 'E43', 'E44',
] as const;

/** Outcome codes added after data was first stored: numbered after all the others, so stored outcome numbers never change. */
const LATER_OUTCOMES: readonly string[] = ['E43', 'E44'];

/** CIN census reasons for closure, the outcome of `case_closed`. */
export const CLOSURE_REASONS = ['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9'] as const;

/** Outcome codes each event type accepts (blank is always allowed). */
export const OUTCOMES_BY_EVENT: Readonly<Record<EventType, readonly string[]>> = {
  contact: ['referral', 'early_help', 'advice', 'nfa'],
  early_help_start: [],
  early_help_end: [],
  referral: ['nfa'],
  assessment_start: [],
  assessment_end: ['cin', 'nfa', 'early_help'],
  strategy_discussion: [],
  s47_start: [],
  s47_end: ['icpc', 'cin', 'nfa'],
  icpc: ['cp_plan', 'no_plan'],
  cin_plan_start: [],
  cin_plan_end: [],
  cp_plan_start: [],
  cp_plan_end: [],
  cla_start: [],
  cla_end: CLA_REASON_CEASED,
  case_closed: CLOSURE_REASONS,
};

/** Every outcome code of every event type, once; an outcome is stored as its index here plus one (0 = blank). */
export const OUTCOME_CODES: readonly string[] = [
  ...new Set([...Object.values(OUTCOMES_BY_EVENT).flat().filter((c) => !LATER_OUTCOMES.includes(c)), ...LATER_OUTCOMES]),
];

export const SOURCE_CODES = [
  '1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D',
  '6', '7', '8', '9', '10',
] as const;

export const SEX_CODES = ['M', 'F', 'U'] as const;
export const DISABILITY_CODES = ['Y', 'N', 'U'] as const;

/** DfE ethnicity codes, with the broad group each belongs to (used for colouring and cohorts). */
export const ETHNICITY_GROUPS: Readonly<Record<string, EthnicityGroup>> = {
  WBRI: 'white', WIRI: 'white', WIRT: 'white', WOTH: 'white', WROM: 'white',
  MWBC: 'mixed', MWBA: 'mixed', MWAS: 'mixed', MOTH: 'mixed',
  AIND: 'asian', APKN: 'asian', ABAN: 'asian', AOTH: 'asian',
  BCRB: 'black', BAFR: 'black', BOTH: 'black',
  CHNE: 'other', OOTH: 'other',
  REFU: 'unknown', NOBT: 'unknown',
};
export const ETHNICITY_GROUP_NAMES = ['white', 'mixed', 'asian', 'black', 'other', 'unknown'] as const;
export type EthnicityGroup = (typeof ETHNICITY_GROUP_NAMES)[number];
export const ETHNICITY_CODES = Object.keys(ETHNICITY_GROUPS);

const EVENT_INDEX = new Map<string, number>(EVENT_TYPES.map((t, i) => [t, i]));
const OUTCOME_INDEX = new Map<string, number>(OUTCOME_CODES.map((c, i) => [c, i + 1]));

/** The numeric code of an event type (its index in EVENT_TYPES), or -1 when unknown. */
export function eventCode(type: string): number {
  return EVENT_INDEX.get(type) ?? -1;
}

/** The stored code of an outcome (0 for blank), or -1 when it is no outcome code at all. */
export function outcomeCode(outcome: string | null | undefined): number {
  if (outcome == null || outcome === '') return 0;
  return OUTCOME_INDEX.get(outcome) ?? -1;
}

export function outcomeName(code: number): string | null {
  return code === 0 ? null : (OUTCOME_CODES[code - 1] ?? null);
}

/** Numeric event codes, for hot loops over columnar events. */
export const EV = Object.fromEntries(EVENT_TYPES.map((t, i) => [t, i])) as { readonly [K in EventType]: number };
