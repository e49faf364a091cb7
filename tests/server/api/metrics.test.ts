import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventTable } from '../../../core/event-table.js';
import { parseDay, formatDay } from '../../../core/dates.js';
import { computeMetrics, prepareMetrics } from '../../../core/metrics.js';
import { makeDataset, startTestServer, uploadCsv, type TestServer } from './harness.js';

const data = makeDataset(80, 11);
const prepared = prepareMetrics(buildEventTable(data.records));
const days = data.records.map((r) => r.day);
const firstDay = Math.min(...days);
const lastDay = Math.max(...days);

describe('GET /api/datasets/:name/metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'm', data.csv)).statusCode).toBe(201);
  });
  afterAll(async () => server.close());

  const get = (query: string, name = 'm') => server.app.inject({ method: 'GET', url: `/api/datasets/${name}/metrics${query}` });

  it('returns computeMetrics of the same events for the window asked', async () => {
    const res = await get('?from=2023-04-01&to=2024-03-31');
    expect(res.statusCode).toBe(200);
    const expected = computeMetrics(prepared, { from: parseDay('2023-04-01')!, to: parseDay('2024-03-31')! });
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected.counts.referral).toBeGreaterThan(0);
  });

  it('defaults the window to the whole span of the dataset', async () => {
    const res = await get('');
    expect(res.statusCode).toBe(200);
    expect(res.json().window).toEqual({ from: formatDay(firstDay), to: formatDay(lastDay) });
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(computeMetrics(prepared, { from: firstDay, to: lastDay }))));
    const onlyFrom = await get('?from=2023-01-01');
    expect(onlyFrom.json().window).toEqual({ from: '2023-01-01', to: formatDay(lastDay) });
  });

  it('serves the second identical request from the cache', async () => {
    const first = await get('?from=2022-06-01&to=2022-12-31');
    const second = await get('?from=2022-06-01&to=2022-12-31');
    expect(first.headers['x-cache']).toBe('miss');
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.json()).toEqual(first.json());
  });

  it('recomputes after the dataset is replaced', async () => {
    const before = await get('?from=2022-01-01&to=2024-12-31');
    const other = makeDataset(30, 99);
    expect((await uploadCsv(server.app, 'm', other.csv)).statusCode).toBe(201);
    const after = await get('?from=2022-01-01&to=2024-12-31');
    expect(after.headers['x-cache']).toBe('miss');
    const expected = computeMetrics(prepareMetrics(buildEventTable(other.records)), { from: parseDay('2022-01-01')!, to: parseDay('2024-12-31')! });
    expect(after.json()).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(after.json().counts.contact).not.toBe(before.json().counts.contact);
    expect((await uploadCsv(server.app, 'm', data.csv)).statusCode).toBe(201);
  });

  it('rejects impossible or malformed dates with 400 naming the field', async () => {
    for (const [query, field] of [
      ['?from=2023-02-30', 'query.from'],
      ['?to=2023-13-01', 'query.to'],
      ['?from=yesterday', 'query.from'],
      ['?from=2023-01-01T10:00', 'query.from'],
    ] as const) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error, query).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    }
  });

  it('rejects from after to with 400', async () => {
    const res = await get('?from=2024-01-02&to=2024-01-01');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/from must be on or before to/);
    const againstDefault = await get('?from=2099-01-01');
    expect(againstDefault.statusCode).toBe(400);
    expect(againstDefault.json().error).toMatch(/from must be on or before to/);
  });

  it('is 404 for an unknown dataset and 400 for a bad name', async () => {
    const missing = await get('', 'nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'dataset "nope" not found' });
    expect((await get('', 'bad.name')).statusCode).toBe(400);
  });
});
