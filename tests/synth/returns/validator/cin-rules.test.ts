// The re-implemented CIN census rules: for each rule, a small hand-built return where it fires on the
// failing rows, and one where it stays quiet; and loadCin, read against the public sample files and
// hand-written XML whose tables were worked out by hand from the validator's ingress.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../../core/dates.js';
import { CIN_TABLES, type CinReturn, type CinTable } from './cin.js';
import { CIN_RULES, RULES, loadCin } from './cin-rules/index.js';
import { runRules, type Row } from './rule.js';

type Tables = Partial<Record<CinTable, Row[]>>;

/** A return of `year` holding the given rows; the header says 31 March of the year unless given. */
function cinReturn(tables: Tables, year = 2023): CinReturn {
  const all = Object.fromEntries(CIN_TABLES.map((t) => [t, tables[t] ?? []])) as Record<CinTable, Row[]>;
  if (!tables.Header) all.Header = [{ Collection: 'CIN', Year: String(year), ReferenceDate: `${year}-03-31` }];
  return { year, la: '201', collectionStart: dayFromCivil(year - 1, 4, 1), collectionEnd: dayFromCivil(year, 3, 31), tables: all };
}

/** the rules some case below has made fire (checked at the end: every rule has a case) */
const fired = new Set<object>();

/** "table:row" of every failure of the rule(s) with this code that apply to the return's year. */
function failing(code: string, data: CinReturn): string[] {
  const rules = CIN_RULES.filter((r) => r.code === code && (!r.years || (data.year >= r.years[0] && data.year <= r.years[1])));
  if (rules.length === 0) throw new Error(`no rule ${code} for ${data.year}`);
  return rules.flatMap((r) => {
    const failures = r.check(data);
    if (failures.length > 0) fired.add(r);
    return failures;
  }).map((f) => `${f.table}:${f.row}`).sort();
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
    // the validator's census period: 1 April of the year before to 31 March (utils.py make_census_period @ 9a51184)
    expect([data.collectionStart, data.collectionEnd]).toEqual([dayFromCivil(2021, 4, 1), dayFromCivil(2022, 3, 31)]);
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
    expect([data.collectionStart, data.collectionEnd]).toEqual([dayFromCivil(2022, 4, 1), dayFromCivil(2023, 3, 31)]);
  });
});

describe('the rules on the sample files', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/formats/cin-census', name), 'utf8');
  const codes = (data: CinReturn) => new Set(runRules(RULES, data).map((f) => f.rule));

  it("flag what is wrong in the validator's own 2026 sample (worked out by hand from its dates)", () => {
    const found = codes(loadCin(fixture('CIN_Census_2026.xml'), 2024));
    // header Year 2023 with ReferenceDate 2024-03-31
    expect(found.has('100')).toBe(true);
    // child_fails_assessments: assessment started 2023-12-25, referral 2024-10-24
    expect(found.has('1103')).toBe(true);
    // DfEX0000001: assessment started 2028-04-28, authorised 2020-09-19
    expect(found.has('8608')).toBe(true);
    // DfEX0000001: CP plan started 2022-02-17, referral 2022-10-06
    expect(found.has('1105')).toBe(true);
  });

  it('run on every sample without throwing, in the years each ruleset covers', () => {
    for (const [name, year] of [['cin-2022.xml', 2022], ['CIN_Census_2021.xml', 2023], ['CIN_Census_2024.xml', 2024], ['CIN_Census_2026.xml', 2025], ['CIN_Census_2026.xml', 2027]] as const) {
      expect(() => runRules(RULES, loadCin(fixture(name), year))).not.toThrow();
    }
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

// Header and child identifiers. Y201000017002 has the right check letter: the digits weighted 2..13 sum
// to 113, and 113 mod 23 = 21, letter Y (the DfE table skips I, O and S).
check([
  {
    code: '100', why: 'reference date not 31 March of the header year',
    bad: { Header: [{ Year: '2023', ReferenceDate: '2023-03-30' }] }, fails: ['Header:0'],
    good: { Header: [{ Year: '2023', ReferenceDate: '2023-03-31' }] },
  },
  {
    code: '100', why: 'reference date missing',
    bad: { Header: [{ Year: '2023', ReferenceDate: '' }] }, fails: ['Header:0'],
    good: { Header: [{ Year: '2023', ReferenceDate: '31/03/2023' }] },
  },
  {
    code: '1510', why: 'wrong check letter',
    bad: { ChildIdentifiers: [child('A', { UPN: 'Y201000017002' }), child('B', { UPN: 'A201000017002' })] }, fails: ['ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { UPN: 'Y201000017002' }), child('B', { UPN: '' }), child('C', { UPN: 'A2010000170' })] },
  },
  {
    code: '1520', why: 'two children share a UPN',
    bad: { ChildIdentifiers: [child('A', { UPN: 'Y201000017002' }), child('B', { UPN: 'Y201000017002' }), child('C', { UPN: '' }), child('D', { UPN: '' })] },
    fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { UPN: 'Y201000017002' }), child('C', { UPN: '' }), child('D', { UPN: '' })] },
  },
  {
    code: '1530', year: 2023, why: 'characters 2-4 no LA code (942 is one only from 2024)',
    bad: { ChildIdentifiers: [child('A', { UPN: 'A999000017002' }), child('B', { UPN: 'A942000017002' })] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { UPN: 'A201000017002' }), child('B', { UPN: 'A001000017002' }), child('C', { UPN: 'A99' })] },
  },
  {
    code: '1530', year: 2024, why: '999 is still no LA code',
    bad: { ChildIdentifiers: [child('A', { UPN: 'A999000017002' })] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { UPN: 'A942000017002' }), child('B', { UPN: 'A943000017002' })] },
  },
  {
    code: '1540', why: 'a letter among characters 5-12, or a UPN too short to have them',
    bad: { ChildIdentifiers: [child('A', { UPN: 'A2010000A7002' }), child('B', { UPN: 'A201' })] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { UPN: 'Y201000017002' }), child('B', { UPN: '' })] },
  },
  {
    code: '1550', why: 'character 13 is I',
    bad: { ChildIdentifiers: [child('A', { UPN: 'A20100001700I' })] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { UPN: 'A20100001700A' }), child('B', { UPN: 'A201000017009' })] },
  },
  {
    code: '1560Q', why: 'former UPN too short, or ending in a letter',
    bad: { ChildIdentifiers: [child('A', { FormerUPN: 'X98721238' }), child('B', { FormerUPN: 'X98765432123B' })] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { FormerUPN: 'X987654321231' }), child('B', { FormerUPN: '' })] },
  },
  {
    code: '1570', year: 2025, why: 'an ID of 21 characters',
    bad: { ChildIdentifiers: [child('ABCDEFGHIJKLMNOPQRSTU')] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('ABCDEFGHIJKLMNOPQRST')] },
  },
  {
    code: '1580', year: 2025, why: 'a hyphen in the ID',
    bad: { ChildIdentifiers: [child('SYN-abc123'), child('SYN abc')] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('SYNabc123'), child('')] },
  },
  {
    code: '4180', year: 2024, why: 'a 2024 return (2023-24 ruleset) still needs GenderCurrent: Sex alone fails',
    bad: { ChildIdentifiers: [child('A', { Sex: 'M' }), child('B', { GenderCurrent: 'M' })] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { GenderCurrent: '1' }), child('B', { GenderCurrent: '9' })] },
  },
  {
    code: '4180', year: 2025, why: 'from 2025, Sex M, F or U',
    bad: { ChildIdentifiers: [child('A', { GenderCurrent: '1' }), child('B', { Sex: '1' })] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { Sex: 'M' }), child('B', { Sex: 'U' })] },
  },
  {
    code: '4220', why: 'ethnicity missing or not a code',
    bad: { ChildCharacteristics: [child('A', { Ethnicity: '' }), child('B', { Ethnicity: 'WXYZ' })] }, fails: ['ChildCharacteristics:0', 'ChildCharacteristics:1'],
    good: { ChildCharacteristics: [child('A', { Ethnicity: 'WBRI' }), child('B', { Ethnicity: 'NOBT' })] },
  },
  {
    code: '8500', why: 'no LAchildID',
    bad: { ChildIdentifiers: [child(''), child('B')] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A'), child('B')] },
  },
  {
    code: '8510', why: 'the same LAchildID twice',
    bad: { ChildIdentifiers: [child('A'), child('B'), child('A')] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:2'],
    good: { ChildIdentifiers: [child('A'), child('B')] },
  },
  {
    code: '8540', why: 'a child with action and no disability row, or an invalid code',
    bad: {
      ChildIdentifiers: [child('A', { PersonBirthDate: '2015-01-01' }), child('B', { PersonBirthDate: '2015-01-01' })],
      CINdetails: [episode('A', '1', { ReferralNFA: 'false' }), episode('B', '1', { ReferralNFA: 'true' }), episode('B', '2', { ReferralNFA: '0' })],
      Disabilities: [child('B', { Disability: 'NONE' }), child('B', { Disability: 'BLIND' })],
    },
    fails: ['ChildIdentifiers:0', 'CINdetails:0', 'ChildIdentifiers:1', 'CINdetails:2', 'Disabilities:1'],
    good: {
      ChildIdentifiers: [child('A', { PersonBirthDate: '2015-01-01' }), child('B', { PersonBirthDate: '' }), child('C', { PersonBirthDate: '2015-01-01' })],
      CINdetails: [episode('A', '1', { ReferralNFA: 'false' }), episode('B', '1', { ReferralNFA: 'false' }), episode('C', '1', { ReferralNFA: 'true' })],
      Disabilities: [child('A', { Disability: 'NONE' })],
    },
  },
  {
    code: '8750', year: 2024, why: 'an unborn child needs GenderCurrent 0 up to 2024',
    bad: { ChildIdentifiers: [child('A', { ExpectedPersonBirthDate: '2024-05-01', Sex: 'U' })] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { ExpectedPersonBirthDate: '2024-05-01', GenderCurrent: '0' }), child('B', { PersonBirthDate: '2020-01-01', ExpectedPersonBirthDate: '2020-01-02', GenderCurrent: '1' })] },
  },
  {
    code: '8750', year: 2025, why: 'an unborn child needs Sex U from 2025',
    bad: { ChildIdentifiers: [child('A', { ExpectedPersonBirthDate: '2025-05-01', Sex: 'F' })] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { ExpectedPersonBirthDate: '2025-05-01', Sex: 'U' })] },
  },
  {
    code: '8770Q', year: 2023, why: 'born on or before 31 March 2017 with action, no UPN, reason UN1',
    bad: {
      ChildIdentifiers: [child('A', { PersonBirthDate: '2017-03-31', UPNunknown: 'UN1' }), child('B', { PersonBirthDate: '2010-01-01' })],
      CINdetails: [episode('A', '1', { ReferralNFA: 'false' }), episode('B', '1', { ReferralNFA: 'FALSE' })],
    },
    fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: {
      ChildIdentifiers: [child('A', { PersonBirthDate: '2017-04-01', UPNunknown: 'UN1' }), child('B', { PersonBirthDate: '2010-01-01', UPNunknown: 'un5' }), child('C', { PersonBirthDate: '2010-01-01' })],
      CINdetails: [episode('A', '1', { ReferralNFA: 'false' }), episode('B', '1', { ReferralNFA: '0' }), episode('C', '1', { ReferralNFA: 'true' })],
    },
  },
  {
    code: '8770Q', year: 2025, why: 'of school age: born on or before 31 August 2019 in the 2025 return',
    bad: { ChildIdentifiers: [child('A', { PersonBirthDate: '2019-08-31' })], CINdetails: [episode('A', '1', { ReferralNFA: '0' })] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { PersonBirthDate: '2019-09-01' })], CINdetails: [episode('A', '1', { ReferralNFA: '0' })] },
  },
  {
    code: '8772', why: 'UN7 with an episode that led to action, or with no episode',
    bad: {
      ChildIdentifiers: [child('A', { UPNunknown: 'UN7' }), child('B', { UPNunknown: 'UN7' })],
      CINdetails: [episode('A', '1', { ReferralNFA: 'true' }), episode('A', '2', { ReferralNFA: 'false' })],
    },
    fails: ['ChildIdentifiers:0', 'CINdetails:1', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { UPNunknown: 'UN7' }), child('B', { UPNunknown: 'UN4' })], CINdetails: [episode('A', '1', { ReferralNFA: 'True' }), episode('A', '2', { ReferralNFA: '1' }), episode('B', '1', { ReferralNFA: 'false' })] },
  },
  {
    code: '8790', why: 'NONE with another disability',
    bad: { Disabilities: [child('A', { Disability: 'NONE' }), child('A', { Disability: 'HAND' }), child('B', { Disability: 'HAND' })] }, fails: ['Disabilities:1'],
    good: { Disabilities: [child('A', { Disability: 'NONE' }), child('B', { Disability: 'HAND' }), child('B', { Disability: 'VIS' })] },
  },
  {
    code: '8794', why: 'the same disability twice for a child',
    bad: { Disabilities: [child('A', { Disability: 'HAND' }), child('A', { Disability: 'VIS' }), child('A', { Disability: 'HAND' })] }, fails: ['Disabilities:0', 'Disabilities:2'],
    good: { Disabilities: [child('A', { Disability: 'HAND' }), child('A', { Disability: 'VIS' }), child('B', { Disability: 'HAND' })] },
  },
]);

