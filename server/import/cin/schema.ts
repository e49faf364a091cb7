// The CIN census XML as data: the elements the importer reads in each module (schema years 2017 to
// 2026), and the spellings that vary between years. A writer of CIN census files (issue 14) can take
// the element names and their order from here.

/** Elements of a child's identifiers; `GenderCurrent` (to 2023) and `Sex` (2024 on) both give sex. */
export const CHILD_IDENTIFIERS = ['LAchildID', 'UPN', 'FormerUPN', 'UPNunknown', 'PersonBirthDate', 'ExpectedPersonBirthDate', 'GenderCurrent', 'Sex', 'PersonDeathDate'] as const;

/** Elements of a CINdetails module (one referral episode) read as values, in schema order. */
export const CIN_DETAILS = ['CINreferralDate', 'ReferralSource', 'PrimaryNeedCode', 'CINclosureDate', 'ReasonForClosure', 'DateOfInitialCPC', 'ReferralNFA'] as const;

/** The modules inside CINdetails, each one row of the report, with the dates each holds. */
export const MODULES = {
  Assessments: ['AssessmentActualStartDate', 'AssessmentInternalReviewDate', 'AssessmentAuthorisationDate'],
  CINPlanDates: ['CINPlanStartDate', 'CINPlanEndDate'],
  Section47: ['S47ActualStartDate', 'InitialCPCtarget', 'DateOfInitialCPC'],
  ChildProtectionPlans: ['CPPstartDate', 'CPPendDate'],
} as const;
export type ModuleName = keyof typeof MODULES;

/** Modules of later schema years that have no event in the journey vocabulary: read past, counted in a warning. */
export const UNREAD_MODULES = ['PreProceedingsandFGDM'] as const;

/** Booleans are written `true`/`false` or `1`/`0` depending on the year and the software. */
export const BOOLEAN_SPELLINGS = { true: ['true', '1'], false: ['false', '0'] } as const;

/** A Disability code meaning the child has none; any other code means the child is disabled. */
export const NO_DISABILITY = 'NONE';
