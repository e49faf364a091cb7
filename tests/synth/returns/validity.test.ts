// The written returns checked against a sample of the DfE's validation rules, re-implemented here from
// their descriptions (csc-validator-be-903 and csc-validator-be-cin, see README) with parsers of our
// own that read only the files: columns per year, UPN check letters, and the rules on overlapping
// episodes, reviews inside care, OC2 eligibility, missing episodes inside care, ICPC after S47, CP plan
// starts on a conference day, activity after closure, overlapping CIN plans, coherence across years.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, dayFromCivil } from '../../../core/dates.js';
import { dmyDay, plainCsvRows, type Row } from './plain-903.js';
import { Workbook } from '../../../server/import/common/xlsx.js';
import { ANNEX_A_LISTS, templateHeaders } from '../../../server/import/annex-a/lists.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren, type GenerateOptions } from '../../../synth/generate.js';
import { isSyntheticPostcode, isValidUpn, syntheticUpn, upnCheckLetter } from '../../../synth/returns/identifiers.js';
import { buildCases, writeReturns } from '../../../synth/returns/write.js';
import { usesSex } from '../../../synth/returns/cin-census.js';
import { collectionYear } from '../../../synth/returns/years.js';

const Y23 = collectionYear(2023);
const Y24 = collectionYear(2024);
const OPTIONS: GenerateOptions = { children: 3000, from: Y23.start, to: Y24.end, seed: 5, historyFrom: addMonths(Y23.start, -120) };
const dir = mkdtempSync(join(tmpdir(), 'returns-validity-'));

