// Forwarded addresses are believed only from the proxies named (review v12d finding 6): with a blanket
// JOURNEYS_TRUST_PROXY=1 on HOST=0.0.0.0, a client reaching the port directly wrote its own address into
// the audit and the per-address sign-in counts through X-Forwarded-For.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../../server/auth/accounts.js';
import { openStore } from '../../../server/db/store.js';
import { parseTrustProxy, startServer } from '../../../server/main.js';
import { makeDataset, startTestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';
const FORGED = '203.0.113.66';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('JOURNEYS_TRUST_PROXY', () => {
  it('reads a list of proxy addresses or ranges, or a number, and refuses anything else', () => {
    expect(parseTrustProxy('10.0.0.5,127.0.0.1')).toEqual(['10.0.0.5', '127.0.0.1']);
    expect(parseTrustProxy(' 10.0.0.0/24 , ::1 ')).toEqual(['10.0.0.0/24', '::1']);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(undefined)).toBe(0);
    for (const bad of ['yes', 'true', '10.0.0.5,proxy.local', '10.0.0.0/33', '12']) expect(() => parseTrustProxy(bad), bad).toThrow(/JOURNEYS_TRUST_PROXY/);
  });

  it('refuses to start with a count of proxies on a HOST beyond loopback, saying what to set instead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journeys-proxy-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'journeys.db');
    const store = openStore(dbPath);
    await store.importEventsCsv('small', Readable.from([makeDataset(12, 5).csv]), { fileName: 'small.csv' });
    await createAccounts(store.db).add('ada', 'admin', PASSWORD);
    store.close();
    const started = startServer({ dbPath, port: 0, host: '0.0.0.0', hostnames: ['journeys.test'], trustProxy: 1, logger: false, buildClient: false });
    started.then((app) => cleanup.push(() => app.close()), () => undefined);
    await expect(started).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 with JOURNEYS_TRUST_PROXY=1.*JOURNEYS_TRUST_PROXY=10\.0\.0\.5/);
  });

  it("audits a direct client's own address whatever it forwards, and the named proxy's client", async () => {
    const server = await startTestServer({ trustProxy: ['10.0.0.5'], hostnames: ['journeys.test'] });
    cleanup.push(() => server.close());
    await server.app.accounts.add('ana', 'analyst', PASSWORD);
    const signIn = (remoteAddress: string) =>
      server.app.inject({
        method: 'POST', url: '/api/session', remoteAddress,
        headers: { host: 'journeys.test', origin: 'http://journeys.test', 'content-type': 'application/json', 'x-forwarded-for': FORGED },
        payload: JSON.stringify({ name: 'ana', password: PASSWORD }),
      });
    expect((await signIn('192.0.2.2')).statusCode).toBe(200); // straight to the port, not through the proxy
    expect((await signIn('10.0.0.5')).statusCode).toBe(200); // through the proxy: its client is believed
    const addresses = server.app.auditLog.list({ action: 'sign_in', limit: 10 }).map((r) => r.address).sort();
    expect(addresses).toEqual(['192.0.2.2', FORGED]);
  });
});
