// A guesser who floods sign-in under fresh names must neither push the victim's counts out of the
// limiter (which would give them new guesses) nor grow the audit trail without bound (review v12b,
// finding 2: 9 checked guesses in 217 s from one address, 29,585 audit rows).
import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../../server/auth/login-limiter.js';
import { startTestServer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('the sign-in limiter under a flood', () => {
  it('keeps the victim locked while one address tries thousands of fresh names', () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter({ maxKeys: 200 }, () => now);
    const attacker = '203.0.113.9';
    let checked = 0;
    const attempt = (name: string): boolean => {
      if (limiter.retryAfter(attacker, name) > 0) {
        limiter.recordRefusal(attacker);
        return false;
      }
      limiter.failed(attacker, name);
      return true;
    };
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 12; i++) if (attempt('victim')) checked++;
      for (let i = 0; i < 10_100; i++) attempt(`fresh${round}-${i}`);
      now += 60_000; // a minute between rounds, well inside the 15-minute window
    }
    expect(checked).toBe(5);
  });

  it('keeps unexpired counts when many addresses fill it: a new key waits rather than evicting one', () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter({ maxKeys: 100 }, () => now);
    for (let i = 0; i < 5; i++) limiter.failed('192.0.2.1', 'victim');
    expect(limiter.retryAfter('192.0.2.1', 'victim')).toBeGreaterThan(0);
    // 400 addresses, one fresh name each: far more keys than fit.
    for (let i = 0; i < 400; i++) {
      const address = `198.51.${i >> 8}.${i & 255}`;
      if (limiter.retryAfter(address, `fresh${i}`) === 0) limiter.failed(address, `fresh${i}`);
    }
    expect(limiter.retryAfter('192.0.2.1', 'victim')).toBeGreaterThan(0);
    // Once the window has passed, the old counts expire and new attempts go ahead.
    now += 15 * 60_000 + 1;
    expect(limiter.retryAfter('192.0.2.99', 'someone')).toBe(0);
  });

  it('audits refused attempts at most once a minute per address, whatever the names', () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter({}, () => now);
    let records = 0;
    let counted = 0;
    for (let i = 0; i < 5_000; i++) {
      const { record, count } = limiter.recordRefusal('203.0.113.9');
      if (record) {
        records++;
        counted += count;
      }
      if (i % 1000 === 999) now += 30_000;
    }
    expect(records).toBe(3); // at 0 s, 60 s and 120 s
    expect(counted).toBeLessThanOrEqual(5_000);
    now += 60_000;
    expect(limiter.recordRefusal('203.0.113.9')).toEqual({ record: true, count: 5_000 - counted + 1 });
  });
});

describe('POST /api/session under a flood', () => {
  it('writes a bounded number of audit rows for thousands of refused attempts under fresh names', async () => {
    const server = await startTestServer();
    try {
      await server.app.accounts.add('vie', 'viewer', PASSWORD);
      const before = server.app.auditLog.list({ action: 'sign_in', limit: 100_000 }).length;
      const statuses = new Map<number, number>();
      for (let i = 0; i < 300; i++) {
        const res = await server.app.inject({ method: 'POST', url: '/api/session', remoteAddress: '203.0.113.9', payload: { name: `fresh${i}`, password: 'nope nope nope' } });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      }
      expect(statuses.get(401)).toBe(20); // the per-address limit, across names
      expect(statuses.get(429)).toBe(280);
      const rows = server.app.auditLog.list({ action: 'sign_in', limit: 100_000 }).slice(0, -before || undefined);
      const refused = rows.filter((r) => r.outcome === 'refused');
      expect(refused).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 120_000);
});
