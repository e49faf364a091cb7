// Edges an outside reviewer found: a stations date past the years the working-day calendar knows was a
// 500 (now a 400 with the reason), and a viewer could read a dataset's exact small size from the
// synthetic report's refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, startTestServer, type TestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

/** 12 children in three journeys of 4: no step is taken by 10 children, so no transition can be modelled. */
function twelve(): string {
  const rows = ['child_id,event,date,outcome,dob'];
  for (let i = 0; i < 12; i++) {
    const day = `2023-0${1 + (i % 9)}-1${i % 9}`;
    if (i % 3 === 0) rows.push(`T${i},contact,${day},referral,2015-01-01`, `T${i},referral,${day},,2015-01-01`);
    else if (i % 3 === 1) rows.push(`T${i},contact,${day},nfa,2015-01-01`);
    else rows.push(`T${i},cla_start,${day},,2015-01-01`);
  }
  return `${rows.join('\n')}\n`;
}

describe('query edges', () => {
  let server: TestServer;
  let viewer: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    await server.app.accounts.add('vic', 'viewer', PASSWORD);
    await server.app.accounts.add('ada', 'admin', PASSWORD);
    viewer = { authorization: `Bearer ${server.app.accounts.issueToken('vic')}` };
    const admin = { authorization: `Bearer ${server.app.accounts.issueToken('ada')}`, 'content-type': 'text/csv' };
    expect((await server.app.inject({ method: 'POST', url: '/api/datasets/kent', headers: admin, payload: makeDataset(40, 2).csv })).statusCode).toBe(201);
    expect((await server.app.inject({ method: 'POST', url: '/api/datasets/tiny', headers: admin, payload: makeDataset(3, 5).csv })).statusCode).toBe(201);
    expect((await server.app.inject({ method: 'POST', url: '/api/datasets/twelve', headers: admin, payload: twelve() })).statusCode).toBe(201);
  });
  afterAll(async () => server.close());

  it('answers a stations date after 2199 or before 1900 with a 400 that says the range', async () => {
    for (const at of ['2500-06-01', '9999-12-31', '1899-12-31']) {
      const res = await server.app.inject({ method: 'GET', url: `/api/datasets/kent/stations?at=${at}`, headers: viewer });
      expect(res.statusCode, at).toBe(400);
      expect(res.json().error).toMatch(/1900-01-01 to 2199-12-31/);
    }
    // Within those, a date past the data is refused too, naming the data's last day (stations.test.ts).
    const late = await server.app.inject({ method: 'GET', url: '/api/datasets/kent/stations?at=2199-12-31', headers: viewer });
    expect(late.statusCode).toBe(400);
    expect(late.json().error).toMatch(/2199-12-31 is after the data/);
  });

  it('a dataset with an event on 1 January 1900, the first date an import accepts, answers every view, the impact view too (audit a12e M1: 500)', async () => {
    const admin = { authorization: `Bearer ${server.app.accounts.issueToken('ada')}`, 'content-type': 'text/csv' };
    const csv = makeDataset(40, 3).csv.trimEnd() + '\nOLD1,contact,1900-01-01,nfa,,\n';
    const upload = await server.app.inject({ method: 'POST', url: '/api/datasets/edge1900', headers: admin, payload: csv });
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
    for (const url of ['views/impact?date=2023-01-02', 'views/flow', 'metrics?from=2022-04-01&to=2023-03-31', 'stations?at=1900-01-01']) {
      const res = await server.app.inject({ method: 'GET', url: `/api/datasets/edge1900/${url}`, headers: viewer });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    }
  });

  it("never tells a viewer the exact first or last day of a dataset of 1 to 4 children when refusing a date past it", async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/tiny/stations?at=2199-12-31', headers: viewer });
    expect(res.statusCode).toBe(400);
    const error = res.json().error as string;
    expect(error).toMatch(/which runs from \d{4} to \d{4}/);
    expect(error.match(/\d{4}-\d{2}-\d{2}/g)).toEqual(['2199-12-31']);
  });

  it("never tells a viewer a dataset's exact small size in a refusal", async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/tiny/synthetic-report', headers: viewer });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/fewer than 10 children/);
    expect(res.json().error).not.toMatch(/\b[1-4]\b children/);
  });

  it('answers a dataset too small for any step to be modelled (12 children) with a 400 that says why, not a 500 (review v12c 7a)', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/twelve/synthetic-report?seed=1', headers: viewer });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/no step .* at least 10 children/);
  });
});
