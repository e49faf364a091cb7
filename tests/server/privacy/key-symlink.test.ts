// A key file reached through a symbolic link is checked where it really lives (review v12d finding 7):
// the link's own folder was safe (0700), but the real key sat in a folder any account could write
// (0777, not sticky), where another account could delete or replace it; the service started anyway.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKey } from '../../../server/privacy/pseudonyms.js';

let dir: string;
let allowOpen: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-symlink-'));
  allowOpen = process.env.JOURNEYS_ALLOW_OPEN_KEY;
  delete process.env.JOURNEYS_ALLOW_OPEN_KEY;
});
afterEach(() => {
  if (allowOpen !== undefined) process.env.JOURNEYS_ALLOW_OPEN_KEY = allowOpen;
  rmSync(dir, { recursive: true, force: true });
});

/** `folder/real.key` (0600) with a 32-byte key, the folder given `mode`. */
function keyIn(folder: string, mode: number): string {
  mkdirSync(folder, { recursive: true });
  const key = join(folder, 'real.key');
  writeFileSync(key, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  chmodSync(folder, mode);
  return key;
}

describe.skipIf(process.platform === 'win32')('a key file behind a symbolic link', () => {
  it('is refused when the real file sits in a folder others can write (no sticky bit), naming that folder', () => {
    const real = keyIn(join(dir, 'open'), 0o777);
    mkdirSync(join(dir, 'safe'), { mode: 0o700 });
    const link = join(dir, 'safe', 'link.key');
    symlinkSync(real, link);
    expect(() => loadKey(link, false)).toThrow(new RegExp(`leads through a link to a folder other accounts can write \\(${join(dir, 'open')}, mode 0777\\)`));
  });

  it('is refused when a link on the way sits in such a folder, and accepted when every folder is safe', () => {
    const real = keyIn(join(dir, 'safe'), 0o700);
    mkdirSync(join(dir, 'open'), { mode: 0o700 });
    chmodSync(join(dir, 'open'), 0o777);
    symlinkSync(real, join(dir, 'open', 'hop.key'));
    mkdirSync(join(dir, 'mine'), { mode: 0o700 });
    symlinkSync(join(dir, 'open', 'hop.key'), join(dir, 'mine', 'link.key'));
    expect(() => loadKey(join(dir, 'mine', 'link.key'), false)).toThrow(/other accounts can write .*open/);
    chmodSync(join(dir, 'open'), 0o1777); // sticky: others cannot replace this account's link
    expect(loadKey(join(dir, 'mine', 'link.key'), false)).toHaveLength(32);
  });
});
