// Where the key file is, and what the service says when it is not there (review v12b, finding 6):
// `cli users` never makes a key (so one made beside the database cannot later stop a service whose
// JOURNEYS_KEY_FILE points elsewhere), the refusal says truly what the database holds, and a restored
// database that others can read is made 0600.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../../server/auth/accounts.js';
import { openStore } from '../../../server/db/store.js';

const ROOT = join(import.meta.dirname, '../../..');
let dir: string;
let umask: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-location-'));
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  delete process.env.JOURNEYS_KEY_FILE;
  rmSync(dir, { recursive: true, force: true });
});

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JOURNEYS_')));

function cli(stdin: string, ...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/cli.ts', ...args], { cwd: ROOT, env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the key file', () => {
  it('`users add` without JOURNEYS_KEY_FILE makes no key beside the database; the service then makes it where JOURNEYS_KEY_FILE says', { timeout: 60_000 }, async () => {
    const db = join(dir, 'srv', 'journeys.db');
    const added = await cli('correct horse battery staple\n', 'users', 'add', '--db', db, '--name', 'ada', '--role', 'admin');
    expect(added.code, added.stderr).toBe(0);
    expect(existsSync(join(dir, 'srv', 'journeys.key'))).toBe(false);
    const key = join(dir, 'etc', 'journeys.key');
    const store = openStore(db, { keyFile: key });
    store.close();
    expect(statSync(key).mode & 0o777).toBe(0o600);
  });

  it('a missing key is refused with what the database truly holds, and the mv for a key left beside it', async () => {
    const db = join(dir, 'journeys.db');
    const beside = join(dir, 'journeys.key');
    const elsewhere = join(dir, 'etc', 'journeys.key');
    const store = openStore(db); // makes the key beside the database
    await createAccounts(store.db).add('ada', 'admin', 'correct horse battery staple');
    store.close();
    expect(() => openStore(db, { keyFile: elsewhere })).toThrow(/holds no child yet \(0 datasets, 1 user\).*mv .*journeys\.key .*etc/);
    expect(() => openStore(db, { keyFile: elsewhere })).not.toThrow(/already holds pseudonymised children/);

    const withChildren = openStore(db);
    await withChildren.importEventsCsv('m', Readable.from(['child_id,event,date\nK1,contact,2023-01-01\nK2,contact,2023-01-02\n']));
    withChildren.close();
    renameSync(beside, join(dir, 'moved.key'));
    expect(() => openStore(db, { keyFile: elsewhere })).toThrow(/already holds 2 pseudonymised children under it \(in 1 dataset\)/);
  });

  it.runIf(process.platform !== 'win32')('a restored database (and its -wal) that others can read is made 0600 when opened', async () => {
    const db = join(dir, 'journeys.db');
    const store = openStore(db);
    await store.importEventsCsv('m', Readable.from(['child_id,event,date\nK1,contact,2023-01-01\n']));
    store.close();
    chmodSync(db, 0o644);
    const again = openStore(db);
    try {
      for (const file of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(file)) expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    } finally {
      again.close();
    }
  });
});
