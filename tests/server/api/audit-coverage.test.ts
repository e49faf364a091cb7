// Every action the audit trail must hold writes exactly one entry: who, what, which dataset and counts,
// and never a child-level value (an identifier, a date).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../server/audit/audit-log.js';
import { makeDataset, startTestServer, type TestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('audit: one entry per action', () => {
  let server: TestServer;
  let admin: Record<string, string>;
  const { csv, children } = makeDataset(30, 4);
  beforeAll(async () => {
    server = await startTestServer();
    await server.app.accounts.add('ada', 'admin', PASSWORD);
    admin = { authorization: `Bearer ${server.app.accounts.issueToken('ada')}` };
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/kent', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => server.close());

  /** The entries `act` added to the trail. */
  async function added(act: () => Promise<unknown>): Promise<AuditRecord[]> {
    const before = server.app.auditLog.list({ limit: 1 })[0]?.id ?? 0;
    await act();
    return server.app.auditLog.list({ limit: 50 }).filter((e) => e.id > before);
  }
  const get = (url: string, method: 'GET' | 'HEAD' = 'GET', headers = admin) => server.app.inject({ method, url, headers });

  it.each([
    ['the moves file', '/api/datasets/kent/moves', 'export'],
    ['a view as CSV', '/api/datasets/kent/views/rereferrals?format=csv', 'export'],
    ['the data-quality CSV', '/api/datasets/kent/quality.csv', 'export'],
    ['the data-quality report', '/api/datasets/kent/quality', 'export'],
    ['the periods of care', '/api/datasets/kent/care-periods', 'export'],
    ["a station's list of children", '/api/datasets/kent/stations/contact/children?at=2023-06-01', 'export'],
    ['the audit trail as CSV', '/api/audit?format=csv', 'audit_read'],
    ['the audit trail', '/api/audit', 'audit_read'],
  ])('records %s once', async (_what, url, action) => {
    const entries = await added(async () => expect((await get(url)).statusCode).toBe(200));
    expect(entries.map((e) => `${e.action}:${e.outcome}:${e.actor}`)).toEqual([`${action}:ok:ada`]);
  });

  it("records one child's waits as a child-timeline view, once", async () => {
    const entries = await added(async () => expect((await get('/api/datasets/kent/children/0/waits?at=2023-06-01')).statusCode).toBe(200));
    expect(entries.map((e) => `${e.action}:${e.outcome}:${e.actor}`)).toEqual(['child_timeline:ok:ada']);
  });

  it('records sign-in, a failed one, sign-out, a child timeline, an import (ok, failed, refused) and a delete once each', async () => {
    const once = async (act: () => Promise<unknown>, expected: string) => {
      const entries = await added(act);
      expect(entries.map((e) => `${e.action}:${e.outcome}`), expected).toEqual([expected]);
      return entries[0]!;
    };
    await once(() => server.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'ada', password: 'wrong password' } }), 'sign_in:failed');
    let cookie = '';
    await once(async () => {
      const res = await server.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'ada', password: PASSWORD } });
      cookie = String(res.headers['set-cookie']).split(';')[0]!;
    }, 'sign_in:ok');
    await once(() => server.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, origin: 'http://localhost:80' } }), 'sign_out:ok');
    await once(() => server.app.inject({ method: 'POST', url: '/api/datasets/kent/child-timeline', headers: admin, payload: { childId: children[0]!.id } }), 'child_timeline:ok');
    const ok = await once(() => server.app.inject({ method: 'POST', url: '/api/datasets/spare', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv }), 'import:ok');
    expect(ok.detail).toMatchObject({ rows: csv.trim().split('\n').length - 1 });
    await once(() => server.app.inject({ method: 'POST', url: '/api/datasets/spare', headers: { ...admin, 'content-type': 'text/csv' }, payload: 'child_id,event,date\nX,nonsense,2023-01-01\n' }), 'import:failed');
    await once(() => server.app.inject({ method: 'POST', url: '/api/datasets/spare', headers: { ...admin, 'content-type': 'text/csv' }, payload: '' }), 'import:refused');
    await once(() => server.app.inject({ method: 'DELETE', url: '/api/datasets/spare', headers: admin }), 'delete:ok');
    const all = JSON.stringify(server.app.auditLog.list());
    for (const child of children) expect(all).not.toContain(child.id);
    // No date but the entries' own timestamps, and the window or marker an export's file name carries (the dates
    // the user asked for, `kent-rereferrals-…-2022-03-03-to-2025-08-23.csv`: not a child's).
    expect(all.replace(/"file":"[a-z0-9-]+\.csv"/g, '"file":"…"')).not.toMatch(/\d{4}-\d{2}-\d{2}(?!T)/);
  });
});