// Births and deaths (2023 return: census period 31 March 2022 to 31 March 2023).
check([
  {
    code: '8520', why: 'born after the reference date',
    bad: { ChildIdentifiers: [child('A', { PersonBirthDate: '2023-04-01' })] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { PersonBirthDate: '2023-03-31' }), child('B', { PersonBirthDate: '' })] },
  },
  {
    code: '8525Q', why: 'both birth dates, or neither',
    bad: { ChildIdentifiers: [child('A', { PersonBirthDate: '2020-01-01', ExpectedPersonBirthDate: '2020-01-02' }), child('B')] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { PersonBirthDate: '2020-01-01' }), child('B', { ExpectedPersonBirthDate: '2023-05-01' })] },
  },
  {
    code: '8530Q', why: 'expected on the reference date minus 30 days, or on the reference date plus 9 months',
    bad: { ChildIdentifiers: [child('A', { ExpectedPersonBirthDate: '2023-03-01' }), child('B', { ExpectedPersonBirthDate: '2023-12-31' })] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { ExpectedPersonBirthDate: '2023-03-02' }), child('B', { ExpectedPersonBirthDate: '2023-12-30' }), child('C')] },
  },
  {
    code: '8535Q', why: 'died before birth, or died with no birth date',
    bad: { ChildIdentifiers: [child('A', { PersonBirthDate: '2020-05-02', PersonDeathDate: '2020-05-01' }), child('B', { PersonDeathDate: '2022-06-01' })] }, fails: ['ChildIdentifiers:0', 'ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A', { PersonBirthDate: '2020-05-01', PersonDeathDate: '2020-05-01' }), child('B', { ExpectedPersonBirthDate: '2022-07-01', PersonDeathDate: '2022-06-01' })] },
  },
  {
    code: '8545Q', why: 'died before the census period',
    bad: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-03-30' })] }, fails: ['ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-04-01' }), child('B')] },
  },
  {
    code: '8555Q', why: 'referred after death',
    bad: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' })], CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })] }, fails: ['CINdetails:0', 'ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' }), child('B')], CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-01' }), episode('B', '1', { CINreferralDate: '2022-06-02' })] },
  },
  {
    code: '8585Q', why: 'closed RC2 (died) with no date of death',
    bad: { ChildIdentifiers: [child('A')], CINdetails: [episode('A', '1', { ReasonForClosure: 'RC2' })] }, fails: ['ChildIdentifiers:0', 'CINdetails:0'],
    good: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' }), child('B')], CINdetails: [episode('A', '1', { ReasonForClosure: 'RC2' }), episode('B', '1', { ReasonForClosure: 'RC1' })] },
  },
  {
    code: '8606', why: 'referred more than 280 days before birth',
    bad: { ChildIdentifiers: [child('A', { PersonBirthDate: '2022-10-08' })], CINdetails: [episode('A', '1', { CINreferralDate: '2022-01-00' }), episode('A', '2', { CINreferralDate: '2021-12-31' })] }, fails: ['CINdetails:1', 'ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { ExpectedPersonBirthDate: '2022-10-08' })], CINdetails: [episode('A', '1', { CINreferralDate: '2022-01-01' })] },
  },
  {
    code: '8775Q', why: 'over 25, with an episode still open or closed after the 25th birthday',
    bad: { ChildIdentifiers: [child('A', { PersonBirthDate: '1997-01-01' })], CINdetails: [episode('A', '1', { CINclosureDate: '' }), episode('A', '2', { CINclosureDate: '2022-01-02' })] },
    fails: ['ChildIdentifiers:0', 'CINdetails:0', 'CINdetails:1'],
    good: { ChildIdentifiers: [child('A', { PersonBirthDate: '1997-01-01' }), child('B', { PersonBirthDate: '1998-04-01' })], CINdetails: [episode('A', '1', { CINclosureDate: '2022-01-01' }), episode('B', '1')] },
  },
]);

