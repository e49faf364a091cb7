// CIN census files as a reviewer sent them: a conference recorded inside the child protection plan,
// the same episode in two census years (rows of the earlier copy listed as not read, a module only
// the earlier census holds kept and reported), and the conference messages on the public sample.
import { describe, expect, it } from 'vitest';
import { eventsOf, fixture, storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

/** A census file, one element per line (so the lines a text editor shows are the lines asserted). */
function census(reference: string, children: string[]): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<Message>', `<Header><CollectionDetails><ReferenceDate>${reference}</ReferenceDate></CollectionDetails></Header>`, '<Children>', ...children, '</Children>', '</Message>'].join('\n');
}
function child(id: string, ...lines: string[]): string {
  return ['<Child>', `<ChildIdentifiers><LAchildID>${id}</LAchildID><PersonBirthDate>2012-01-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>`, ...lines, '</Child>'].join('\n');
}

describe('a conference recorded inside ChildProtectionPlans (finding 2)', () => {
  it('is an ICPC that decided on the plan: 4 events, no CP plan without a conference', async () => {
    const r = await useStore().importSources('cpp-icpc', [fixture('cin', 'review/cin/cin-cpp-icpc.xml')]);
    expect(eventsOf(useStore(), 'cpp-icpc').map((e) => [e.event, e.date, e.outcome])).toEqual([
      ['referral', '2017-06-01', null], ['s47_start', '2017-06-05', null], ['icpc', '2017-06-20', 'cp_plan'], ['cp_plan_start', '2017-06-20', null],
    ]);
    expect(r.quality.problems).toEqual([]);
  });

  it('is one conference when the same date is also in the episode\'s Section47', async () => {
    const xml = census('2018-03-31', [child('Q1',
      '<CINdetails>', '<CINreferralDate>2017-06-01</CINreferralDate>', '<ReferralNFA>false</ReferralNFA>',
      '<Section47><S47ActualStartDate>2017-06-05</S47ActualStartDate><DateOfInitialCPC>2017-06-20</DateOfInitialCPC></Section47>',
      '<ChildProtectionPlans><DateOfInitialCPC>2017-06-20</DateOfInitialCPC><CPPstartDate>2017-06-21</CPPstartDate></ChildProtectionPlans>',
      '</CINdetails>')]);
    const r = await useStore().importSources('cpp-icpc-twice', [textFile('cin', 'q.xml', xml)]);
    expect(r.events).toMatchObject({ icpc: 1, cp_plan_start: 1, s47_start: 1 });
    expect(r.quality.total).toBe(0);
  });
});

