// Every data-quality problem an import can report: its code, what it means in plain English, and the
// DfE validation rule it corresponds to where one exists (CIN census rules from the DfE's CIN
// validation rules as implemented in data-to-insight/csc-validator-be-cin; SSDA903 rules likewise
// from csc-validator-be-903). The README's per-format guide lists these; tests check it does.

export interface ProblemCode {
  /** what the problem means, for the report's summary */
  summary: string;
  /** the DfE rule with the same meaning, e.g. "CIN 1103" or "SSDA903 357" */
  dfeRule: string | null;
}

export const PROBLEM_CODES = {
  // Reading rows and cells
  bad_date: { summary: 'A date cannot be read; the event it would give is left out', dfeRule: null },
  code_not_in_list: { summary: 'A coded value is not in its code list; it is imported as blank', dfeRule: null },
  cell_error: { summary: 'A cell holds an Excel error (such as #N/A) instead of a value', dfeRule: null },
  formula_without_value: { summary: 'A formula cell has no saved result (save the workbook in Excel to store one)', dfeRule: null },
  attribute_conflict: { summary: "A child's date of birth, sex or ethnicity differs between rows; the latest-dated value is kept", dfeRule: null },
  dob_after_event: { summary: 'The date of birth is after an event of the child', dfeRule: 'SSDA903 302 (first episode starts before child was born)' },
  // Order of steps (the journey's sequence rules)
  assessment_before_referral: { summary: 'An assessment starts before its referral', dfeRule: 'CIN 1103' },
  step_before_referral: { summary: 'A strategy discussion, S47 enquiry, conference or plan is dated before its referral', dfeRule: 'CIN 1104 (conference), CIN 1105, CIN 4015 (CIN plan)' },
  s47_after_icpc: { summary: 'A section 47 enquiry starts after its initial child protection conference', dfeRule: 'CIN 8615' },
  end_before_start: { summary: 'Something ends before it starts', dfeRule: 'CIN 8608 (assessment), CIN 8925 (CP plan)' },
  end_without_start: { summary: 'An end date is given without a start date', dfeRule: null },
  cp_plans_overlap: { summary: "A child protection plan starts while the child's previous plan is still open", dfeRule: null },
  cin_plans_overlap: { summary: "A CIN plan starts while the child's previous CIN plan is still open", dfeRule: 'CIN 4014' },
  nfa_with_later_steps: { summary: 'A step (assessment, strategy discussion, S47, conference, plan) belongs to a referral marked no further action', dfeRule: 'CIN 8831' },
  icpc_without_s47: { summary: 'An initial conference has no section 47 enquiry before it in its episode (and is not a transfer-in)', dfeRule: 'CIN 8615' },
  cp_plan_without_icpc: { summary: 'A child protection plan has no initial conference that decided on one in its episode (and is not a transfer-in)', dfeRule: null },
  care_periods_overlap: { summary: 'A period of care starts while another of the child is open', dfeRule: null },
  activity_after_closure: { summary: 'Activity is dated after the case was closed', dfeRule: 'CIN 8565' },
  icpc_recorded_twice: { summary: 'The same initial conference is recorded in both CINdetails and Section47', dfeRule: 'CIN 2884' },
  // Periods of care (SSDA903)
  period_starts_without_s: { summary: 'A period of care starts with an episode whose reason for new episode (RNE) is not S', dfeRule: 'SSDA903 357' },
  x1_without_continuation: { summary: 'An episode ends X1 (new episode begins) but no episode starts that day', dfeRule: 'SSDA903 388' },
  rec_without_dec: { summary: 'A reason episode ceased (REC) is given for an episode with no date ceased (DEC); the episode is taken as open', dfeRule: null },
  open_episode_not_last: { summary: 'An open episode (no DEC) is followed by a later episode of the same child', dfeRule: null },
  episode_repeat_differs: { summary: 'An episode repeated in a later year\'s file differs from the earlier copy; the later copy is kept', dfeRule: null },
  episode_without_header: { summary: 'A child has episodes but no row in any header file', dfeRule: null },
} as const satisfies Record<string, ProblemCode>;

export type ProblemCodeName = keyof typeof PROBLEM_CODES;