// Episodes (CINdetails).
check([
  {
    code: '8568', why: 'ReferralNFA missing or not a flag',
    bad: { CINdetails: [episode('A', '1', { ReferralNFA: '' }), episode('A', '2', { ReferralNFA: 'yes' })] }, fails: ['CINdetails:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { ReferralNFA: 'TRUE' }), episode('A', '2', { ReferralNFA: '0' })] },
  },
  {
    code: '8569Q', year: 2023, why: 'an NFA referral before 31 March 2022 (a working day)',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-03-30', ReferralNFA: 'true' })] }, fails: ['CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-04-01', ReferralNFA: 'true' }), episode('B', '1', { CINreferralDate: '2021-03-30', ReferralNFA: 'false' })] },
  },
  {
    code: '8569Q', year: 2025, why: 'Sunday 31 March 2024 rolls to Tuesday 2 April (Easter Monday is a bank holiday), so 1 April is before it',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2024-04-01', ReferralNFA: '1' })] }, fails: ['CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2024-04-02', ReferralNFA: '1' })] },
  },
  {
    code: '8590', why: 'a child with no episode',
    bad: { ChildIdentifiers: [child('A'), child('B')], CINdetails: [episode('A', '1')] }, fails: ['ChildIdentifiers:1'],
    good: { ChildIdentifiers: [child('A'), child('B')], CINdetails: [episode('A', '1'), episode('B', '1')] },
  },
  {
    code: '8600', why: 'referral missing or after the reference date',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '' }), episode('A', '2', { CINreferralDate: '2023-04-01' })] }, fails: ['CINdetails:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2023-03-31' }), episode('A', '2', { CINreferralDate: '2001-01-01' })] },
  },
  {
    code: '8610', why: 'action with no primary need',
    bad: { CINdetails: [episode('A', '1', { ReferralNFA: 'false', PrimaryNeedCode: '' }), episode('A', '2', { ReferralNFA: '0' })] }, fails: ['CINdetails:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { ReferralNFA: 'false', PrimaryNeedCode: 'N4' }), episode('A', '2', { ReferralNFA: 'true' })] },
  },
  {
    code: '8620', why: 'closed outside the census period',
    bad: { CINdetails: [episode('A', '1', { CINclosureDate: '2022-03-30' }), episode('A', '2', { CINclosureDate: '2023-04-01' })] }, fails: ['CINdetails:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { CINclosureDate: '2022-04-01' }), episode('A', '2', { CINclosureDate: '2023-03-31' }), episode('A', '3')] },
  },
  {
    code: '8630', why: 'closed before referral',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02', CINclosureDate: '2022-06-01' })] }, fails: ['CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-01', CINclosureDate: '2022-06-01' }), episode('A', '2', { CINreferralDate: '2022-06-02' })] },
  },
  {
    code: '8640', why: 'closure reason not RC1-RC9',
    bad: { CINdetails: [episode('A', '1', { ReasonForClosure: 'RC10' }), episode('A', '2', { ReasonForClosure: 'RC0' })] }, fails: ['CINdetails:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { ReasonForClosure: 'RC9' }), episode('A', '2', { ReasonForClosure: '' })] },
  },
  {
    code: '8650', why: 'primary need not N0-N9',
    bad: { CINdetails: [episode('A', '1', { PrimaryNeedCode: 'N10' })] }, fails: ['CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { PrimaryNeedCode: 'N0' }), episode('A', '2', { PrimaryNeedCode: '' })] },
  },
  {
    code: '8805', why: 'a closure date without a reason',
    bad: { CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-01' })] }, fails: ['CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-01', ReasonForClosure: 'RC1' }), episode('A', '2')] },
  },
  {
    code: '8810', why: 'a reason without a closure date',
    bad: { CINdetails: [episode('A', '1', { ReasonForClosure: 'RC1' })] }, fails: ['CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-01', ReasonForClosure: 'RC1' })] },
  },
  {
    code: '8815', why: 'two open episodes with action: every open episode of the child fails',
    bad: {
      CINdetails: [
        episode('A', '1', { ReferralNFA: 'false' }), episode('A', '2', { ReferralNFA: '0' }), episode('A', '3', { ReferralNFA: 'true' }),
        episode('A', '4', { ReferralNFA: 'false', CINclosureDate: '2022-06-01' }),
      ],
    },
    fails: ['CINdetails:0', 'CINdetails:1', 'CINdetails:2'],
    good: { CINdetails: [episode('A', '1', { ReferralNFA: 'false' }), episode('A', '2', { ReferralNFA: 'true' }), episode('B', '1', { ReferralNFA: 'false' })] },
  },
  {
    code: '8816', why: 'an open episode with action that is not the latest referral: it and the latest fail',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-05-01', ReferralNFA: 'false' }), episode('A', '2', { CINreferralDate: '2022-09-01', ReferralNFA: 'true', CINclosureDate: '2022-09-02' })] },
    fails: ['CINdetails:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-05-01', ReferralNFA: 'false', CINclosureDate: '2022-06-01' }), episode('A', '2', { CINreferralDate: '2022-09-01', ReferralNFA: 'false' })] },
  },
  {
    code: '8820', why: "an episode starting inside another's, or while another with action is open",
    bad: {
      CINdetails: [
        episode('A', '1', { CINreferralDate: '2022-05-01', CINclosureDate: '2022-07-01' }), episode('A', '2', { CINreferralDate: '2022-06-30', CINclosureDate: '2022-08-01' }),
        episode('B', '1', { CINreferralDate: '2022-05-01', ReferralNFA: 'false' }), episode('B', '2', { CINreferralDate: '2022-09-01', CINclosureDate: '2022-09-05' }),
      ],
    },
    fails: ['CINdetails:0', 'CINdetails:1', 'CINdetails:2', 'CINdetails:3'],
    good: {
      CINdetails: [
        episode('A', '1', { CINreferralDate: '2022-05-01', CINclosureDate: '2022-07-01' }), episode('A', '2', { CINreferralDate: '2022-07-01', CINclosureDate: '2022-08-01' }),
        episode('B', '1', { CINreferralDate: '2022-05-01', ReferralNFA: 'true' }), episode('B', '2', { CINreferralDate: '2022-09-01', CINclosureDate: '2022-09-05' }),
      ],
    },
  },
  {
    code: '8866', why: 'a referral since April 2013 with no or an unknown source',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2013-04-01', ReferralSource: '' }), episode('A', '2', { CINreferralDate: '2022-05-01', ReferralSource: '1E' })] }, fails: ['CINdetails:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2013-03-31', ReferralSource: '' }), episode('A', '2', { CINreferralDate: '2022-05-01', ReferralSource: '10' })] },
  },
]);

