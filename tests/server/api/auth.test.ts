// Tried as an attacker would: every way of spelling a path, every role against every kind of route,
// sessions, tokens, rate limits; and authentication off (no user) on loopback, working as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { LoginLimiter } from '../../../server/auth/login-limiter.js';
import { isLoopbackHost, startServer } from '../../../server/main.js';
import { makeDataset, startTestServer, uploadCsv, type TestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

async function addPeople(server: TestServer): Promise<Record<'admin' | 'analyst' | 'viewer', string>> {
  const tokens = {} as Record<'admin' | 'analyst' | 'viewer', string>;
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    await server.app.accounts.add(`${role}1`, role, PASSWORD);
    tokens[role] = server.app.accounts.issueToken(`${role}1`);
  }
  return tokens;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('authentication on (the database has users)', () => {
  let server: TestServer;
  let tokens: Record<'admin' | 'analyst' | 'viewer', string>;
  const { csv } = makeDataset(40, 3);
  beforeAll(async () => {
    server = await startTestServer();
    expect((await uploadCsv(server.app, 'demo', csv)).statusCode).toBe(201); // before any user: auth off
    tokens = await addPeople(server);
  });
  afterAll(async () => server.close());

  const SPELLINGS = [
    '/api/datasets',
    '/%61pi/datasets',
    '/ap%69/datasets',
    '/api/d%61tasets',
    '/API/datasets',
    '/Api/Datasets',
    '//api/datasets',
    '/api//datasets',
    '/api/../api/datasets',
    '/./api/datasets',
    '/api/datasets/',
    '/api/datasets?x=1',
    '/%2561pi/datasets',
    '/api/datasets/demo/moves',
    '/%61pi/datasets/demo/moves?map=front-door',
    '/api/datasets/demo/metrics',
    '/api/datasets/demo/views/pathways',
    '/api/audit',
    '/nothing/here',
  ];

  it('answers 401 to every spelling of every path without a session, and sends no data', async () => {
    for (const url of SPELLINGS) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await server.app.inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.body, url).not.toMatch(/C00\d\d|demo|contact/);
      }
    }
  });

  it('answers 401 over a real socket too, where nothing normalises the path before the server', async () => {
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const port = Number(new URL(address).port);
    try {
      for (const path of SPELLINGS) {
        const status = await new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
        expect(status, path).toBe(401);
      }
    } finally {
      await server.app.server.close();
    }
  });

  it('refuses changes by any spelling without a session, and changes nothing', async () => {
    const before = server.store.listDatasets();
    for (const url of ['/api/datasets/demo', '/%61pi/datasets/demo', '/API/datasets/demo', '//api/datasets/demo', '/api/../api/datasets/demo', '/ap%69/datasets/evil']) {
      for (const method of ['POST', 'PUT', 'DELETE'] as const) {
        const res = await server.app.inject({ method, url, headers: { 'content-type': 'text/csv' }, payload: 'child_id,event,date\nX,contact,2024-01-01\n' });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
      }
    }
    expect(server.store.listDatasets()).toEqual(before);
  });

  it('refuses wrong, truncated or differently-shaped tokens alike', async () => {
    for (const authorization of [`Bearer ${tokens.admin}x`, `Bearer ${tokens.admin.slice(1)}`, tokens.admin, `Basic ${tokens.admin}`, 'Bearer ', 'Bearer jt_', `Bearer ${'a'.repeat(5000)}`]) {
      const res = await server.app.inject({ method: 'GET', url: '/api/datasets', headers: { authorization } });
      expect(res.statusCode, authorization.slice(0, 30)).toBe(401);
    }
  });

  it('serves a personal token, encoded paths included, at its role', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/%61pi/datasets', headers: bearer(tokens.viewer) })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/demo/moves', headers: bearer(tokens.analyst) })).statusCode).toBe(200);
  });

  it('gives each role what it may do and 403 for the rest', async () => {
    const cases: Array<[string, string, 'admin' | 'analyst' | 'viewer', number]> = [
      ['GET', '/api/datasets', 'viewer', 200],
      ['GET', '/api/maps', 'viewer', 200],
      ['GET', '/api/datasets/demo/markers', 'viewer', 200],
      ['GET', '/api/datasets/demo/views/rereferrals', 'viewer', 200],
      ['GET', '/api/datasets/demo/moves', 'viewer', 403],
      ['GET', '/api/datasets/demo/metrics', 'viewer', 200],
      ['GET', '/api/audit', 'viewer', 403],
      ['POST', '/api/datasets/demo', 'viewer', 403],
      ['DELETE', '/api/datasets/demo', 'viewer', 403],
      ['POST', '/api/datasets/demo', 'analyst', 403],
      ['DELETE', '/api/datasets/demo', 'analyst', 403],
      ['GET', '/api/audit', 'analyst', 403],
      ['GET', '/api/datasets/demo/metrics', 'analyst', 200],
      ['GET', '/api/audit', 'admin', 200],
    ];
    for (const [method, url, role, status] of cases) {
      const res = await server.app.inject({ method: method as 'GET', url, headers: { ...bearer(tokens[role]), 'content-type': 'text/csv' }, ...(method === 'POST' ? { payload: csv } : {}) });
      expect(res.statusCode, `${role} ${method} ${url}: ${res.body.slice(0, 100)}`).toBe(status);
    }
    expect(server.store.getDataset('demo')).not.toBeNull();
  });

  it('sets exactCounts from the role: viewers get suppressed figures, analysts and admins exact ones', async () => {
    for (const [role, exact] of [['viewer', false], ['analyst', true], ['admin', true]] as const) {
      const res = await server.app.inject({ method: 'GET', url: '/api/session', headers: bearer(tokens[role]) });
      expect(res.json(), role).toMatchObject({ auth: true, user: { name: `${role}1`, role }, exactCounts: exact });
    }
    expect((await server.app.inject({ method: 'GET', url: '/api/session' })).json()).toMatchObject({ auth: true, user: null, exactCounts: false });
  });

  it('signs in with a name and password: an HttpOnly, SameSite=Strict cookie that works until sign-out', async () => {
    const login = await server.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'analyst1', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toEqual({ name: 'analyst1', role: 'analyst' });
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^journeys_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP on loopback
    const cookie = setCookie.split(';')[0]!;
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/demo/moves', headers: { cookie } })).statusCode).toBe(200);
    const out = await server.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, origin: 'http://localhost:80' } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets', headers: { cookie } })).statusCode).toBe(401);
  });

  it('marks the cookie Secure behind an HTTPS reverse proxy', async () => {
    const proxied = await startTestServer({ trustProxy: 1 });
    try {
      await proxied.app.accounts.add('p1', 'viewer', PASSWORD);
      const login = await proxied.app.inject({ method: 'POST', url: '/api/session', headers: { 'x-forwarded-proto': 'https' }, payload: { name: 'p1', password: PASSWORD } });
      expect(login.statusCode).toBe(200);
      expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
      // A proxy that does not say the scheme: the cookie is Secure all the same (audit a12 finding 7: behind
      // the proxy it lost Secure when the scheme was not https, so the browser would send it unencrypted)
      const unsaid = await proxied.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'p1', password: PASSWORD } });
      expect(unsaid.statusCode).toBe(200);
      const cookies = [unsaid.headers['set-cookie']].flat().map(String);
      expect(cookies.length).toBeGreaterThan(0);
      for (const c of cookies) expect(c).toMatch(/; Secure/);
      // A sign-in the proxy says came as plain HTTP is refused, its password unchecked (audit a12b: accepted)
      const plain = await proxied.app.inject({ method: 'POST', url: '/api/session', headers: { 'x-forwarded-proto': 'http' }, payload: { name: 'p1', password: PASSWORD } });
      expect(plain.statusCode).toBe(403);
      expect(plain.json().error).toMatch(/sign in over HTTPS/);
      expect(plain.headers['set-cookie']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });

  it('refuses a wrong password or unknown name with the same answer, and a removed user at once', async () => {
    const wrong = await server.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'viewer1', password: 'not the password' } });
    const unknown = await server.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'nobody', password: 'not the password' } });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual(unknown.json());

    await server.app.accounts.add('leaver', 'analyst', PASSWORD);
    const token = server.app.accounts.issueToken('leaver');
    const login = await server.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'leaver', password: PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    server.app.accounts.remove('leaver');
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets', headers: { cookie } })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('refuses a user name that differs from an existing one only in case (review v12c 7b)', async () => {
    await server.app.accounts.add('casey', 'admin', PASSWORD);
    await expect(server.app.accounts.add('CASEY', 'viewer', PASSWORD)).rejects.toThrow(/user "casey" already exists \(names do not depend on case\)/);
    await expect(server.app.accounts.add('Casey', 'viewer', PASSWORD)).rejects.toThrow(/already exists/);
    expect(server.app.accounts.find('CASEY')).toBeNull();
    server.app.accounts.remove('casey');
  });

  it('rate-limits sign-in attempts: after 5 failures for a name, even the right password waits', async () => {
    const limited = await startTestServer({ loginLimiter: new LoginLimiter({ perName: 5, perAddress: 50 }) });
    try {
      await limited.app.accounts.add('target', 'admin', PASSWORD);
      const attempt = (password: string) => limited.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'target', password } });
      for (let i = 0; i < 5; i++) expect((await attempt(`guess number ${i}`)).statusCode).toBe(401);
      const blocked = await attempt(PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(60);
      // Failures are counted, not one row each (server/audit/audit-tally.ts): the first at once, the rest when the minute ends or the service stops.
      const attempts = (outcome: string) =>
        limited.app.auditLog.list({ action: 'sign_in' }).filter((e) => e.outcome === outcome).reduce((sum, e) => sum + Number(e.detail?.attempts), 0);
      expect(attempts('failed')).toBe(1);
      await limited.app.close();
      expect(attempts('failed')).toBe(5);
      expect(attempts('refused')).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it('sends anonymous visitors of a page to the sign-in page, which is public', async () => {
    const dir = join(server.dir, 'dist');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>map</title>');
    await writeFile(join(dir, 'signin.html'), '<!doctype html><title>sign in</title>');
    await writeFile(join(dir, 'assets', 'signin-abc.js'), 'console.log(1)');
    const withClient = await startTestServer({ clientDir: dir });
    try {
      await withClient.app.accounts.add('v', 'viewer', PASSWORD);
      const page = await withClient.app.inject({ method: 'GET', url: '/views.html', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(302);
      expect(page.headers.location).toBe('/signin.html?next=%2Fviews.html');
      expect((await withClient.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(302);
      expect((await withClient.app.inject({ method: 'GET', url: '/signin.html' })).statusCode).toBe(200);
      expect((await withClient.app.inject({ method: 'GET', url: '/assets/signin-abc.js' })).statusCode).toBe(200);
      // Every spelling of an API path gets the API's 401, never the sign-in page, even where only the pages match it.
      for (const url of ['/API/datasets', '/Api/Datasets', '//api/datasets', '/api/../api/datasets', '/api/./datasets', '/api/datasets/', '/%2Fapi/datasets', '/%61pi/x', '/x/../API', '/api%00/datasets']) {
        for (const headers of [{}, { accept: 'text/html' }]) {
          expect((await withClient.app.inject({ method: 'GET', url, headers })).statusCode, url).toBe(401);
        }
      }
      expect((await withClient.app.inject({ method: 'GET', url: '/apiary.html', headers: { accept: 'text/html' } })).statusCode).toBe(302);
      const token = withClient.app.accounts.issueToken('v');
      expect((await withClient.app.inject({ method: 'GET', url: '/', headers: bearer(token) })).statusCode).toBe(200);
    } finally {
      await withClient.close();
    }
  });
});

describe('authentication off (no user): loopback works as before', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('serves every route without a session', async () => {
    expect((await uploadCsv(server.app, 'd', makeDataset(10).csv)).statusCode).toBe(201);
    for (const url of ['/api/datasets', '/api/maps', '/api/datasets/d/moves', '/api/datasets/d/metrics']) {
      expect((await server.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    expect((await server.app.inject({ method: 'GET', url: '/api/session' })).json()).toEqual({ auth: false, user: null, exactCounts: false, oidc: false });
  });

  it('serves the client page', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
  });

  it('a server that must have users (beyond loopback) answers 503 while it has none', async () => {
    const strict = await startTestServer({ requireUsers: true });
    try {
      expect((await strict.app.inject({ method: 'GET', url: '/api/datasets' })).statusCode).toBe(503);
      expect((await strict.app.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('static client', () => {
  it('serves client/dist files at / when the client is built', async () => {
    const probe = await startTestServer();
    const clientDir = join(probe.dir, 'dist');
    await mkdir(clientDir);
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>built client</title>');
    const server = await startTestServer({ clientDir });
    try {
      const res = await server.app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/built client/);
    } finally {
      await server.close();
      await probe.close();
    }
  });
});

describe('listening beyond loopback', () => {
  it('isLoopbackHost knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.org', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('startServer refuses a non-loopback host while the database has no user, before opening anything', async () => {
    await expect(startServer({ host: '0.0.0.0', port: 0, dbPath: '/nonexistent/dir/never.db', buildClient: false, logger: false })).rejects.toThrow(/no user/);
  });

  it('startServer refuses a non-loopback host on an existing database without users', async () => {
    const probe = await startTestServer();
    const dbPath = probe.store.path;
    try {
      await expect(startServer({ host: '0.0.0.0', port: 0, dbPath, buildClient: false, logger: false })).rejects.toThrow(/no user/);
    } finally {
      await probe.close();
    }
  });
});
