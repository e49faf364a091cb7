// Every route of the service, the least role it needs, tried by nobody, a viewer, an analyst and an
// admin: anonymous 401, a role below the least 403, the least and above not refused. The table is the
// README's route → role table; a route added to the app without a row here fails the last test.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../server/auth/roles.js';
import { makeDataset, registeredRoutes, startTestServer, uploadCsv, type TestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';
const ROLES: Role[] = ['viewer', 'analyst', 'admin'];

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  least: Role;
  payload?: string | object;
}

const { csv, children } = makeDataset(40, 5);
const CASES: Case[] = [
  { method: 'GET', url: '/api/datasets', least: 'viewer' },
  { method: 'GET', url: '/api/maps', least: 'viewer' },
  { method: 'GET', url: '/api/maps/front-door', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/stations?at=2023-01-31', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/metrics', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/views/pathways', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/views/two-point?a=2022-06-01&b=2023-06-01', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/views/rereferrals', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/views/flow', least: 'viewer' },
  // a viewer's impact is of a saved marker (a date of one's own is refused, server/routes/views/impact.ts): none is saved, so 404
  { method: 'GET', url: '/api/datasets/kent/views/impact?marker=1', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/views/cohorts?a=sex:F&b=sex:M', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/views/time-in-care', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/views/flow?format=csv&table=wip', least: 'viewer' },
  { method: 'GET', url: '/api/compare/funnel?rate=referral_nfa', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/synthetic-report', least: 'viewer' },
  { method: 'GET', url: '/api/datasets/kent/markers', least: 'viewer' },
  // Forecasts start from the exact stock on asOf (no disclosure policy for forecasts yet): analysts.
  { method: 'GET', url: '/api/datasets/kent/forecast?months=2&runs=20', least: 'analyst' },
  { method: 'POST', url: '/api/datasets/kent/forecast?months=2&runs=20', least: 'analyst', payload: { levers: [] } },
  { method: 'GET', url: '/api/datasets/kent/forecast/backtest?months=2&runs=20', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/forecast/progress?id=abcdefgh', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/forecast/care-only?months=2', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/scenarios', least: 'analyst' },
  { method: 'PUT', url: '/api/datasets/kent/scenarios/cut', least: 'analyst', payload: { levers: [] } },
  { method: 'GET', url: '/api/datasets/kent/scenarios/cut', least: 'analyst' },
  { method: 'DELETE', url: '/api/datasets/kent/scenarios/cut', least: 'analyst' },
  { method: 'POST', url: '/api/datasets/kent/markers', least: 'analyst', payload: { date: '2023-01-01', label: 'Ofsted', kind: 'inspection' } },
  { method: 'DELETE', url: '/api/datasets/kent/markers/999', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/moves', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/stations/assessment/children?at=2023-01-31', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/children/0/waits?at=2023-01-31', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/synthetic-model', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/care-periods', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/quality', least: 'analyst' },
  { method: 'GET', url: '/api/datasets/kent/quality.csv', least: 'analyst' },
  { method: 'POST', url: '/api/datasets/kent/child-timeline', least: 'analyst', payload: { childId: children[0]!.id } },
  { method: 'POST', url: '/api/datasets/spare', least: 'admin', payload: csv },
  { method: 'DELETE', url: '/api/datasets/spare', least: 'admin' },
  { method: 'GET', url: '/api/audit', least: 'admin' },
];

describe('every route, by role', () => {
  let server: TestServer;
  const tokens = {} as Record<Role, string>;
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'kent', csv)).statusCode).toBe(201);
    expect((await uploadCsv(server.app, 'spare', csv)).statusCode).toBe(201);
    for (const role of ROLES) {
      await server.app.accounts.add(role, role, PASSWORD);
      tokens[role] = server.app.accounts.issueToken(role);
    }
  }, 60_000);
  afterAll(async () => server.close());

  const send = (c: Case, role: Role | null) =>
    server.app.inject({
      method: c.method,
      url: c.url,
      headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...(typeof c.payload === 'string' ? { 'content-type': 'text/csv' } : {}) },
      ...(c.payload !== undefined ? { payload: c.payload } : {}),
    });

  it.each(CASES)('$method $url needs $least', async (c) => {
    expect((await send(c, null)).statusCode, 'anonymous').toBe(401);
    for (const role of ROLES) {
      const res = await send(c, role);
      const allowed = ROLES.indexOf(role) >= ROLES.indexOf(c.least);
      if (allowed) expect([401, 403], `${role}: ${res.body.slice(0, 120)}`).not.toContain(res.statusCode);
      else expect(res.statusCode, role).toBe(403);
      if (allowed && c.method === 'DELETE' && c.url === '/api/datasets/spare') break; // gone after the first
    }
  }, 60_000);

  it('answers 401 to every spelling of a protected path, and to HEAD and OPTIONS, without a session', async () => {
    const spellings = (path: string) => {
      const rest = path.slice('/api'.length);
      return [
        `/%61pi${rest}`, `/%2561pi${rest}`, `/API${rest}`, `/Api${rest}`, `//api${rest}`, `/api/../api${rest}`, `/api/.${rest}`,
        `/api;x${rest}`, `/api%2F${rest.slice(1)}`, `\\api${rest}`, `/api${rest}/`, `/api${rest}.`, `/api${rest}//`, `/api${rest}%2F`,
        `/api${rest};x`, `/api${rest}%00`, `/api${rest}?x=1#y`,
      ];
    };
    const port = Number(new URL(await server.app.listen({ port: 0, host: '127.0.0.1' })).port);
    const raw = (method: string, path: string) =>
      new Promise<number>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let answer = '';
        socket.on('data', (d) => (answer += d.toString('latin1')));
        socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
        socket.on('error', () => resolve(0));
        socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      });
    const anonymousOk: string[] = [];
    for (const c of CASES) {
      const path = c.url.split('?')[0]!;
      for (const method of ['HEAD', 'OPTIONS', c.method]) {
        for (const url of [c.url, ...spellings(path)]) {
          const status = await raw(method, url);
          // 401 (no session, route or not), or a 400 for a URL that cannot be read: never an answer, nor a 404 that tells which routes exist
          if (status !== 401 && status !== 400) anonymousOk.push(`${method} ${url} ${status}`);
        }
      }
    }
    expect(anonymousOk).toEqual([]);
  }, 120_000);

  it('has a row for every API route the app registers', () => {
    const registered = new Set(registeredRoutes(server.app).filter((r) => r.path.startsWith('/api')).map((r) => `${r.method} ${r.path}`));
    expect(registered.size).toBeGreaterThan(15);
    const covered = CASES.map((c) => `${c.method} ${c.url.split('?')[0]}`);
    const unmatched = [...registered].filter((r) => {
      const [method, path] = r.split(' ') as [string, string];
      const pattern = new RegExp(`^${method} ${path.replace(/:[^/]+/g, '[^/]+')}$`);
      return !covered.some((c) => pattern.test(c));
    });
    // The session routes are public (signing in); auth.test.ts covers them.
    expect(unmatched.sort()).toEqual(['DELETE /api/session', 'GET /api/session', 'POST /api/session']);
  });
});
