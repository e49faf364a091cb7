// An upload is received into a spool file before it is imported, so that a slow client holds a spool
// (a file and a few counters), never one of the store's import slots: four uploads trickling in at a
// few KiB a second no longer keep every other import waiting. A spool file is mode 0600 (it holds
// child-level data), lives beside the database (the same disk and the same protection; never a RAM
// /tmp), is at most the upload limit, and is removed as soon as its import ends. Spools at once are
// capped per client address and in total, so disk use is bounded by maxSpools × the upload limit.
// What is written is encrypted (AES-256-CTR) with a key made for that upload and held only in memory: the
// file holds the raw upload, child identifiers and all, and a copy of the folder taken while it is there
// (a backup, a snapshot) would otherwise name children although the database holds only pseudonyms.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, pipeline as pipelineStreams } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { addressKey } from './address-key.js';
import { ApiError } from './errors.js';

const PREFIX = '.journeys-upload-';
const SPOOL_CIPHER = 'aes-256-ctr';

export interface SpoolLimits {
  /** uploads being received at once, all clients together; @default 16 */
  maxSpools: number;
  /** uploads being received at once from one client address; @default 6 */
  maxSpoolsPerAddress: number;
}

export const DEFAULT_SPOOL_LIMITS: SpoolLimits = { maxSpools: 16, maxSpoolsPerAddress: 6 };

export interface Spooled {
  /** the upload's bytes, read back from the spool file */
  open(): NodeJS.ReadableStream;
}

export interface Spooler {
  /**
   * Receives `chunks` into a spool file, then runs `use` with it and removes it. Refuses at once (429 or
   * 503, with Retry-After) when the address or the service already has its most spools in progress.
   */
  withSpool<T>(address: string, chunks: AsyncIterable<Uint8Array | string>, use: (spooled: Spooled) => Promise<T>): Promise<T>;
  /** spools in progress (for tests and logs) */
  active(): number;
}

export class SpoolsBusyError extends ApiError {
  constructor(
    statusCode: 429 | 503,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(statusCode, statusCode === 429 ? 'TOO_MANY_UPLOADS' : 'UPLOADS_BUSY', message);
  }
}

export function createSpooler(dir: string, limits: SpoolLimits = DEFAULT_SPOOL_LIMITS): Spooler {
  let total = 0;
  const perAddress = new Map<string, number>();
  return {
    active: () => total,
    async withSpool(client, chunks, use) {
      const address = addressKey(client);
      const mine = perAddress.get(address) ?? 0;
      if (mine >= limits.maxSpoolsPerAddress) {
        throw new SpoolsBusyError(429, `this client is already sending ${mine} uploads: wait for one to finish`, 30);
      }
      if (total >= limits.maxSpools) throw new SpoolsBusyError(503, `the service is receiving ${total} uploads already: try again in a minute`, 60);
      total++;
      perAddress.set(address, mine + 1);
      const path = join(dir, `${PREFIX}${randomUUID()}.part`);
      try {
        const key = randomBytes(32);
        const iv = randomBytes(16);
        // 'wx': a new file only; mode 0600 whatever the umask allows more of.
        await pipeline(Readable.from(chunks, { objectMode: false }), createCipheriv(SPOOL_CIPHER, key, iv), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
        return await use({
          // pipeline, not pipe: a reader that stops early (a failed import leaves its loop) destroys the
          // deciphered stream, and the file is then closed too, not left open on the removed spool.
          open: () => pipelineStreams(createReadStream(path, { highWaterMark: 1 << 20 }), createDecipheriv(SPOOL_CIPHER, key, iv), () => undefined),
        });
      } finally {
        total--;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left === 0) perAddress.delete(address);
        else perAddress.set(address, left);
        await unlink(path).catch(() => undefined);
      }
    },
  };
}

/** Removes spool files a crash left behind (the service's start, before it listens). */
export async function removeStaleSpools(dir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(PREFIX)) continue;
    await unlink(join(dir, name)).then(() => removed++, () => undefined);
  }
  return removed;
}
