// An empty upload (0 bytes, no body, a form without a file, a form whose file is empty) is refused
// with a 400 that says so, in every format, and never creates or replaces a dataset; nor does a
// council file that holds no record, unless the empty dataset is asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, multipart, startTestServer, uploadCsv, type TestServer } from './harness.js';

describe('empty uploads', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'kent', makeDataset(20, 3).csv)).statusCode).toBe(201);
  });
  afterAll(async () => server.close());

  const post = (url: string, headers: Record<string, string>, payload?: string | Buffer) => server.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });

  it('refuses 0 bytes and no body in every format with a 400 naming the emptiness', async () => {
    for (const format of ['events', 'annex-a', 'cin', 'ssda903']) {
      for (const name of ['fresh', 'kent']) {
        for (const res of [await post(`/api/datasets/${name}?format=${format}`, { 'content-type': 'application/octet-stream' }, ''), await post(`/api/datasets/${name}?format=${format}`, {})]) {
          expect(res.statusCode, `${format} ${name}: ${res.body}`).toBe(400);
          expect(res.json().error, format).toMatch(/empty/);
        }
      }
    }
    expect(server.store.getDataset('fresh')).toBeNull();
    expect(server.store.getDataset('kent')!.children).toBe(20);
  });

  it('refuses a form with no file part, or whose file is empty', async () => {
    const noFile = '------b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n------b--\r\n';
    const res = await post('/api/datasets/kent', { 'content-type': 'multipart/form-data; boundary=----b' }, noFile);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/no file/);
    for (const field of ['events', 'cin', 'annex-a']) {
      const form = multipart([[field, 'x.dat', Buffer.alloc(0)]]);
      const empty = await post('/api/datasets/kent', { 'content-type': form.contentType }, form.body);
      expect(empty.statusCode, field).toBe(400);
      expect(empty.json().error, field).toMatch(/x\.dat is empty/);
    }
    expect(server.store.getDataset('kent')!.children).toBe(20);
  });

  it('never replaces a dataset with an empty one from a council file holding no record, unless asked', async () => {
    const cin = '<Message><Header><CollectionDetails><ReferenceDate>2023-03-31</ReferenceDate></CollectionDetails></Header><Children></Children></Message>';
    const res = await post('/api/datasets/kent?format=cin', { 'content-type': 'application/xml' }, cin);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/replace the dataset "kent" with an empty one/);
    expect(server.store.getDataset('kent')!.children).toBe(20);
    const asked = await post('/api/datasets/kent?format=cin&replaceWithEmpty=1', { 'content-type': 'application/xml' }, cin);
    expect(asked.statusCode).toBe(201);
    expect(server.store.getDataset('kent')!.children).toBe(0);
  });
});