beforeAll(() => {
  const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, OPTIONS, emit), { seed: OPTIONS.seed, from: OPTIONS.from });
  writeReturns(cases, 'ssda903', [Y23, Y24], join(dir, '903'));
  writeReturns(cases, 'cin', [Y23, Y24], join(dir, 'cin.xml'));
  writeReturns(cases, 'annex-a', [Y24], join(dir, 'annex-a.xlsx'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- independent readers -------------------------------------------------------------------------
function csv(year: number, table: string): Row[] {
  return plainCsvRows(join(dir, '903', `${year}-${table}.csv`));
}
function header(year: number, table: string): string[] {
  return readFileSync(join(dir, '903', `${year}-${table}.csv`), 'utf8').split('\n')[0]!.split(',');
}
const d = dmyDay;
function iso(text: string): number {
  const [y, m, dd] = text.split('-').map(Number);
  return dayFromCivil(y!, m!, dd!);
}
interface XmlNode { name: string; text: string; children: XmlNode[] }
function parseXml(text: string): XmlNode {
  const root: XmlNode = { name: '#root', text: '', children: [] };
  const stack = [root];
  for (const m of text.matchAll(/<(\/?)([A-Za-z0-9]+)[^>]*?(\/?)>|([^<]+)/g)) {
    if (m[4] !== undefined) { stack[stack.length - 1]!.text += m[4].trim(); continue; }
    if (m[1]) { stack.pop(); continue; }
    const node: XmlNode = { name: m[2]!, text: '', children: [] };
    stack[stack.length - 1]!.children.push(node);
    if (!m[3] && !m[0].startsWith('<?')) stack.push(node);
  }
  return root;
}
const kids = (n: XmlNode, name: string): XmlNode[] => n.children.filter((c) => c.name === name);
const val = (n: XmlNode, name: string): string | undefined => kids(n, name)[0]?.text;
function cinChildren(year: number): XmlNode[] {
  const root = parseXml(readFileSync(join(dir, `cin-${year}.xml`), 'utf8'));
  return kids(kids(kids(root, 'Message')[0]!, 'Children')[0]!, 'Child');
}

// ---- identifiers -----------------------------------------------------------------------------------
describe('identifiers', () => {
  it('UPN check letters follow the DfE algorithm, worked by hand for one body', () => {
    // 2·2+3·0+4·1+5·0+6·0+7·0+8·0+9·1+10·2+11·0+12·0+13·3 = 4+4+9+20+39 = 76; 76 mod 23 = 7 → H
    expect(upnCheckLetter('201000012003')).toBe('H');
    expect(isValidUpn('H201000012003')).toBe(true);
    expect(isValidUpn('A201000012003')).toBe(false);
    expect(syntheticUpn('201', 2012, 3)).toBe('H201000012003');
  });

  it('every UPN written is valid, unique, and uses establishment numbers 0000–0009 (no school); postcodes are of made-up areas', () => {
    const upns = csv(2024, 'header').map((r) => r.UPN!).filter((u) => !/^UN\d$/.test(u));
    for (const child of cinChildren(2024)) {
      const upn = val(kids(child, 'ChildIdentifiers')[0]!, 'UPN');
      if (upn) upns.push(upn);
    }
    expect(upns.length).toBeGreaterThan(100);
    for (const u of upns) {
      expect(isValidUpn(u), u).toBe(true);
      expect(u.slice(4, 7)).toBe('000');
    }
    const byChildCin = new Set(cinChildren(2024).map((c) => val(kids(c, 'ChildIdentifiers')[0]!, 'UPN')).filter(Boolean));
    expect(byChildCin.size).toBe(cinChildren(2024).filter((c) => val(kids(c, 'ChildIdentifiers')[0]!, 'UPN')).length); // CIN 1520
    for (const r of csv(2024, 'episodes')) {
      expect(isSyntheticPostcode(r.HOME_POST!), r.HOME_POST).toBe(true);
      expect(isSyntheticPostcode(r.PL_POST!), r.PL_POST).toBe(true);
    }
  });
});

// ---- columns per year --------------------------------------------------------------------------------
describe('columns and schema per year', () => {
  // The DfE's SSDA903 tables, as csc-validator-be-903's lac_validator/config.py lists them.
  const DFE = {
    header: 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB',
    episodes: 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
    reviews: 'CHILD,DOB,REVIEW,REVIEW_CODE',
    uasc: 'CHILD,SEX,DOB,DUC',
    oc2: 'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED',
    oc3: 'CHILD,DOB,IN_TOUCH,ACTIV,ACCOM',
    ad1: 'CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR',
    placed_adoption: 'CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED',
    prev_perm: 'CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM',
    missing: 'CHILD,DOB,MISSING,MIS_START,MIS_END',
    sw_episodes: 'CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON',
  };
  it('SSDA903: every table with the DfE columns; social worker episodes from the 2024 return only', () => {
    const files = readdirSync(join(dir, '903')).sort();
    for (const [table, cols] of Object.entries(DFE)) {
      expect(header(2024, table).join(',')).toBe(cols);
      if (table === 'sw_episodes') expect(files).not.toContain('2023-sw_episodes.csv');
      else expect(header(2023, table).join(',')).toBe(cols);
    }
  });

  it('CIN census: GenderCurrent to 2024, Sex from 2025 (4180 by ruleset); modules in schema order', () => {
    const text23 = readFileSync(join(dir, 'cin-2023.xml'), 'utf8');
    const text24 = readFileSync(join(dir, 'cin-2024.xml'), 'utf8');
    expect(text23).toContain('<GenderCurrent>');
    expect(text23).not.toContain('<Sex>');
    expect(text24).toContain('<GenderCurrent>');
    expect(text24).not.toContain('<Sex>');
    expect([2023, 2024, 2025, 2026].map(usesSex)).toEqual([false, false, true, true]);
    expect(text24).toMatch(/<ReferenceDate>2024-03-31<\/ReferenceDate>/);
    const order = ['CINreferralDate', 'ReferralSource', 'PrimaryNeedCode', 'CINclosureDate', 'ReasonForClosure', 'DateOfInitialCPC', 'Assessments', 'CINPlanDates', 'Section47', 'ReferralNFA', 'ChildProtectionPlans'];
    let modules = 0;
    for (const child of cinChildren(2024)) {
      for (const ep of kids(child, 'CINdetails')) {
        const seen = ep.children.map((c) => order.indexOf(c.name));
        expect(seen.every((x) => x >= 0)).toBe(true);
        expect([...seen].sort((a, b) => a - b)).toEqual(seen);
        modules += ep.children.length;
      }
    }
    expect(modules).toBeGreaterThan(1000);
  });

  it('Annex A: sheets List 1 to List 11 with the template headers', () => {
    const wb = Workbook.fromBytes(readFileSync(join(dir, 'annex-a.xlsx')));
    expect(wb.sheets.map((s) => s.name)).toEqual(ANNEX_A_LISTS.map((l) => `List ${l.list}`));
    for (const sheet of wb.sheets) {
      const list = ANNEX_A_LISTS.find((l) => `List ${l.list}` === sheet.name)!;
      let first: string[] | null = null;
      let rows = 0;
      wb.readSheet(sheet, (row) => {
        if (first === null) first = row.cells.map((c) => c?.value ?? '');
        else rows++;
      });
      expect(first, sheet.name).toEqual(templateHeaders(list));
      if (list.list <= 8) expect(rows, sheet.name).toBeGreaterThan(0);
    }
  });
});

// ---- SSDA903 rules ---------------------------------------------------------------------------------
describe('SSDA903 rules (csc-validator-be-903)', () => {
  for (const year of [2023, 2024]) {
    const yr = collectionYear(year);
    it(`${year}: episodes do not overlap, start after birth (302), end after they start, E17 only at 18 (460), RNE L changes only the legal status (434)`, () => {
      const dob = new Map(csv(year, 'header').map((r) => [r.CHILD!, d(r.DOB!)]));
      const byChild = new Map<string, Row[]>();
      for (const r of csv(year, 'episodes')) byChild.set(r.CHILD!, [...(byChild.get(r.CHILD!) ?? []), r]);
      expect(byChild.size).toBeGreaterThan(20);
      for (const [child, eps] of byChild) {
        expect(dob.has(child)).toBe(true); // every child in episodes is in the header (INT03)
        eps.sort((a, b) => d(a.DECOM!) - d(b.DECOM!));
        expect(d(eps[0]!.DECOM!)).toBeGreaterThanOrEqual(dob.get(child)!);
        eps.forEach((e, i) => {
          if (e.DEC) expect(d(e.DEC)).toBeGreaterThanOrEqual(d(e.DECOM!));
          if (e.DEC) expect(d(e.DEC)).toBeLessThanOrEqual(yr.end);
          else expect(i).toBe(eps.length - 1); // only the last episode is open
          if (e.DEC && e.REC === 'X1') expect(eps[i + 1]?.DECOM).toBe(e.DEC); // X1 continues the period the same day
          if (i > 0 && eps[i - 1]!.DEC) expect(d(e.DECOM!)).toBeGreaterThanOrEqual(d(eps[i - 1]!.DEC!));
          if (e.REC === 'E17') expect(addMonths(dob.get(child)!, 216)).toBeLessThanOrEqual(d(e.DEC!));
          if (e.RNE === 'L' && i > 0) {
            const p = eps[i - 1]!;
            expect(e.LS).not.toBe(p.LS);
            expect([e.PLACE, e.PL_POST, e.URN, e.PLACE_PROVIDER]).toEqual([p.PLACE, p.PL_POST, p.URN, p.PLACE_PROVIDER]);
          }
          // the reason a placement changed is on the episode that ends with the change (903 rule 225)
          if (e.RNE === 'P' && i > 0) expect(eps[i - 1]!.REASON_PLACE_CHANGE).not.toBe('');
          if (e.REC === 'E11' || e.REC === 'E12') expect(e.LS).toBe('E1'); // adopted from a placement order
        });
      }
    });

    it(`${year}: reviews and missing episodes fall inside a period of care (577, 578); OC2 only for children looked after 12 months (545, 543, 546)`, () => {
      const eps = csv(year, 'episodes');
      const inCare = (child: string, day: number): boolean => eps.some((e) => e.CHILD === child && d(e.DECOM!) <= day && (e.DEC === '' || d(e.DEC!) >= day));
      const reviews = csv(year, 'reviews');
      expect(reviews.length).toBeGreaterThan(20);
      for (const r of reviews) {
        expect(inCare(r.CHILD!, d(r.REVIEW!)), `${r.CHILD} ${r.REVIEW}`).toBe(true);
        expect(d(r.REVIEW!)).toBeGreaterThanOrEqual(yr.start);
        const age = Math.floor((d(r.REVIEW!) - d(r.DOB!)) / 365.25);
        if (age < 3) expect(r.REVIEW_CODE).toBe('PN0');
        if (age >= 5) expect(r.REVIEW_CODE).not.toBe('PN0');
      }
      for (const m of csv(year, 'missing')) {
        expect(inCare(m.CHILD!, d(m.MIS_START!))).toBe(true);
        if (m.MIS_END) expect(inCare(m.CHILD!, d(m.MIS_END))).toBe(true);
      }
      const oc2 = csv(year, 'oc2');
      expect(oc2.length).toBeGreaterThan(5);
      const firstOfApril = addMonths(yr.end, -12) + 1;
      for (const o of oc2) {
        // continuously looked after from 1 April to 31 March (in care on both days: the validator's 191
        // counts a child who started on 1 April or left on 31 March as looked after for the 12 months)
        const mine = eps.filter((e) => e.CHILD === o.CHILD).sort((a, b) => d(a.DECOM!) - d(b.DECOM!));
        const lastDec = mine[mine.length - 1]!.DEC!;
        expect(lastDec === '' || d(lastDec) === yr.end).toBe(true);
        let start = d(mine[mine.length - 1]!.DECOM!);
        for (let i = mine.length - 2; i >= 0 && mine[i]!.DEC === mine[i + 1]!.DECOM && mine[i]!.REC === 'X1'; i--) start = d(mine[i]!.DECOM!);
        expect(start).toBeLessThanOrEqual(firstOfApril);
        const ageAtEnd = (yr.end - d(o.DOB!)) / 365.25;
        if (ageAtEnd < 5) expect(o.HEALTH_CHECK).not.toBe('');
        if (ageAtEnd >= 5.01) expect(o.HEALTH_CHECK).toBe('');
        if (ageAtEnd >= 10.01) expect(o.CONVICTED).not.toBe('');
      }
    });

    it(`${year}: adoption tables agree with the episodes (554, 1003, 521, 601, 579); social worker episodes are long enough and coded (SW09, SW13)`, () => {
      const eps = csv(year, 'episodes');
      for (const p of csv(year, 'placed_adoption')) {
        const mine = eps.filter((e) => e.CHILD === p.CHILD).sort((a, b) => d(a.DECOM!) - d(b.DECOM!));
        const firstE1 = mine.find((e) => e.LS === 'E1');
        if (firstE1) expect(d(p.DATE_PLACED!)).toBeLessThanOrEqual(d(firstE1.DECOM!));
        const firstS = mine.find((e) => e.RNE === 'S');
        if (firstS) expect(d(p.DATE_PLACED!)).toBeGreaterThanOrEqual(d(firstS.DECOM!));
      }
      for (const a of csv(year, 'ad1')) {
        expect(Object.values(a).every((v) => v !== '')).toBe(true);
        for (const e of eps.filter((x) => x.CHILD === a.CHILD && /^A[3-6]$/.test(x.PLACE!))) expect(d(a.DATE_INT!)).toBeLessThanOrEqual(d(e.DECOM!));
      }
      if (year >= 2024) {
        const sw = csv(year, 'sw_episodes');
        expect(sw.length).toBeGreaterThan(20);
        for (const s of sw) {
          expect(['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS']).toContain(s.SW_REASON);
          if (s.SW_DEC) {
            expect(d(s.SW_DEC) - d(s.SW_DECOM!)).toBeGreaterThanOrEqual(3);
            expect(d(s.SW_DEC)).toBeGreaterThanOrEqual(yr.start);
          }
        }
        // SW01: everyone looked after on 31 March has a social worker
        const open = new Set(eps.filter((e) => e.DEC === '').map((e) => e.CHILD));
        const withWorker = new Set(sw.filter((s) => s.SW_DEC === '').map((s) => s.CHILD));
        for (const c of open) expect(withWorker.has(c), c).toBe(true);
      }
    });
  }

  it('an episode open on 31 March 2023 is in the 2024 files with the same start and values', () => {
    const open23 = csv(2023, 'episodes').filter((e) => e.DEC === '');
    const eps24 = new Map(csv(2024, 'episodes').map((e) => [`${e.CHILD}|${e.DECOM}`, e]));
    expect(open23.length).toBeGreaterThan(20);
    for (const e of open23) {
      const again = eps24.get(`${e.CHILD}|${e.DECOM}`);
      expect(again, `${e.CHILD} ${e.DECOM}`).toBeDefined();
      expect([again!.RNE, again!.LS, again!.PLACE, again!.PLACE_PROVIDER]).toEqual([e.RNE, e.LS, e.PLACE, e.PLACE_PROVIDER]);
    }
  });
});

// ---- CIN census rules ------------------------------------------------------------------------------
describe('CIN census rules (csc-validator-be-cin)', () => {
  for (const year of [2023, 2024]) {
    const yr = collectionYear(year);
    it(`${year}: ICPC after its S47 start (8615), CP plans start on a conference day of their episode (2885), nothing after closure (8565), no overlapping CIN plans (4014) or CP plans, nothing before the referral (1103, 1104, 1105)`, () => {
      let plans = 0;
      let s47s = 0;
      for (const child of cinChildren(year)) {
        const cinPlans: [number, number | null][] = [];
        const cpPlans: [number, number | null][] = [];
        for (const ep of kids(child, 'CINdetails')) {
          const referral = iso(val(ep, 'CINreferralDate')!);
          const closure = val(ep, 'CINclosureDate') ? iso(val(ep, 'CINclosureDate')!) : null;
          expect(referral).toBeLessThanOrEqual(yr.end);
          if (closure !== null) {
            expect(closure).toBeGreaterThanOrEqual(yr.start);
            expect(closure).toBeGreaterThanOrEqual(referral);
            expect(val(ep, 'ReasonForClosure')).toMatch(/^RC[1-9]$/);
          }
          const dates: number[] = [];
          const conferences: number[] = [];
          if (val(ep, 'DateOfInitialCPC')) conferences.push(iso(val(ep, 'DateOfInitialCPC')!));
          for (const a of kids(ep, 'Assessments')) {
            const s = iso(val(a, 'AssessmentActualStartDate')!);
            expect(s).toBeGreaterThanOrEqual(referral);
            dates.push(s);
            if (val(a, 'AssessmentAuthorisationDate')) {
              const e = iso(val(a, 'AssessmentAuthorisationDate')!);
              expect(e).toBeGreaterThanOrEqual(s);
              dates.push(e);
            }
          }
          for (const s of kids(ep, 'Section47')) {
            s47s++;
            const start = iso(val(s, 'S47ActualStartDate')!);
            expect(start).toBeGreaterThanOrEqual(referral);
            dates.push(start);
            if (val(s, 'DateOfInitialCPC')) {
              const icpc = iso(val(s, 'DateOfInitialCPC')!);
              expect(icpc).toBeGreaterThanOrEqual(start);
              conferences.push(icpc);
              dates.push(icpc);
            }
          }
          for (const p of kids(ep, 'CINPlanDates')) {
            const s = iso(val(p, 'CINPlanStartDate')!);
            const e = val(p, 'CINPlanEndDate') ? iso(val(p, 'CINPlanEndDate')!) : null;
            expect(s).toBeGreaterThanOrEqual(referral);
            cinPlans.push([s, e]);
            dates.push(s, ...(e === null ? [] : [e]));
          }
          for (const p of kids(ep, 'ChildProtectionPlans')) {
            plans++;
            const s = iso(val(p, 'CPPstartDate')!);
            const e = val(p, 'CPPendDate') ? iso(val(p, 'CPPendDate')!) : null;
            if (s >= yr.start) expect(conferences, `${val(kids(child, 'ChildIdentifiers')[0]!, 'LAchildID')} ${val(p, 'CPPstartDate')}`).toContain(s);
            if (e !== null) (expect(e).toBeGreaterThanOrEqual(s), dates.push(e));
            for (const r of kids(kids(p, 'Reviews')[0]!, 'CPPreviewDate')) {
              expect(iso(r.text)).toBeGreaterThanOrEqual(s);
              if (e !== null) expect(iso(r.text)).toBeLessThanOrEqual(e);
            }
            cpPlans.push([s, e]);
          }
          if (val(ep, 'ReferralNFA') === 'true') expect(kids(ep, 'Assessments').length + kids(ep, 'Section47').length + kids(ep, 'ChildProtectionPlans').length).toBe(0);
          for (const x of dates) {
            expect(x).toBeLessThanOrEqual(yr.end);
            if (closure !== null) expect(x).toBeLessThanOrEqual(closure);
          }
        }
        for (const list of [cinPlans, cpPlans]) {
          list.sort((a, b) => a[0] - b[0]);
          for (let i = 1; i < list.length; i++) expect(list[i - 1]![1] !== null && list[i - 1]![1]! < list[i]![0]).toBe(true);
        }
      }
      expect(plans).toBeGreaterThan(10);
      expect(s47s).toBeGreaterThan(10);
    });
  }

  it('a CIN episode open on 31 March 2023 is in the 2024 census with the same referral', () => {
    const key = (c: XmlNode, ep: XmlNode) => `${val(kids(c, 'ChildIdentifiers')[0]!, 'LAchildID')}|${val(ep, 'CINreferralDate')}`;
    const open23 = cinChildren(2023).flatMap((c) => kids(c, 'CINdetails').filter((ep) => !val(ep, 'CINclosureDate')).map((ep) => key(c, ep)));
    const all24 = new Set(cinChildren(2024).flatMap((c) => kids(c, 'CINdetails').map((ep) => key(c, ep))));
    expect(open23.length).toBeGreaterThan(50);
    for (const k of open23) expect(all24.has(k), k).toBe(true);
  });
});

describe('privacy of the made-up identifiers', () => {
  it('passes for generated children and fails for a real-looking UPN or postcode', async () => {
    const { returnsPrivacy } = await import('../../../synth/returns/privacy.js');
    const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, { ...OPTIONS, children: 300 }, emit), { seed: 3, from: OPTIONS.from });
    expect(returnsPrivacy(cases)).toMatchObject({ pass: true, children: 300, upnsNotSynthetic: 0, postcodesNotSynthetic: 0, duplicateUpns: 0 });
    const tampered = cases.map((c, i) => (i === 0 ? { ...c, extra: { ...c.extra, upn: 'A201412312345', homePostcode: 'SW1A 1AA' } } : c));
    expect(returnsPrivacy(tampered)).toMatchObject({ pass: false, upnsNotSynthetic: 1, postcodesNotSynthetic: 1 });
  });

  it('covers the allocated workers: faker names and made-up ids pass, a name not of faker\'s lists or a registration-number id fails', async () => {
    const { returnsPrivacy } = await import('../../../synth/returns/privacy.js');
    const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, { ...OPTIONS, children: 300 }, emit), { seed: 3, from: OPTIONS.from });
    const ok = returnsPrivacy(cases);
    expect(ok).toMatchObject({ pass: true, workersNotMadeUp: 0 });
    expect(ok.workers).toBeGreaterThan(20);
    const withWorker = (worker: { id: string; name: string; team: string }) => cases.map((c, i) => (i === 0 ? { ...c, extra: { ...c.extra, contactWorker: worker } } : c));
    const team = cases[0]!.extra.contactWorker.team;
    // a name from outside faker (as from a council's own records), and a Social Work England style number
    expect(returnsPrivacy(withWorker({ id: 'SWSYN000001', name: 'Xanthe Qwertyuiop', team }))).toMatchObject({ pass: false, workersNotMadeUp: 1 });
    expect(returnsPrivacy(withWorker({ id: 'SW123456', name: cases[0]!.extra.contactWorker.name, team }))).toMatchObject({ pass: false, workersNotMadeUp: 1 });
  });
});
