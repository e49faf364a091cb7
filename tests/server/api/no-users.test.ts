// A service with no user in its database has authentication off, which is safe only for requests that
// come straight from this machine. Configured for anyone else (a public host name, a trusted reverse
// proxy, or a bind beyond loopback) it answers 503 NO_USERS to everything but the public routes, per
// request: removing the last user from a running service turns it off for everyone, not on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../../server/auth/accounts.js';
import { openStore } from '../../../server/db/store.js';
import { startServer } from '../../../server/main.js';
import { makeDataset, startTestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';
const PROXIED = { host: 'journeys.example', 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A database holding one small dataset (so no demo import) and the given users, and a service on it as the README runs it behind a proxy. */
async function proxiedService(userNames: string[]): Promise<{ app: FastifyInstance; base: string; dbPath: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'journeys-nousers-'));
  const dbPath = join(dir, 'journeys.db');
  const store = openStore(dbPath);
  await store.importEventsCsv('small', Readable.from([makeDataset(12, 5).csv]), { fileName: 'small.csv' });
  for (const name of userNames) await createAccounts(store.db).add(name, 'admin', PASSWORD);
  store.close();
  const app = await startServer({ dbPath, port: 0, host: '127.0.0.1', hostnames: ['journeys.example'], trustProxy: 1, logger: false, buildClient: false });
  cleanup.push(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });
  const { port } = app.server.address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}`, dbPath };
}

describe('no user in the database', () => {
  it('behind a reverse proxy (host name and trusted proxy set, bound to loopback) refuses every route with 503 NO_USERS', { timeout: 60_000 }, async () => {
    const { base } = await proxiedService([]);
    for (const [method, path] of [['GET', '/api/datasets'], ['GET', '/api/datasets/small/moves?map=front-door'], ['GET', '/api/audit'], ['DELETE', '/api/datasets/small']] as const) {
      const res = await fetch(`${base}${path}`, { method, headers: PROXIED });
      expect(res.status, `${method} ${path}`).toBe(503);
      const body = (await res.json()) as { code: string; error: string };
      expect(body.code).toBe('NO_USERS');
      expect(body.error).toContain('npm run -s cli -- users add');
    }
    // Straight from this machine too: the service is configured for others, so it is never open.
    expect((await fetch(`${base}/api/datasets`)).status).toBe(503);
    // The dataset is still there (the DELETE did nothing) and the sign-in state is public.
    expect((await fetch(`${base}/api/session`, { headers: PROXIED })).status).toBe(200);
  });

  it('removing the last user from a running service refuses anonymous requests rather than opening them', { timeout: 60_000 }, async () => {
    const { base, dbPath } = await proxiedService(['adm']);
    expect((await fetch(`${base}/api/datasets/small/moves?map=front-door`, { headers: PROXIED })).status).toBe(401);
    // The CLI's `users remove`, from another process (another connection to the database).
    const store = openStore(dbPath);
    expect(createAccounts(store.db).remove('adm')).toBe(true);
    store.close();
    await new Promise((r) => setTimeout(r, 1_200)); // the service rereads the user count at least once a second
    for (const [method, path] of [['GET', '/api/datasets/small/moves?map=front-door'], ['DELETE', '/api/datasets/small'], ['GET', '/api/audit']] as const) {
      expect((await fetch(`${base}${path}`, { method, headers: PROXIED })).status, `${method} ${path}`).toBe(503);
    }
  });

  it('on a loopback-only service serves only requests that reach it directly, not ones a proxy forwarded', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.close());
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets' })).statusCode).toBe(200);
    for (const header of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }]) {
      const res = await server.app.inject({ method: 'GET', url: '/api/datasets', headers: header });
      expect(res.statusCode, JSON.stringify(header)).toBe(503);
      expect(res.json()).toMatchObject({ code: 'NO_USERS' });
    }
    // A client on another machine (the socket's peer is not loopback).
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets', remoteAddress: '192.0.2.7' })).statusCode).toBe(503);
  });
});
