// The Annex A workbook as Ofsted's template has it: every list's header row is the template's, read from
// the sample workbook (liia-tools' copy of the template, tests/fixtures/formats/annex-a/Annex_A_sample.xlsx),
// string for string and in order; every coded value is one of the labels liia-tools' Annex A schema
// gives the column (`liiatools/annex_a_pipeline/spec/Annex_A_schema.yml` @ a042cd5, the category
// `code`s, transcribed below for the columns we write); the one column of names the template has
// (Allocated Worker) holds made-up names.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../../core/dates.js';
import { Workbook } from '../../../server/import/common/xlsx.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren } from '../../../synth/generate.js';
import { buildCases, writeReturns } from '../../../synth/returns/write.js';
import { collectionYear } from '../../../synth/returns/years.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'fixtures', 'formats', 'annex-a', 'Annex_A_sample.xlsx');
const YEAR = collectionYear(2024);
const dir = mkdtempSync(join(tmpdir(), 'annex-a-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// 12,000 children: OC3 (List 9) holds about 1.5 care leavers per 4,000 (seeds 5-10: 0, 2, 2, 2, 1, 3; before
// the default model's care leavers' buckets 2, 3, 1, 2, 0, 1), too few to be sure of one.
const options = { children: 12_000, from: YEAR.start, to: YEAR.end, seed: 5, historyFrom: addMonths(YEAR.start, -120) };
const { cases } = buildCases((emit) => generateChildren(DEFAULT_MODEL, options, emit), { seed: options.seed, from: options.from });
writeReturns(cases, 'annex-a', [YEAR], join(dir, 'annex-a.xlsx'));
writeReturns(cases, 'ssda903', [YEAR], join(dir, '903'));

/** Each sheet's rows as text (numbers in their shortest form), by sheet name. */
function sheets(path: string): Map<string, string[][]> {
  const book = Workbook.fromBytes(readFileSync(path));
  const out = new Map<string, string[][]>();
  for (const sheet of book.sheets) {
    const rows: string[][] = [];
    book.readSheet(sheet, (row) => rows.push(Array.from(row.cells, (c) => c?.value ?? '')));
    out.set(sheet.name, rows);
  }
  return out;
}
const template = sheets(SAMPLE);
const ours = sheets(join(dir, 'annex-a.xlsx'));

const YES_NO = ['a) Yes', 'b) No'];
const YES_NO_UNKNOWN = [...YES_NO, 'c) Unknown'];
const GENDER = ['a) Male', 'b) Female', 'c) Not stated/recorded', 'd) Neither'];
const ETHNICITY = ['a) WBRI', 'b) WIRI', 'c) WIRT', 'd) WOTH', 'e) WROM', 'f) MWBC', 'g) MWBA', 'h) MWAS', 'i) MOTH', 'j) AIND', 'k) APKN', 'l) ABAN', 'm) AOTH', 'n) BCRB', 'o) BAFR', 'p) BOTH', 'q) CHNE', 'r) OOTH', 's) REFU', 's) NOBT'];
const SOURCE = ['a) 1A: Individual', 'b) 1B: Individual', 'c) 1C: Individual', 'd) 1D: Individual', 'i) 3C: Health services', 'e) 2A: Schools', 'f) 2B: Education services', 'g) 3A: Health services', 'h) 3B: Health services', 'j) 3D: Health services', 'k) 3E: Health services', 'l) 3F: Health services', 'o) 5B: LA services', 'p) 5C: LA services', 'p1) 5D: LA services', 'n) 5A: LA services', 'm) 4: Housing', 'q) 6: Police', 'r) 7: Other legal agency', 's) 8: Other', 't) 9: Anonymous', 'u) 10: Unknown'];
const NEED = ['N1 - Abuse or neglect', "N2 - Child's disability", 'N3 - Parental disability or illness', 'N4 - Family in acute stress', 'N5 - Family dysfunction', 'N6 - Socially unacceptable behaviour', 'N7 - Low income', 'N8 - Absent parenting', 'N9 - Cases other than children in need', 'N0 - Not stated'];
const CATEGORY = ['a) Neglect', 'b) Physical abuse', 'c) Sexual abuse', 'd) Emotional abuse', 'e) Multiple/not recommended'];
const CHILD: [string, string[]][] = [['Gender', GENDER], ['Ethnicity', ETHNICITY]];

/** The coded columns we write, by list, with the labels the schema allows (each must be used at least once). */
const CODED: Record<string, [string, string[]][]> = {
  'List 1': [...CHILD, ['Contact Source', SOURCE]],
  'List 3': [...CHILD, ['Referral Source', SOURCE], ['Referral NFA?', YES_NO]],
  'List 4': [...CHILD, ['Does the Child have a Disability', YES_NO_UNKNOWN], ['Child Seen During Continuous Assessment', YES_NO_UNKNOWN], ["Was the child assessed as requiring LA children's social care support?", YES_NO_UNKNOWN]],
  'List 5': [...CHILD, ['Was an Initial Child Protection Conference deemed unnecessary?', YES_NO], ['Did the Initial Child Protection Conference Result in a Child Protection Plan', YES_NO]],
  'List 6': [...CHILD, ['Primary Need Code', NEED],
    ['Reason for Closure', ['RC1 - Adopted', 'RC2 - Died', 'RC3 - Child arrangements order', 'RC4 - Special guardianship order', 'RC5 - Transferred to services of another local authority', 'RC6 - Transferred to adult social care services', 'RC7 - Services ceased for any other reason, including child no longer in need', 'RC8 - Case closed after assessment, no further action', 'RC9 - Case closed after assessment, referred to early help']],
    ['Case Status', ['a) Looked after child', 'b) Child Protection plan', 'c) Child in need plan', 'd) Open assessment', 'e) Closed episode']]],
  'List 7': [...CHILD, ['Initial Category of Abuse', CATEGORY], ['Latest Category of Abuse', CATEGORY], ['Was the Child Seen Alone?', YES_NO_UNKNOWN], ['Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)', YES_NO]],
  'List 8': [...CHILD, ["Child's Category of Need", NEED],
    ["Child's Legal Status", ['E1: Placement order', 'C1: ICO', 'C2: FCO', 'D1: Freeing order', 'V2: Single period under S20', 'L1: Police protection LA accommodation', 'L2: EPO', 'L3: Child assessment order LA accommodation', 'J1: Remanded to LA or youth detention', 'J2: LA accommodation under PACE', 'J3: Youth rehabilitation order', 'V3: Short term breaks, episodes recorded', 'V4: Short term breaks, agreements recorded']],
    ['What is the permanence plan for this child?', ['a) Return to family', 'b) Adoption', 'c) SGO/CAO', 'd) Supported living in the community', 'e) Long-term residential placement', 'f) Long-term fostering', 'g) other']],
    ['Reason Ceased to be Looked After', ['a) E11: Adopted - application unopposed', 'b) E12: Adopted - consent dispensed', 'r) E15: Age assessment determined child was 18 or over', 'c) E2: Died', 'd) E3: Care taken by another LA', 'f) E4B: Returned home to live with parents or relatives - not part of planning', 'e) E4A: Returned home to live with parents or relatives - part of planning', 'g) E13: Parents, relatives or other with no parental responsibility', 'h) E41: Residence order granted', 'i) E45: Special Guardianship Orders - former carer relative/friend', 'j) E46: Special Guardianship Orders - former carer other', 'k) E47: Special Guardianship Orders - relative/friend', 'l) E48: Special Guardianship Orders - other', 'm) E5: Moved into independent living - supported', 'n) E6: Moved into independent living - no support', 'o) E7: Transferred to residential care funded by adult social services', 'p) E9: Sentenced to custody', 'q) E14: Accommodation on remand ended', 's) E16: Child moved abroad', 't) E8: Care ceased for any other reason', 'u) X1: CodeError', 'v) E17: Aged 18+ and remained with current carers']],
    ['Placement Type', ['c) U3: Foster placement - relative - not FFA', 'f) U6: Foster placement - not FFA', 'a) U1: Foster placement - relatives - long term', 'd) U4: Foster placement - long term', 'b) U2: Foster placement - relative - FFA', 'e) U5: Foster placement - FFA', 'g) A3: Placed for adoption - consent - current foster', 'h) A4: Placed for adoption - consent - not foster', 'j) A6: Placed for adoption - order - not foster', 'i) A5: Placed for adoption - order - foster', 'k) P1: Placed with parents', 'l) P2: Independent living', 'm) P3: Residential employment', 'n) H5: Residential accommodation', "o) K1: Secure Children's Homes", "p) K2: Children's Homes", 'q) R1: Residential Care Home', 'r) R2: NHS/Health Trust', 's) R3: Family Centre or Mother and Baby Unit', 't) R5: Young Offender Institution', 'u) S1: Residential school', 'v) Z1: Other placements', 'x) T1: Temporary placement - hospital', 'z) T3: Temporary placement - carer holiday', 'y) T2: Temporary placement - holiday', 'zz) T4: Temporary placement - seven days or less', 'w) T0: Temporary placement']],
    ['Placement Provider', ['a) PR0: Parents/Parental responsibility', 'b) PR1: Own provision', 'c) PR2: Other LA provision', 'd) PR3: Other public provision', 'e) PR4: Private provision', 'f) PR5: Voluntary/third sector']],
    ['Placement Location', ['a) In', 'b) Out']]],
  'List 9': [...CHILD, ['Does the Child have a Disability', YES_NO_UNKNOWN],
    ['Eligibility Category', ['a) Relevant child', 'b) Former relevant child', 'c) Qualifying care leaver', 'd) Eligible child']],
    ['LA in Touch', ['a) Yes', 'b) No', 'c) Died', 'd) Refu', 'e) NREQ', 'f) Rhom']],
    ['Type of Accommodation', ['B: Parents/relatives', 'C: Community home/residential care', 'D: Semi-independent, transitional accommodation and self-contained accommodation', 'E: Supported lodgings', 'G: Abroad', 'H: Deported', 'K: Ordinary lodgings, without formal support', 'R: Residence not known', 'S: No fixed adobe/homeless', 'T: Foyers and similar supported accommodation', 'U: Independent living', 'V: Emergency accommodation', 'W: Bed and breakfast', 'X: In custody', 'Y: Other accommodation', 'Z: With former foster carers']],
    ['Suitability of Accommodation', ['a) Suitable', 'b) Unsuitable']],
    ['Activity Status', ['F1: Full time in higher education', 'P1: Part time in higher education', 'F2: Full time in education other than higher', 'P2: Part time in education other than higher', 'F3: Full time in training or employment', 'P3: Part time in training or employment', 'F4: Young person engaged full time in an apprenticeship', 'P4: Young person engaged part time in an apprenticeship', 'F5: Young person engaged full time in training or employment (not apprenticeship)', 'P5: Young person engaged part time in training or employment (not apprenticeship)', 'G4: Not in education, employment or training - illness or disability', 'G5: Not in education, employment or training - other', 'G6: Not in education, employment or training - pregnancy or parenting']]],
  'List 10': [...CHILD, ['Does the Child have a Disability', YES_NO_UNKNOWN]],
};

describe('Annex A as the template has it', () => {
  it('has the template\'s sheets, List 1 to List 11', () => {
    expect([...ours.keys()]).toEqual([...template.keys()]);
  });

  it.each([...template.keys()])('%s: the header row is the template\'s, column by column', (sheet) => {
    const theirs = template.get(sheet)![0]!;
    const mine = ours.get(sheet)?.[0] ?? [];
    // column by column, so a failure names the first column that differs
    expect(mine.map((h, i) => `${i + 1}: ${h}`)).toEqual(theirs.map((h, i) => `${i + 1}: ${h}`));
  });

  it.each(Object.keys(CODED))('%s: every coded value is a label of the template', (sheet) => {
    const [head, ...rows] = ours.get(sheet)!;
    expect(rows.length, sheet).toBeGreaterThan(0);
    for (const [header, labels] of CODED[sheet]!) {
      const col = head!.indexOf(header);
      expect(col, `${sheet}: ${header}`).toBeGreaterThanOrEqual(0);
      const values = new Set(rows.map((r) => r[col] ?? '').filter((v) => v !== ''));
      expect(values.size, `${sheet}: ${header} is never filled`).toBeGreaterThan(0);
      for (const v of values) expect(labels, `${sheet}: ${header}`).toContain(v);
    }
  });

  it('List 9 holds the care leavers of the SSDA903 OC3 table, in touch or not as OC3 says', () => {
    const [head, ...lines] = readFileSync(join(dir, '903', `${YEAR.year}-oc3.csv`), 'utf8').trimEnd().split('\n');
    const cols = head!.split(',');
    const oc3 = lines.map((l) => l.split(',')).map((v) => [v[cols.indexOf('CHILD')]!, v[cols.indexOf('IN_TOUCH')] === 'YES' ? 'a) Yes' : 'not a) Yes']);
    const [head9, ...rows9] = ours.get('List 9')!;
    const touch = head9!.indexOf('LA in Touch');
    const list9 = rows9.map((r) => [r[0]!, r[touch] === 'a) Yes' ? 'a) Yes' : 'not a) Yes']);
    expect(oc3.length).toBeGreaterThan(0);
    expect(list9.sort()).toEqual(oc3.sort());
  });

  it('names no one but the allocated workers, and those with made-up names (two words or more) on every row that has a worker', () => {
    const nameColumns = [...template.values()].flatMap((rows) => rows[0]!.filter((h) => /name|worker|advis/i.test(h)));
    // the template's only column naming a person is the allocated worker (List 11 identifies adopters by number)
    expect([...new Set(nameColumns)]).toEqual(['Allocated Worker']);
    let named = 0;
    for (const [sheet, [head, ...rows]] of ours) {
      const col = head!.indexOf('Allocated Worker');
      if (col < 0) continue;
      for (const r of rows) {
        expect(r[col] ?? '', sheet).toMatch(/^\S+( \S+)+$/);
        named++;
      }
    }
    expect(named).toBeGreaterThan(1000);
  });
});
