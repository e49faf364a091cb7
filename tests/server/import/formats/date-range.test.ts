// Every importer applies the events CSV's date rule: a date before 1900 or more than a year after today
// is a typing error. A strict import refuses it with the file, line, column and reason (review v12c,
// finding 3: a CINreferralDate of 2203, a CIN birth date in year 0001 and an SSDA903 DOB in 9999 were
// imported with only a quality note, and the child's journey lost its referral); a lenient import
// notes it and leaves the date out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, type Store } from '../../../../server/db/store.js';
import { tempStore, textFile } from './helpers.js';

let store: Store;
let close: () => void;
beforeAll(() => ({ store, close } = tempStore()));
afterAll(() => close());

const cin = (referral: string, birth: string) =>
  [
    '<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children>',
    '<Child><ChildIdentifiers><LAchildID>R1</LAchildID></ChildIdentifiers>',
    `<ChildCharacteristics><PersonBirthDate>${birth}</PersonBirthDate></ChildCharacteristics>`,
    '<CINdetails>',
    `<CINreferralDate>${referral}</CINreferralDate><ReferralNFA>false</ReferralNFA>`,
    '<Assessments><AssessmentActualStartDate>2022-05-03</AssessmentActualStartDate></Assessments>',
    '</CINdetails></Child></Children></Message>',
  ].join('\n');
const header903 = (dob: string) => `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nR1,1,01/06/2010,WBRI,,,\nR2,1,${dob},WBRI,,,\n`;
const annexA = (dob: string) => `Child ID,Child's date of birth,Contact date\nR1,01/02/2013,02/03/2023\nR2,${dob},02/03/2023\n`;

async function rejected(name: string, file: ReturnType<typeof textFile>) {
  try {
    await store.importSources(name, [file]);
    return null;
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return error.report.rejected;
  }
}

describe('dates outside 1900 to one year after today', () => {
  it.each([
    ['a CIN referral in 2203', 'cin', 'census.xml', cin('2203-04-25', '2010-01-01'), 5, 'CINreferralDate', /more than a year after today/],
    ['a CIN birth date in year 0001', 'cin', 'census.xml', cin('2022-05-01', '0001-04-07'), 3, 'PersonBirthDate', /before 1900/],
    ['an SSDA903 DOB in 9999', 'ssda903', '2023-header.csv', header903('16/11/9999'), 3, 'DOB', /more than a year after today/],
    ['an SSDA903 DOB in 1899', 'ssda903', '2023-header.csv', header903('31/12/1899'), 3, 'DOB', /before 1900/],
    ['an Annex A date of birth in 2203', 'annex-a', 'List 1.csv', annexA('01/02/2203'), 3, 'Date of Birth', /more than a year after today/],
  ] as const)('are refused in a strict import: %s', async (_, format, file, text, line, column, reason) => {
    const name = `range-${format}-${column.length}-${reason.source.length}`;
    const r = await rejected(name, textFile(format, file, text));
    expect(r).toContainEqual(expect.objectContaining({ file, line, column, reason: expect.stringMatching(reason) }));
    expect(JSON.stringify(r)).not.toMatch(/2203|0001|9999|1899/);
    expect(store.getDataset(name)).toBeNull();
    // Leniently too the row is refused with the same line, column and reason (as the events CSV does,
    // fix12 item 2: before, it was imported with the date dropped and only a quality note), the rest imported.
    const lenient = await store.importSources(name, [textFile(format, file, text)], { lenient: true });
    expect(lenient.rejected).toContainEqual(expect.objectContaining({ file, line, column, reason: expect.stringMatching(reason) }));
    expect(JSON.stringify(lenient)).not.toMatch(/2203|0001|9999|1899/);
    expect(lenient.rejectedRows).toBeGreaterThan(0);
    expect(lenient.imported + lenient.rejectedRows).toBe(lenient.rows);
    for (const f of lenient.files) expect(f.imported + f.rejected, f.file).toBe(f.rows);
    expect(lenient.quality.problems).not.toContainEqual(expect.objectContaining({ code: 'bad_date' }));
  });

  it('drops every event of a lenient CIN row with a date out of range, and every row of a child whose birth date is', async () => {
    const referral = await store.importSources('range-cin-rows', [textFile('cin', 'census.xml', cin('2203-04-25', '2010-01-01'))], { lenient: true });
    // the CINdetails row (its referral) is refused; the assessment module is imported
    expect(referral.events).toMatchObject({ referral: 0, assessment_start: 1 });
    expect(referral.files[0]).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    const birth = await store.importSources('range-cin-birth', [textFile('cin', 'census.xml', cin('2022-05-01', '0001-04-07'))], { lenient: true, allowEmpty: true });
    expect(birth.files[0]).toMatchObject({ rows: 2, imported: 0, rejected: 2 });
    expect(birth.children).toBe(0);
  });
});

