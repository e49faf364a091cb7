// Password hashes: scrypt (N = 2^15, r = 8, p = 1: 32 MiB and about 0.1 s per guess) with a random
// 16-byte salt, stored as `scrypt$N$r$p$salt$hash`. Runs on libuv's thread pool, not the event loop.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
export const MIN_PASSWORD_LENGTH = 12;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...options, maxmem: 256 * (options.N ?? N) * (options.r ?? R) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new RangeError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** A hash no password matches, checked when the name is unknown so that timing does not tell. */
export const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_BYTES).toString('base64url')}`;

/** Thrown when more password checks wait than VERIFY_QUEUE: the sign-in is refused, not queued. */
export class PasswordChecksBusyError extends Error {}

/**
 * At most VERIFY_AT_ONCE password checks run at a time and VERIFY_QUEUE wait. libuv's pool has 4
 * threads, shared with file reads: 60 guesses sent at once, each a 32 MiB scrypt, held every thread and
 * a static file took 45 s. With 2 at a time, 2 threads stay free for everything else.
 */
export const VERIFY_AT_ONCE = 2;
export const VERIFY_QUEUE = 16;
let running = 0;
const waiting: (() => void)[] = [];

/** Whether a password check started now would be refused (PasswordChecksBusyError): ask before counting an attempt. */
export function passwordChecksBusy(): boolean {
  return running >= VERIFY_AT_ONCE && waiting.length >= VERIFY_QUEUE;
}

async function gated<T>(work: () => Promise<T>): Promise<T> {
  if (running >= VERIFY_AT_ONCE) {
    if (waiting.length >= VERIFY_QUEUE) throw new PasswordChecksBusyError('too many sign-ins at once');
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next waiting check
    else running--;
  }
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await gated(() => derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
