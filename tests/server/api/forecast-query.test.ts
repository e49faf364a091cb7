// The forecast routes refuse query parameters they do not know, naming them (audit a13d M1: `?month=12`, a typo
// for months, was answered with the default 24 months and a 200).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { trendLog, trendLogRows } from '../../core/forecast/trend-log.js';
import { startTestServer, uploadCsv, type TestServer } from './harness.js';

const { table } = trendLog({ seed: 54, perDay: 2, to: dayFromCivil(2023, 12, 31) });

describe('forecast query parameters', { timeout: 120_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const lines = ['child_id,event,date,outcome'];
    lines.push(...trendLogRows(table));
    const upload = await uploadCsv(server.app, 'trend', lines.join('\n') + '\n');
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
  });
  afterAll(async () => server.close());

  it('a query parameter the forecast does not know is refused by name (?month= for months), GET and POST alike', async () => {
    const get = await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast?month=12&runs=20' });
    expect(get.statusCode).toBe(400);
    expect(get.json().error).toMatch(/unknown field "month"/);
    const post = await server.app.inject({ method: 'POST', url: '/api/datasets/trend/forecast?runs=20&sed=3', payload: { levers: [] } });
    expect(post.statusCode).toBe(400);
    expect(post.json().error).toMatch(/unknown field "sed"/);
    const backtest = await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast/backtest?month=6' });
    expect(backtest.statusCode).toBe(400);
    const fine = await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast?months=1&runs=20&seed=2&map=front-door&progress=abcdefgh' });
    expect(fine.statusCode, fine.body.slice(0, 300)).toBe(200);
  });
  it('so does the care-only route', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/trend/forecast/care-only?month=6' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/unknown field "month"/);
  });
});
