// A query parameter the route does not know is refused by name (400), never dropped: `?frm=2023-01-01`, a typo
// for from, answered the whole dataset's figures with a 200, as if the window had been asked for; `?groupBy=sex`
// on time in care, the ungrouped table (audit a12h's untried list). The forecast's queries refused them already
// (audit a13d M1); now every route's query does, by one function (core/zod.ts strictObject), in process and
// through the compute worker alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, startTestServerWith, uploadCsv, type TestServer } from './harness.js';

/** [a route's URL as asked, the parameter it does not take] */
const GETS: [string, string][] = [
  ['/api/datasets/kent/metrics?frm=2023-01-01', 'frm'],
  ['/api/datasets/kent/moves?map=front-door&frm=1', 'frm'],
  ['/api/datasets/kent/stations?at=2023-06-01&frm=1', 'frm'],
  ['/api/datasets/kent/stations/assessment/children?at=2023-06-01&frm=1', 'frm'],
  ['/api/datasets/kent/children/0/waits?at=2023-06-01&cohort=sex%3DF', 'cohort'],
  ['/api/datasets/kent/views/flow?frm=2023-01-01', 'frm'],
  ['/api/datasets/kent/views/pathways?step=3', 'step'],
  ['/api/datasets/kent/views/two-point?date=2023-01-01', 'date'],
  ['/api/datasets/kent/views/rereferrals?frm=2023-01-01', 'frm'],
  ['/api/datasets/kent/views/cohorts?cohortA=sex%3DF', 'cohortA'],
  ['/api/datasets/kent/views/time-in-care?groupBy=sex', 'groupBy'],
  ['/api/datasets/kent/views/impact?date=2023-06-01&week=10', 'week'],
  ['/api/compare/funnel?rate=referral_nfa&targets=england', 'targets'],
  ['/api/datasets/kent/synthetic-report?sed=2', 'sed'],
  ['/api/audit?limt=5', 'limt'],
];

describe.each([
  ['in process', false],
  ['through the compute worker', true],
] as const)('unknown query parameters, %s', (_label, computeWorker) => {
  let server: TestServer;
  beforeAll(async () => void (server = await startTestServerWith('kent', makeDataset(40, 2).csv, { computeWorker })));
  afterAll(async () => server.close());

  it('are a 400 naming the parameter, and the route answers without it', async () => {
    for (const [url, unknown] of GETS) {
      const res = await server.app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(400);
      expect(res.json().error, url).toContain(`unknown field "${unknown}"`);
      const clean = new URL(url, 'http://localhost');
      clean.searchParams.delete(unknown);
      const ok = await server.app.inject({ method: 'GET', url: `${clean.pathname}${clean.search}` });
      expect(ok.statusCode, `${clean.pathname}${clean.search}: ${ok.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('an import with a misspelt flag changes nothing', async () => {
    const before = (await server.app.inject({ method: 'GET', url: '/api/datasets' })).json();
    const res = await uploadCsv(server.app, 'kent', makeDataset(5, 9).csv, '?lenent=1');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(400);
    expect(res.json().error).toContain('unknown field "lenent"');
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets' })).json()).toEqual(before);
  });
});

describe('an API route that takes no query', () => {
  let server: TestServer;
  beforeAll(async () => void (server = await startTestServerWith('kent', makeDataset(40, 2).csv)));
  afterAll(async () => server.close());

  it('refuses one by name, and answers without it', async () => {
    for (const url of ['/api/datasets', '/api/maps', '/api/maps/front-door', '/api/datasets/kent/care-periods', '/api/datasets/kent/quality', '/api/datasets/kent/quality.csv', '/api/datasets/kent/markers', '/api/datasets/kent/scenarios', '/api/session']) {
      const res = await server.app.inject({ method: 'GET', url: `${url}?from=2023-01-01` });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(400);
      expect(res.json().error, url).toContain('unknown field "from" (none is taken)');
      expect((await server.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    const del = await server.app.inject({ method: 'DELETE', url: '/api/datasets/kent?force=1' });
    expect(del.statusCode).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets' })).json()).toHaveLength(1);
  });
});
