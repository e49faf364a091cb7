// Reasons, data-quality messages, warnings and logs name the file, line (row) and column of what is
// wrong, never a value of a child's record: not an identifier, a date (a date of birth or an episode's
// date, with the file and row, identifies), a UPN or a postcode. Files with distinctive values that
// break many rules are imported; none of the values may appear in what is stored or logged.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCapture, multipart, startTestServer, type TestServer } from './harness.js';

const IDS = ['ZQX9001', 'ZQX9002', 'ZQX9003', 'ZQX9004'];
const UPN = 'Z123456789012';
const POSTCODE = 'ZZ9 9ZZ';
/** every date written in the files, as yyyy-mm-dd */
const DATES = [
  '2011-11-23', '2012-08-29', '2023-07-13', '2023-09-19', '2023-10-21', '2023-10-17', '2023-11-14', '2024-01-27',
  '2024-02-26', '2024-02-16', '2023-06-29', '2023-12-11', '2023-08-22', '2023-09-18', '2023-07-26', '2023-08-03',
  '2023-08-09', '2023-11-02', '2023-10-09', '2023-10-04', '2023-12-15', '2023-06-27', '2023-05-11',
];
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const header903 = ['CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', `ZQX9001,1,${dmy('2011-11-23')},WBRI,${UPN},,`, `ZQX9002,2,${dmy('2012-08-29')},WBRI,,,`].join('\n');
const episodes903 = [
  'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
  // RNE P first (357), ends X1 with nothing the same day (388)
  `ZQX9001,${dmy('2023-07-13')},P,C2,N1,U4,PR1,${dmy('2023-09-19')},X1,,${POSTCODE},${POSTCODE},`,
  // DEC before DECOM (356)
  `ZQX9001,${dmy('2023-10-21')},S,C2,N1,U4,PR1,${dmy('2023-10-17')},E11,,${POSTCODE},,`,
  // open but not last (142)
  `ZQX9001,${dmy('2023-11-14')},S,C2,N1,U4,PR1,,,,,,`,
  `ZQX9001,${dmy('2024-01-27')},S,C2,N1,U4,PR1,${dmy('2024-02-26')},E4A,,,,`,
  // starts before the previous one ends (501, 431)
  `ZQX9001,${dmy('2024-02-16')},S,C2,N1,U4,PR1,,,,,,`,
  // REC without DEC, a bad code, a date that is not one
  `ZQX9002,${dmy('2023-06-29')},S,C2,N1,U4,PR1,,E11,,,,`,
  `ZQX9002,${dmy('2023-12-11')},B,XX,N1,U4,PR1,31/02/2024,,,,,`,
].join('\n');

const cin = `<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header><Children>
<Child><ChildIdentifiers><LAchildID>ZQX9003</LAchildID><UPN>${UPN}</UPN><PersonBirthDate>2023-12-15</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>2023-08-22</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode>
<CINclosureDate>2023-09-18</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure><DateOfInitialCPC>2023-08-09</DateOfInitialCPC>
<Assessments><AssessmentActualStartDate>2023-07-26</AssessmentActualStartDate><AssessmentAuthorisationDate>2023-07-13</AssessmentAuthorisationDate></Assessments>
<CINPlanDates><CINPlanStartDate>2023-11-02</CINPlanStartDate><CINPlanEndDate>2023-10-09</CINPlanEndDate></CINPlanDates>
<Section47><S47ActualStartDate>2023-08-03</S47ActualStartDate><DateOfInitialCPC>2023-08-09</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>
<ReferralNFA>true</ReferralNFA>
<ChildProtectionPlans><CPPstartDate>2023-10-04</CPPstartDate><CPPendDate>2023-06-27</CPPendDate><InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse></ChildProtectionPlans>
</CINdetails></Child></Children></Message>`;