// Audit a12b, finding 9b: a CIN census with <PersonBirthDate>2010-02-31 (or QZSECRET-DOB) imported all 47 of
// its rows in a strict import, the child kept without a date of birth and only a quality note said so,
// while the events CSV refuses the same row. A birth date that is no date is now refused like one out of
// range: a strict import fails naming file, line, column and reason; a lenient one leaves out the child's rows.
describe('a date of birth that is no date', () => {
  it.each([
    ['a CIN birth date of 31 February', 'cin', 'census.xml', cin('2022-05-01', '2010-02-31'), 3, 'PersonBirthDate', /no such day/],
    ['a CIN birth date that is text', 'cin', 'census.xml', cin('2022-05-01', 'QZSECRET-DOB'), 3, 'PersonBirthDate', /./],
    ['an SSDA903 DOB of 31 February', 'ssda903', '2023-header.csv', header903('31/02/2010'), 3, 'DOB', /no such day/],
    ['an Annex A date of birth of 30 February', 'annex-a', 'List 1.csv', annexA('30/02/2013'), 3, 'Date of Birth', /no such day/],
  ] as const)('is refused in a strict import and left out leniently: %s', async (_, format, file, text, line, column, reason) => {
    const name = `birth-${format}-${line}-${reason.source.length}-${text.length}`;
    const r = await rejected(name, textFile(format, file, text));
    expect(r).toContainEqual(expect.objectContaining({ file, line, column, reason: expect.stringMatching(reason) }));
    expect(JSON.stringify(r)).not.toMatch(/QZSECRET|02-31|31\/02|30\/02/);
    expect(store.getDataset(name)).toBeNull();
    const lenient = await store.importSources(name, [textFile(format, file, text)], { lenient: true, allowEmpty: true });
    expect(lenient.rejected).toContainEqual(expect.objectContaining({ file, line, column }));
    expect(lenient.quality.problems).not.toContainEqual(expect.objectContaining({ code: 'bad_date' }));
    expect(JSON.stringify(lenient)).not.toMatch(/QZSECRET|02-31|31\/02|30\/02/);
  });

  // Audit a12c finding 2: any other date that cannot be read lost its event in a strict import, only a quality
  // note saying so; the events CSV refuses such a date. Strict imports now refuse it (line, field, reason), a
  // lenient one keeps the rest of the row and notes it.
  it('refuses any other unreadable date in a strict import, and notes it leniently', async () => {
    const text = cin('2022-05-01', '2010-01-01').replace('<AssessmentActualStartDate>2022-05-03</AssessmentActualStartDate>', '<AssessmentActualStartDate>2022-05-03</AssessmentActualStartDate><AssessmentAuthorisationDate>2022-06-31</AssessmentAuthorisationDate>');
    const r = await rejected('birth-other-date', textFile('cin', 'census.xml', text));
    expect(r).toContainEqual(expect.objectContaining({ file: 'census.xml', line: 6, column: 'AssessmentAuthorisationDate', reason: expect.stringMatching(/no such day/) }));
    expect(JSON.stringify(r)).not.toContain('06-31');
    expect(store.getDataset('birth-other-date')).toBeNull();
    const lenient = await store.importSources('birth-other-date', [textFile('cin', 'census.xml', text)], { lenient: true });
    expect(lenient.children).toBe(1);
    expect(lenient.events).toMatchObject({ referral: 1, assessment_start: 1 });
    expect(lenient.quality.problems).toContainEqual(expect.objectContaining({ code: 'bad_date', field: 'AssessmentAuthorisationDate' }));
  });
});

describe('Excel serial 60, 29 February 1900 (audit a12c finding 3)', () => {
  it.each([
    ['as a CIN birth date', 'cin', 'census.xml', cin('2022-05-01', '60'), 3, 'PersonBirthDate'],
    ['as an SSDA903 DOB', 'ssda903', '2023-header.csv', header903('60'), 3, 'DOB'],
  ] as const)('is refused %s, a day that never was', async (_, format, file, text, line, column) => {
    const r = await rejected(`serial60-${format}`, textFile(format, file, text));
    expect(r).toContainEqual(expect.objectContaining({ file, line, column, reason: expect.stringMatching(/29 February 1900/) }));
  });
});
