// Limits on an upload as it streams in, so that one request cannot take the service down: a body over
// `maxBytes` is refused (413) as soon as it gets there, or at once when its Content-Length says so; an
// upload that stops sending for `idleMs`, or trickles in slower than `minBytesPerSecond` averaged over
// each `windowMs`, or is still arriving after `maxMs` in all, is cut off (408): a handful of uploads just
// above the rate floor held every upload slot for days (audit a12d F3: 1 GiB at 5.5 KB/s is 54 hours). Reading stops there (the request stream is not destroyed, which
// would reset the connection before the client could read the answer); after the answer the rest of
// the body is read and thrown away for a moment (`lingerThenClose`), then the connection is closed.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PayloadTooLargeError, RequestTimeoutError } from './errors.js';
import { lingerThenClose } from './linger.js';

export { lingerThenClose };
import { DEFAULT_MAX_UNPACKED_BYTES } from './import/common/zip.js';
import { sizeText } from './import/upload.js';
import { DEFAULT_SPOOL_LIMITS, type SpoolLimits } from './upload-spool.js';

export interface UploadLimits {
  /** @default 1 GiB */
  maxBytes: number;
  /** @default 30 s */
  idleMs: number;
  /** @default 4 KiB/s */
  minBytesPerSecond: number;
  /** @default 20 s */
  windowMs: number;
  /** the longest an upload may take in all (JOURNEYS_MAX_UPLOAD_MINUTES) @default 60 min */
  maxMs: number;
  /** the most a workbook may unpack to, all its inner files together (server/import/common/zip.ts) @default 512 MiB */
  maxUnpackedBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits & SpoolLimits = {
  maxBytes: 1024 ** 3,
  idleMs: 30_000,
  minBytesPerSecond: 4096,
  windowMs: 20_000,
  maxMs: 60 * 60_000,
  maxUnpackedBytes: DEFAULT_MAX_UNPACKED_BYTES,
  ...DEFAULT_SPOOL_LIMITS,
};


/** Refuses a declared Content-Length over the limit before reading a byte. */
export function checkDeclaredLength(header: string | undefined, limits: UploadLimits): void {
  const declared = header === undefined ? NaN : Number(header);
  if (declared > limits.maxBytes) throw new PayloadTooLargeError(`the upload is larger than the ${sizeText(limits.maxBytes)} allowed`);
}

/** Whether `error` is one of the faults guardUpload throws (answer those with Connection: close). */
export function isUploadFault(error: unknown): boolean {
  return error instanceof PayloadTooLargeError || error instanceof RequestTimeoutError;
}

/** How long, and how much more of a refused body, is read and dropped so the client reads the answer. */
/** The body of a request as guardUpload reads it: its chunks, leaving the stream whole when stopped. */
export function bodyChunks(body: unknown): AsyncIterable<Uint8Array | string> {
  if (body && typeof (body as { iterator?: unknown }).iterator === 'function') {
    return (body as NodeJS.ReadableStream & { iterator(options: { destroyOnReturn: boolean }): AsyncIterable<Uint8Array> }).iterator({ destroyOnReturn: false });
  }
  return (body as AsyncIterable<Uint8Array> | undefined) ?? (async function* () {})();
}

/** The chunks of `source` (a request body or a multipart file stream), under `limits`. */
export async function* guardUpload(
  source: AsyncIterable<Uint8Array | string>,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
  what = 'the upload',
): AsyncGenerator<Uint8Array | string> {
  let total = 0;
  let inWindow = 0;
  let lastData = Date.now();
  let fault: Error | null = null;
  let wake: (() => void) | null = null;
  const fail = (error: Error) => {
    fault ??= error;
    wake?.();
  };
  const idle = setInterval(() => {
    if (Date.now() - lastData >= limits.idleMs) fail(new RequestTimeoutError(`${what} sent nothing for ${Math.round(limits.idleMs / 1000)} s, so it was stopped`));
  }, Math.max(10, Math.min(1000, limits.idleMs / 4)));
  const rate = setInterval(() => {
    if (inWindow < (limits.minBytesPerSecond * limits.windowMs) / 1000) {
      fail(new RequestTimeoutError(`${what} arrived slower than ${limits.minBytesPerSecond} bytes a second, so it was stopped`));
    }
    inWindow = 0;
  }, limits.windowMs);
  const deadline = setTimeout(() => {
    const minutes = limits.maxMs / 60_000;
    fail(new RequestTimeoutError(`${what} was still arriving after ${minutes >= 1 ? `${Math.round(minutes)} minutes` : `${Math.round(limits.maxMs / 1000)} s`}, the longest allowed, so it was stopped`));
  }, limits.maxMs);
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const stopped = new Promise<null>((resolve) => {
        wake = () => resolve(null);
      });
      const next = await Promise.race([iterator.next(), stopped]);
      if (fault !== null) throw fault;
      if (next === null || next.done) return;
      const chunk = next.value;
      total += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      inWindow += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
      lastData = Date.now();
      if (total > limits.maxBytes) {
        fail(new PayloadTooLargeError(`${what} is larger than the ${sizeText(limits.maxBytes)} allowed`));
        throw fault!;
      }
      yield chunk;
    }
  } catch (error) {
    throw fault ?? error;
  } finally {
    clearInterval(idle);
    clearInterval(rate);
    clearTimeout(deadline);
    if (fault !== null) void iterator.return?.().catch(() => undefined);
  }
}

/**
 * A preParsing hook giving every route's body the idle and rate limits of an upload (audit of issue 12:
 * `POST /api/session` with Content-Length 1000 and 8 bytes sent was held open for ever). The body is
 * read through guardUpload: a body that stops, or trickles, is answered 408 and the connection closed
 * after it (lingerThenClose). The limits stop with the body, so a handler that works for long after it
 * (a forecast) is never cut. A route that reads its own body under these limits (the import) says so
 * with `config: { ownBodyGuard: true }`.
 */
export function guardEveryBody(limits: UploadLimits) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream> => {
    if (request.routeOptions.config?.ownBodyGuard === true) return payload;
    const { 'content-length': length, 'transfer-encoding': chunked } = request.headers;
    if (chunked === undefined && (length === undefined || length === '0')) return payload;
    const guarded = Readable.from(guardUpload(bodyChunks(payload), limits, 'the request body'), { objectMode: false });
    guarded.once('error', (error) => {
      if (!isUploadFault(error)) return;
      void reply.header('connection', 'close');
      reply.raw.once('finish', () => lingerThenClose(request.raw));
    });
    return guarded;
  };
}
