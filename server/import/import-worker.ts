// An import's own thread (import-thread.ts starts it): reads the upload the service streams to it, writes
// the dataset on a connection of its own to the service's database (WAL: the service's readers go on
// reading meanwhile) and posts back the report. The import's heap (a registry of millions of children,
// the read columns, the grammar's) is this thread's: its garbage collection and its long stretches never
// pause the service's event loop (audit a12g F6: 5,000,000 distinct children held it up to 841-882 ms
// when imported on that thread). One import per thread; the service ends the thread when it is done, which
// gives the import's memory back at once.
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { openPseudonyms } from '../privacy/pseudonymise-database.js';
import { openWriterConnection } from '../db/store.js';
import { importEvents } from './events-importer.js';
import { importSources } from './source-importer.js';
import { HEAP_CAP_EXIT, HEAP_STOP_SHARE, type FromImportThread, type ImportThreadSetup, type ToImportThread } from './import-thread.js';

const setup = workerData as ImportThreadSetup & { maxHeapMb?: number };

/**
 * The heap cap (JOURNEYS_MAX_IMPORT_MB) kept by the thread itself: past HEAP_STOP_SHARE of it the thread ends
 * (the service then fails the import and removes its rows). Checked every 20 ms the loop turns and before each
 * piece of the upload is asked for, so V8's own limit at the cap (whose reaching can abort the whole process,
 * see import-thread.ts) is left a margin.
 */
const heapStop = setup.maxHeapMb === undefined ? Infinity : setup.maxHeapMb * 1024 ** 2 * HEAP_STOP_SHARE;
function checkHeap(): void {
  if (getHeapStatistics().used_heap_size > heapStop) process.exit(HEAP_CAP_EXIT);
}
if (heapStop !== Infinity) setInterval(checkHeap, 20).unref();
const post = (message: FromImportThread) => parentPort!.postMessage(message);
const connection = openWriterConnection(setup.dbPath);
const pseudonyms = openPseudonyms(connection, setup.keyFile);

/** What the service sent of each file and not yet read, and the read waiting for it. */
const waiting = new Map<number, (message: ToImportThread) => void>();

/** The upload's file `file`, asked of the service a piece at a time (so it never runs ahead of the import). */
function remoteInput(file: number): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        checkHeap();
        const message = await new Promise<ToImportThread>((resolve) => {
          waiting.set(file, resolve);
          post({ pull: file });
        });
        if (message.kind === 'end') return;
        if (message.kind === 'fail') throw new Error(message.message);
        if (message.kind === 'chunk') yield Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength);
      }
    },
  };
}

async function run(message: Extract<ToImportThread, { kind: 'import' }>): Promise<void> {
  try {
    const report =
      message.task.what === 'events'
        ? await importEvents(connection, message.task.name, remoteInput(0), pseudonyms, message.task.options)
        : await importSources(connection, message.task.name, message.task.files.map((f, i) => ({ ...f, input: remoteInput(i) })), pseudonyms, message.task.options);
    post({ report });
  } catch (error) {
    const e = error as { name?: string; message?: string; report?: unknown; statusCode?: number; code?: string };
    post({ error: { name: String(e.name ?? 'Error'), message: String(e.message ?? error), report: e.report, statusCode: e.statusCode, code: e.code } });
  }
}

parentPort!.on('message', (message: ToImportThread) => {
  if (message.kind === 'import') {
    void run(message);
    return;
  }
  const resolve = waiting.get(message.file);
  waiting.delete(message.file);
  resolve?.(message);
});
post({ ready: true });