// Module dates against the episode's referral, closure, NFA flag.
check([
  {
    code: '1103', why: 'assessment before referral',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], Assessments: [episode('A', '1', { AssessmentActualStartDate: '2022-06-01' })] }, fails: ['Assessments:0', 'CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' }), episode('A', '2', { CINreferralDate: '2022-01-01' })], Assessments: [episode('A', '1', { AssessmentActualStartDate: '2022-06-02' }), episode('A', '2', { AssessmentActualStartDate: '2022-06-01' })] },
  },
  {
    code: '1104', why: 'S47 conference before referral',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], Section47: [episode('A', '1', { DateOfInitialCPC: '2022-06-01' })] }, fails: ['Section47:0', 'CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], Section47: [episode('A', '1', { DateOfInitialCPC: '2022-06-02' }), episode('A', '1', { DateOfInitialCPC: '' })] },
  },
  {
    code: '1105', why: 'CP plan before referral',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], ChildProtectionPlans: [plan('A', '1', '1', { CPPstartDate: '2022-06-01' })] }, fails: ['ChildProtectionPlans:0', 'CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], ChildProtectionPlans: [plan('A', '1', '1', { CPPstartDate: '2022-06-02' })] },
  },
  {
    code: '2889', why: 'S47 before referral',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], Section47: [episode('A', '1', { S47ActualStartDate: '2022-06-01' })] }, fails: ['Section47:0', 'CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], Section47: [episode('A', '1', { S47ActualStartDate: '2022-06-02' })] },
  },
  {
    code: '4015', why: 'CIN plan before referral',
    bad: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], CINplanDates: [episode('A', '1', { CINPlanStartDate: '2022-06-01' })] }, fails: ['CINplanDates:0', 'CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { CINreferralDate: '2022-06-02' })], CINplanDates: [episode('A', '1', { CINPlanStartDate: '2022-06-02' })] },
  },
  {
    code: '2990', why: 'closed RC8 with an S47, and RC9 with a conference date',
    bad: {
      CINdetails: [episode('A', '1', { ReasonForClosure: 'RC8' }), episode('A', '2', { ReasonForClosure: 'RC9', DateOfInitialCPC: '2022-06-01' })],
      Section47: [episode('A', '1', { ICPCnotRequired: 'true' })],
    },
    fails: ['CINdetails:0', 'Section47:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { ReasonForClosure: 'RC8' }), episode('A', '2', { ReasonForClosure: 'RC7' })], Section47: [episode('A', '2')], Assessments: [episode('A', '1')] },
  },
  {
    code: '4000', why: 'a CIN plan on an NFA referral',
    bad: { CINdetails: [episode('A', '1', { ReferralNFA: 'true' })], CINplanDates: [episode('A', '1')] }, fails: ['CINplanDates:0', 'CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { ReferralNFA: 'false' }), episode('A', '2', { ReferralNFA: '1' })], CINplanDates: [episode('A', '1')] },
  },
  {
    code: '8565', why: 'closed before a CP plan ended and before a CIN plan started',
    bad: {
      CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-01' })],
      ChildProtectionPlans: [plan('A', '1', '1', { CPPendDate: '2022-06-02' })], CINplanDates: [episode('A', '1', { CINPlanStartDate: '2022-06-03' })],
      Assessments: [episode('A', '1', { AssessmentActualStartDate: '2022-05-01', AssessmentAuthorisationDate: '2022-06-01' })],
    },
    fails: ['CINdetails:0', 'ChildProtectionPlans:0', 'CINplanDates:0'],
    good: {
      CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-03' }), episode('A', '2')],
      ChildProtectionPlans: [plan('A', '1', '1', { CPPendDate: '2022-06-02' }), plan('A', '2', '1', { CPPendDate: '2022-12-01' })], CINplanDates: [episode('A', '1', { CINPlanStartDate: '2022-06-03' })],
      Section47: [episode('A', '1', { S47ActualStartDate: '2022-05-01', DateOfInitialCPC: '2022-05-20' })],
    },
  },
  {
    code: '8825Q', why: 'closed RC8 with no assessment',
    bad: { CINdetails: [episode('A', '1', { ReasonForClosure: 'RC8' })], Assessments: [episode('A', '2')] }, fails: ['CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { ReasonForClosure: 'RC9' }), episode('A', '2', { ReasonForClosure: 'RC1' })], Assessments: [episode('A', '1')] },
  },
  {
    code: '8831', why: 'an NFA referral with an assessment and a conference date',
    bad: {
      CINdetails: [episode('A', '1', { ReferralNFA: 'true' }), episode('A', '2', { ReferralNFA: '1', DateOfInitialCPC: '2022-06-01' })],
      Assessments: [episode('A', '1', { AssessmentActualStartDate: '2022-05-01' })],
    },
    fails: ['CINdetails:0', 'Assessments:0', 'CINdetails:1'],
    good: { CINdetails: [episode('A', '1', { ReferralNFA: 'true' }), episode('A', '2', { ReferralNFA: 'false' })], Assessments: [episode('A', '1'), episode('A', '2', { AssessmentActualStartDate: '2022-05-01' })], Section47: [episode('A', '1')] },
  },
  {
    code: '8832', why: 'a CP plan on an NFA referral',
    bad: { CINdetails: [episode('A', '1', { ReferralNFA: 'True' })], ChildProtectionPlans: [plan('A', '1', '1')] }, fails: ['ChildProtectionPlans:0', 'CINdetails:0'],
    good: { CINdetails: [episode('A', '1', { ReferralNFA: 'false' })], ChildProtectionPlans: [plan('A', '1', '1')] },
  },
  {
    code: '8867', why: 'a closed episode with an assessment not authorised',
    bad: { CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-01' })], Assessments: [episode('A', '1', { AssessmentAuthorisationDate: '2022-05-01' }), episode('A', '1')] }, fails: ['CINdetails:0', 'Assessments:1'],
    good: { CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-01' }), episode('A', '2')], Assessments: [episode('A', '1', { AssessmentAuthorisationDate: '2022-05-01' }), episode('A', '2')] },
  },
  {
    code: '8868', why: "a closed episode's S47 with neither a conference nor 'not required', or with both",
    bad: {
      CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-01' })],
      Section47: [episode('A', '1', { ICPCnotRequired: 'false' }), episode('A', '1', { DateOfInitialCPC: '2022-05-01', ICPCnotRequired: 'true' })],
    },
    fails: ['CINdetails:0', 'Section47:0', 'Section47:1'],
    good: { CINdetails: [episode('A', '1', { CINclosureDate: '2022-06-01' }), episode('A', '2')], Section47: [episode('A', '1', { ICPCnotRequired: '1' }), episode('A', '1', { DateOfInitialCPC: '2022-05-01', ICPCnotRequired: 'false' }), episode('A', '2', { ICPCnotRequired: 'false' })] },
  },
]);

// CIN plans.
const cinPlan = (id: string, cin: string, start: string, end = ''): Row => episode(id, cin, { CINPlanStartDate: start, CINPlanEndDate: end });
check([
  {
    code: '4001', why: 'an open CIN plan beside an open CP plan in the same episode',
    bad: { CINplanDates: [cinPlan('A', '1', '2022-05-01')], ChildProtectionPlans: [plan('A', '1', '1', { CPPstartDate: '2022-06-01' })] }, fails: ['CINplanDates:0', 'ChildProtectionPlans:0'],
    good: { CINplanDates: [cinPlan('A', '1', '2022-05-01', '2022-06-01'), cinPlan('A', '2', '2022-05-01')], ChildProtectionPlans: [plan('A', '1', '1', { CPPstartDate: '2022-06-01' })] },
  },
  {
    code: '4003', why: 'a review inside a CIN plan of another episode: reviews meet plans on LAchildID and CPPID only, CIN plans on LAchildID only',
    bad: {
      ChildProtectionPlans: [plan('A', '1', '1', { CPPendDate: '2022-09-01' })],
      Reviews: [plan('A', '2', '1', { CPPreviewDate: '2022-07-01' })],
      CINplanDates: [cinPlan('A', '3', '2022-06-01', '2022-08-01')],
    },
    fails: ['ChildProtectionPlans:0', 'Reviews:0', 'CINplanDates:0'],
    good: {
      ChildProtectionPlans: [plan('A', '1', '1', { CPPendDate: '2022-07-01' }), plan('A', '1', '2', { CPPendDate: '' })],
      Reviews: [plan('A', '1', '1', { CPPreviewDate: '2022-07-01' }), plan('A', '1', '2', { CPPreviewDate: '2022-07-02' })],
      CINplanDates: [cinPlan('A', '3', '2022-06-01', '2022-08-01'), cinPlan('A', '3', '2022-06-01')],
    },
  },
  {
    code: '4004', why: 'two open CIN plans in an episode: every plan of it fails',
    bad: { CINplanDates: [cinPlan('A', '1', '2022-05-01'), cinPlan('A', '1', '2022-06-01'), cinPlan('A', '1', '2022-04-01', '2022-04-30')] }, fails: ['CINplanDates:0', 'CINplanDates:1', 'CINplanDates:2'],
    good: { CINplanDates: [cinPlan('A', '1', '2022-05-01'), cinPlan('A', '2', '2022-06-01'), cinPlan('A', '1', '2022-04-01', '2022-04-30')] },
  },
  {
    code: '4008', why: 'a CIN plan starting after death',
    bad: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' })], CINplanDates: [cinPlan('A', '1', '2022-06-02')] }, fails: ['ChildIdentifiers:0', 'CINplanDates:0'],
    good: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' })], CINplanDates: [cinPlan('A', '1', '2022-06-01', '2022-06-01')] },
  },
  {
    code: '4009Q', why: 'a CIN plan ending after death',
    bad: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' })], CINplanDates: [cinPlan('A', '1', '2022-05-01', '2022-06-02')] }, fails: ['ChildIdentifiers:0', 'CINplanDates:0'],
    good: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' })], CINplanDates: [cinPlan('A', '1', '2022-05-01', '2022-06-01'), cinPlan('A', '2', '2022-05-01')] },
  },
  {
    code: '4010', why: 'a CIN plan with no start, or starting after the reference date',
    bad: { CINplanDates: [cinPlan('A', '1', ''), cinPlan('A', '2', '2023-04-01')] }, fails: ['CINplanDates:0', 'CINplanDates:1'],
    good: { CINplanDates: [cinPlan('A', '1', '2023-03-31'), cinPlan('A', '2', '1999-01-30')] },
  },
  {
    code: '4011', why: 'a CIN plan ending before it starts',
    bad: { CINplanDates: [cinPlan('A', '1', '2022-06-02', '2022-06-01')] }, fails: ['CINplanDates:0'],
    good: { CINplanDates: [cinPlan('A', '1', '2022-06-01', '2022-06-01'), cinPlan('A', '2', '', '2022-06-01')] },
  },
  {
    code: '4012Q', why: 'a CIN plan starting and ending the same day',
    bad: { CINplanDates: [cinPlan('A', '1', '2022-06-01', '2022-06-01')] }, fails: ['CINplanDates:0'],
    good: { CINplanDates: [cinPlan('A', '1', '2022-06-01', '2022-06-02'), cinPlan('A', '2', '2022-06-01')] },
  },
  {
    code: '4013', why: 'a CIN plan ending outside the census period',
    bad: { CINplanDates: [cinPlan('A', '1', '2021-06-01', '2022-03-30'), cinPlan('A', '2', '2022-06-01', '2023-04-01')] }, fails: ['CINplanDates:0', 'CINplanDates:1'],
    good: { CINplanDates: [cinPlan('A', '1', '2021-06-01', '2022-04-01'), cinPlan('A', '2', '2022-06-01')] },
  },
  {
    code: '4014', why: 'CIN plans of a child overlapping, across episodes, or touching (one starts the day the other ends)',
    bad: { CINplanDates: [cinPlan('A', '1', '2022-05-01', '2022-06-01'), cinPlan('A', '2', '2022-06-01', '2022-07-01'), cinPlan('B', '1', '2022-05-01'), cinPlan('B', '1', '2022-08-01', '2022-09-01')] },
    fails: ['CINplanDates:0', 'CINplanDates:1', 'CINplanDates:2', 'CINplanDates:3'],
    good: { CINplanDates: [cinPlan('A', '1', '2022-05-01', '2022-06-01'), cinPlan('A', '2', '2022-06-02', '2022-07-01'), cinPlan('B', '1', '2022-05-01', '2022-05-02'), cinPlan('B', '1', '2022-08-01')] },
  },
  {
    code: '4016', why: 'a CIN plan starting while a CP plan (any episode) is open',
    bad: { ChildProtectionPlans: [plan('A', '1', '1', { CPPstartDate: '2022-05-01', CPPendDate: '2022-07-01' }), plan('A', '2', '1', { CPPstartDate: '2022-09-01' })], CINplanDates: [cinPlan('A', '3', '2022-05-01'), cinPlan('A', '3', '2022-10-01')] },
    fails: ['CINplanDates:0', 'CINplanDates:1', 'ChildProtectionPlans:0', 'ChildProtectionPlans:1'],
    good: { ChildProtectionPlans: [plan('A', '1', '1', { CPPstartDate: '2022-05-01', CPPendDate: '2022-07-01' })], CINplanDates: [cinPlan('A', '3', '2022-07-01'), cinPlan('A', '3', '2022-04-30')] },
  },
  {
    code: '4017', why: 'a CP plan starting while a CIN plan is open',
    bad: { CINplanDates: [cinPlan('A', '1', '2022-05-01', '2022-07-01')], ChildProtectionPlans: [plan('A', '2', '1', { CPPstartDate: '2022-06-30' })] }, fails: ['ChildProtectionPlans:0', 'CINplanDates:0'],
    good: { CINplanDates: [cinPlan('A', '1', '2022-05-01', '2022-07-01')], ChildProtectionPlans: [plan('A', '2', '1', { CPPstartDate: '2022-07-01' })] },
  },
]);

// Assessments.
const assessment = (id: string, cin: string, start: string, end = '', factors?: string, aid = '1'): Row => ({
  ...episode(id, cin, { AssessmentID: aid, AssessmentActualStartDate: start, AssessmentAuthorisationDate: end }),
  AssessmentFactors: factors ?? '', FactorsBlock: factors === undefined ? '' : '1',
});
check([
  {
    code: '8608', why: 'authorised before it started',
    bad: { Assessments: [assessment('A', '1', '2022-06-02', '2022-06-01')] }, fails: ['Assessments:0'],
    good: { Assessments: [assessment('A', '1', '2022-06-01', '2022-06-01'), assessment('A', '2', '2022-06-01')] },
  },
  {
    code: '8614', why: 'factors on an assessment not authorised (an empty list counts)',
    bad: { Assessments: [assessment('A', '1', '2022-06-01', '', '1A'), assessment('A', '2', '2022-06-01', '', '')] }, fails: ['Assessments:0', 'Assessments:1'],
    good: { Assessments: [assessment('A', '1', '2022-06-01', '2022-07-01', '1A'), assessment('A', '2', '2022-06-01')] },
  },
  {
    code: '8617', why: 'factor 8A',
    bad: { Assessments: [assessment('A', '1', '2022-06-01', '2022-07-01', '1A,8A')] }, fails: ['Assessments:0'],
    good: { Assessments: [assessment('A', '1', '2022-06-01', '2022-07-01', '1A,8B')] },
  },
  {
    code: '8670Q', why: 'open and started before the reference date minus 45 working days (30 January 2023)',
    bad: { Assessments: [assessment('A', '1', '2023-01-29')] }, fails: ['Assessments:0'],
    good: { Assessments: [assessment('A', '1', '2023-01-30'), assessment('A', '2', '2022-06-01', '2022-07-01')] },
  },
  {
    code: '8696', why: 'authorised outside the census period',
    bad: { Assessments: [assessment('A', '1', '2022-01-01', '2022-03-30')] }, fails: ['Assessments:0'],
    good: { Assessments: [assessment('A', '1', '2022-01-01', '2022-04-01'), assessment('A', '2', '2022-01-01')] },
  },
  {
    code: '8736', why: 'open and started before the census period, or with no start',
    bad: { Assessments: [assessment('A', '1', '2022-03-31'), assessment('A', '2', '')] }, fails: ['Assessments:0', 'Assessments:1'],
    good: { Assessments: [assessment('A', '1', '2022-04-01'), assessment('A', '2', '2020-01-01', '2022-05-01')] },
  },
  {
    code: '8863Q', why: 'an assessment starting during another of its episode (identical twins aside)',
    bad: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01'), assessment('A', '1', '2022-06-01', '2022-07-01', undefined, '2')] }, fails: ['Assessments:0', 'Assessments:1'],
    good: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01'), assessment('A', '1', '2022-06-02', '2022-07-01', undefined, '2'), assessment('A', '2', '2022-05-15'), assessment('B', '1', '2022-05-01'), assessment('B', '1', '2022-05-01', '', undefined, '2')] },
  },
  {
    code: '8869', why: 'factor 21 with another factor',
    bad: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '2C,21')] }, fails: ['Assessments:0'],
    good: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '21'), assessment('A', '2', '2022-05-01', '2022-06-01', '2C,3A')] },
  },
  {
    code: '8873Q', why: 'a lone assessment with factor 21 in an episode not closed RC8 or RC9',
    bad: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '21')], CINdetails: [episode('A', '1', { ReasonForClosure: 'RC1' })] }, fails: ['Assessments:0', 'CINdetails:0'],
    good: {
      Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '21'), assessment('A', '2', '2022-05-01', '2022-06-01', '21'), assessment('A', '2', '2022-07-01', '2022-08-01', '2A', '2')],
      CINdetails: [episode('A', '1', { ReasonForClosure: 'RC9' }), episode('A', '2', { ReasonForClosure: 'RC1' })],
    },
  },
  {
    code: '8896', why: 'two open assessments in an episode: all of its assessments fail',
    bad: { Assessments: [assessment('A', '1', '2022-05-01'), assessment('A', '1', '2022-06-01', '', undefined, '2'), assessment('A', '1', '2022-04-01', '2022-04-20', undefined, '3')] },
    fails: ['Assessments:0', 'Assessments:1', 'Assessments:2'],
    good: { Assessments: [assessment('A', '1', '2022-05-01'), assessment('A', '2', '2022-06-01')] },
  },
  {
    code: '8897Q', why: 'authorised in the year with no factors, or an unknown one (in a same-numbered assessment of another episode too)',
    bad: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01'), assessment('B', '1', '2022-05-01', '2022-06-01', '1A'), assessment('B', '2', '2022-07-01', '2022-08-01', 'RB')] },
    fails: ['Assessments:0', 'Assessments:1', 'Assessments:2'],
    good: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '1A,24A'), assessment('A', '2', '2021-05-01', '2022-03-30'), assessment('B', '1', '2022-05-01')] },
  },
  {
    code: '8898', why: 'a factor listed twice',
    bad: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '1A,2A,1A')] }, fails: ['Assessments:0'],
    good: { Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '1A,2A'), assessment('A', '2', '2022-05-01', '2022-06-01', '1A')] },
  },
  {
    code: '8899Q', why: "a disabled child's assessment in the year without factor 5A or 6A",
    bad: { Disabilities: [child('A', { Disability: 'HAND' })], Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '1A')] }, fails: ['Assessments:0', 'Disabilities:0'],
    good: {
      Disabilities: [child('A', { Disability: 'HAND' }), child('B', { Disability: 'NONE' })],
      Assessments: [assessment('A', '1', '2022-05-01', '2022-06-01', '1A'), assessment('A', '2', '2022-05-01', '2022-06-01', '6A', '2'), assessment('B', '1', '2022-05-01', '2022-06-01', '1A')],
    },
  },
  {
    code: '8945Q', year: 2025, why: 'factor 18A',
    bad: { Assessments: [assessment('A', '1', '2024-05-01', '2024-06-01', '18a')] }, fails: ['Assessments:0'],
    good: { Assessments: [assessment('A', '1', '2024-05-01', '2024-06-01', '18B')] },
  },
  {
    code: '8950Q', year: 2025, why: 'factor 19A',
    bad: { Assessments: [assessment('A', '1', '2024-05-01', '2024-06-01', '1A,19A')] }, fails: ['Assessments:0'],
    good: { Assessments: [assessment('A', '1', '2024-05-01', '2024-06-01', '19C')] },
  },
  {
    code: '2991Q', why: 'an S47 with no assessment in its episode',
    bad: { Section47: [episode('A', '1')], Assessments: [episode('A', '2')] }, fails: ['Section47:0'],
    good: { Section47: [episode('A', '2')], Assessments: [episode('A', '2')] },
  },
]);

