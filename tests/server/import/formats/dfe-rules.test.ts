// The DfE validation rules the report cites: the right rule for each instance, the DfE's message, and
// the DfE's boundaries (finding 11).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DFE_MESSAGES, PROBLEM_CODES } from '../../../../server/import/quality/problem-codes.js';
import { fixture, storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

const census = (children: string): string => `<?xml version="1.0"?>\n<Message><Header><CollectionDetails><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header><Children>\n${children}\n</Children></Message>`;
const child = (id: string, details: string): string => `<Child><ChildIdentifiers><LAchildID>${id}</LAchildID><PersonBirthDate>2010-01-01</PersonBirthDate></ChildIdentifiers>\n${details}\n</Child>`;

describe('overlapping plans with the DfE\'s boundaries', () => {
  it('CIN 8940: a CP plan starting on the day the previous one ended overlaps it; a day later does not', async () => {
    const plans = (secondStart: string) => child('P', ['<CINdetails><CINreferralDate>2023-01-01</CINreferralDate><ReferralNFA>false</ReferralNFA>',
      '<Section47><S47ActualStartDate>2023-01-02</S47ActualStartDate><DateOfInitialCPC>2023-01-10</DateOfInitialCPC></Section47>',
      '<ChildProtectionPlans><CPPstartDate>2023-01-10</CPPstartDate><CPPendDate>2023-06-01</CPPendDate></ChildProtectionPlans>',
      `<ChildProtectionPlans><CPPstartDate>${secondStart}</CPPstartDate></ChildProtectionPlans></CINdetails>`].join('\n'));
    const same = await useStore().importSources('cpp-same-day', [textFile('cin', 'a.xml', census(plans('2023-06-01')))]);
    const overlap = same.quality.problems.filter((p) => p.code === 'cp_plans_overlap');
    expect(overlap.map((p) => [p.row, p.dfeRule])).toEqual([[7, 'CIN 8940']]);
    expect(overlap[0]!.message).toBe('Child Protection Plan data contains overlapping dates: this child protection plan starts on or before the day the child\'s earlier child protection plan (a.xml row 6) ends');
    const next = await useStore().importSources('cpp-next-day', [textFile('cin', 'a.xml', census(plans('2023-06-02')))]);
    expect(next.quality.problems.filter((p) => p.code === 'cp_plans_overlap')).toEqual([]);
    expect(same.quality.byCode.find((g) => g.code === 'cp_plans_overlap')!.dfeRule).toBe('CIN 8940');
  });

  it('CIN 4014 the same for CIN plans', async () => {
    const xml = census(child('Q', ['<CINdetails><CINreferralDate>2023-01-01</CINreferralDate><ReferralNFA>false</ReferralNFA>',
      '<CINPlanDates><CINPlanStartDate>2023-02-01</CINPlanStartDate><CINPlanEndDate>2023-05-01</CINPlanEndDate></CINPlanDates>',
      '<CINPlanDates><CINPlanStartDate>2023-05-01</CINPlanStartDate></CINPlanDates></CINdetails>'].join('\n')));
    const r = await useStore().importSources('cin-plans', [textFile('cin', 'b.xml', xml)]);
    expect(r.quality.problems.map((p) => [p.code, p.row, p.dfeRule])).toEqual([['cin_plans_overlap', 6, 'CIN 4014']]);
  });
});

describe('one rule per instance, with the DfE\'s message', () => {
  it('a step dated before its referral cites the rule of that step only', async () => {
    const r = await useStore().importSources('before-referral', [fixture('cin', 'cin-census/cin-2022.xml')]);
    const steps = r.quality.problems.filter((p) => p.code === 'step_before_referral' || p.code === 'assessment_before_referral');
    expect(steps.map((p) => [p.field, p.dfeRule])).toEqual([
      ['AssessmentActualStartDate', 'CIN 1103'],
      ['S47ActualStartDate', null],
      ['DateOfInitialCPC', 'CIN 1104'],
      ['CPPstartDate', 'CIN 1105'],
    ]);
    for (const p of steps) if (p.dfeRule !== null) expect(p.message.startsWith(DFE_MESSAGES[p.dfeRule as keyof typeof DFE_MESSAGES])).toBe(true);
    // the group lists exactly the rules its problems break
    expect(r.quality.byCode.find((g) => g.code === 'step_before_referral')!.dfeRule).toBe('CIN 1104; CIN 1105');
  });

  it('an Annex A date of birth after an event cites no SSDA903 rule', async () => {
    const r = await useStore().importSources('annex-dob', [fixture('annex-a', 'annex-a/Annex_A_sample.xlsx')]);
    const dob = r.quality.problems.filter((p) => p.code === 'dob_after_event');
    expect(dob.length).toBeGreaterThan(0);
    expect(dob.every((p) => p.dfeRule === null)).toBe(true);
  });

  it('CIN 8831 for assessments, S47s and conferences of an NFA referral; none for plans', async () => {
    const xml = census(child('N', ['<CINdetails><CINreferralDate>2023-01-01</CINreferralDate><ReferralNFA>true</ReferralNFA>',
      '<Assessments><AssessmentActualStartDate>2023-01-02</AssessmentActualStartDate></Assessments>',
      '<CINPlanDates><CINPlanStartDate>2023-02-01</CINPlanStartDate></CINPlanDates></CINdetails>'].join('\n')));
    const r = await useStore().importSources('nfa', [textFile('cin', 'n.xml', xml)]);
    expect(r.quality.problems.map((p) => [p.code, p.field, p.dfeRule])).toEqual([
      ['nfa_with_later_steps', 'AssessmentActualStartDate', 'CIN 8831'],
      ['nfa_with_later_steps', 'CINPlanStartDate', null],
    ]);
    expect(r.quality.problems[0]!.message).toBe('Activity is recorded against a case marked as a referral with no further action: the assessment belongs to a referral marked no further action');
  });
});

describe('the README\'s table of codes', () => {
  it('lists every code the report can give, with its DfE rule', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../../README.md'), 'utf8');
    for (const [code, { dfeRule }] of Object.entries(PROBLEM_CODES)) {
      const line = readme.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${code}\``));
      expect(line, code).toBeDefined();
      if (dfeRule !== null) expect(line, code).toContain(dfeRule);
    }
  });
});
