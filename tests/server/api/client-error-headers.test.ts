// Requests Node cannot parse are answered by Node itself, before any route or hook: a header block over
// the limit (431) or a malformed request line (400). Those answers carried none of the security headers
// (audit a12e M7: a 20 KB header gave 431 with only Content-Type); now they carry the API's, and no-store.
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { openStore, type Store } from '../../../server/db/store.js';

/** What the server answers to `request` sent raw on a socket. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', (e) => (answer === '' ? reject(e) : resolve(answer)));
  });
}

function headersOf(answer: string): Map<string, string> {
  const head = answer.slice(0, answer.indexOf('\r\n\r\n')).split('\r\n').slice(1);
  return new Map(head.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
}

describe("Node's own answers to requests it cannot read", () => {
  const dir = mkdtempSync(join(tmpdir(), 'client-error-'));
  let store: Store;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let port: number;
  beforeAll(async () => {
    store = openStore(join(dir, 'db.sqlite'));
    app = await buildApp({ store, clientDir: join(dir, 'none') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a header block over the limit: 431 with the security headers and no-store, nothing of the request echoed', async () => {
    const answer = await raw(port, `GET /api/datasets HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'s3cret-child-A1'.repeat(2000)}\r\n\r\n`);
    expect(answer.startsWith('HTTP/1.1 431 ')).toBe(true);
    const headers = headersOf(answer);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(answer).not.toMatch(/s3cret/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ statusCode: 431 });
  });

  it('a request line that is no HTTP: 400 with the same headers', async () => {
    const answer = await raw(port, 'NOT A REQUEST\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 400 ')).toBe(true);
    expect(headersOf(answer).get('x-content-type-options')).toBe('nosniff');
    expect(headersOf(answer).get('cache-control')).toBe('no-store');
  });
});