// Section 47 enquiries and conferences.
const s47 = (id: string, cin: string, start: string, icpc = '', notRequired = 'false'): Row => episode(id, cin, { S47ActualStartDate: start, DateOfInitialCPC: icpc, ICPCnotRequired: notRequired });
check([
  {
    code: '8615', why: 'conference before the S47 start, or a conference with no start',
    bad: { Section47: [s47('A', '1', '2022-06-02', '2022-06-01'), s47('A', '2', '', '2022-06-01')] }, fails: ['Section47:0', 'Section47:1'],
    good: { Section47: [s47('A', '1', '2022-06-01', '2022-06-01'), s47('A', '2', '')] },
  },
  {
    code: '8675Q', why: 'no conference, not "not required", started before the reference date minus 15 working days (13 March 2023)',
    bad: { Section47: [s47('A', '1', '2023-03-10'), s47('A', '2', '2023-03-10', '', '0')] }, fails: ['Section47:0', 'Section47:1'],
    good: { Section47: [s47('A', '1', '2023-03-13'), s47('A', '2', '2023-03-10', '', 'true'), s47('A', '3', '2023-03-10', '2023-03-20')] },
  },
  {
    code: '8715', why: 'conference outside the census period',
    bad: { Section47: [s47('A', '1', '2022-03-01', '2022-03-30')] }, fails: ['Section47:0'],
    good: { Section47: [s47('A', '1', '2022-03-01', '2022-04-01'), s47('A', '2', '2023-01-01')] },
  },
  {
    code: '8740', why: 'awaiting conference and started before the census period',
    bad: { Section47: [s47('A', '1', '2022-03-30', '', 'false'), s47('A', '2', '2022-03-30', '', '0')] }, fails: ['Section47:0', 'Section47:1'],
    good: { Section47: [s47('A', '1', '2022-04-01'), s47('A', '2', '2022-03-30', '', 'true'), s47('A', '3', '2022-03-30', '2022-04-10')] },
  },
  {
    code: '8839', why: 'two S47s awaiting conference in an episode: all without a conference fail',
    bad: { Section47: [s47('A', '1', '2022-05-01'), s47('A', '1', '2022-06-01', '', ''), s47('A', '1', '2022-04-01', '', 'true'), s47('A', '1', '2022-03-01', '2022-03-20')] },
    fails: ['Section47:0', 'Section47:1', 'Section47:2'],
    good: { Section47: [s47('A', '1', '2022-05-01'), s47('A', '1', '2022-04-01', '', '1'), s47('A', '2', '2022-06-01')] },
  },
  {
    code: '8870Q', why: 'conference target on a Saturday (in either date shape)',
    bad: { Section47: [episode('A', '1', { InitialCPCtarget: '2022-10-08' }), episode('A', '2', { InitialCPCtarget: '09-10-2022' })] }, fails: ['Section47:0', 'Section47:1'],
    good: { Section47: [episode('A', '1', { InitialCPCtarget: '2022-10-10' }), episode('A', '2', { InitialCPCtarget: '' })] },
  },
  {
    code: '8875', why: 'conference on a Sunday',
    bad: { Section47: [s47('A', '1', '2022-10-01', '2022-10-09')] }, fails: ['Section47:0'],
    good: { Section47: [s47('A', '1', '2022-10-01', '2022-10-10'), s47('A', '2', '2022-10-01')] },
  },
  {
    code: '8890', why: 'an S47 starting during another of its episode (on its conference day counts)',
    bad: { Section47: [s47('A', '1', '2022-05-01', '2022-05-20'), s47('A', '1', '2022-05-20', '2022-06-10'), s47('B', '1', '2022-05-01'), s47('B', '1', '2022-07-01', '', 'true')] },
    fails: ['Section47:0', 'Section47:1', 'Section47:2', 'Section47:3'],
    good: { Section47: [s47('A', '1', '2022-05-01', '2022-05-20'), s47('A', '1', '2022-05-21', '2022-06-10'), s47('B', '1', '2022-05-01', '', 'true'), s47('B', '1', '2022-07-01', '', 'true'), s47('C', '1', '2022-05-01'), s47('C', '2', '2022-05-02')] },
  },
  {
    code: '2884', why: 'the same conference date on an S47 and on CINdetails, even of another episode',
    bad: { Section47: [s47('A', '1', '2022-05-01', '2022-05-20')], CINdetails: [episode('A', '1'), episode('A', '2', { DateOfInitialCPC: '2022-05-20' })] }, fails: ['Section47:0', 'CINdetails:1'],
    good: { Section47: [s47('A', '1', '2022-05-01', '2022-05-20')], CINdetails: [episode('A', '1'), episode('A', '2', { DateOfInitialCPC: '2022-05-21' }), episode('B', '1', { DateOfInitialCPC: '2022-05-20' })] },
  },
  {
    code: '2885', why: 'a plan starting in the year on no conference day of its episode (S47s, else CINdetails)',
    bad: {
      ChildProtectionPlans: [plan('A', '1', '1', { CPPstartDate: '2022-05-21' }), plan('A', '2', '1', { CPPstartDate: '2022-08-01' }), plan('A', '3', '1', { CPPstartDate: '2021-05-21' })],
      Section47: [s47('A', '1', '2022-05-01', '2022-05-20')],
      CINdetails: [episode('A', '1'), episode('A', '2', { DateOfInitialCPC: '2022-07-31' }), episode('A', '3')],
    },
    fails: ['ChildProtectionPlans:0', 'Section47:0', 'ChildProtectionPlans:1', 'CINdetails:1'],
    good: {
      ChildProtectionPlans: [plan('A', '1', '1', { CPPstartDate: '2022-05-20' }), plan('A', '2', '1', { CPPstartDate: '2022-08-01' }), plan('A', '3', '1', { CPPstartDate: '2021-05-21' })],
      Section47: [s47('A', '1', '2022-05-01', '2022-05-20'), s47('A', '1', '2022-04-01', '', 'true')],
      CINdetails: [episode('A', '1'), episode('A', '2', { DateOfInitialCPC: '2022-08-01' }), episode('A', '3')],
    },
  },
]);

