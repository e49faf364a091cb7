// The database and the key are readable by their owner only: a database made by the service (and its
// -wal and -shm files) is 0600 whatever the umask, and a key file that group or others can read is
// refused, naming the file and the chmod that fixes it, unless JOURNEYS_ALLOW_OPEN_KEY=1.
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/db/store.js';

const posix = process.platform !== 'win32';
let dir: string;
let umask: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modes-'));
  umask = process.umask(0o022); // the usual umask, which makes files 0644
});
afterEach(() => {
  process.umask(umask);
  delete process.env.JOURNEYS_ALLOW_OPEN_KEY;
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe.runIf(posix)('file modes', () => {
  it('creates the database, its -wal and -shm files and the key readable by the owner only', async () => {
    const path = join(dir, 'j.db');
    const store = openStore(path);
    try {
      await store.importEventsCsv('m', Readable.from(['child_id,event,date\nK1,contact,2023-01-01\n']));
      for (const file of [path, `${path}-wal`, `${path}-shm`, join(dir, 'j.key')]) {
        expect(existsSync(file), file).toBe(true);
        expect(mode(file).toString(8), file).toBe('600');
      }
    } finally {
      store.close();
    }
  });

  it('refuses a key file that group or others can read, naming it and the chmod to run', () => {
    const path = join(dir, 'j.db');
    openStore(path).close();
    const key = join(dir, 'j.key');
    for (const open of [0o644, 0o640, 0o604]) {
      chmodSync(key, open);
      expect(() => openStore(path), open.toString(8)).toThrow(new RegExp(`${key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*chmod 600`));
    }
    chmodSync(key, 0o600);
    openStore(path).close();
  });

  it('says what is wrong with a key its group can change (0620), and refuses a key in a folder others can write (review v12c 7c)', () => {
    const path = join(dir, 'j.db');
    openStore(path).close();
    const key = join(dir, 'j.key');
    chmodSync(key, 0o620);
    expect(() => openStore(path)).toThrow(/can be changed by its group \(mode 0620\)/);
    chmodSync(key, 0o604);
    expect(() => openStore(path)).toThrow(/can be read by other accounts \(mode 0604\)/);
    chmodSync(key, 0o600);
    chmodSync(dir, 0o777);
    expect(() => openStore(path)).toThrow(/in a folder other accounts can write \(.*mode 0777\).*chmod go-w/);
    chmodSync(dir, 0o1777); // the sticky bit (as /tmp): others cannot delete or replace this account's file
    openStore(path).close();
    chmodSync(dir, 0o700);
    openStore(path).close();
  });

  it('accepts an open key file when JOURNEYS_ALLOW_OPEN_KEY=1', () => {
    const path = join(dir, 'j.db');
    openStore(path).close();
    chmodSync(join(dir, 'j.key'), 0o644);
    process.env.JOURNEYS_ALLOW_OPEN_KEY = '1';
    openStore(path).close();
  });
});
