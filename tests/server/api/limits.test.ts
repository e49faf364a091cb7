// Limits that hold against one bad request: an oversized body is refused as it arrives, an idle or
// trickling upload is cut off and never holds up another import, a deleted dataset's rows go in
// batches without stalling the service.
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, multipart, startTestServer, uploadCsv, type TestServer } from './harness.js';

const LIMITS = { maxBytes: 64 * 1024, idleMs: 400, minBytesPerSecond: 200, windowMs: 600, maxMs: 4_000 };

/** Sends a raw HTTP/1.1 request; `body` writes the body over time. Resolves with the status line and the bytes the server let us write. */
function rawPost(port: number, path: string, headers: Record<string, string>, body: (write: (data: string) => boolean, end: () => void) => void): Promise<{ status: number; elapsedMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      resolve({ status: match ? Number(match[1]) : 0, elapsedMs: Date.now() - started });
      socket.destroy();
    };
    socket.on('data', (data) => {
      answer += data.toString('latin1');
      if (answer.includes('\r\n\r\n')) done();
    });
    socket.on('close', done);
    socket.on('error', done);
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
    body((data) => {
      if (socket.destroyed || settled) return false;
      socket.write(data);
      return true;
    }, () => socket.end());
  });
}

describe('upload limits', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer({ uploadLimits: LIMITS });
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(address).port);
  });
  afterAll(async () => server.close());

  it('refuses a chunked body over the limit as soon as it passes it, and imports nothing', async () => {
    const row = 'C1,contact,2023-01-01\n';
    let written = 0;
    const res = await rawPost(port, '/api/datasets/big', { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }, (write) => {
      const chunk = row.repeat(2000); // 44 KB a chunk
      const send = () => {
        const piece = written === 0 ? `child_id,event,date\n${chunk}` : chunk;
        if (!write(`${piece.length.toString(16)}\r\n${piece}\r\n`)) return;
        written += piece.length;
        if (written < 50 * 1024 * 1024) setTimeout(send, 1);
      };
      send();
    });
    // The server answers 413, drops the rest for a moment so the client reads it, then closes the socket.
    expect(res.status).toBe(413);
    expect(written).toBeLessThan(10 * 1024 * 1024); // stopped long before the 50 MB the client meant to send
    expect(server.store.getDataset('big')).toBeNull();
    const viaInject = await server.app.inject({ method: 'POST', url: '/api/datasets/big', headers: { 'content-type': 'text/csv' }, payload: Readable.from((function* () { yield 'child_id,event,date\n'; for (let i = 0; i < 10_000; i++) yield row; })()) });
    expect(viaInject.statusCode).toBe(413);
    expect(viaInject.json().error).toMatch(/larger than the 0 MiB allowed|larger than/);
  });

  it('answers a chunked upload over the limit with a 413 the client can read (not a reset), audited as a refused import', async () => {
    const row = 'C1,contact,2023-01-01\n';
    for (let attempt = 0; attempt < 3; attempt++) {
      let written = 0;
      const res = await rawPost(port, `/api/datasets/big${attempt}`, { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }, (write) => {
        const chunk = row.repeat(2000);
        const send = () => {
          const piece = written === 0 ? `child_id,event,date\n${chunk}` : chunk;
          if (!write(`${piece.length.toString(16)}\r\n${piece}\r\n`)) return;
          written += piece.length;
          if (written < 20 * 1024 * 1024) setImmediate(send);
        };
        send();
      });
      expect(res.status, `attempt ${attempt}`).toBe(413);
      expect(server.store.getDataset(`big${attempt}`)).toBeNull();
      const [entry] = server.app.auditLog.list({ action: 'import', dataset: `big${attempt}` });
      expect(entry).toMatchObject({ action: 'import', dataset: `big${attempt}`, outcome: 'refused', detail: { reason: 'too_large' } });
    }
  });

  it('refuses a multipart form or a council file over the limit with a 413 too', async () => {
    const big = Buffer.alloc(LIMITS.maxBytes + 1024, 'a');
    const form = multipart([['cin', 'big.xml', big]]);
    const chunked = (bytes: Buffer) => Readable.from((function* () { for (let i = 0; i < bytes.length; i += 8192) yield bytes.subarray(i, i + 8192); })());
    const viaForm = await server.app.inject({ method: 'POST', url: '/api/datasets/bigform', headers: { 'content-type': form.contentType }, payload: chunked(form.body) });
    expect(viaForm.statusCode).toBe(413);
    const viaBody = await server.app.inject({ method: 'POST', url: '/api/datasets/bigcin?format=cin', headers: { 'content-type': 'application/xml' }, payload: chunked(big) });
    expect(viaBody.statusCode).toBe(413);
    expect(server.app.auditLog.list({ action: 'import', dataset: 'bigform' })[0]).toMatchObject({ outcome: 'refused', detail: { reason: 'too_large' } });
  });

  it('refuses a compressed body (Content-Encoding) rather than read it as the file or inflate it past the limit', async () => {
    const { gzipSync, deflateSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(LIMITS.maxBytes * 16, 'a'));
    expect(bomb.length).toBeLessThan(LIMITS.maxBytes);
    for (const [encoding, payload] of [['gzip', bomb], ['deflate', deflateSync(makeDataset(5).csv)], ['br', Buffer.from('x')]] as const) {
      const res = await server.app.inject({ method: 'POST', url: `/api/datasets/zipped-${encoding}`, headers: { 'content-type': 'text/csv', 'content-encoding': encoding }, payload });
      expect(res.statusCode, encoding).toBe(415);
      expect(res.json().error).toMatch(/compressed upload/);
      expect(server.store.getDataset(`zipped-${encoding}`)).toBeNull();
    }
    expect(server.app.auditLog.list({ action: 'import', dataset: 'zipped-gzip' })[0]).toMatchObject({ outcome: 'refused', detail: { reason: 'compressed' } });
  });

  it('refuses a declared Content-Length over the limit before reading it', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/datasets/big', headers: { 'content-type': 'text/csv', 'content-length': String(LIMITS.maxBytes + 1) }, payload: Readable.from(['child_id,event,date\n']) });
    expect(res.statusCode).toBe(413);
  });

  it('cuts off an idle upload, and another import goes through meanwhile', async () => {
    const idle = rawPost(port, '/api/datasets/idle', { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }, (write) => {
      const start = 'child_id,event,date\nC1,contact,2023-01-01\n';
      write(`${start.length.toString(16)}\r\n${start}\r\n`); // and then nothing
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const other = await uploadCsv(server.app, 'other', makeDataset(50).csv);
    expect(other.statusCode).toBe(201);
    expect(Date.now() - started).toBeLessThan(LIMITS.idleMs); // did not wait for the idle one
    const result = await idle;
    expect(result.status).toBe(408);
    expect(result.elapsedMs).toBeLessThan(LIMITS.idleMs + 1500);
    expect(server.store.getDataset('idle')).toBeNull();
  });

  it('cuts off an upload trickling in slower than the minimum rate', async () => {
    const res = await rawPost(port, '/api/datasets/trickle', { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }, (write) => {
      write(`14\r\nchild_id,event,date\n\r\n`);
      const timer = setInterval(() => {
        if (!write('1\r\nC\r\n')) clearInterval(timer); // one byte every 100 ms: never idle, far too slow
      }, 100);
      setTimeout(() => clearInterval(timer), 10_000);
    });
    expect(res.status).toBe(408);
    expect(res.elapsedMs).toBeLessThan(3 * LIMITS.windowMs + 1000);
  });

  it('cuts off an upload still arriving after the longest an upload may take, though it keeps above the minimum rate', async () => {
    const res = await rawPost(port, '/api/datasets/steady', { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' }, (write) => {
      write(`14\r\nchild_id,event,date\n\r\n`);
      let k = 0;
      const row = () => `C${String(k++).padStart(5, '0')},contact,2023-01-02\n`;
      const timer = setInterval(() => {
        const rows = row() + row(); // 50 bytes every 100 ms: 500 a second, over the 200 floor
        if (!write(`${rows.length.toString(16)}\r\n${rows}\r\n`)) clearInterval(timer);
      }, 100);
      setTimeout(() => clearInterval(timer), 15_000);
    });
    expect(res.status).toBe(408);
    expect(res.elapsedMs).toBeGreaterThan(LIMITS.maxMs - 100);
    expect(res.elapsedMs).toBeLessThan(LIMITS.maxMs + 2_000);
  });

  it('imports several files at once, none waiting for another', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => uploadCsv(server.app, `par${n}`, makeDataset(30, n).csv)));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
  });
});

