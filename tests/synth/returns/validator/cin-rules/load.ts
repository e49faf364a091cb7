// The CIN census XML flattened into the validator's tables, as its ingress does it
// (data-to-insight/csc-validator-be-cin cin_validator/ingress.py, XMLtoCSV, read at f49c691):
// - every cell is the text of the FIRST direct child element of that name in the block ('' when absent
//   or empty: ElementTree's `.find(name).text` or pandas' NA);
// - CINdetailsID counts a child's <CINdetails> from 1; AssessmentID and CPPID count the
//   <Assessments> and <ChildProtectionPlans> of one <CINdetails> from 1 (so CPPID repeats across a
//   child's episodes, which matters to rules that join on LAchildID and CPPID only);
// - Assessments: one row per <Assessments>; AssessmentFactors holds the list of its
//   <FactorsIdentifiedAtAssessment> children (joined with FACTOR_SEPARATOR; '' when the block is absent,
//   and FactorsBlock '1' when it is present, even empty);
// - Reviews: one row per <Reviews> block that has a <CPPreviewDate>, holding its FIRST CPPreviewDate;
// - Disabilities: one row per child element of <Disabilities>;
// - <ChildProtectionPlans> written directly under <Child> (outside any <CINdetails>) are read too,
//   under the child's last CINdetailsID ('0' when it has none), as the ingress does;
// - PreProceedings (module 5, from the 2026-27 census): one row per <PreProceedingsandFGDM> of a
//   <CINdetails>. The validator's ingress for it is not in the commits read; its rules' column names and
//   its own 2026 sample file give the element names, and the flattening follows the other modules.
import { XmlSyntaxError, XmlTokenizer } from '../../../../../server/import/common/xml-tokenizer.js';
import type { Row } from '../rule.js';
import { addMonths, dayFromCivil } from '../../../../../core/dates.js';
import { CIN_TABLES, FACTOR_SEPARATOR, censusPeriod, type CinReturn, type CinTable } from '../cin.js';

interface Element {
  name: string;
  /** ElementTree's .text: the text before the first child element; null when there is none */
  text: string | null;
  children: Element[];
  line: number;
}

function parseTree(xml: string): Element {
  const root: Element = { name: '#document', text: null, children: [], line: 1 };
  const stack: Element[] = [root];
  const tokenizer = new XmlTokenizer(
    {
      // the tokenizer closes a self-closing tag itself
      open(name, _attrs, line) {
        const element: Element = { name, text: null, children: [], line };
        stack[stack.length - 1]!.children.push(element);
        stack.push(element);
      },
      close(name) {
        const open = stack.pop();
        if (!open || open.name !== name) throw new XmlSyntaxError(open?.line ?? 1, `<${open?.name ?? ''}> is closed by </${name}>`);
      },
      text(text) {
        const current = stack[stack.length - 1]!;
        if (current.children.length === 0) current.text = (current.text ?? '') + text;
      },
    },
    true,
  );
  tokenizer.write(xml);
  tokenizer.end();
  if (stack.length !== 1) throw new XmlSyntaxError(stack[stack.length - 1]!.line, `<${stack[stack.length - 1]!.name}> is never closed`);
  return root;
}

const find = (element: Element | undefined, name: string): Element | undefined => element?.children.find((c) => c.name === name);
const findAll = (element: Element | undefined, name: string): Element[] => element?.children.filter((c) => c.name === name) ?? [];
/** get_values: each column from the first direct child of that name; '' when absent or empty. */
function values(block: Element | undefined, columns: readonly string[], row: Row = {}): Row {
  for (const column of columns) row[column] = find(block, column)?.text ?? '';
  return row;
}

const HEADER_DETAILS = ['Collection', 'Year', 'ReferenceDate'];
const HEADER_SOURCE = ['SourceLevel', 'LEA', 'SoftwareCode', 'Release', 'SerialNo', 'DateTime'];
const IDENTIFIERS = ['LAchildID', 'UPN', 'FormerUPN', 'UPNunknown', 'PersonBirthDate', 'ExpectedPersonBirthDate', 'GenderCurrent', 'Sex', 'PersonDeathDate'];
const EPISODE = ['CINreferralDate', 'ReferralSource', 'PrimaryNeedCode', 'CINclosureDate', 'ReasonForClosure', 'DateOfInitialCPC', 'ReferralNFA'];
const ASSESSMENT = ['AssessmentActualStartDate', 'AssessmentInternalReviewDate', 'AssessmentAuthorisationDate'];
const PLAN_DATES = ['CINPlanStartDate', 'CINPlanEndDate'];
const SECTION47 = ['S47ActualStartDate', 'InitialCPCtarget', 'DateOfInitialCPC', 'ICPCnotRequired'];
const PRE_PROCEEDINGS = ['PPStartDate', 'LBPSentDate', 'FGDMMeetingOffer', 'FGDMMeetingFac', 'InitialPPMeetingDate', 'ReviewMeetingsCount', 'StepDecisionDate', 'PPOutcome', 'CourtAppDate', 'LetterInitCPDate'];
const CP_PLAN = ['CPPstartDate', 'CPPendDate', 'InitialCategoryOfAbuse', 'LatestCategoryOfAbuse', 'NumberOfPreviousCPP'];

