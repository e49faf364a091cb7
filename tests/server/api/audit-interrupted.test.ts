// An import the service dies during (a crash, out of memory, kill -9) is still in the audit trail: who, which
// dataset and when it began, recorded at the next start (audit a12g F8: the upload that took the service down was
// not attributable from the trail). The entry is on disk from the import's start; the test "restarts" the service
// by opening a second app on the same database file while the first is still inside the import, as a restart
// after a kill -9 finds it.
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { openStore } from '../../../server/db/store.js';
import { MAPS_DIR, makeDataset, startTestServer, type TestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('an import the service died during', () => {
  let server: TestServer;
  let admin: string;
  const { csv } = makeDataset(20, 5);
  beforeAll(async () => {
    server = await startTestServer();
    await server.app.accounts.add('ada', 'admin', PASSWORD);
    admin = server.app.accounts.issueToken('ada');
  });
  afterAll(async () => server.close());

  const runningImports = () => server.store.db.prepare("SELECT count(*) FROM audit_running WHERE kind LIKE 'open:%'").pluck().get() as number;

  it('is recorded at the next start with who, which dataset and when it began; a finished import leaves one entry only', async () => {
    const ok = await server.app.inject({ method: 'POST', url: '/api/datasets/first', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, payload: csv });
    expect(ok.statusCode).toBe(201);
    expect(server.app.auditLog.list({ action: 'import' }).map((e) => e.outcome)).toEqual(['ok']);
    expect(runningImports()).toBe(0);

    // An upload that has begun and not ended.
    const body = new PassThrough();
    body.write('child_id,event,date\n');
    const began = Date.now();
    const pending = server.app.inject({ method: 'POST', url: '/api/datasets/stuck', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, payload: body });
    for (let i = 0; i < 200 && runningImports() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(runningImports()).toBe(1);
    // The sign-in tally's periodic settling leaves an import under way alone.
    server.app.auditLog.settle();
    expect(server.app.auditLog.list({ action: 'import', dataset: 'stuck' })).toEqual([]);

    // The restart: a new service on the same database file.
    const again = openStore(join(server.dir, 'test.db'));
    const restarted = await buildApp({ store: again, mapsDir: MAPS_DIR, clientDir: join(server.dir, 'no-client') });
    try {
      const [entry, ...more] = restarted.auditLog.list({ action: 'import', dataset: 'stuck' });
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ actor: 'ada', role: 'admin', action: 'import', dataset: 'stuck', outcome: 'failed' });
      expect(entry!.detail).toMatchObject({ format: 'events', reason: 'interrupted', replacing: false });
      const since = Date.parse(entry!.detail!.since as string);
      expect(since).toBeGreaterThanOrEqual(began - 1000);
      expect(since).toBeLessThanOrEqual(Date.now());
      expect(again.db.prepare("SELECT count(*) FROM audit_running WHERE kind LIKE 'open:%'").pluck().get()).toBe(0);
    } finally {
      await restarted.close();
      again.close();
    }
    body.end('C1,contact,2023-01-01\n');
    expect((await pending).statusCode).toBe(201);
  });
});
