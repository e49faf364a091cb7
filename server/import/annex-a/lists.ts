// Ofsted's Annex A lists as data: each list's columns with their canonical header and the variants
// councils use (matched after normaliseName: case, spacing and punctuation ignored), which columns
// are dates of something that happened to the child (checked against the date of birth), and the
// code lists of the coded columns with their Annex A spellings. A writer of Annex A files (issue 14)
// can take the canonical headers and the first spelling of each code from here.

export type ColumnKind = 'id' | 'date' | 'code' | 'text' | 'number' | 'ignored';

export interface AnnexColumn {
  key: string;
  /** the column's name in reports: the header of liia-tools' Annex A schema, which is the template's tidied */
  header: string;
  /**
   * The template's own spelling, where it differs from `header` (Ofsted's workbook, as its sample copy
   * tests/fixtures/formats/annex-a/Annex_A_sample.xlsx has it: `Age`, a doubled parenthesis, curly quotes, a
   * trailing space). The writer writes it; the importer reads either (headers match without case, spacing
   * or punctuation).
   */
  template?: string;
  /** a column councils' files have but the template does not: read, never written */
  notInTemplate?: true;
  /** other headers seen in councils' files */
  variants?: readonly string[];
  kind: ColumnKind;
  /** a date of something that happened to the child (the date of birth must not be after it) */
  childEvent?: boolean;
  /**
   * For headers that match no spelling: groups of words (or word beginnings) that all appear in the
   * header, as councils' own wordings do (`Date Birth`, `Child's date of birth (dd/mm/yyyy)`). The
   * column whose group matches the most words wins; a tie matches nothing.
   */
  keywords?: readonly (readonly string[])[];
}

export interface AnnexList {
  list: number;
  title: string;
  /** what the importer does with the list */
  use: 'events' | 'attributes' | 'skipped';
  columns: readonly AnnexColumn[];
}

const CHILD_ID: AnnexColumn = { key: 'childId', header: 'Child Unique ID', variants: ['Child ID', 'Unique ID', 'Child Unique Identifier', 'LA Child ID', 'LAchildID', 'Child Identifier', 'ID'], kind: 'id', keywords: [['child', 'id'], ['unique', 'id'], ['child', 'identifier'], ['person', 'id']] };
const CHILD_DETAILS: readonly AnnexColumn[] = [
  { key: 'gender', header: 'Gender', variants: ['Sex', 'Child Gender'], kind: 'code', keywords: [['gender'], ['sex']] },
  { key: 'ethnicity', header: 'Ethnicity', variants: ['Ethnic Group', 'Ethnic Origin', 'Child Ethnicity'], kind: 'code', keywords: [['ethnic']] },
  { key: 'dob', header: 'Date of Birth', variants: ['DOB', 'Birth Date', 'Child Date of Birth'], kind: 'date', keywords: [['date', 'birth'], ['dob'], ['birth', 'date']] },
];
const AGE: AnnexColumn = { key: 'age', header: 'Age of Child (Years)', variants: ['Age', 'Age of Child', 'Age (Years)', 'Child Age'], kind: 'ignored', keywords: [['age']] };
/** The child's columns of lists 1 to 9, whose template heads the age `Age` (List 10's: `Age of Child (Years)`). */
const CHILD_COLUMNS: readonly AnnexColumn[] = [CHILD_ID, ...CHILD_DETAILS, { ...AGE, template: 'Age' }];
const DISABILITY: AnnexColumn = { key: 'disability', header: 'Does the Child have a Disability', variants: ['Disability', 'Disabled', 'Child has a Disability'], kind: 'code', keywords: [['disab']] };
const TEAM: AnnexColumn = { key: 'team', header: 'Allocated Team', variants: ['Team', 'Allocated Team Name'], kind: 'text', keywords: [['team']] };
const WORKER: AnnexColumn = { key: 'worker', header: 'Allocated Worker', variants: ['Worker', 'Allocated Social Worker'], kind: 'ignored', keywords: [['worker']] };

