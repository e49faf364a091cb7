// The audit trail answers "who opened this child's record?": a child-timeline view is recorded with the
// child's keyed pseudonym (the same an admin gets from `cli pseudonym`), never the identifier, and a
// look-up that found nothing says so. An import is recorded with the formats the upload held and
// whether it replaced a dataset (review v12b, finding 7).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, multipart, startTestServer, type TestServer } from './harness.js';

const ROOT = join(import.meta.dirname, '../../..');
const PASSWORD = 'correct horse battery staple';

function cliPseudonym(db: string, id: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JOURNEYS_')));
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/cli.ts', 'pseudonym', '--db', db, id], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(err))));
  });
}

describe('audit: which child, which formats', () => {
  let server: TestServer;
  let admin: Record<string, string>;
  const { csv, children } = makeDataset(20, 6);
  beforeAll(async () => {
    server = await startTestServer();
    await server.app.accounts.add('ada', 'admin', PASSWORD);
    admin = { authorization: `Bearer ${server.app.accounts.issueToken('ada')}` };
    expect((await server.app.inject({ method: 'POST', url: '/api/datasets/kent', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv })).statusCode).toBe(201);
  });
  afterAll(async () => server.close());

  const last = () => server.app.auditLog.list({ limit: 1 })[0]!;

  it("records a child-timeline view with the child's pseudonym, which `cli pseudonym` gives for the identifier", { timeout: 60_000 }, async () => {
    const id = children[3]!.id;
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/kent/child-timeline', headers: admin, payload: { childId: id } });
    expect(res.statusCode).toBe(200);
    const entry = last();
    expect(entry).toMatchObject({ action: 'child_timeline', dataset: 'kent', outcome: 'ok', actor: 'ada' });
    const pseudonym = entry.detail?.child as string;
    expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(entry)).not.toContain(id);
    expect(await cliPseudonym(server.store.path, id)).toBe(pseudonym);
  });

  it("records the journey panel's view of one child (by index) with the same pseudonym", async () => {
    const timeline = await server.app.inject({ method: 'POST', url: '/api/datasets/kent/child-timeline', headers: admin, payload: { childId: children[0]!.id } });
    const pseudonym = last().detail?.child;
    expect(timeline.statusCode).toBe(200);
    const index = server.store.childIndex('kent', children[0]!.id)!;
    const res = await server.app.inject({ method: 'GET', url: `/api/datasets/kent/children/${index}/waits?at=2023-06-01`, headers: admin });
    expect(res.statusCode).toBe(200);
    expect(last()).toMatchObject({ action: 'child_timeline', outcome: 'ok', detail: { what: 'waits', child: pseudonym } });
  });

  it('records a look-up that found no such child as not found', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/kent/child-timeline', headers: admin, payload: { childId: 'NOSUCHCHILD' } });
    expect(res.statusCode).toBe(404);
    expect(last()).toMatchObject({ action: 'child_timeline', outcome: 'failed', detail: { reason: 'not_found', child: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) } });
    expect(JSON.stringify(last())).not.toContain('NOSUCHCHILD');
  });

  it('records a multipart SSDA903 upload with its format, and whether it replaced a dataset', async () => {
    const episodes = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA,01/05/2021,S,V2,N1,U4,PR1,,,,,,';
    const header = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2010,WBRI,,,';
    const { body, contentType } = multipart([['ssda903', '2022-episodes.csv', Buffer.from(episodes)], ['ssda903', '2022-header.csv', Buffer.from(header)]]);
    const first = await server.app.inject({ method: 'POST', url: '/api/datasets/care', headers: { ...admin, 'content-type': contentType }, payload: body });
    expect(first.statusCode).toBe(201);
    expect(last()).toMatchObject({ action: 'import', dataset: 'care', outcome: 'ok', detail: { format: 'ssda903', replaced: false } });
    const again = await server.app.inject({ method: 'POST', url: '/api/datasets/care', headers: { ...admin, 'content-type': contentType }, payload: body });
    expect(again.statusCode).toBe(201);
    expect(last()).toMatchObject({ action: 'import', dataset: 'care', outcome: 'ok', detail: { format: 'ssda903', replaced: true } });
  });
});
