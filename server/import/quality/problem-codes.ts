// Every data-quality problem an import can report: its code, what it means in plain English, and the
// DfE validation rule it corresponds to where one exists. The rules and their messages are the DfE's
// CIN census and SSDA903 validation rules (as implemented in data-to-insight/csc-validator-be-cin
// and csc-validator-be-903); a problem that matches one carries the rule's code and leads its message
// with the DfE's own words. Where the DfE rule depends on the instance (a CP plan dated before its
// referral is CIN 1105, a CIN plan CIN 4015), the reader passes the rule with the problem. The
// README's per-format guide lists these; tests check it does.

export interface ProblemCode {
  /** what the problem means, for the report's summary */
  summary: string;
  /** the DfE rule every problem of this code matches, e.g. "CIN 1103"; null when none does or it depends on the instance */
  dfeRule: string | null;
}

/** The DfE's messages for the rules we check, word for word. */
export const DFE_MESSAGES = {
  'CIN 1103': 'The assessment start date cannot be before the referral date',
  'CIN 1104': 'The date of the initial child protection conference cannot be before the referral date',
  'CIN 1105': 'The child protection plan start date cannot be before the referral date',
  'CIN 2884': 'An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one',
  'CIN 4014': 'CIN Plan data contains overlapping dates',
  'CIN 4015': 'The CIN Plan start date cannot be before the referral date',
  'CIN 8565': 'Activity shown after a case has been closed',
  'CIN 8608': 'Assessment Start Date cannot be later than its End Date',
  'CIN 8615': 'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
  'CIN 8831': 'Activity is recorded against a case marked as a referral with no further action',
  'CIN 8925': 'Child Protection Plan End Date earlier than Start Date',
  'CIN 8940': 'Child Protection Plan data contains overlapping dates',
  'SSDA903 142': 'A new episode has started, but the previous episode has not ended.',
  'SSDA903 302': 'First episode starts before child was born.',
  'SSDA903 356': 'The date the episode ceased is before the date the same episode started.',
  'SSDA903 357': 'If this is the first episode ever for this child, reason for new episode must be S. Check whether there is an episode immediately preceding this one, which has been left out. If not the reason for new episode code must be amended to S.',
  'SSDA903 388': 'Reason episode ceased is coded new episode begins, but there is no continuation episode.',
  'SSDA903 431': 'The reason for new episode is started to be looked after, but the previous episode ended on the same day.',
  'SSDA903 501': 'A new episode has started before the end date of the previous episode.',
  'SSDA903 503A': 'The reason for new episode in the first episode does not match open episode at end of last year.',
  'SSDA903 503B': 'The legal status in the first episode does not match open episode at end of last year.',
  'SSDA903 503D': 'The placement type in the first episode does not match open episode at end of last year',
} as const;
export type DfeRule = keyof typeof DFE_MESSAGES;

/** A problem message led by the DfE rule's own words, then what this instance is. */
export function dfeMessage(rule: DfeRule, detail: string): string {
  const text = DFE_MESSAGES[rule].replace(/\.$/, '');
  return `${text}: ${detail}`;
}

