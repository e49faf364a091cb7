// The audit trail an information governance lead reads: who signed in (and who failed), imported,
// deleted, downloaded; with counts and never a child-level value; append-only; admins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, startTestServer, type TestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('audit', () => {
  let server: TestServer;
  let admin: string;
  let viewer: string;
  const { csv, children } = makeDataset(30, 11);
  beforeAll(async () => {
    server = await startTestServer();
    await server.app.accounts.add('ada', 'admin', PASSWORD);
    await server.app.accounts.add('vic', 'viewer', PASSWORD);
    admin = server.app.accounts.issueToken('ada');
    viewer = server.app.accounts.issueToken('vic');
  });
  afterAll(async () => server.close());

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('records an import with who, when, which dataset and counts, and no child identifier', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/kent?lenient=1', headers: { ...as(admin), 'content-type': 'text/csv' }, payload: `${csv}BAD1,contact,2023-02-30,,2010-01-01,F\n` });
    expect(res.statusCode).toBe(201);
    const [entry] = server.app.auditLog.list({ action: 'import' });
    expect(entry).toMatchObject({ actor: 'ada', role: 'admin', action: 'import', dataset: 'kent', outcome: 'ok' });
    const rows = csv.trim().split('\n').length; // header + data rows, plus the bad row
    expect(entry!.detail).toEqual({ format: 'events', lenient: true, replaced: false, rows, imported: rows - 1, rejected: 1 });
    expect(Date.now() - Date.parse(entry!.at)).toBeLessThan(60_000);
    const all = JSON.stringify(server.app.auditLog.list());
    for (const child of children.slice(0, 10)) expect(all).not.toContain(child.id);
    expect(all).not.toContain('BAD1');
    expect(all).not.toContain('2023-02-30');
  });

  it('records a failed strict import, a refused one is never reached', async () => {
    const bad = await server.app.inject({ method: 'POST', url: '/api/datasets/kent', headers: { ...as(admin), 'content-type': 'text/csv' }, payload: 'child_id,event,date\nA,nonsense,2023-01-01\n' });
    expect(bad.statusCode).toBe(400);
    expect(server.app.auditLog.list({ action: 'import' })[0]).toMatchObject({ outcome: 'failed', dataset: 'kent', detail: { rows: 1, rejected: 1 } });
    const refused = await server.app.inject({ method: 'POST', url: '/api/datasets/kent', headers: { ...as(viewer), 'content-type': 'text/csv' }, payload: csv });
    expect(refused.statusCode).toBe(403);
  });

  it('records sign-ins, failed sign-ins, downloads and deletes', async () => {
    await server.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'vic', password: 'wrong password!' } });
    await server.app.inject({ method: 'POST', url: '/api/session', payload: { name: 'vic', password: PASSWORD } });
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/kent/moves', headers: as(admin) })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/kent/views/rereferrals?format=csv', headers: as(viewer) })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'DELETE', url: '/api/datasets/kent', headers: as(admin) })).statusCode).toBe(204);
    const log = server.app.auditLog.list();
    const summary = log.map((e) => `${e.action}:${e.outcome}:${e.actor}:${e.dataset ?? ''}`);
    expect(summary).toContain('sign_in:failed:vic:');
    expect(summary).toContain('sign_in:ok:vic:');
    expect(summary).toContain('export:ok:ada:kent');
    expect(summary).toContain('export:ok:vic:kent');
    expect(summary).toContain('delete:ok:ada:kent');
  });

  it('serves the log to admins only, as JSON or CSV, and refuses to change it', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/audit', headers: as(viewer) })).statusCode).toBe(403);
    const json = await server.app.inject({ method: 'GET', url: '/api/audit?limit=3', headers: as(admin) });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toHaveLength(3);
    const csvRes = await server.app.inject({ method: 'GET', url: '/api/audit?format=csv', headers: as(admin) });
    expect(csvRes.headers['content-type']).toMatch(/text\/csv/);
    expect(csvRes.body.split('\r\n')[0]).toBe('id,at,actor,role,action,dataset,outcome,detail,address');
    expect(csvRes.body).toMatch(/,import,kent,ok,/);
    expect(() => server.store.db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => server.store.db.prepare("UPDATE audit SET actor = 'someone else'").run()).toThrow(/append-only/);
  });
});