describe('the same episode in two census years (finding 16)', () => {
  // 2022 census: referral 2021-02-01, assessment from 2021-02-02 (open), S47 from 2021-03-01.
  const earlier = census('2022-03-31', [child('A',
    '<CINdetails>', // line 7
    '<CINreferralDate>2021-02-01</CINreferralDate>',
    '<ReferralNFA>false</ReferralNFA>',
    '<Assessments><AssessmentActualStartDate>2021-02-02</AssessmentActualStartDate></Assessments>', // line 10
    '<Section47><S47ActualStartDate>2021-03-01</S47ActualStartDate></Section47>', // line 11
    '</CINdetails>')]);
  // 2023 census: the same episode, now closed; the assessment authorised; the S47 not repeated; a CIN plan.
  const later = census('2023-03-31', [child('A',
    '<CINdetails>', // line 7
    '<CINreferralDate>2021-02-01</CINreferralDate>',
    '<CINclosureDate>2022-06-01</CINclosureDate>',
    '<ReasonForClosure>RC8</ReasonForClosure>',
    '<ReferralNFA>0</ReferralNFA>',
    '<Assessments><AssessmentActualStartDate>2021-02-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2021-03-20</AssessmentAuthorisationDate></Assessments>', // line 12
    '<CINPlanDates><CINPlanStartDate>2021-04-01</CINPlanStartDate><CINPlanEndDate>2022-05-01</CINPlanEndDate></CINPlanDates>', // line 13
    '</CINdetails>')]);
  const expectedEvents = [
    ['referral', '2021-02-01'], ['assessment_start', '2021-02-02'], ['s47_start', '2021-03-01'], ['assessment_end', '2021-03-20'],
    ['cin_plan_start', '2021-04-01'], ['cin_plan_end', '2022-05-01'], ['case_closed', '2022-06-01'],
  ];

  for (const order of ['earlier first', 'later first'] as const) {
    it(`takes the later census's rows, keeps the module only the earlier holds, and lists the superseded rows (${order})`, async () => {
      const files = [textFile('cin', 'cin-2022.xml', earlier), textFile('cin', 'cin-2023.xml', later)];
      const r = await useStore().importSources(`years-${order.split(' ')[0]}`, order === 'earlier first' ? files : files.reverse());
      expect(r.counts.episodes).toBe(1);
      expect(eventsOf(useStore(), `years-${order.split(' ')[0]}`).map((e) => [e.event, e.date])).toEqual(expectedEvents);
      // one episode: every event has the same episode id
      expect(new Set(eventsOf(useStore(), `years-${order.split(' ')[0]}`).map((e) => e.episode)).size).toBe(1);
      const byFile = Object.fromEntries(r.files.map((f) => [f.file, [f.rows, f.imported, f.rejected, f.skipped]]));
      // 2022: CINdetails and the assessment are superseded (not imported, not read); the S47 is imported
      expect(byFile).toEqual({ 'cin-2022.xml': [3, 1, 2, 2], 'cin-2023.xml': [3, 3, 0, 0] });
      expect(r.rows).toBe(6);
      expect(r.imported).toBe(4);
      expect(r.rejectedRows).toBe(2);
      expect(r.notRead).toBe(2);
      expect(r.unreadable).toBe(0);
      expect(r.rejected.map((x) => [x.file, x.line, x.reason]).sort()).toEqual([
        ['cin-2022.xml', 10, "superseded by the later census's copy of this episode (cin-2023.xml line 12)"],
        ['cin-2022.xml', 7, "superseded by the later census's copy of this episode (cin-2023.xml line 7)"],
      ].sort());
      expect(r.quality.problems.map((p) => [p.code, p.file, p.row, p.message])).toEqual([
        ['module_only_in_earlier_census', 'cin-2022.xml', 11, "this section 47 enquiry is in cin-2022.xml but not in the later census's copy of its episode (cin-2023.xml line 7); it is kept"],
      ]);
    });
  }

  it('drops the problems of superseded rows (an earlier copy\'s bad date is not reported once the later census corrects it)', async () => {
    const bad = earlier.replace('<AssessmentActualStartDate>2021-02-02</AssessmentActualStartDate>', '<AssessmentActualStartDate>2021-02-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2021-13-40</AssessmentAuthorisationDate>');
    const r = await useStore().importSources('years-bad', [textFile('cin', 'cin-2022.xml', bad), textFile('cin', 'cin-2023.xml', later)]);
    expect(r.quality.problems.map((p) => p.code)).toEqual(['module_only_in_earlier_census']);
  });
});

describe('conference messages on the public sample (finding 17)', () => {
  it('says the episode\'s S47 already had its conference, instead of "no S47 before it"', async () => {
    const r = await useStore().importSources('cin2022-messages', [fixture('cin', 'cin-census/cin-2022.xml')]);
    const icpc = r.quality.problems.find((p) => p.code === 'icpc_without_s47')!;
    expect(icpc.row).toBe(42);
    expect(icpc.message).toBe("the initial conference follows no enquiry awaiting a conference: the episode's last section 47 enquiry already had its conference; it is not a transfer-in conference, as the episode had a strategy discussion or enquiry before it");
    expect(icpc.message).not.toContain('no section 47 enquiry before it');
  });
});