const annexList4 = [
  'Child Unique ID,Gender,Ethnicity,Date of Birth (dd/mm/yyyy),Age,Does the Child have a Disability,Continuous Assessment Start Date (DD/MM/YYYY),Continuous Assessment Date of Authorisation,Was the child assessed as requiring LA children\'s social care support?',
  // authorised before it started; born after it; and the CIN census's assessment again
  `ZQX9003,a) Male,a) WBRI,${dmy('2023-12-15')},0,b) No,${dmy('2023-07-26')},${dmy('2023-05-11')},a) Yes`,
  `ZQX9001,a) Male,a) WBRI,${dmy('2011-11-23')},11,b) No,${dmy('2023-11-02')},${dmy('2023-10-09')},a) Yes`,
].join('\n');

const events = [
  'child_id,event,date,outcome,dob',
  // an assessment before any referral, a plan with no conference, an event before birth
  `ZQX9004,assessment_start,2023-08-22,,2023-12-15`,
  `ZQX9004,referral,2023-09-18,,2023-12-15`,
  `ZQX9004,cp_plan_start,2023-10-04,,2023-12-15`,
  `ZQX9004,contact,2023-13-40,,2023-12-15`,
].join('\n');

let server: TestServer;
const { stream, lines: logged } = logCapture();
beforeAll(async () => {
  server = await startTestServer({ logger: { level: 'trace', stream } });
});
afterAll(() => server.close());

function leaks(text: string): string[] {
  const values = [...IDS, UPN, POSTCODE, ...DATES, ...DATES.map(dmy)];
  return values.filter((v) => text.includes(v));
}

describe('imported values stay out of reasons, messages and logs', () => {
  it('quotes no identifier, date, UPN or postcode in the stored problems, rejections, warnings or the log', async () => {
    const sources = multipart([
      ['ssda903', '2024-header.csv', Buffer.from(header903)],
      ['ssda903', '2024-episodes.csv', Buffer.from(episodes903)],
      ['cin', 'cin-2024.xml', Buffer.from(cin)],
      ['annex-a', 'List 4.csv', Buffer.from(annexList4)],
    ]);
    const a = await server.app.inject({ method: 'POST', url: '/api/datasets/private?lenient=true', headers: { 'content-type': sources.contentType }, payload: sources.body });
    expect(a.statusCode).toBe(201);
    const report = a.json();
    // the files break many rules: the test is only as good as the problems it makes
    const codes = new Set<string>(report.quality.problems.map((p: { code: string }) => p.code));
    expect(codes.size).toBeGreaterThanOrEqual(10);
    for (const code of ['period_starts_without_s', 'end_before_start', 'episodes_overlap', 'x1_without_continuation', 'open_episode_not_last', 'activity_after_closure']) expect(codes).toContain(code);

    const b = await server.app.inject({ method: 'POST', url: '/api/datasets/private-events?format=events&lenient=true', headers: { 'content-type': 'text/csv' }, payload: events });
    expect(b.statusCode).toBe(201);
    expect(b.json().rejected.length).toBeGreaterThan(0);

    const quality = await server.app.inject({ method: 'GET', url: '/api/datasets/private/quality.csv' });
    expect(quality.statusCode).toBe(200);
    const eventsQuality = await server.app.inject({ method: 'GET', url: '/api/datasets/private-events/quality.csv' });

    const db = new Database(join(server.dir, 'test.db'), { readonly: true });
    const stored = [
      ...db.prepare('SELECT * FROM quality_problems').all(),
      ...db.prepare('SELECT * FROM rejections').all(),
      ...db.prepare('SELECT * FROM datasets').all(),
    ];
    db.close();
    expect(stored.length).toBeGreaterThan(10);

    expect(leaks(a.body), 'sources import report').toEqual([]);
    expect(leaks(b.body), 'events import report').toEqual([]);
    expect(leaks(quality.body), 'quality CSV').toEqual([]);
    expect(leaks(eventsQuality.body), 'events quality CSV').toEqual([]);
    expect(leaks(JSON.stringify(stored)), 'stored rows').toEqual([]);
    expect(logged.length).toBeGreaterThan(0);
    expect(leaks(logged.join('')), 'log').toEqual([]);
  });
});