/** List 11's columns that other lists have too, by their key there. */
const ADOPTER_KEYS: Readonly<Record<string, string>> = { 'Family identifier': 'familyId', Gender: 'gender', Ethnicity: 'ethnicity', Disability: 'disability' };

export const ANNEX_A_LISTS: readonly AnnexList[] = [
  {
    list: 1,
    title: 'Contacts',
    use: 'events',
    columns: [
      ...CHILD_COLUMNS,
      { key: 'contactDate', header: 'Date of Contact', variants: ['Contact Date'], kind: 'date', childEvent: true, keywords: [['contact', 'date'], ['date', 'contact']] },
      { key: 'contactSource', header: 'Contact Source', variants: ['Source of Contact'], kind: 'code', keywords: [['contact', 'source'], ['source']] },
    ],
  },
  {
    list: 2,
    title: 'Early help',
    use: 'events',
    columns: [
      ...CHILD_COLUMNS,
      { key: 'ehStart', header: 'Assessment start date', variants: ['Early Help Assessment Start Date', 'Early Help Start Date'], kind: 'date', childEvent: true, keywords: [['start'], ['assessment', 'start']] },
      { key: 'ehEnd', header: 'Assessment completion date', variants: ['Early Help Assessment Completion Date', 'Early Help End Date', 'Assessment end date'], kind: 'date', childEvent: true, keywords: [['complet'], ['end', 'date']] },
      { key: 'ehOrganisation', header: 'Organisation completing assessment', variants: ['Organisation'], kind: 'text' },
    ],
  },
  {
    list: 3,
    title: 'Referrals',
    use: 'events',
    columns: [
      ...CHILD_COLUMNS,
      { key: 'referralDate', header: 'Date of Referral', variants: ['Referral Date'], kind: 'date', childEvent: true, keywords: [['referral', 'date'], ['date', 'referral']] },
      { key: 'referralSource', header: 'Referral Source', variants: ['Source of Referral'], kind: 'code', keywords: [['referral', 'source'], ['source']] },
      { key: 'referralNfa', header: 'Referral NFA?', variants: ['Referral NFA', 'NFA', 'Referral No Further Action'], kind: 'code', keywords: [['nfa'], ['no', 'further', 'action']] },
      { key: 'referrals12m', header: 'Number of Referrals in Last 12 Months', kind: 'ignored' },
      TEAM,
      WORKER,
    ],
  },
  {
    list: 4,
    title: 'Assessments',
    use: 'events',
    columns: [
      ...CHILD_COLUMNS,
      DISABILITY,
      { key: 'assessmentStart', header: 'Continuous Assessment Start Date', variants: ['Assessment Start Date', 'Date of Assessment Start'], kind: 'date', childEvent: true, keywords: [['assessment', 'start']] },
      { key: 'childSeen', header: 'Child Seen During Continuous Assessment', variants: ['Child Seen During Assessment'], kind: 'ignored' },
      { key: 'assessmentEnd', header: 'Continuous Assessment Date of Authorisation', variants: ['Assessment Date of Authorisation', 'Date of Authorisation', 'Assessment Authorisation Date', 'Assessment Completion Date'], kind: 'date', childEvent: true, keywords: [['authoris'], ['authoriz'], ['assessment', 'complet'], ['assessment', 'end']] },
      { key: 'assessmentOutcome', header: "Was the child assessed as requiring LA children's social care support?", variants: ['Assessment Outcome', 'Outcome of Assessment'], kind: 'code', keywords: [['assessed'], ['assessment', 'outcome']] },
      TEAM,
      WORKER,
    ],
  },
  {
    list: 5,
    title: 'Section 47 enquiries and ICPCs',
    use: 'events',
    columns: [
      ...CHILD_COLUMNS,
      DISABILITY,
      { key: 's47Start', header: 'Strategy discussion initiating Section 47 Enquiry Start Date', variants: ['Section 47 Enquiry Start Date', 'S47 Start Date', 'Strategy Discussion Date'], kind: 'date', childEvent: true, keywords: [['section', '47'], ['s47'], ['strategy', 'discussion']] },
      { key: 'icpcUnnecessary', header: 'Was an Initial Child Protection Conference deemed unnecessary?', variants: ['ICPC deemed unnecessary', 'ICPC not required'], kind: 'code', keywords: [['unnecessary'], ['not', 'required']] },
      { key: 'icpcDate', header: 'Date of Initial Child Protection Conference', variants: ['ICPC Date', 'Initial Child Protection Conference Date'], kind: 'date', childEvent: true, keywords: [['date', 'initial', 'conference'], ['icpc', 'date'], ['date', 'icpc']] },
      { key: 'icpcPlan', header: 'Did the Initial Child Protection Conference Result in a Child Protection Plan', variants: ['ICPC resulted in CP plan', 'Did the ICPC result in a CP plan'], kind: 'code', keywords: [['result'], ['icpc', 'plan']] },
      { key: 's47s12m', header: 'Number of Section 47 Enquiries in the last 12 months', kind: 'ignored' },
      { key: 'icpcs12m', header: 'Number of ICPCs in the last 12 months', kind: 'ignored' },
      TEAM,
      WORKER,
    ],
  },
  {
    list: 6,
    title: 'Children in need',
    use: 'events',
    columns: [
      ...CHILD_COLUMNS,
      DISABILITY,
      { key: 'cinStart', header: 'CIN Start Date', variants: ['Child in Need Start Date', 'CIN Plan Start Date'], kind: 'date', childEvent: true, keywords: [['cin', 'start'], ['need', 'start']] },
      { key: 'needCode', header: 'Primary Need Code', variants: ['Primary Need', 'Category of Need'], kind: 'code' },
      { key: 'lastSeen', header: 'Date Child Was Last Seen', variants: ['Date Last Seen'], kind: 'date', childEvent: true },
      { key: 'cinEnd', header: 'CIN Closure Date', variants: ['Child in Need Closure Date', 'CIN End Date', 'CIN Plan End Date'], kind: 'date', childEvent: true, keywords: [['cin', 'clos'], ['cin', 'end'], ['need', 'clos']] },
      { key: 'closureReason', header: 'Reason for Closure', variants: ['Closure Reason'], kind: 'code' },
      { key: 'caseStatus', header: 'Case Status', kind: 'ignored' },
      TEAM,
      WORKER,
    ],
  },
  {
    list: 7,
    title: 'Child protection plans',
    use: 'events',
    columns: [
      ...CHILD_COLUMNS,
      DISABILITY,
      { key: 'cpStart', header: 'Child Protection Plan Start Date', variants: ['CP Plan Start Date', 'CPP Start Date'], kind: 'date', childEvent: true, keywords: [['protection', 'plan', 'start'], ['cp', 'start'], ['cpp', 'start']] },
      { key: 'initialCategory', header: 'Initial Category of Abuse', kind: 'ignored' },
      { key: 'latestCategory', header: 'Latest Category of Abuse', kind: 'ignored' },
      { key: 'lastVisit', header: 'Date of the Last Statutory Visit', variants: ['Date of Last Statutory Visit'], kind: 'date', childEvent: true },
      { key: 'seenAlone', header: 'Was the Child Seen Alone?', kind: 'ignored' },
      { key: 'reviewDate', header: 'Date of latest review conference', variants: ['Date of Latest Review Conference'], kind: 'date', childEvent: true },
      { key: 'cpEnd', header: 'Child Protection Plan End Date', variants: ['CP Plan End Date', 'CPP End Date'], kind: 'date', childEvent: true, keywords: [['protection', 'plan', 'end'], ['cp', 'end'], ['cpp', 'end']] },
      { key: 'epo', header: 'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)', kind: 'ignored' },
      { key: 'previousPlans', header: 'Number of Previous Child Protection Plans', kind: 'ignored' },
      TEAM,
      WORKER,
    ],
  },
  {
    list: 8,
    title: 'Children in care',
    use: 'events',
    columns: [
      ...CHILD_COLUMNS,
      { key: 'uasc', header: 'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)', template: 'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))', variants: ['UASC'], kind: 'ignored' },
      DISABILITY,
      { key: 'claStart', header: 'Date Started to be Looked After', variants: ['Date Started Looked After', 'Date Became Looked After', 'Period of Care Start Date'], kind: 'date', childEvent: true, keywords: [['started', 'looked', 'after'], ['start', 'looked', 'after'], ['became', 'looked', 'after'], ['period', 'care', 'start']] },
      { key: 'needCode', header: "Child's Category of Need", variants: ['Category of Need'], kind: 'ignored' },
      { key: 'secondPeriod', header: 'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)', kind: 'ignored' },
      { key: 'legalStart', header: 'Start date of current legal status', variants: ['Legal Status Start Date'], kind: 'date', childEvent: true, keywords: [['start', 'legal', 'status']] },
      { key: 'legalStatus', header: "Child's Legal Status", variants: ['Legal Status'], kind: 'code', keywords: [['legal', 'status']] },
      { key: 'reviewDate', header: 'Date of Latest Statutory Review', kind: 'date', childEvent: true },
      { key: 'visitDate', header: 'Date of Last Social Work Visit', kind: 'date', childEvent: true },
      { key: 'permanencePlan', header: 'What is the permanence plan for this child?', kind: 'ignored' },
      { key: 'iroDate', header: 'Date of Last IRO Visit / Contact to the Child', kind: 'date', childEvent: true },
      { key: 'healthDate', header: 'Date of Last Health Assessment', kind: 'date', childEvent: true },
      { key: 'dentalDate', header: 'Date of Last Dental Check', kind: 'date', childEvent: true },
      { key: 'placements12m', header: 'Number of Placements in the Last 12 months', kind: 'ignored' },
      { key: 'claEnd', header: 'Date Ceased to be Looked After', variants: ['Date Ceased Looked After', 'Period of Care End Date'], kind: 'date', childEvent: true, keywords: [['ceased', 'looked', 'after'], ['period', 'care', 'end']] },
      { key: 'claReason', header: 'Reason Ceased to be Looked After', variants: ['Reason Ceased Looked After', 'Reason Episode Ceased'], kind: 'code', keywords: [['reason', 'ceased']] },
      { key: 'placementStart', header: 'Start Date of Most Recent Placement', variants: ['Placement Start Date'], kind: 'date', childEvent: true, keywords: [['placement', 'start']] },
      { key: 'placementType', header: 'Placement Type', kind: 'code', keywords: [['placement', 'type']] },
      { key: 'placementProvider', header: 'Placement Provider', kind: 'code', keywords: [['placement', 'provider']] },
      { key: 'postcode', header: 'Placement postcode', kind: 'ignored' },
      { key: 'urn', header: 'URN of Placement', kind: 'ignored' },
      { key: 'location', header: 'Placement Location', kind: 'ignored' },
      { key: 'laOfPlacement', header: 'LA of Placement', kind: 'ignored' },
      { key: 'missing', header: "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months", template: 'Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months', kind: 'ignored' },
      { key: 'absent', header: "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months", template: 'Number of Episodes the Child has been \u2018Absent\u2019 from their Placement in the last 12 months', kind: 'ignored' },
      { key: 'returnOffered', header: 'Was the child offered a Return Interview after their last missing episode (Y/N)?', kind: 'ignored' },
      { key: 'returnAccepted', header: 'Did the child accept a Return Interview after their last missing episode (Y/N)?', kind: 'ignored' },
      TEAM,
      WORKER,
    ],
  },
  {
    list: 9,
    title: 'Care leavers',
    use: 'attributes',
    // The template's 13 columns, then four of liia-tools' schema that councils' files may have.
    columns: [
      ...CHILD_COLUMNS,
      DISABILITY,
      TEAM,
      WORKER,
      { key: 'eligibility', header: 'Eligibility Category', kind: 'ignored' },
      { key: 'inTouch', header: 'LA in Touch', kind: 'ignored' },
      { key: 'accommodation', header: 'Type of Accommodation', kind: 'ignored' },
      { key: 'suitability', header: 'Suitability of Accommodation', kind: 'ignored' },
      { key: 'activity', header: 'Activity Status', kind: 'ignored' },
      { key: 'uasc', header: 'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)', kind: 'ignored', notInTemplate: true },
      { key: 'personalAdvisor', header: 'Allocated Personal Advisor', kind: 'ignored', notInTemplate: true },
      { key: 'pathwayReview', header: 'Latest Pathway Plan Review Date', kind: 'date', childEvent: true, notInTemplate: true },
      { key: 'latestContact', header: 'Latest Date of Contact', kind: 'date', childEvent: true, notInTemplate: true },
    ],
  },
  {
    list: 10,
    title: 'Adoption',
    use: 'attributes',
    columns: [
      CHILD_ID,
      { key: 'familyId', header: 'Family identifier', kind: 'ignored' },
      ...CHILD_DETAILS,
      AGE,
      DISABILITY,
      { key: 'enteredCare', header: 'Date the Child Entered Care', kind: 'date', childEvent: true },
      { key: 'adoptionDecision', header: 'Date of Decision that Child Should be Placed for Adoption', kind: 'date', childEvent: true },
      { key: 'placementOrder', header: 'Date of Placement Order', kind: 'date', childEvent: true },
      { key: 'matched', header: 'Date of Matching Child and Prospective Adopters', kind: 'date', childEvent: true },
      { key: 'placedForAdoption', header: 'Date Placed for Adoption', kind: 'date', childEvent: true },
      { key: 'adoptionOrder', header: 'Date of Adoption Order', template: 'Date of Adoption Order ', kind: 'date', childEvent: true },
      { key: 'noLongerDecision', header: 'Date of Decision that Child Should No Longer be Placed for Adoption', kind: 'date', childEvent: true },
      { key: 'noLongerReason', header: 'Reason Why Child No Longer Placed for Adoption', kind: 'ignored' },
      { key: 'ffaDate', header: 'Date the child was placed for fostering in FFA or concurrent planning placement', kind: 'date', childEvent: true },
    ],
  },
  {
    list: 11,
    title: 'Adopters',
    use: 'skipped',
    columns: [
      { key: 'adopterId', header: 'Individual adopter identifier', kind: 'ignored' },
      ...[
        'Family identifier', 'Gender', 'Ethnicity', 'Disability', 'Is the (prospective) adopter fostering for adoption?', 'Date enquiry received',
        'Date Stage 1 started', 'Date Stage 1 ended', 'Date Stage 2 started', 'Date Stage 2 ended', 'Date application submitted', 'Date application approved',
        'Date adopter matched with child(ren)', 'Date child/children placed with adopter(s)', 'No. of children placed', 'Date of Adoption Order',
        'Date of leaving adoption process', 'Reason for leaving adoption process',
      ].map((header): AnnexColumn => ({ key: ADOPTER_KEYS[header] ?? `adopter:${header}`, header, kind: 'ignored' })),
    ],
  },
];

/** The columns Ofsted's template has, in its order, each with the header the template spells. */
export function templateHeaders(list: AnnexList): string[] {
  return list.columns.filter((c) => c.notInTemplate !== true).map((c) => c.template ?? c.header);
}

/** Annex A's yes/no/unknown answers. */
export const ANSWER_SPELLINGS = { yes: ['a) Yes', 'Yes', 'Y'], no: ['b) No', 'No', 'N'], unknown: ['c) Unknown', 'Unknown'] } as const;

/** Annex A's gender spellings, in the template's order (writers take the first). */
export const GENDER_SPELLINGS = { M: 'a) Male', F: 'b) Female', U: 'c) Not stated/recorded' } as const;
