import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, startTestServer, type TestServer } from './harness.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/formats');

describe('POST /api/datasets/:name with the formats councils have', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('imports an Annex A workbook as the body with ?format=annex-a, and serves its quality report as JSON and CSV', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/datasets/annex?format=annex-a',
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="Annex_A_sample.xlsx"' },
      payload: readFileSync(join(FIXTURES, 'annex-a/Annex_A_sample.xlsx')),
    });
    expect(res.statusCode).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({ dataset: 'annex', rows: 59, imported: 54, children: 48, formats: ['annex-a'] });
    expect(report.quality).toMatchObject({ total: 26, comparedWithPrevious: false });
    expect(report.files[10]).toEqual({ file: 'Annex_A_sample.xlsx', sheet: 'List 11', rows: 5, imported: 0, rejected: 5, skipped: 5, unreadable: 0 });

    const quality = (await server.app.inject({ method: 'GET', url: '/api/datasets/annex/quality' })).json();
    expect(quality.total).toBe(26);
    expect(quality.byCode.find((g: { code: string }) => g.code === 'dob_after_event').count).toBe(5);
    const csv = await server.app.inject({ method: 'GET', url: '/api/datasets/annex/quality.csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('code,message,file,sheet,row,field,dfe_rule,new');
    expect(lines).toHaveLength(27);
    expect(lines).toContain('dob_after_event,"the child\'s date of birth is after ""Continuous Assessment Start Date""",Annex_A_sample.xlsx,List 4,5,Continuous Assessment Start Date,,yes');
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/none/quality.csv' })).statusCode).toBe(404);
  });

  it('combines a CIN census and SSDA903 files sent as one multipart form, children matched on their identifier', async () => {
    const parts: [string, string, Buffer][] = [['cin', 'CIN_Census_2024.xml', readFileSync(join(FIXTURES, 'cin-census/CIN_Census_2024.xml'))]];
    for (const year of [2017, 2018, 2019, 2020, 2021]) {
      for (const kind of ['header', 'episodes']) parts.push(['ssda903', `${year}-${kind}.csv`, readFileSync(join(FIXTURES, `ssda903/${year}-${kind}.csv`))]);
    }
    const { body, contentType } = multipart(parts);
    // leniently: the 2024 sample's assessment start of 2028-04-28 is refused by a strict import
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/both?lenient=1', headers: { 'content-type': contentType }, payload: body });
    expect(res.statusCode).toBe(201);
    const report = res.json();
    expect(report.formats).toEqual(['cin', 'ssda903']);
    expect(report.children).toBe(822);
    expect(report.events).toMatchObject({ referral: 2, cla_start: 890, cla_end: 804 });
    expect(report.rows).toBe(7 + 5860);
  });

  it('marks which problems are new since the previous import of the dataset', async () => {
    const first = multipart([['cin', 'a.xml', readFileSync(join(FIXTURES, 'cin-census/CIN_Census_2021.xml'))]]);
    const a = await server.app.inject({ method: 'POST', url: '/api/datasets/again', headers: { 'content-type': first.contentType }, payload: first.body });
    expect(a.json().quality).toMatchObject({ total: 7, newSinceLastImport: 0, comparedWithPrevious: false });
    // Again with the 2024 file too: the same child (other dates, another date of birth) and a second child.
    const second = multipart([['cin', 'b.xml', readFileSync(join(FIXTURES, 'cin-census/CIN_Census_2021.xml'))], ['cin', 'c.xml', readFileSync(join(FIXTURES, 'cin-census/CIN_Census_2024.xml'))]]);
    const b = await server.app.inject({ method: 'POST', url: '/api/datasets/again?lenient=1', headers: { 'content-type': second.contentType }, payload: second.body });
    const quality = b.json().quality;
    expect(quality.comparedWithPrevious).toBe(true);
    // 7 as before, the 6 of the 2024 file (its Assessments row of 2028 is refused, with its 2 problems), the
    // child's date of birth differing between the files, and the 11 rows of 1970 in the 2021 file dated
    // before the date of birth the later file gives (2015-03-27)
    expect(quality.total).toBe(25);
    expect(quality.newSinceLastImport).toBe(18);
    const earlier = quality.problems.filter((p: { file: string }) => p.file === 'b.xml');
    expect(earlier.filter((p: { isNew: boolean }) => p.isNew).map((p: { code: string }) => p.code)).toEqual(Array(11).fill('dob_after_event'));
  });

  it('refuses a strict import with unreadable rows, with the report, and keeps nothing', async () => {
    const csv = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nX,,S,V2,N1,U4,PR1,,\n';
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/bad?format=ssda903', payload: Buffer.from(csv) });
    expect(res.statusCode).toBe(400);
    expect(res.json().report.rejected).toEqual([{ line: 2, column: 'DECOM', reason: 'no usable date episode commenced (DECOM)', file: 'upload-1', sheet: null }]);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets' })).json().map((d: { name: string }) => d.name)).not.toContain('bad');
    const lenient = await server.app.inject({ method: 'POST', url: '/api/datasets/bad?format=ssda903&lenient=1', payload: Buffer.from(csv) });
    expect(lenient.statusCode).toBe(201);
    expect(lenient.json()).toMatchObject({ rows: 1, imported: 0 });
  });

  it('says plainly when a file is not what its format says', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/notxlsx?format=annex-a', headers: { 'content-disposition': 'attachment; filename="a.xlsx"' }, payload: Buffer.from('PK\u0003\u0004 not really a zip') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/a.xlsx/);
    const xml = await server.app.inject({ method: 'POST', url: '/api/datasets/badxml?format=cin', payload: Buffer.from('<Message><Children><Child>\n<LAchildID>1</LAch') });
    expect(xml.statusCode).toBe(400);
    expect(xml.json().error).toMatch(/line 2/);
  });
});
