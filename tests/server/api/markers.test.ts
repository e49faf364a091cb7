import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, startTestServer, uploadCsv, type TestServer } from './harness.js';

describe('/api/datasets/:name/markers', () => {
  let server: TestServer;
  const data = makeDataset(5, 3);
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'm', data.csv)).statusCode).toBe(201);
    expect((await uploadCsv(server.app, 'other', data.csv)).statusCode).toBe(201);
  });
  afterAll(async () => server.close());

  const post = (body: unknown, name = 'm') =>
    server.app.inject({ method: 'POST', url: `/api/datasets/${name}/markers`, payload: body as object });
  const list = async (name = 'm') => (await server.app.inject({ method: 'GET', url: `/api/datasets/${name}/markers` })).json();

  it('starts empty, and POST adds a marker (201) that GET lists in date order', async () => {
    expect(await list()).toEqual([]);
    const later = await post({ date: '2023-09-01', label: 'Ofsted inspection', kind: 'inspection' });
    expect(later.statusCode).toBe(201);
    expect(later.json()).toEqual({ id: expect.any(Number), date: '2023-09-01', label: 'Ofsted inspection', kind: 'inspection' });
    const earlier = await post({ date: '2023-01-15', label: '  New threshold document  ', kind: 'threshold_change' });
    expect(earlier.json().label).toBe('New threshold document');
    expect((await list()).map((m: { date: string }) => m.date)).toEqual(['2023-01-15', '2023-09-01']);
    expect(await list('other')).toEqual([]);
  });

  it('rejects bad markers with 400 naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ date: '2023-02-29', label: 'x', kind: 'other' }, /^body\.date: /],
      [{ date: '01/02/2023', label: 'x', kind: 'other' }, /^body\.date: /],
      [{ date: '2023-02-01', label: '', kind: 'other' }, /^body\.label: /],
      [{ date: '2023-02-01', label: '   ', kind: 'other' }, /^body\.label: /],
      [{ date: '2023-02-01', label: 'x'.repeat(201), kind: 'other' }, /^body\.label: .*200/],
      [{ date: '2023-02-01', label: 'x', kind: 'party' }, /^body\.kind: /],
      [{ date: '2023-02-01', kind: 'other' }, /^body\.label: /],
      [{ date: '2023-02-01', label: 'x', kind: 'other', colour: 'red' }, /^body: .*colour/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error, JSON.stringify(body)).toMatch(message);
    }
    const notJson = await server.app.inject({ method: 'POST', url: '/api/datasets/m/markers', headers: { 'content-type': 'application/json' }, payload: '{"date":' });
    expect(notJson.statusCode).toBe(400);
    expect(await list()).toHaveLength(2);
  });

  it('a label of exactly 200 characters is accepted', async () => {
    const res = await post({ date: '2024-01-01', label: 'y'.repeat(200), kind: 'other' });
    expect(res.statusCode).toBe(201);
    await server.app.inject({ method: 'DELETE', url: `/api/datasets/m/markers/${res.json().id}` });
  });

  it('DELETE removes a marker (204), then 404; a marker of another dataset is 404', async () => {
    const [first] = await list();
    const wrongDataset = await server.app.inject({ method: 'DELETE', url: `/api/datasets/other/markers/${first.id}` });
    expect(wrongDataset.statusCode).toBe(404);
    const removed = await server.app.inject({ method: 'DELETE', url: `/api/datasets/m/markers/${first.id}` });
    expect(removed.statusCode).toBe(204);
    expect((await list()).map((m: { id: number }) => m.id)).not.toContain(first.id);
    const again = await server.app.inject({ method: 'DELETE', url: `/api/datasets/m/markers/${first.id}` });
    expect(again.statusCode).toBe(404);
    const badId = await server.app.inject({ method: 'DELETE', url: '/api/datasets/m/markers/abc' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error).toMatch(/^params\.id: /);
  });

  it('markers of an unknown dataset are 404', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/nope/markers' })).statusCode).toBe(404);
    expect((await post({ date: '2023-02-01', label: 'x', kind: 'other' }, 'nope')).statusCode).toBe(404);
  });

  it('replacing the dataset empties its markers', async () => {
    expect((await post({ date: '2023-03-01', label: 'kept?', kind: 'practice_change' }, 'other')).statusCode).toBe(201);
    expect(await list('other')).toHaveLength(1);
    expect((await uploadCsv(server.app, 'other', data.csv)).statusCode).toBe(201);
    expect(await list('other')).toEqual([]);
  });
});
