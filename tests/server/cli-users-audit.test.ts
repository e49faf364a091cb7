// `cli users …` changes who can sign in: every attempt is in the audit trail, refused ones too, with
// the reason and never the password.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditRecord } from '../../server/audit/audit-log.js';
import { createAccounts } from '../../server/auth/accounts.js';
import { openStore } from '../../server/db/store.js';

const ROOT = join(import.meta.dirname, '../..');
let dir: string;
let db: string;

/** `cli users …` as an administrator runs it, the password on standard input. */
function users(stdin: string, ...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/cli.ts', 'users', ...args], { cwd: ROOT, stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, JOURNEYS_OIDC_ISSUER: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(stdin);
  });
}

function auditTrail(): AuditRecord[] {
  const store = openStore(db);
  try {
    return createAuditLog(store.db).list({ limit: 100 }).reverse();
  } finally {
    store.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-users-'));
  db = join(dir, 'users.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli users', () => {
  it('audits failed adds and removes with the reason, and never the password', { timeout: 60_000 }, async () => {
    const password = 'correct horse battery staple';
    expect((await users(`${password}\n`, 'add', '--db', db, '--name', 'ana', '--role', 'admin')).code).toBe(0);
    const again = await users(`${password}\n`, 'add', '--db', db, '--name', 'ana', '--role', 'viewer');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('user "ana" already exists');
    const short = await users('abc\n', 'add', '--db', db, '--name', 'bo', '--role', 'viewer');
    expect(short.code).toBe(1);
    const missing = await users('', 'remove', '--db', db, '--name', 'nobody');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no user "nobody"');

    const trail = auditTrail();
    expect(trail.map((r) => [r.action, r.outcome, r.detail?.user])).toEqual([
      ['user_add', 'ok', 'ana'],
      ['user_add', 'refused', 'ana'],
      ['user_add', 'refused', 'bo'],
      ['user_remove', 'refused', 'nobody'],
    ]);
    for (const r of trail) expect(r.actor).toMatch(/^cli:/);
    expect(trail[1]!.detail).toMatchObject({ userRole: 'viewer', reason: 'user "ana" already exists' });
    expect(trail[2]!.detail?.reason).toMatch(/password needs at least \d+ characters/);
    expect(trail[3]!.detail?.reason).toBe('no user "nobody"');
    const everything = JSON.stringify(trail);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('abc');
    // bo was never created
    expect((await users('', 'remove', '--db', db, '--name', 'bo')).code).toBe(1);
  });

  it('audits a change refused for its arguments too, without any value that may be a password', { timeout: 90_000 }, async () => {
    const before = auditTrail().length;
    const secret = 'hunter2-typed-on-the-command-line';
    const attempts = [
      await users('', 'add', '--db', db, '--name', 'cy', '--role', 'superuser'),
      await users('', 'remove', '--db', db),
      await users('', 'token', '--db', db, '--name', 'ana', `--password=${secret}`),
      await users('', 'add', '--db', db, '--name', 'dee', '--role', 'viewer', secret),
      await users('', 'list', '--db', db, '--nmae', 'x'),
    ];
    expect(attempts.map((a) => a.code)).toEqual([2, 2, 2, 2, 2]);
    expect(attempts[0]!.stderr).toContain('--role must be viewer, analyst or admin');
    const trail = auditTrail().slice(before);
    expect(trail.map((r) => [r.action, r.outcome, r.detail?.user ?? null, r.detail?.reason])).toEqual([
      ['user_add', 'refused', 'cy', '--role must be viewer, analyst or admin'],
      ['user_remove', 'refused', null, '--name is required'],
      ['user_token', 'refused', 'ana', 'unknown option --password=… (value not recorded)'],
      ['user_add', 'refused', 'dee', 'an unexpected argument (not recorded)'],
    ]);
    expect(JSON.stringify(auditTrail())).not.toContain(secret);
    for (const r of trail) expect(r.actor).toMatch(/^cli:/);

    // A mistyped database path is not created to hold the record.
    const elsewhere = join(dir, 'typo.db');
    expect((await users('', 'add', '--db', elsewhere, '--role', 'viewer')).code).toBe(2);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('links a user to their single sign-on subject and unlinks them, audited without the subject (audit a12e M5)', { timeout: 90_000 }, async () => {
    const before = auditTrail().length;
    const subject = '00u1a2b3c4-subject-of-ana';
    const issuer = 'https://login.council.example/realms/staff';
    expect((await users('', 'link', '--db', db, '--name', 'ana', '--subject', subject)).code).toBe(2); // no issuer (none in the environment)
    expect((await users('', 'link', '--db', db, '--name', 'ana', '--subject', subject, '--issuer', issuer)).code).toBe(0);
    expect((await users('', 'link', '--db', db, '--name', 'nobody', '--subject', 'x', '--issuer', issuer)).code).toBe(1);
    const store = openStore(db);
    try {
      const accounts = createAccounts(store.db);
      expect(accounts.bySubject(issuer, subject)?.name).toBe('ana');
      expect(accounts.bySubject('https://elsewhere.example', subject)).toBeNull();
      expect(accounts.list().find((u) => u.name === 'ana')?.hasSubject).toBe(true);
    } finally {
      store.close();
    }
    expect((await users('', 'unlink', '--db', db, '--name', 'ana')).code).toBe(0);
    expect((await users('', 'unlink', '--db', db, '--name', 'ana')).code).toBe(1);
    const trail = auditTrail().slice(before);
    expect(trail.map((r) => [r.action, r.outcome, r.detail?.user ?? null])).toEqual([
      ['user_link', 'refused', 'ana'],
      ['user_link', 'ok', 'ana'],
      ['user_link', 'refused', 'nobody'],
      ['user_link', 'ok', 'ana'],
      ['user_link', 'refused', 'ana'],
    ]);
    expect(JSON.stringify(trail)).not.toContain(subject);
  });

  it('warns, and records in the trail, when it removes the last user (authentication goes off)', { timeout: 90_000 }, async () => {
    const password = 'correct horse battery staple';
    expect((await users(`${password}\n`, 'add', '--db', db, '--name', 'eve', '--role', 'viewer')).code).toBe(0);
    const notLast = await users('', 'remove', '--db', db, '--name', 'eve');
    expect(notLast.code).toBe(0);
    expect(notLast.stderr).not.toMatch(/last user/);
    const last = await users('', 'remove', '--db', db, '--name', 'ana');
    expect(last.code).toBe(0);
    expect(last.stderr).toMatch(/warning: that was the last user/);
    expect(last.stderr).toContain('503 NO_USERS');
    const trail = auditTrail();
    expect(trail.at(-2)!.detail).toMatchObject({ user: 'eve', usersLeft: 1 });
    expect(trail.at(-1)!.detail).toMatchObject({ user: 'ana', usersLeft: 0, lastUser: true });
  });
});
