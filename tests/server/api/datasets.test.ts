import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { makeDataset, startTestServer, uploadCsv, type TestServer } from './harness.js';

const good = makeDataset(20, 1);
const BAD_CSV = 'child_id,event,date\nA1,contact,2023-01-05\nA1,referal,2023-01-06\nA2,contact,2023-02-30\n';

describe('/api/datasets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('GET /api/datasets lists nothing on a fresh store', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });

  it('POST /api/datasets/:name imports a CSV body and answers 201 with the report', async () => {
    const res = await uploadCsv(server.app, 'alpha', good.csv);
    expect(res.statusCode).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({ dataset: 'alpha', rows: good.records.length, imported: good.records.length, rejected: [] });
    const list = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: 'alpha', rows: good.records.length, imported: good.records.length, rejected: 0, children: 20 });
  });

  it('accepts application/octet-stream and a body with no content type, streamed', async () => {
    const octet = await server.app.inject({
      method: 'POST',
      url: '/api/datasets/beta',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Readable.from([good.csv.slice(0, 100), good.csv.slice(100)]),
    });
    expect(octet.statusCode).toBe(201);
    expect(octet.json().imported).toBe(good.records.length);
    const bare = await server.app.inject({ method: 'POST', url: '/api/datasets/gamma', payload: Buffer.from(good.csv) });
    expect(bare.statusCode).toBe(201);
    expect(bare.json().imported).toBe(good.records.length);
  });

  it('accepts a body larger than the 1 MiB default body limit', async () => {
    const large = makeDataset(5000, 4);
    expect(Buffer.byteLength(large.csv)).toBeGreaterThan(1024 * 1024);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/datasets/large',
      headers: { 'content-type': 'text/csv' },
      payload: Readable.from(large.csv.match(/[^]{1,65536}/g)!),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().imported).toBe(large.records.length);
    expect((await server.app.inject({ method: 'DELETE', url: '/api/datasets/large' })).statusCode).toBe(204);
  });

  it('a strict import with bad rows fails 400 with every rejection and leaves the dataset list unchanged', async () => {
    const before = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json();
    const res = await uploadCsv(server.app, 'broken', BAD_CSV);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toEqual(expect.any(String));
    expect(body.report.rejected.map((r: { line: number; column: string }) => [r.line, r.column])).toEqual([
      [3, 'event'],
      [4, 'date'],
    ]);
    const after = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json();
    expect(after).toEqual(before);
  });

  it('a strict failure replacing an existing dataset keeps the old one', async () => {
    const res = await uploadCsv(server.app, 'alpha', BAD_CSV);
    expect(res.statusCode).toBe(400);
    const alpha = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json().find((d: { name: string }) => d.name === 'alpha');
    expect(alpha.imported).toBe(good.records.length);
  });

  it('?lenient=1 imports the good rows and reports each bad one', async () => {
    const res = await uploadCsv(server.app, 'lenient', BAD_CSV, '?lenient=1');
    expect(res.statusCode).toBe(201);
    const report = res.json();
    expect(report.rows).toBe(3);
    expect(report.imported).toBe(1);
    expect(report.rejected).toHaveLength(2);
    expect(report.rejected[0]).toMatchObject({ line: 3, column: 'event' });
    expect(report.imported + report.rejected.length).toBe(report.rows);
    const info = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json().find((d: { name: string }) => d.name === 'lenient');
    expect(info).toMatchObject({ rows: 3, imported: 1, rejected: 2 });
  });

  it('a CSV without the required columns fails 400 naming the column', async () => {
    const res = await uploadCsv(server.app, 'nohead', 'child_id,event\nA,contact\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/date/);
  });

  it('re-posting a name replaces the dataset', async () => {
    const smaller = makeDataset(5, 2);
    const res = await uploadCsv(server.app, 'alpha', smaller.csv);
    expect(res.statusCode).toBe(201);
    const alpha = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json().find((d: { name: string }) => d.name === 'alpha');
    expect(alpha).toMatchObject({ imported: smaller.records.length, children: 5 });
  });

  it('rejects a bad dataset name with 400 naming the field', async () => {
    for (const name of ['has%20space', 'x'.repeat(65), 'semi%3Bcolon']) {
      const res = await uploadCsv(server.app, name, good.csv);
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error).toMatch(/^params\.name: /);
    }
  });

  it('rejects a bad lenient flag with 400', async () => {
    const res = await uploadCsv(server.app, 'delta', good.csv, '?lenient=maybe');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/^query\.lenient: /);
  });

  it('DELETE removes a dataset (204) and a second DELETE is 404', async () => {
    const first = await server.app.inject({ method: 'DELETE', url: '/api/datasets/beta' });
    expect(first.statusCode).toBe(204);
    expect(first.body).toBe('');
    const names = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json().map((d: { name: string }) => d.name);
    expect(names).not.toContain('beta');
    const second = await server.app.inject({ method: 'DELETE', url: '/api/datasets/beta' });
    expect(second.statusCode).toBe(404);
    expect(second.json()).toEqual({ error: 'dataset "beta" not found' });
  });

  it('an unknown API route is a JSON 404', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatch(/no route GET \/api\/nothing-here/);
  });
});
