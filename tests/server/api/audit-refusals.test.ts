// An IG lead must see a viewer trying to delete a dataset and an API token being guessed (review v12c,
// finding 6): refused privileged actions (403) and credentials that name nobody (401) are in the trail,
// counted (one row per kind a minute with how many attempts it stands for), so a flood stays bounded.
import { describe, expect, it } from 'vitest';
import { makeDataset, startTestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('refused requests in the audit trail', () => {
  it('records a viewer\'s and an analyst\'s refused import, delete and audit read, and wrong tokens and forged cookies', async () => {
    const server = await startTestServer();
    try {
      await server.app.accounts.add('ada', 'admin', PASSWORD);
      await server.app.accounts.add('vic', 'viewer', PASSWORD);
      await server.app.accounts.add('ana', 'analyst', PASSWORD);
      const admin = { authorization: `Bearer ${server.app.accounts.issueToken('ada')}` };
      await server.app.inject({ method: 'POST', url: '/api/datasets/kent', headers: { ...admin, 'content-type': 'text/csv' }, payload: makeDataset(12, 3).csv });
      for (const name of ['vic', 'ana']) {
        const as = { authorization: `Bearer ${server.app.accounts.issueToken(name)}` };
        const tries = [
          server.app.inject({ method: 'POST', url: '/api/datasets/kent', headers: { ...as, 'content-type': 'text/csv' }, payload: 'child_id,event,date\n' }),
          server.app.inject({ method: 'DELETE', url: '/api/datasets/kent', headers: as }),
          server.app.inject({ method: 'GET', url: '/api/audit', headers: as }),
        ];
        expect((await Promise.all(tries)).map((r) => r.statusCode)).toEqual([403, 403, 403]);
      }
      for (let i = 0; i < 3; i++) {
        expect((await server.app.inject({ method: 'GET', url: '/api/datasets', remoteAddress: '203.0.113.5', headers: { authorization: `Bearer jt_guess${i}` } })).statusCode).toBe(401);
      }
      expect((await server.app.inject({ method: 'GET', url: '/api/datasets', remoteAddress: '203.0.113.6', headers: { cookie: 'journeys_session=forged' } })).statusCode).toBe(401);
      // No credential at all (an anonymous visitor) is not a refusal worth a row.
      expect((await server.app.inject({ method: 'GET', url: '/api/datasets', remoteAddress: '203.0.113.7' })).statusCode).toBe(401);

      await server.app.close(); // the tally's rest is recorded as the service stops
      const rows = server.app.auditLog.list({ action: 'access', limit: 1000 });
      const refused = rows.filter((r) => r.outcome === 'refused');
      for (const actor of ['vic', 'ana']) {
        const routes = refused.filter((r) => r.actor === actor).map((r) => `${r.detail?.method} ${r.detail?.route}`).sort();
        expect(routes, actor).toEqual(['DELETE /api/datasets/:name', 'GET /api/audit', 'POST /api/datasets/:name']);
      }
      const attempts = (address: string) => rows.filter((r) => r.address === address).reduce((sum, r) => sum + Number(r.detail?.attempts), 0);
      expect(rows.filter((r) => r.address === '203.0.113.5').map((r) => r.detail?.credential)).toEqual(['bearer', 'bearer']);
      expect(attempts('203.0.113.5')).toBe(3);
      expect(rows.find((r) => r.address === '203.0.113.6')).toMatchObject({ outcome: 'failed', actor: null, detail: { credential: 'session', attempts: 1 } });
      expect(attempts('203.0.113.7')).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('records cross-origin and wrong-host refusals (review v12d finding 9), with the route pattern and no URL', async () => {
    const server = await startTestServer({ hostnames: ['journeys.test'] });
    try {
      await server.app.accounts.add('ada', 'admin', PASSWORD);
      const cookie = 'journeys_session=whatever';
      const tries = [
        { method: 'POST' as const, url: '/api/datasets/C0001-secret', remoteAddress: '203.0.113.20', headers: { host: 'journeys.test', origin: 'http://evil.example', cookie, 'content-type': 'text/csv' }, payload: 'child_id\n' },
        { method: 'DELETE' as const, url: '/api/datasets/kent', remoteAddress: '203.0.113.21', headers: { host: 'journeys.test', cookie } },
        { method: 'GET' as const, url: '/api/datasets', remoteAddress: '203.0.113.22', headers: { host: 'rebind.evil.example' } },
      ];
      for (const t of tries) expect((await server.app.inject(t)).statusCode, t.url).toBe(403);
      await server.app.close();
      const rows = server.app.auditLog.list({ action: 'access', limit: 100 }).filter((r) => r.outcome === 'refused');
      const seen = rows.map((r) => [r.address, r.detail?.reason, r.detail?.method, r.detail?.route]).sort();
      expect(seen).toEqual([
        ['203.0.113.20', 'cross_site', 'POST', '/api/datasets/:name'],
        ['203.0.113.21', 'cross_site', 'DELETE', '/api/datasets/:name'],
        ['203.0.113.22', 'host', 'GET', '/api/datasets'],
      ]);
      expect(JSON.stringify(rows)).not.toContain('C0001-secret'); // the route's pattern, never the URL
    } finally {
      await server.close();
    }
  }, 60_000);

  it('names whose session a refused cross-site request carried (audit a12: recorded with no actor)', async () => {
    const server = await startTestServer({ hostnames: ['journeys.test'] });
    try {
      await server.app.accounts.add('ada', 'admin', PASSWORD);
      const login = await server.app.inject({ method: 'POST', url: '/api/session', headers: { host: 'journeys.test' }, payload: { name: 'ada', password: PASSWORD } });
      const cookie = String([login.headers['set-cookie']].flat()[0]).split(';')[0]!;
      const forged = { method: 'DELETE' as const, url: '/api/datasets/kent', remoteAddress: '203.0.113.30', headers: { host: 'journeys.test', origin: 'http://evil.example', cookie } };
      expect((await server.app.inject(forged)).statusCode).toBe(403);
      await server.app.close();
      const row = server.app.auditLog.list({ action: 'access', limit: 100 }).find((r) => r.address === '203.0.113.30');
      expect(row).toMatchObject({ outcome: 'refused', actor: 'ada', role: 'admin', detail: { reason: 'cross_site', credential: 'cookie' } });
    } finally {
      await server.close();
    }
  }, 60_000);
});
