// Several sources in one dataset: the same event of a child in two sources is one event (finding 8).
import { describe, expect, it } from 'vitest';
import { countBy, eventsOf, fixture, storeForTests, textFile } from './helpers.js';

const useStore = storeForTests();

describe('the reviewer\'s child D1 in Annex A, SSDA903 and the CIN census', () => {
  it('gives one referral and one period of care (open), and reports both merges', async () => {
    const files = [
      fixture('annex-a', 'review/dup/List 8.csv'), fixture('annex-a', 'review/dup/List 3.csv'),
      fixture('ssda903', 'review/dup/2023-episodes.csv'), fixture('ssda903', 'review/dup/2023-header.csv'),
      fixture('cin', 'review/dup/cin.xml'),
    ];
    const r = await useStore().importSources('dup', files);
    expect(eventsOf(useStore(), 'dup').map((e) => [e.event, e.date, e.source])).toEqual([['referral', '2022-06-01', '6'], ['cla_start', '2023-01-01', null]]);
    expect(r.events).toMatchObject({ referral: 1, cla_start: 1 });
    expect(r.eventCount).toBe(2);
    expect(r.counts).toMatchObject({ periodsOfCare: 1, openPeriodsOfCare: 1, mergedEvents: 2 });
    expect(r.quality.problems.map((p) => [p.code, p.file, p.row, p.message])).toEqual([
      ['same_event_in_two_sources', 'List 3.csv', 2, 'the same referral (same child, same date) is also in cin.xml row 2; the two are imported as one event'],
      ['same_event_in_two_sources', 'List 8.csv', 2, 'the same start of a period of care (same child, same date) is also in 2023-episodes.csv row 2; the two are imported as one event'],
    ]);
    // every source row is imported: merging makes one event of two rows, it drops no row
    expect(r.imported).toBe(r.rows);
  });
});

/** A council's children in two returns, written independently of the importer: CIN census and Annex A. */
function twoReturns(children: number): { cin: string; list3: string; list4: string; list7: string; expected: Record<string, number> } {
  const cin: string[] = ['<?xml version="1.0"?>', '<Message><Header><CollectionDetails><ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header><Children>'];
  const list3 = ['Child Unique ID,Gender,Ethnicity,Date of Birth,Date of Referral,Referral NFA?'];
  const list4 = ['Child Unique ID,Gender,Ethnicity,Date of Birth,Continuous Assessment Start Date,Continuous Assessment Date of Authorisation'];
  const list7 = ['Child Unique ID,Gender,Ethnicity,Date of Birth,Child Protection Plan Start Date,Child Protection Plan End Date'];
  const expected: Record<string, number> = { referral: 0, assessment_start: 0, assessment_end: 0, cp_plan_start: 0, cp_plan_end: 0 };
  const iso = (d: number): string => new Date(Date.UTC(2023, 3, 1) + d * 864e5).toISOString().slice(0, 10);
  const dmy = (d: number): string => iso(d).split('-').reverse().join('/');
  for (let c = 0; c < children; c++) {
    const id = `K${(c * 7919) % 100003}`; // not in order
    const day = (c * 37) % 300;
    // every child is in the census; every third also in Annex A with the same dates; every fifth of
    // those has Annex A's referral a day later (another referral, not the same one)
    cin.push(`<Child><ChildIdentifiers><LAchildID>${id}</LAchildID><PersonBirthDate>2015-01-01</PersonBirthDate></ChildIdentifiers><CINdetails><CINreferralDate>${iso(day)}</CINreferralDate><ReferralNFA>false</ReferralNFA>`);
    cin.push(`<Assessments><AssessmentActualStartDate>${iso(day + 2)}</AssessmentActualStartDate><AssessmentAuthorisationDate>${iso(day + 30)}</AssessmentAuthorisationDate></Assessments>`);
    expected.referral!++;
    expected.assessment_start!++;
    expected.assessment_end!++;
    const plan = c % 4 === 0;
    if (plan) {
      cin.push(`<Section47><S47ActualStartDate>${iso(day + 3)}</S47ActualStartDate><DateOfInitialCPC>${iso(day + 15)}</DateOfInitialCPC></Section47><ChildProtectionPlans><CPPstartDate>${iso(day + 15)}</CPPstartDate></ChildProtectionPlans>`);
      expected.cp_plan_start!++;
    }
    cin.push('</CINdetails></Child>');
    if (c % 3 !== 0) continue;
    const shifted = c % 5 === 0;
    list3.push(`${id},F,WBRI,01/01/2015,${dmy(shifted ? day + 1 : day)},No`);
    if (shifted) expected.referral!++;
    list4.push(`${id},F,WBRI,01/01/2015,${dmy(day + 2)},${dmy(day + 30)}`);
    if (plan) {
      // Annex A knows the plan ended (the census was taken before it did)
      list7.push(`${id},F,WBRI,01/01/2015,${dmy(day + 15)},${dmy(day + 200)}`);
      expected.cp_plan_end!++;
    }
  }
  cin.push('</Children></Message>');
  return { cin: cin.join('\n'), list3: list3.join('\n'), list4: list4.join('\n'), list7: list7.join('\n'), expected };
}