// Child protection plans and reviews.
const cpp = (id: string, cin: string, cppId: string, start: string, end = '', more: Row = {}): Row => plan(id, cin, cppId, { CPPstartDate: start, CPPendDate: end, ...more });
check([
  {
    code: '8720', why: 'no start, or starting after the reference date',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', ''), cpp('A', '1', '2', '2023-04-01')] }, fails: ['ChildProtectionPlans:0', 'ChildProtectionPlans:1'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2023-03-31'), cpp('A', '1', '2', '2019-03-01')] },
  },
  {
    code: '8730', why: 'number of previous plans missing, negative or not a number',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '', { NumberOfPreviousCPP: '' }), cpp('A', '1', '2', '2022-05-01', '', { NumberOfPreviousCPP: '-1' })] }, fails: ['ChildProtectionPlans:0', 'ChildProtectionPlans:1'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '', { NumberOfPreviousCPP: '0' }), cpp('A', '1', '2', '2022-05-01', '', { NumberOfPreviousCPP: '12' })] },
  },
  {
    code: '8840', why: 'starting and ending the same day',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '2022-05-01')] }, fails: ['ChildProtectionPlans:0'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '2022-05-02'), cpp('A', '1', '2', '2022-05-01')] },
  },
  {
    code: '8841', why: 'a review on the day the plan starts',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01')], Reviews: [plan('A', '1', '1', { CPPreviewDate: '2022-05-01' })] }, fails: ['ChildProtectionPlans:0', 'Reviews:0'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01'), cpp('A', '2', '1', '2022-09-01')], Reviews: [plan('A', '1', '1', { CPPreviewDate: '2022-05-02' })] },
  },
  {
    code: '8842Q', why: 'a review with no readable date',
    bad: { Reviews: [plan('A', '1', '1', { CPPreviewDate: '' }), plan('A', '1', '1', { CPPreviewDate: 'soon' })] }, fails: ['Reviews:0', 'Reviews:1'],
    good: { Reviews: [plan('A', '1', '1', { CPPreviewDate: '2022-05-02' })] },
  },
  {
    code: '8905', why: 'initial category missing or unknown',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '', { InitialCategoryOfAbuse: '' }), cpp('A', '1', '2', '2022-05-01', '', { InitialCategoryOfAbuse: 'ABC' })] }, fails: ['ChildProtectionPlans:0', 'ChildProtectionPlans:1'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '', { InitialCategoryOfAbuse: 'MUL' })] },
  },
  {
    code: '8910', why: 'latest category missing or unknown',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '', { LatestCategoryOfAbuse: 'neg' })] }, fails: ['ChildProtectionPlans:0'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '', { LatestCategoryOfAbuse: 'NEG' })] },
  },
  {
    code: '8915', why: 'starting after death',
    bad: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' })], ChildProtectionPlans: [cpp('A', '1', '1', '2022-06-02')] }, fails: ['ChildProtectionPlans:0', 'ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' }), child('B')], ChildProtectionPlans: [cpp('A', '1', '1', '2022-06-01'), cpp('B', '1', '1', '2022-06-02')] },
  },
  {
    code: '8920', why: 'ending after death',
    bad: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' })], ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '2022-06-02')] }, fails: ['ChildProtectionPlans:0', 'ChildIdentifiers:0'],
    good: { ChildIdentifiers: [child('A', { PersonDeathDate: '2022-06-01' })], ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '2022-06-01')] },
  },
  {
    code: '8925', why: 'ending before it starts',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-02', '2022-05-01')] }, fails: ['ChildProtectionPlans:0'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '2022-05-01')] },
  },
  {
    code: '8930', why: 'ending outside the census period',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2021-05-01', '2022-03-30'), cpp('A', '2', '1', '2022-05-01', '2023-04-01')] }, fails: ['ChildProtectionPlans:0', 'ChildProtectionPlans:1'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2021-05-01', '2022-04-01'), cpp('A', '2', '1', '2022-05-01')] },
  },
  {
    code: '8935', why: 'two open plans with one LAchildID and CPPID (CPPID restarts in each episode): every plan of that pair fails',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01'), cpp('A', '2', '1', '2022-09-01'), cpp('A', '3', '1', '2021-05-01', '2021-09-01')] },
    fails: ['ChildProtectionPlans:0', 'ChildProtectionPlans:1', 'ChildProtectionPlans:2'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01'), cpp('A', '1', '2', '2022-09-01'), cpp('B', '1', '1', '2022-09-01')] },
  },
  {
    code: '8940', why: 'plans overlapping or touching; plans with the same CPPID (other episodes) are not compared',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '2022-06-01'), cpp('A', '1', '2', '2022-06-01'), cpp('B', '1', '1', '2022-05-01'), cpp('B', '2', '2', '2023-03-31')] },
    fails: ['ChildProtectionPlans:0', 'ChildProtectionPlans:1', 'ChildProtectionPlans:2', 'ChildProtectionPlans:3'],
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01', '2022-06-01'), cpp('A', '1', '2', '2022-06-02'), cpp('B', '1', '1', '2022-05-01'), cpp('B', '2', '1', '2022-06-01')] },
  },
]);