export const PROBLEM_CODES = {
  // Reading rows and cells
  bad_date: { summary: 'A date cannot be read; the event it would give is left out', dfeRule: null },
  code_not_in_list: { summary: 'A coded value is not in its code list; it is imported as blank', dfeRule: null },
  code_not_in_year: { summary: "A code from another year's SSDA903 code list (valid then, not in the file's year); it is read with its meaning", dfeRule: null },
  cell_error: { summary: 'A cell holds an Excel error (such as #N/A) instead of a value', dfeRule: null },
  formula_without_value: { summary: 'A formula cell has no saved result (save the workbook in Excel to store one)', dfeRule: null },
  attribute_conflict: { summary: "A child's date of birth, sex or ethnicity differs between rows; the latest-dated value is kept", dfeRule: null },
  dob_after_event: { summary: "The child's date of birth is after a date of something that happened to the child", dfeRule: null },
  step_after_eighteen: { summary: "A step is dated on or after the child's 18th birthday (an end, or care ending: after it)", dfeRule: null },
  // Order of steps (the journey's sequence rules)
  assessment_before_referral: { summary: 'An assessment starts before its referral', dfeRule: 'CIN 1103' },
  step_before_referral: { summary: 'A strategy discussion, S47 enquiry, conference or plan is dated before its referral', dfeRule: null },
  step_without_referral: { summary: 'An assessment, strategy discussion, S47 enquiry, conference or plan belongs to an episode whose referral is not in the file, first seen more than a year after the file\'s first day', dfeRule: null },
  s47_after_icpc: { summary: 'A section 47 enquiry starts after its initial child protection conference', dfeRule: 'CIN 8615' },
  end_before_start: { summary: 'Something ends before it starts', dfeRule: null },
  end_without_start: { summary: 'An end date is given without a start date', dfeRule: null },
  duplicate_row: { summary: 'A row repeats one of the same child, day, event, outcome and episode (a referral: outcome); only the first is taken', dfeRule: null },
  start_while_open: { summary: 'A start while the same kind is already open (an assessment or CIN plan in its episode, early help for the child, an S47 begun that day); the first start stands', dfeRule: null },
  cp_plans_overlap: { summary: "A child protection plan starts on or before the day the child's previous plan ends (or while it is open)", dfeRule: 'CIN 8940' },
  cin_plans_overlap: { summary: "A CIN plan starts on or before the day the child's previous CIN plan ends (or while it is open)", dfeRule: 'CIN 4014' },
  nfa_with_later_steps: { summary: 'A step (assessment, strategy discussion, S47, conference, plan) belongs to a referral marked no further action', dfeRule: null },
  icpc_without_s47: { summary: 'An initial conference follows no section 47 enquiry awaiting one (and is not a transfer-in conference)', dfeRule: null },
  cp_plan_without_icpc: { summary: 'A child protection plan has no initial conference that decided on one in its episode (and is not a transfer-in)', dfeRule: null },
  care_periods_overlap: { summary: 'A period of care starts while another of the child is open', dfeRule: null },
  activity_after_closure: { summary: 'Activity is dated after the case was closed', dfeRule: 'CIN 8565' },
  icpc_recorded_twice: { summary: 'The same initial conference is recorded in both CINdetails and Section47', dfeRule: 'CIN 2884' },
  // CIN census years
  module_only_in_earlier_census: { summary: "A module of an episode is in an earlier census but not in the later census's copy of the episode; it is kept", dfeRule: null },
  // Periods of care (SSDA903)
  period_starts_without_s: { summary: 'A period of care starts with an episode whose reason for new episode (RNE) is not S', dfeRule: null },
  rne_s_same_day: { summary: 'An episode with RNE S (started to be looked after) starts on or before the day the previous episode ended (after X1 the period of care continues)', dfeRule: 'SSDA903 431' },
  x1_without_continuation: { summary: 'An episode ends X1 (new episode begins) but no episode starts that day', dfeRule: 'SSDA903 388' },
  episodes_overlap: { summary: 'An episode starts before the previous episode of the child ended', dfeRule: 'SSDA903 501' },
  rec_without_dec: { summary: 'A reason episode ceased (REC) is given for an episode with no date ceased (DEC); the episode is taken as open', dfeRule: null },
  open_episode_not_last: { summary: 'An open episode (no DEC) is followed by a later episode of the same child', dfeRule: 'SSDA903 142' },
  episode_repeat_differs: { summary: "An episode repeated in a later year's file differs from the earlier copy; the later copy is kept", dfeRule: null },
  episode_without_header: { summary: 'A child has episodes but no row in any header file', dfeRule: null },
  // Several sources in one dataset
  same_event_in_two_sources: { summary: 'The same event (type and date; for care, the start of the period) is in two sources; it is imported once', dfeRule: null },
} as const satisfies Record<string, ProblemCode>;

export type ProblemCodeName = keyof typeof PROBLEM_CODES;