describe('deleting a dataset', () => {
  it('unpublishes it at once and purges its rows in batches, replacing likewise', async () => {
    const server = await startTestServer();
    try {
      expect((await uploadCsv(server.app, 'gone', makeDataset(300).csv)).statusCode).toBe(201);
      const id = server.store.datasetId('gone')!;
      const rows = (table: string) => server.store.db.prepare(`SELECT count(*) FROM ${table} WHERE dataset_id = ?`).pluck().get(id) as number;
      expect(rows('children')).toBe(300);
      expect(rows('dataset_identifier_parts')).toBe(1);
      expect((await server.app.inject({ method: 'DELETE', url: '/api/datasets/gone' })).statusCode).toBe(204);
      expect(server.store.getDataset('gone')).toBeNull();
      expect((await server.app.inject({ method: 'GET', url: '/api/datasets/gone/metrics' })).statusCode).toBe(404);
      await server.store.purged();
      for (const table of ['children', 'event_chunks', 'dataset_identifiers', 'dataset_identifier_parts', 'moves_cache']) expect(rows(table), table).toBe(0);
      expect(server.store.db.prepare('SELECT count(*) FROM purge_queue').pluck().get()).toBe(0);

      expect((await uploadCsv(server.app, 'swap', makeDataset(100).csv)).statusCode).toBe(201);
      const old = server.store.datasetId('swap')!;
      expect((await uploadCsv(server.app, 'swap', makeDataset(50, 2).csv)).statusCode).toBe(201);
      await server.store.purged();
      expect(server.store.db.prepare('SELECT count(*) FROM children WHERE dataset_id = ?').pluck().get(old)).toBe(0);
      expect(server.store.getDataset('swap')!.children).toBe(50);
    } finally {
      await server.close();
    }
  });
});

