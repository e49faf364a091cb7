// Sockets that never become requests cannot take the service down (audit a12 finding 2: 20,400 sockets
// that never finished their headers, no sign-in needed, used up every file descriptor and every other
// client was refused for as long as they were held; one that sent nothing was still open after 420 s).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { startTestServer, type TestServer } from './harness.js';
import { connectionLimitsFromEnv } from '../../../server/connection-guard.js';

let server: TestServer;
let port: number;
const sockets: Socket[] = [];

beforeEach(async () => {
  server = await startTestServer({ connectionLimits: { firstRequestMs: 500, headersMs: 500, maxPerAddress: 20 } });
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(address).port);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server.close();
});

/** Opens a socket and resolves once connected; `closed` resolves with the ms it stayed open. */
function open(): Promise<{ socket: Socket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => undefined);
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).status;
const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still open'> => Promise.race([promise, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);

it('closes a socket that sends nothing, and one that trickles its headers, soon after the limit', async () => {
  const silent = await open();
  const trickling = await open();
  trickling.socket.write('GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  const timer = setInterval(() => trickling.socket.write('X-a: b\r\n'), 100);
  try {
    const [a, b] = await Promise.all([within(silent.closed, 5_000), within(trickling.closed, 5_000)]);
    expect(a).not.toBe('still open');
    expect(b).not.toBe('still open');
    expect(a as number).toBeGreaterThanOrEqual(400);
  } finally {
    clearInterval(timer);
  }
});

it('caps the sockets one address holds, and answers others again once they are gone', async () => {
  const held = await Promise.all(Array.from({ length: 30 }, () => open()));
  // the 10 beyond the cap are closed at once, long before the first-request limit
  const early = await Promise.all(held.map((h) => within(h.closed, 300)));
  expect(early.filter((c) => c !== 'still open').length).toBeGreaterThanOrEqual(10);
  // the rest go at the first-request limit; then the service answers as before
  await Promise.all(held.map((h) => within(h.closed, 5_000)));
  expect(await get('/api/session')).toBe(200);
});

it('leaves a socket that sends a request on time alone, and keeps it for the next request', async () => {
  const { socket, closed } = await open();
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  socket.write('GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await new Promise((r) => setTimeout(r, 800));
  expect(answer).toMatch(/^HTTP\/1\.1 200/);
  expect(await within(closed, 10)).toBe('still open');
});

it('reads the limits from the environment and refuses a value that is not a whole number', () => {
  expect(connectionLimitsFromEnv({ JOURNEYS_MAX_CONNECTIONS_PER_ADDRESS: '64' })).toEqual({ firstRequestMs: 10_000, headersMs: 10_000, maxPerAddress: 64 });
  expect(() => connectionLimitsFromEnv({ JOURNEYS_HEADERS_MS: 'soon' })).toThrow(/JOURNEYS_HEADERS_MS/);
});

it('closes the connection after refusing a request whose declared body never comes', async () => {
  await server.app.accounts.add('ada', 'admin', 'correct horse battery staple');
  const { socket, closed } = await open();
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  socket.write('POST /api/datasets/kent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: 100000000\r\n\r\nchild_id,event,date\n');
  const result = await within(closed, 3_000);
  expect(result).not.toBe("still open");
  expect(answer).toMatch(/^HTTP\/1\.1 401/);
});
