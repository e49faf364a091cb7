// Slow uploads never hold up other imports (review v12b, finding 5: four uploads trickling at 6 KiB/s
// held all four import slots, and an 11-row import waited until they were cut off, 47.5 s). An upload
// is received into a 0600 spool file first and takes an import slot only once it is all there; a slot
// that stays busy answers 503 with Retry-After rather than an endless wait.
import { readdirSync, statSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportSlotsBusyError, openStore } from '../../../server/db/store.js';
import { makeDataset, startTestServer, type TestServer } from './harness.js';

const csv = makeDataset(200, 9).csv;
/** What the trickles send: enough that at 6 KiB/s none ends within the test. */
const long = makeDataset(1500, 9).csv;
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** `count` chunked uploads that send `rate` bytes a second of an events CSV and never finish. */
function trickle(port: number, count: number, rate = 6144): { requests: ClientRequest[]; statuses: number[] } {
  const statuses: number[] = [];
  const requests = Array.from({ length: count }, (_, i) => {
    const req = request({ port, method: 'POST', path: `/api/datasets/trickle${i}`, headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } }, (res) => {
      statuses.push(res.statusCode ?? 0);
      res.resume();
    });
    req.on('error', () => undefined);
    return req;
  });
  let offset = 0;
  const timer = setInterval(() => {
    for (const req of requests) req.write(long.slice(offset, offset + rate / 4));
    offset += rate / 4;
  }, 250);
  cleanup.push(() => {
    clearInterval(timer);
    for (const req of requests) req.destroy();
  });
  return { requests, statuses };
}

async function listening(options: Parameters<typeof startTestServer>[0]): Promise<{ server: TestServer; port: number }> {
  const server = await startTestServer(options);
  cleanup.push(() => server.close());
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { server, port: (server.app.server.address() as { port: number }).port };
}

const spools = (server: TestServer) => readdirSync(dirname(server.store.path)).filter((f) => f.startsWith('.journeys-upload-'));

describe('slow uploads', () => {
  it('four uploads trickling in leave a small import free to finish in seconds; their spool files are 0600 and go afterwards', { timeout: 60_000 }, async () => {
    const { server, port } = await listening({ uploadLimits: { minBytesPerSecond: 1024, windowMs: 2_000 } });
    trickle(port, 4);
    await new Promise((r) => setTimeout(r, 1_500));
    const started = Date.now();
    const small = await fetch(`http://127.0.0.1:${port}/api/datasets/small`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: makeDataset(5, 2).csv, signal: AbortSignal.timeout(10_000) });
    const took = Date.now() - started;
    expect(small.status).toBe(201);
    expect(took).toBeLessThan(10_000);
    // The four are still coming in, each in a 0600 spool file; the small one's is gone already.
    const inFlight = spools(server);
    expect(inFlight).toHaveLength(4);
    for (const file of inFlight) expect(statSync(join(dirname(server.store.path), file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a client more uploads at once than its share (429) and the service past its total (503), with Retry-After', { timeout: 60_000 }, async () => {
    const { port } = await listening({ uploadLimits: { minBytesPerSecond: 1024, windowMs: 2_000, maxSpoolsPerAddress: 2, maxSpools: 2 } });
    trickle(port, 2);
    await new Promise((r) => setTimeout(r, 800));
    const post = (localAddress: string) =>
      new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
        const req = request({ port, localAddress, method: 'POST', path: '/api/datasets/third', headers: { 'content-type': 'text/csv' } }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
        });
        req.on('error', reject);
        req.end(csv);
      });
    const same = await post('127.0.0.1');
    expect(same.status).toBe(429);
    expect(same.retryAfter).toMatch(/^\d+$/);
    const other = await post('127.0.0.2');
    expect(other.status).toBe(503);
    expect(other.retryAfter).toMatch(/^\d+$/);
  });

  it('an import waits for a slot for a while, then is refused (the route answers 503 IMPORTS_BUSY), not left waiting for ever', { timeout: 60_000 }, async () => {
    const probe = await startTestServer();
    cleanup.push(() => probe.close());
    const store = openStore(join(probe.dir, 'slots.db'), { maxConcurrentImports: 1, importWaitMs: 300 });
    cleanup.push(() => store.close());
    const endless = new PassThrough();
    endless.write('child_id,event,date,outcome,dob,sex\n');
    const first = store.importEventsCsv('first', endless, { lenient: true });
    const started = Date.now();
    await expect(store.importEventsCsv('second', Readable.from([csv]))).rejects.toBeInstanceOf(ImportSlotsBusyError);
    expect(Date.now() - started).toBeLessThan(5_000);
    endless.end(csv.split('\n').slice(1).join('\n'));
    await first;
    // Free again: the next one goes ahead.
    expect((await store.importEventsCsv('third', Readable.from([csv]))).imported).toBeGreaterThan(0);
  });
});
