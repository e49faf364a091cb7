// Password guessing is slowed per name and per client address, and the client address is the one the
// configured number of reverse proxies saw: a client that writes its own X-Forwarded-For, or spreads
// its guesses over many addresses, is limited all the same.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../server/db/store.js';
import { createAccounts } from '../../../server/auth/accounts.js';
import { startServer } from '../../../server/main.js';
import { LoginLimiter } from '../../../server/auth/login-limiter.js';
import { makeDataset } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('sign-in rate limit', () => {
  it('behind JOURNEYS_TRUST_PROXY=1, a forged X-Forwarded-For does not make each guess a new client', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journeys-login-'));
    const dbPath = join(dir, 'journeys.db');
    const previous = process.env.JOURNEYS_TRUST_PROXY;
    try {
      const store = openStore(dbPath);
      await store.importEventsCsv('kent', Readable.from([makeDataset(5, 1).csv]));
      await createAccounts(store.db).add('target', 'admin', PASSWORD);
      store.close();
      process.env.JOURNEYS_TRUST_PROXY = '1';
      const app = await startServer({ dbPath, port: 0, host: '127.0.0.1', logger: false, buildClient: false });
      try {
        const { port } = app.server.address() as { port: number };
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++) {
          // the attacker's own header, then the address the (one) proxy appended: the same each time
          const res = await fetch(`http://127.0.0.1:${port}/api/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${i}.${i}, 203.0.113.7` },
            body: JSON.stringify({ name: 'target', password: `guess ${i}` }),
          });
          statuses.push(res.status);
        }
        expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
        expect(statuses.slice(5)).toEqual(Array(7).fill(429));
        const refused = app.auditLog.list({ action: 'sign_in' }).find((e) => e.outcome === 'refused');
        expect(refused?.address).toBe('203.0.113.7');
      } finally {
        await app.close();
      }
      process.env.JOURNEYS_TRUST_PROXY = 'yes';
      await expect(startServer({ dbPath, port: 0, host: '127.0.0.1', logger: false, buildClient: false })).rejects.toThrow(/JOURNEYS_TRUST_PROXY/);
    } finally {
      if (previous === undefined) delete process.env.JOURNEYS_TRUST_PROXY;
      else process.env.JOURNEYS_TRUST_PROXY = previous;
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('limits guesses at one name spread over many addresses, and not other names', () => {
    const limiter = new LoginLimiter();
    let allowed = 0;
    for (let i = 0; i < 30; i++) {
      const address = `198.51.100.${i}`;
      if (limiter.retryAfter(address, 'target') > 0) continue;
      allowed++;
      limiter.failed(address, 'target');
    }
    expect(allowed).toBe(10);
    expect(limiter.retryAfter('192.0.2.1', 'Target')).toBeGreaterThan(60);
    expect(limiter.retryAfter('192.0.2.1', 'other')).toBe(0);
  });
});