/** Flattens a CIN census XML text into the validator's tables; throws with the line on malformed XML. */
export function loadCin(xml: string, year: number, la = '201'): CinReturn {
  let root: Element;
  try {
    root = parseTree(xml);
  } catch (error) {
    throw new Error(`CIN census XML is not well formed: ${(error as Error).message}`);
  }
  const message = find(root, 'Message');
  const header = find(message, 'Header');
  const children = find(message, 'Children');
  if (!message || !header || !children) throw new Error(`CIN census XML: line ${message?.line ?? 1}: expected <Message> with <Header> and <Children>`);

  const tables = Object.fromEntries(CIN_TABLES.map((t) => [t, [] as Row[]])) as Record<CinTable, Row[]>;
  tables.Header.push(values(find(header, 'Source'), HEADER_SOURCE, values(find(header, 'CollectionDetails'), HEADER_DETAILS)));

  const plansOf = (parent: Element, LAchildID: string, CINdetailsID: string): void => {
    findAll(parent, 'ChildProtectionPlans').forEach((plan, p) => {
      const CPPID = String(p + 1);
      tables.ChildProtectionPlans.push(values(plan, CP_PLAN, { LAchildID, CINdetailsID, CPPID }));
      for (const review of findAll(plan, 'Reviews')) {
        if (find(review, 'CPPreviewDate')) tables.Reviews.push(values(review, ['CPPreviewDate'], { LAchildID, CINdetailsID, CPPID }));
      }
    });
  };

  for (const child of findAll(children, 'Child')) {
    const identifiers = find(child, 'ChildIdentifiers');
    const characteristics = find(child, 'ChildCharacteristics');
    if (!identifiers || !characteristics) throw new Error(`CIN census XML: line ${child.line}: <Child> without <ChildIdentifiers> or <ChildCharacteristics> (the validator's ingress fails on it)`);
    const ids = values(identifiers, IDENTIFIERS);
    tables.ChildIdentifiers.push(ids);
    const LAchildID = ids.LAchildID!;
    tables.ChildCharacteristics.push(values(characteristics, ['Ethnicity'], { LAchildID }));
    for (const disability of find(characteristics, 'Disabilities')?.children ?? []) tables.Disabilities.push({ LAchildID, Disability: disability.text ?? '' });

    const episodes = findAll(child, 'CINdetails');
    episodes.forEach((episode, e) => {
      const CINdetailsID = String(e + 1);
      findAll(episode, 'Assessments').forEach((assessment, a) => {
        const row = values(assessment, ASSESSMENT, { LAchildID, CINdetailsID, AssessmentID: String(a + 1) });
        const factors = find(assessment, 'FactorsIdentifiedAtAssessment');
        row.AssessmentFactors = factors ? factors.children.map((f) => f.text ?? '').join(FACTOR_SEPARATOR) : '';
        // not a validator column: tells an empty <FactorsIdentifiedAtAssessment/> (an empty list) from none (NA)
        row.FactorsBlock = factors ? '1' : '';
        tables.Assessments.push(row);
      });
      for (const dates of findAll(episode, 'CINPlanDates')) tables.CINplanDates.push(values(dates, PLAN_DATES, { LAchildID, CINdetailsID }));
      for (const s47 of findAll(episode, 'Section47')) tables.Section47.push(values(s47, SECTION47, { LAchildID, CINdetailsID }));
      plansOf(episode, LAchildID, CINdetailsID);
      for (const pp of findAll(episode, 'PreProceedingsandFGDM')) tables.PreProceedings.push(values(pp, PRE_PROCEEDINGS, { LAchildID, CINdetailsID }));
    });
    // The ingress pushes a child's CINdetails rows after the loop over them; the table's order is the same.
    episodes.forEach((episode, e) => tables.CINdetails.push(values(episode, EPISODE, { LAchildID, CINdetailsID: String(e + 1) })));
    plansOf(child, LAchildID, String(episodes.length));
  }
  const fallbackEnd = dayFromCivil(year, 3, 31);
  const data: CinReturn = { year, la, tables, collectionStart: addMonths(fallbackEnd, -12) + 1, collectionEnd: fallbackEnd };
  const period = censusPeriod(data);
  if (period) [data.collectionStart, data.collectionEnd] = [period.start, period.end];
  return data;
}