describe('two returns of the same council, generated independently', () => {
  it('counts each event once, keeps the referral a day apart as its own, and adds what only one source says', async () => {
    const g = twoReturns(300);
    const files = [
      textFile('annex-a', 'List 7.csv', g.list7), textFile('annex-a', 'List 4.csv', g.list4), textFile('annex-a', 'List 3.csv', g.list3),
      textFile('cin', 'cin-2024.xml', g.cin),
    ];
    const r = await useStore().importSources('two-returns', files);
    const counts = countBy(eventsOf(useStore(), 'two-returns'), (e) => e.event);
    expect(counts).toMatchObject(g.expected);
    expect(r.children).toBe(300);
    // the ends Annex A gives join the census's plans: no end without its start, no overlapping plans
    const codes = new Set(r.quality.problems.map((p) => p.code));
    expect([...codes].sort()).toEqual(['same_event_in_two_sources']);
  });

  it('takes a plan\'s end from the source that knows it when checking overlaps', async () => {
    // The census (taken in March) has the plan open; Annex A (later) has it ended in May; a new plan starts in July.
    const xml = '<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children><Child><ChildIdentifiers><LAchildID>E</LAchildID></ChildIdentifiers>' +
      '<CINdetails><CINreferralDate>2023-01-01</CINreferralDate><ReferralNFA>false</ReferralNFA><Section47><S47ActualStartDate>2023-01-02</S47ActualStartDate><DateOfInitialCPC>2023-01-10</DateOfInitialCPC></Section47>' +
      '<ChildProtectionPlans><CPPstartDate>2023-01-10</CPPstartDate></ChildProtectionPlans></CINdetails></Child></Children></Message>';
    const list7 = 'Child Unique ID,Child Protection Plan Start Date,Child Protection Plan End Date\nE,10/01/2023,01/05/2023\nE,01/07/2023,';
    const r = await useStore().importSources('plan-end', [textFile('cin', 'c.xml', xml), textFile('annex-a', 'List 7.csv', list7)]);
    expect(r.events).toMatchObject({ cp_plan_start: 2, cp_plan_end: 1 });
    // the first plan ended in May by Annex A: the July plan overlaps nothing
    expect(r.quality.problems.map((p) => p.code)).not.toContain('cp_plans_overlap');
    expect(r.quality.problems.map((p) => p.code)).toContain('same_event_in_two_sources');
  });

  it('does not merge two events of one source (two same-day referrals of a child in one census are two)', async () => {
    const xml = '<Message><Children><Child><ChildIdentifiers><LAchildID>T</LAchildID></ChildIdentifiers>' +
      '<CINdetails><CINreferralDate>2023-01-01</CINreferralDate><ReferralNFA>true</ReferralNFA></CINdetails>' +
      '<CINdetails><CINreferralDate>2023-01-01</CINreferralDate><ReferralNFA>true</ReferralNFA></CINdetails></Child></Children></Message>';
    const r = await useStore().importSources('one-source', [textFile('cin', 'one.xml', xml), textFile('annex-a', 'List 3.csv', 'Child Unique ID,Date of Referral\nT,01/01/2023')]);
    // Annex A's one referral of that day is one of the census's two
    expect(r.events.referral).toBe(2);
    expect(r.counts.mergedEvents).toBe(1);
  });
});
