// The re-implemented CIN census rules: for each rule, a small hand-built return where it fires on the
// failing rows, and one where it stays quiet; and loadCin, read against the public sample files and
// hand-written XML whose tables were worked out by hand from the validator's ingress.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../../core/dates.js';
import { CIN_TABLES, type CinReturn, type CinTable } from './cin.js';
import { CIN_RULES, RULES, loadCin } from './cin-rules/index.js';
import type { Row } from './rule.js';

type Tables = Partial<Record<CinTable, Row[]>>;

/** A return of `year` holding the given rows; the header says 31 March of the year unless given. */
function cinReturn(tables: Tables, year = 2023): CinReturn {
  const all = Object.fromEntries(CIN_TABLES.map((t) => [t, tables[t] ?? []])) as Record<CinTable, Row[]>;
  if (!tables.Header) all.Header = [{ Collection: 'CIN', Year: String(year), ReferenceDate: `${year}-03-31` }];
  return { year, la: '201', collectionStart: dayFromCivil(year - 1, 3, 31), collectionEnd: dayFromCivil(year, 3, 31), tables: all };
}

/** "table:row" of every failure of the rule(s) with this code that apply to the return's year. */
function failing(code: string, data: CinReturn): string[] {
  const rules = CIN_RULES.filter((r) => r.code === code && (!r.years || (data.year >= r.years[0] && data.year <= r.years[1])));
  if (rules.length === 0) throw new Error(`no rule ${code} for ${data.year}`);
  return rules.flatMap((r) => r.check(data)).map((f) => `${f.table}:${f.row}`).sort();
}

interface Case {
  code: string;
  year?: number;
  /** what the case shows */
  why: string;
  bad: Tables;
  /** "table:row" of the failures expected on `bad` ("Header:0" for a return-level failure) */
  fails: string[];
  good: Tables;
}

const LA = ['Header:0'];
const child = (id: string, more: Row = {}): Row => ({ LAchildID: id, ...more });
const episode = (id: string, cin: string, more: Row = {}): Row => ({ LAchildID: id, CINdetailsID: cin, ...more });
const plan = (id: string, cin: string, cpp: string, more: Row = {}): Row => ({ LAchildID: id, CINdetailsID: cin, CPPID: cpp, ...more });

function check(cases: Case[]): void {
  for (const c of cases) {
    describe(`${c.code}${c.year ? ` (${c.year})` : ''}`, () => {
      it(`fires: ${c.why}`, () => expect(failing(c.code, cinReturn(c.bad, c.year))).toEqual([...c.fails].sort()));
      it('stays quiet on the corrected return', () => expect(failing(c.code, cinReturn(c.good, c.year))).toEqual([]));
    });
  }
}