// Return-level rules (reported once, on the header).
const children = (n: number, more: (i: number) => Row): Row[] => Array.from({ length: n }, (_, i) => child(`C${i}`, more(i)));
check([
  {
    code: '2883', why: 'two plans starting in the year, one conference in it',
    bad: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01'), cpp('B', '1', '1', '2022-06-01'), cpp('C', '1', '1', '2021-06-01')], Section47: [s47('A', '1', '2022-04-20', '2022-05-01'), s47('C', '1', '2021-05-01', '2021-06-01')] },
    fails: LA,
    good: { ChildProtectionPlans: [cpp('A', '1', '1', '2022-05-01'), cpp('B', '1', '1', '2022-06-01')], Section47: [s47('A', '1', '2022-04-20', '2022-05-01')], CINdetails: [episode('B', '1', { DateOfInitialCPC: '2022-06-01' })] },
  },
  {
    code: '2886Q', year: 2023, why: '1 child in 40 (2.5%) with gender 0 and no expected birth date',
    bad: { ChildIdentifiers: [...children(39, () => ({ GenderCurrent: '1' })), child('X', { GenderCurrent: '0' })] }, fails: LA,
    good: { ChildIdentifiers: [...children(49, () => ({ GenderCurrent: '2' })), child('X', { GenderCurrent: '0' }), child('U', { GenderCurrent: '0', ExpectedPersonBirthDate: '2023-05-01' })] },
  },
  {
    code: '2886Q', year: 2025, why: '1 child in 40 with sex U and no expected birth date',
    bad: { ChildIdentifiers: [...children(39, () => ({ Sex: 'F' })), child('X', { Sex: 'U' })] }, fails: LA,
    good: { ChildIdentifiers: [...children(50, () => ({ Sex: 'F' })), child('X', { Sex: '' })] },
  },
  {
    code: '2887Q', why: 'seven different disability codes (NONE aside)',
    bad: { Disabilities: ['MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'HEAR', 'NONE'].map((d, i) => child(`C${i}`, { Disability: d })) }, fails: LA,
    good: { Disabilities: ['MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS'].map((d, i) => child(`C${i}`, { Disability: d })) },
  },
  {
    code: '2888Q', why: 'no child with two disabilities (NONE aside)',
    bad: { Disabilities: [child('A', { Disability: 'HAND' }), child('A', { Disability: 'NONE' }), child('B', { Disability: 'VIS' })] }, fails: LA,
    good: { Disabilities: [child('A', { Disability: 'HAND' }), child('A', { Disability: 'VIS' })] },
  },
]);

// Pre-proceedings (module 5), from the 2026-27 ruleset: collection year 2027, period 31 March 2026 to 31 March 2027.
const pp = (more: Row): Row => episode('A', '1', more);
check([
  {
    code: '8995Q', year: 2027, why: 'no module 5 for any child',
    bad: { ChildIdentifiers: [child('A')] }, fails: LA,
    good: { PreProceedings: [pp({ PPStartDate: '2026-06-01' })] },
  },
  {
    code: '9000Q', year: 2027, why: 'no pre-proceedings start date anywhere',
    bad: { PreProceedings: [pp({ PPStartDate: '' })] }, fails: LA,
    good: { PreProceedings: [pp({ PPStartDate: '' }), pp({ PPStartDate: '2026-06-01' })] },
  },
  {
    code: '9005', year: 2027, why: 'start before the census period',
    bad: { PreProceedings: [pp({ PPStartDate: '2026-03-31' })] }, fails: ['PreProceedings:0'],
    good: { PreProceedings: [pp({ PPStartDate: '2026-04-01' }), pp({ PPStartDate: '' })] },
  },
  {
    code: '9006', year: 2027, why: 'letter before proceedings sent before the start, or after the reference date',
    bad: { PreProceedings: [pp({ PPStartDate: '2026-06-10', LBPSentDate: '2026-06-09' }), pp({ PPStartDate: '2026-06-10', LBPSentDate: '2027-04-01' })] }, fails: ['PreProceedings:0', 'PreProceedings:1'],
    good: { PreProceedings: [pp({ PPStartDate: '2026-06-10', LBPSentDate: '2026-06-10' }), pp({ PPStartDate: '', LBPSentDate: '2027-04-01' })] },
  },
  {
    code: '9007', year: 2027, why: 'a letter sent with no word on an FGDM offer',
    bad: { PreProceedings: [pp({ LBPSentDate: '2026-06-10' })] }, fails: ['PreProceedings:0'],
    good: { PreProceedings: [pp({ LBPSentDate: '2026-06-10', FGDMMeetingOffer: '0' }), pp({ FGDMMeetingOffer: '1' })] },
  },
  {
    code: '9008', year: 2027, why: 'first meeting after the reference date',
    bad: { PreProceedings: [pp({ InitialPPMeetingDate: '2027-04-01' })] }, fails: ['PreProceedings:0'],
    good: { PreProceedings: [pp({ InitialPPMeetingDate: '2027-03-31' })] },
  },
  {
    code: '9009', year: 2027, why: 'step decision before the start',
    bad: { PreProceedings: [pp({ PPStartDate: '2026-06-10', StepDecisionDate: '2026-06-01' })] }, fails: ['PreProceedings:0'],
    good: { PreProceedings: [pp({ PPStartDate: '2026-06-10', StepDecisionDate: '2026-12-01' })] },
  },
  {
    code: '9010Q', year: 2027, why: 'an FGDM offered with no word on whether one was held',
    bad: { PreProceedings: [pp({ FGDMMeetingOffer: '1' })] }, fails: ['PreProceedings:0'],
    good: { PreProceedings: [pp({ FGDMMeetingOffer: '1', FGDMMeetingFac: '0' }), pp({ FGDMMeetingOffer: '0' })] },
  },
  {
    code: '9011', year: 2027, why: 'an outcome not A, B or C (a missing one too, as the validator has it)',
    bad: { PreProceedings: [pp({ PPOutcome: 'D' }), pp({ PPOutcome: '' })] }, fails: ['PreProceedings:0', 'PreProceedings:1'],
    good: { PreProceedings: [pp({ PPOutcome: 'C' })] },
  },
  {
    code: '9012', year: 2027, why: 'court application before the step decision',
    bad: { PreProceedings: [pp({ StepDecisionDate: '2026-12-01', CourtAppDate: '2026-11-30' })] }, fails: ['PreProceedings:0'],
    good: { PreProceedings: [pp({ StepDecisionDate: '2026-12-01', CourtAppDate: '2026-12-18' })] },
  },
  {
    code: '9013', year: 2027, why: 'letter to initiate proceedings after the reference date',
    bad: { PreProceedings: [pp({ CourtAppDate: '2026-12-18', LetterInitCPDate: '2027-05-01' })] }, fails: ['PreProceedings:0'],
    good: { PreProceedings: [pp({ CourtAppDate: '2026-12-18', LetterInitCPDate: '2027-02-05' })] },
  },
  {
    code: '9015Q', year: 2027, why: 'a first meeting with no review count',
    bad: { PreProceedings: [pp({ InitialPPMeetingDate: '2026-09-28' })] }, fails: ['PreProceedings:0'],
    good: { PreProceedings: [pp({ InitialPPMeetingDate: '2026-09-28', ReviewMeetingsCount: '0' })] },
  },
]);

describe('coverage of the cases', () => {
  it('every rule, in each of its year ranges, fired on some case above', () => {
    const missing = CIN_RULES.filter((r) => !fired.has(r)).map((r) => `${r.code}${r.years ? ` ${r.years.join('-')}` : ''}`);
    expect(missing).toEqual([]);
  });
});