describe('windows', () => {
  it('a 0001-01-01 to 9999-12-31 window answers quickly and small: clipped to the dataset span', async () => {
    const server = await startTestServer();
    try {
      expect((await uploadCsv(server.app, 'w', makeDataset(200).csv)).statusCode).toBe(201);
      const { from, to } = server.store.getDataset('w')!;
      for (const view of ['flow', 'rereferrals', 'pathways', 'cohorts', 'time-in-care']) {
        const started = performance.now();
        const huge = await server.app.inject({ method: 'GET', url: `/api/datasets/w/views/${view}?from=0001-01-01&to=9999-12-31` });
        const ms = performance.now() - started;
        expect(huge.statusCode, view).toBe(200);
        expect(ms, view).toBeLessThan(3000);
        expect(huge.body.length, view).toBeLessThan(2_000_000);
        const span = await server.app.inject({ method: 'GET', url: `/api/datasets/w/views/${view}?from=${from}&to=${to}` });
        expect(huge.body, view).toBe(span.body);
      }
      const metrics = await server.app.inject({ method: 'GET', url: '/api/datasets/w/metrics?from=0001-01-01&to=9999-12-31' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body.length).toBeLessThan(20_000);
      const outside = await server.app.inject({ method: 'GET', url: '/api/datasets/w/views/flow?from=1950-01-01&to=1950-12-31' });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error).toMatch(/holds none of the dataset's dates/);
    } finally {
      await server.close();
    }
  });
});

describe('far dates on every route taking dates', () => {
  it('answers each quickly and small, clipped to the data or refused with a reason, never a 500', async () => {
    const server = await startTestServer();
    try {
      expect((await uploadCsv(server.app, 'w', makeDataset(60).csv)).statusCode).toBe(201);
      const { from, to } = server.store.getDataset('w')!;
      const routes = (d: string) => [
        `/api/datasets/w/metrics?from=${d}`,
        `/api/datasets/w/metrics?to=${d}`,
        `/api/datasets/w/stations?at=${d}`,
        `/api/datasets/w/views/flow?from=${d}`,
        `/api/datasets/w/views/flow?to=${d}`,
        `/api/datasets/w/views/pathways?to=${d}`,
        `/api/datasets/w/views/two-point?a=${d}`,
        `/api/datasets/w/views/two-point?b=${d}`,
        `/api/datasets/w/views/impact?date=${d}`,
        `/api/datasets/w/views/time-in-care?to=${d}`,
        `/api/datasets/w/views/rereferrals?from=${d}`,
        `/api/datasets/w/views/cohorts?a=sex:F&b=sex:M&to=${d}`,
        `/api/datasets/w/forecast?asOf=${d}&months=2&runs=20`,
        `/api/compare/funnel?rate=referral_nfa&from=${d}`,
        `/api/compare/funnel?rate=referral_nfa&to=${d}`,
      ];
      for (const d of ['0001-01-01', '1899-12-31', '2200-01-01', '9999-12-31']) {
        for (const url of routes(d)) {
          const started = performance.now();
          const res = await server.app.inject({ method: 'GET', url });
          expect([200, 400], `${url}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
          if (res.statusCode === 400) expect(res.json().error, url).toMatch(/\S/);
          expect(performance.now() - started, url).toBeLessThan(3000);
          expect(res.body.length, url).toBeLessThan(2_000_000);
        }
      }
      // The metrics and the funnel clip a window to the data as the views do: a window of 0001 to 9999 is the data's own.
      const metrics = async (q: string) => (await server.app.inject({ method: 'GET', url: `/api/datasets/w/metrics${q}` })).json();
      expect(await metrics('?from=0001-01-01&to=9999-12-31')).toEqual(await metrics(`?from=${from}&to=${to}`));
      const funnel = (await server.app.inject({ method: 'GET', url: '/api/compare/funnel?rate=referral_nfa&from=0001-01-01&to=9999-12-31' })).json();
      expect(funnel.window).toEqual({ from, to });
      const twoPoint = (await server.app.inject({ method: 'GET', url: '/api/datasets/w/views/two-point?a=0001-01-01&b=9999-12-31' })).json();
      expect([twoPoint.a, twoPoint.b]).toEqual([from, to]);
      // A forecast starts from a day of the data: before it there is nothing to fit.
      const early = await server.app.inject({ method: 'GET', url: '/api/datasets/w/forecast?asOf=0001-01-01&months=2&runs=20' });
      expect(early.statusCode).toBe(400);
      expect(early.json().error).toMatch(/before the data's first date/);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('memory', () => {
  it('evicts loaded datasets least recently used by bytes, and releases what was derived from them', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { openStore } = await import('../../../server/db/store.js');
    const dir = mkdtempSync(join(tmpdir(), 'journeys-memory-'));
    const probe = openStore(join(dir, 'probe.db'));
    await probe.importEventsCsv('a', Readable.from([makeDataset(200, 1).csv]));
    const oneDataset = probe.loadDataset('a')!;
    probe.close();
    // room for one dataset of this size, not two
    const weight = (Object.values(oneDataset.table).filter(ArrayBuffer.isView) as ArrayBufferView[]).reduce((s, v) => s + v.byteLength, 0);
    const store = openStore(join(dir, 'm.db'), { maxLoadedBytes: weight * 3 * 1.5 + 200 * 64 * 3 });
    try {
      await store.importEventsCsv('a', Readable.from([makeDataset(200, 1).csv]));
      await store.importEventsCsv('b', Readable.from([makeDataset(200, 2).csv]));
      const a1 = store.loadDataset('a')!;
      const derivedA = store.derived('a', 'x', () => ({ big: new Float64Array(10) }));
      expect(store.loadDataset('a')).toBe(a1);
      expect(store.derived('a', 'x', () => ({ big: new Float64Array(10) }))).toBe(derivedA);
      store.loadDataset('b'); // needs the memory: a goes
      const a2 = store.loadDataset('a')!;
      expect(a2).not.toBe(a1);
      expect(store.derived('a', 'x', () => ({ big: new Float64Array(10) }))).not.toBe(derivedA);
      // deleting releases at once
      const derivedB = store.derived('b', 'x', () => ({}));
      store.deleteDataset('b');
      expect(store.loadDataset('b')).toBeNull();
      await store.importEventsCsv('b', Readable.from([makeDataset(200, 2).csv]));
      expect(store.derived('b', 'x', () => ({}))).not.toBe(derivedB);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one upload limit for every kind of upload', () => {
  it('a multipart form follows the configured limit, not a fixed one of its own', async () => {
    const { readMultipart } = await import('../../../server/import/upload.js');
    const file = Buffer.alloc(3 * 1024 ** 2, 'a');
    const form = multipart([['cin', 'three-mb.xml', file]]);
    const read = (maxBytes: number) => readMultipart(Readable.from([form.body]), { 'content-type': form.contentType }, 'cin', maxBytes);
    await expect(read(2 * 1024 ** 2)).rejects.toMatchObject({ statusCode: 413, message: 'three-mb.xml is larger than the 2 MiB allowed' });
    const files = await read(4 * 1024 ** 2);
    expect(files.map((f) => [f.name, Buffer.concat(f.parts).length, f.size])).toEqual([['three-mb.xml', 3 * 1024 ** 2, 3 * 1024 ** 2]]);
  });

  it('JOURNEYS_MAX_UNPACK_MB reaches the workbook reader of an upload', async () => {
    const { writeXlsx } = await import('../../../server/import/common/xlsx-write.js');
    const book = writeXlsx([{ name: 'List 1', rows: [['Child Unique ID', 'Date of Contact'], ...Array.from({ length: 40_000 }, (_, i) => [`C${i}`, 44090 + (i % 300)])] }]);
    const small = await startTestServer({ uploadLimits: { maxUnpackedBytes: 2 * 1024 ** 2 } });
    try {
      const res = await small.app.inject({ method: 'POST', url: '/api/datasets/book?format=annex-a&lenient=true', headers: { 'content-type': 'application/octet-stream' }, payload: book });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatch(/JOURNEYS_MAX_UNPACK_MB/);
    } finally {
      await small.close();
    }
    const roomy = await startTestServer({ uploadLimits: { maxUnpackedBytes: 8 * 1024 ** 2 } });
    try {
      const res = await roomy.app.inject({ method: 'POST', url: '/api/datasets/book?format=annex-a&lenient=true', headers: { 'content-type': 'application/octet-stream' }, payload: book });
      expect(res.statusCode).toBe(201);
    } finally {
      await roomy.close();
    }
  }, 60_000);
});
