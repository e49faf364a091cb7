// The service's side of an import's own thread (import-worker.ts): starts the thread, streams the upload
// to it a piece at a time as it asks (the spool file read and deciphered here, one piece per message), and
// gives back its report, or its error as the same kind of error the import throws on this thread (an
// ImportError with its report: the file, line and column of each bad row). The thread is ended once the
// import is done, so the import's memory goes with it. A thread that cannot start (no TypeScript loader,
// no worker threads) says so with ImportThreadDidNotStart: the store then imports on its own thread, as before.
// The thread's heap is capped (JOURNEYS_MAX_IMPORT_MB): the thread ends itself (HEAP_CAP_EXIT) once its heap
// passes HEAP_STOP_SHARE of the cap, and V8 ends it at the cap (resourceLimits, ERR_WORKER_OUT_OF_MEMORY) should
// it get there first; either way the import fails with ImportOutOfMemoryError (413, saying so) and the service,
// which goes on, removes the rows it had written (the thread writes its pending id where the service reads it:
// workerData.pendingSlot). V8's own limit alone is not enough: reached by the 5,000,000-children import under a
// 900 MB cap it aborted the whole process ("FATAL ERROR: Reached heap limit", Node issue 47224), as it may
// when an allocation cannot wait for the worker's termination.
import { Worker } from 'node:worker_threads';
import type { ImportOptions, ImportReport } from './import-report.js';
import { pendingShared } from '../db/pending-dataset.js';
import { ImportError } from './import-report.js';
import type { SourceFormat, SourceImportOptions, SourceImportReport } from './source-importer.js';
import { UploadError } from './upload.js';
import { ApiError } from '../errors.js';

export interface ImportThreadSetup {
  dbPath: string;
  keyFile: string;
}

/** The exit code of an import thread that ended itself, its heap past HEAP_STOP_SHARE of its cap. */
export const HEAP_CAP_EXIT = 90;
/** The share of its cap past which an import thread's heap ends the thread (the rest is the backstop's margin). */
export const HEAP_STOP_SHARE = 0.8;

/** How the service runs an import's thread. */
export interface ImportThreadLimits {
  /** the thread's heap (V8's old generation) in MiB, JOURNEYS_MAX_IMPORT_MB; none: V8's default */
  maxHeapMb?: number | undefined;
  /** called with the id the thread reserved (pending-dataset.ts) when the thread died before it could discard its rows */
  abandoned?: (pendingId: number) => void;
}

/** The import's thread ran out of the heap JOURNEYS_MAX_IMPORT_MB gives it (HEAP_CAP_EXIT or ERR_WORKER_OUT_OF_MEMORY): nothing was kept. */
export class ImportOutOfMemoryError extends ApiError {
  constructor(
    maxHeapMb: number | undefined,
    /** the thread ended itself (HEAP_CAP_EXIT), rather than V8 at the cap */
    readonly stoppedItself: boolean,
  ) {
    super(
      413,
      'IMPORT_OUT_OF_MEMORY',
      `the import needed more memory than JOURNEYS_MAX_IMPORT_MB allows (${maxHeapMb === undefined ? "V8's default" : `${maxHeapMb} MB`}), so it was stopped and nothing was imported: ` +
        'split the file into smaller uploads, or ask the administrator to raise JOURNEYS_MAX_IMPORT_MB',
    );
    this.name = 'ImportOutOfMemoryError';
  }
}

export type ImportTask =
  | { what: 'events'; name: string; options: ImportOptions }
  | { what: 'sources'; name: string; files: { name: string; format: SourceFormat }[]; options: SourceImportOptions };

export type ToImportThread =
  | { kind: 'import'; task: ImportTask }
  | { kind: 'chunk'; file: number; chunk: Uint8Array }
  | { kind: 'end'; file: number }
  | { kind: 'fail'; file: number; message: string };

export interface ThreadError {
  name: string;
  message: string;
  report?: unknown;
  statusCode?: number | undefined;
  code?: string | undefined;
}

export type FromImportThread = { ready: true } | { pull: number } | { report: ImportReport | SourceImportReport } | { error: ThreadError };

/** The thread stopped before it was ready: nothing of the upload was read, and it can be imported here. */
export class ImportThreadDidNotStart extends Error {}