describe('loadCin', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/formats/cin-census', name), 'utf8');

  it('reads the liia-tools sample (one child, every module) into one row per block', () => {
    const data = loadCin(fixture('cin-2022.xml'), 2022);
    const counts = Object.fromEntries(CIN_TABLES.map((t) => [t, data.tables[t].length]));
    expect(counts).toEqual({ Header: 1, ChildIdentifiers: 1, ChildCharacteristics: 1, Disabilities: 2, CINdetails: 1, Assessments: 1, CINplanDates: 1, Section47: 1, ChildProtectionPlans: 1, Reviews: 1, PreProceedings: 0 });
    expect(data.tables.Header[0]).toMatchObject({ Collection: 'CIN', Year: '2022', ReferenceDate: '2022-03-31', LEA: '201', DateTime: '2022-05-23T11:14:05' });
    expect(data.tables.ChildIdentifiers[0]).toEqual({
      LAchildID: 'DfEX0000001', UPN: 'A123456789123', FormerUPN: 'X98765432123B', UPNunknown: 'UN3', PersonBirthDate: '1966-03-24',
      ExpectedPersonBirthDate: '1966-03-22', GenderCurrent: '1', Sex: '', PersonDeathDate: '1980-10-08',
    });
    expect(data.tables.Disabilities.map((r) => r.Disability)).toEqual(['HAND', 'HEAR']);
    expect(data.tables.CINdetails[0]).toMatchObject({ CINdetailsID: '1', ReasonForClosure: 'RC1', DateOfInitialCPC: '1970-12-06', ReferralNFA: 'false' });
    expect(data.tables.Assessments[0]).toMatchObject({ CINdetailsID: '1', AssessmentID: '1', AssessmentInternalReviewDate: '1970-06-22', AssessmentFactors: '2A,2B' });
    expect(data.tables.Section47[0]).toMatchObject({ InitialCPCtarget: '1970-06-23', DateOfInitialCPC: '1970-06-17', ICPCnotRequired: 'false' });
    expect(data.tables.ChildProtectionPlans[0]).toMatchObject({ CINdetailsID: '1', CPPID: '1', NumberOfPreviousCPP: '10', LatestCategoryOfAbuse: 'PHY' });
    expect(data.tables.Reviews[0]).toEqual({ LAchildID: 'DfEX0000001', CINdetailsID: '1', CPPID: '1', CPPreviewDate: '1971-02-15' });
    // the validator's census period: 31 March of the year before to 31 March
    expect([data.collectionStart, data.collectionEnd]).toEqual([dayFromCivil(2021, 3, 31), dayFromCivil(2022, 3, 31)]);
  });

  it("reads the validator's own 2021 and 2024 samples (GenderCurrent, then Sex)", () => {
    const y2021 = loadCin(fixture('CIN_Census_2021.xml'), 2023);
    expect(y2021.tables.ChildIdentifiers[0]).toMatchObject({ GenderCurrent: '1', PersonBirthDate: '1965-03-27', ExpectedPersonBirthDate: '1066-04-13' });
    expect(y2021.tables.CINdetails[0]!.ReferralNFA).toBe('0');
    const y2024 = loadCin(fixture('CIN_Census_2024.xml'), 2024);
    expect(y2024.tables.ChildIdentifiers.map((r) => [r.GenderCurrent, r.Sex])).toEqual(y2024.tables.ChildIdentifiers.map((r) => ['', r.Sex]));
    expect(y2024.tables.ChildIdentifiers.every((r) => r.Sex !== '')).toBe(true);
  });

  it('reads the 2026 sample: an empty factors block is an empty list, module 5 a PreProceedings row', () => {
    const data = loadCin(fixture('CIN_Census_2026.xml'), 2027);
    expect(data.tables.ChildIdentifiers.map((r) => r.LAchildID)).toEqual(['DfEX0000001', 'child_fails_assessments']);
    expect(data.tables.Disabilities.map((r) => [r.LAchildID, r.Disability])).toEqual([['DfEX0000001', 'HAND'], ['DfEX0000001', 'HEAR'], ['child_fails_assessments', 'NONE']]);
    expect(data.tables.Assessments.map((r) => [r.AssessmentFactors, r.FactorsBlock])).toEqual([['1C,RB,6B', '1'], ['', '1']]);
    expect(data.tables.PreProceedings).toEqual([
      {
        LAchildID: 'DfEX0000001', CINdetailsID: '1', PPStartDate: '2026-09-09', LBPSentDate: '2026-09-20', FGDMMeetingOffer: '1', FGDMMeetingFac: '1', InitialPPMeetingDate: '2026-09-28',
        ReviewMeetingsCount: '3', StepDecisionDate: '2026-12-01', PPOutcome: 'A', CourtAppDate: '2026-12-18', LetterInitCPDate: '2027-02-05',
      },
    ]);
  });

  const xml = (children: string) => `<?xml version="1.0"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2023</Year><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails><Source><LEA>201</LEA></Source></Header>\n<Children>${children}</Children></Message>`;
  const ids = (id: string) => `<ChildIdentifiers><LAchildID>${id}</LAchildID></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>`;

  it('numbers episodes per child and plans and assessments per episode, as the validator keys them', () => {
    const data = loadCin(xml(`
      <Child>${ids('A')}
        <CINdetails><CINreferralDate>2022-05-01</CINreferralDate><Assessments><AssessmentActualStartDate>2022-05-02</AssessmentActualStartDate></Assessments>
          <ChildProtectionPlans><CPPstartDate>2022-06-01</CPPstartDate></ChildProtectionPlans><ChildProtectionPlans><CPPstartDate>2022-09-01</CPPstartDate></ChildProtectionPlans></CINdetails>
        <CINdetails><CINreferralDate>2022-11-01</CINreferralDate><Assessments/><Assessments/>
          <ChildProtectionPlans><CPPstartDate>2022-12-01</CPPstartDate></ChildProtectionPlans></CINdetails>
      </Child>
      <Child>${ids('B')}<CINdetails><CINreferralDate>2023-01-01</CINreferralDate></CINdetails></Child>`), 2023);
    expect(data.tables.CINdetails.map((r) => `${r.LAchildID}/${r.CINdetailsID}`)).toEqual(['A/1', 'A/2', 'B/1']);
    expect(data.tables.ChildProtectionPlans.map((r) => `${r.CINdetailsID}/${r.CPPID}/${r.CPPstartDate}`)).toEqual(['1/1/2022-06-01', '1/2/2022-09-01', '2/1/2022-12-01']);
    expect(data.tables.Assessments.map((r) => `${r.CINdetailsID}/${r.AssessmentID}`)).toEqual(['1/1', '2/1', '2/2']);
    // no <FactorsIdentifiedAtAssessment>: no factor list at all
    expect(data.tables.Assessments.map((r) => r.FactorsBlock)).toEqual(['', '', '']);
  });

  it('keeps one review per <Reviews> block (its first date) and drops blocks with no date', () => {
    const data = loadCin(xml(`<Child>${ids('A')}<CINdetails><ChildProtectionPlans><CPPstartDate>2022-06-01</CPPstartDate>
      <Reviews><CPPreviewDate>2022-07-01</CPPreviewDate><CPPreviewDate>2022-09-01</CPPreviewDate></Reviews>
      <Reviews></Reviews><Reviews><CPPreviewDate>2022-12-01</CPPreviewDate></Reviews></ChildProtectionPlans></CINdetails></Child>`), 2023);
    expect(data.tables.Reviews.map((r) => r.CPPreviewDate)).toEqual(['2022-07-01', '2022-12-01']);
  });

  it('reads a CP plan written outside any <CINdetails> under the last episode number, as the ingress does', () => {
    const data = loadCin(xml(`<Child>${ids('A')}<CINdetails/><CINdetails/><ChildProtectionPlans><CPPstartDate>2022-06-01</CPPstartDate></ChildProtectionPlans></Child>`), 2023);
    expect(data.tables.ChildProtectionPlans).toEqual([{ LAchildID: 'A', CINdetailsID: '2', CPPID: '1', CPPstartDate: '2022-06-01', CPPendDate: '', InitialCategoryOfAbuse: '', LatestCategoryOfAbuse: '', NumberOfPreviousCPP: '' }]);
  });

  it('takes the first of repeated elements and reads absent or empty ones as missing', () => {
    const data = loadCin(xml(`<Child><ChildIdentifiers><LAchildID>A</LAchildID><LAchildID>B</LAchildID><UPN/><Sex>F</Sex></ChildIdentifiers><ChildCharacteristics/></Child>`), 2023);
    expect(data.tables.ChildIdentifiers[0]).toMatchObject({ LAchildID: 'A', UPN: '', Sex: 'F', PersonBirthDate: '' });
    expect(data.tables.ChildCharacteristics[0]).toEqual({ LAchildID: 'A', Ethnicity: '' });
  });

  it('rejects malformed XML with the line, and a child the ingress cannot read', () => {
    expect(() => loadCin('<Message>\n<Header>\n</Message>', 2023)).toThrow(/line/);
    expect(() => loadCin(xml('<Child><CINdetails/></Child>'), 2023)).toThrow(/ChildIdentifiers/);
  });

  it('takes the census period from the header ReferenceDate, not from the year asked for', () => {
    const data = loadCin(xml(''), 2024);
    expect([data.collectionStart, data.collectionEnd]).toEqual([dayFromCivil(2022, 3, 31), dayFromCivil(2023, 3, 31)]);
  });
});

describe('the rule list', () => {
  it('exports every rule once per code and year range, with the severity its code gives', () => {
    expect(RULES).toBe(CIN_RULES);
    const keys = CIN_RULES.map((r) => `${r.code}:${r.years?.join('-') ?? 'all'}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of CIN_RULES) expect(r.severity).toBe(r.code.endsWith('Q') ? 'query' : 'error');
  });
});