const TYPESCRIPT = import.meta.url.endsWith('.ts');
const ENTRY_URL = new URL('../compute/worker-entry.mjs', import.meta.url);
const WORKER_URL = new URL(`./import-worker.${TYPESCRIPT ? 'ts' : 'js'}`, import.meta.url);

/** The error the import threw on its thread, as the error it would have thrown here. */
function rebuilt(e: ThreadError): Error {
  if (e.name === 'ImportError' && e.report !== undefined) return new ImportError(e.message, e.report as ImportReport);
  if (e.name === 'UploadError') return new UploadError(e.message, e.statusCode);
  return Object.assign(new Error(e.message), { name: e.name, ...(e.statusCode !== undefined ? { statusCode: e.statusCode, code: e.code } : {}) });
}

/**
 * Runs `task` in a thread of its own on the database at `setup.dbPath`, streaming it `inputs` (one per file
 * of the task: one for an events CSV). An error reading an input here is the error this rejects with.
 */
export function importInThread<T extends ImportReport>(setup: ImportThreadSetup, task: ImportTask, inputs: readonly AsyncIterable<Uint8Array | string>[], limits: ImportThreadLimits = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const pendingSlot = new SharedArrayBuffer(4);
    const worker = new Worker(ENTRY_URL, {
      workerData: { ...setup, typescript: TYPESCRIPT, entry: WORKER_URL.href, pendingShared: pendingShared(), pendingSlot, maxHeapMb: limits.maxHeapMb },
      ...(limits.maxHeapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb } }),
    });
    const readers = inputs.map((input) => input[Symbol.asyncIterator]());
    let ready = false;
    let settled = false;
    /** an input that failed here: the import fails with this error, not the thread's account of it */
    let inputError: unknown = null;
    const settle = (error: unknown, report?: T) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      for (const reader of readers) void reader.return?.()?.catch(() => undefined); // closes a spool file left unread
      if (error === null) resolve(report!);
      else reject(error);
    };
    const send = (message: ToImportThread) => {
      if (!settled) worker.postMessage(message);
    };
    const pull = async (file: number) => {
      try {
        const next = await readers[file]!.next();
        if (next.done === true) return send({ kind: 'end', file });
        // a copy of the piece, moved to the thread (posting a view would copy its whole buffer, a pool's or a
        // body's; moving the piece itself would empty a buffer its giver may still hold)
        const own = typeof next.value === 'string' ? new Uint8Array(Buffer.from(next.value)) : new Uint8Array(next.value);
        if (!settled) worker.postMessage({ kind: 'chunk', file, chunk: own } satisfies ToImportThread, [own.buffer as ArrayBuffer]);
      } catch (error) {
        inputError ??= error;
        send({ kind: 'fail', file, message: error instanceof Error ? error.message : String(error) });
      }
    };
    worker.on('message', (message: FromImportThread) => {
      if ('ready' in message) ready = true;
      else if ('pull' in message) void pull(message.pull);
      else if ('report' in message) settle(null, message.report as T);
      else settle(inputError ?? rebuilt(message.error));
    });
    // A thread's error is followed by its exit: only then is its connection closed (its transaction rolled back),
    // so its rows are removed, and the import settled, on the exit.
    let threadError: Error | null = null;
    worker.on('error', (error) => {
      threadError ??= (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportOutOfMemoryError(limits.maxHeapMb, false) : error;
    });
    worker.on('exit', (code) => {
      if (code === HEAP_CAP_EXIT) threadError = new ImportOutOfMemoryError(limits.maxHeapMb, true);
      const reserved = Atomics.load(new Int32Array(pendingSlot), 0);
      if (!settled && reserved !== 0) {
        try {
          limits.abandoned?.(reserved);
        } catch {
          // (rows left are removed by the next import's start: the id is no longer marked under way)
        }
      }
      if (threadError instanceof ImportOutOfMemoryError) settle(threadError);
      else if (!ready) settle(new ImportThreadDidNotStart(threadError?.message ?? `the import's thread stopped before it started (exit code ${code})`));
      else settle(threadError ?? new Error(`the import's thread stopped (exit code ${code})`));
    });
    worker.postMessage({ kind: 'import', task } satisfies ToImportThread);
  });
}
