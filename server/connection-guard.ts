// Connections that never become requests. Node's HTTP server keeps a socket that sends nothing open for
// ever, and one that trickles its headers for a minute and a half (headersTimeout 60 s, checked every
// 30 s): 20,000 of them, no sign-in needed, used up the process's file descriptors and every other client
// was refused (audit a12 finding 2). Here a socket must begin a request within `firstRequestMs`, a
// request's headers must be complete within `headersMs`, and one address may hold at most
// `maxPerAddress` sockets at once (not behind a reverse proxy, whose address all clients share and whose
// own limits apply: README "Running it for real").
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './address-key.js';

export interface ConnectionLimits {
  /** a new socket that has not begun a request by then is closed. @default 10,000 */
  firstRequestMs: number;
  /** a request whose headers are not complete by then gets 408 and is closed (Node's headersTimeout). @default 10,000 */
  headersMs: number;
  /** sockets one client address may hold at once; 0 = no cap. @default 256 */
  maxPerAddress: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { firstRequestMs: 10_000, headersMs: 10_000, maxPerAddress: 256 };

export function guardConnections(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.headersMs;
  const open = new Map<string, number>();
  const waiting = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket: Socket) => {
    // An IPv6 client counts by its /64 (audit a12b: by its full address, one host had 2^64 caps).
    const address = addressKey(socket.remoteAddress ?? '');
    const held = (open.get(address) ?? 0) + 1;
    if (limits.maxPerAddress > 0 && held > limits.maxPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, held);
    const timer = setTimeout(() => socket.destroy(), limits.firstRequestMs);
    timer.unref();
    waiting.set(socket, timer);
    socket.once('close', () => {
      clearTimeout(timer);
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  // The socket's first request has begun and its headers are in: from here Node's own timeouts
  // (headersTimeout for the next request, keepAliveTimeout between them) apply.
  server.on('request', (request) => {
    const timer = waiting.get(request.socket);
    if (timer) {
      clearTimeout(timer);
      waiting.delete(request.socket);
    }
  });
}

/** Limits from the environment (JOURNEYS_FIRST_REQUEST_MS, JOURNEYS_HEADERS_MS, JOURNEYS_MAX_CONNECTIONS_PER_ADDRESS). */
export function connectionLimitsFromEnv(env: NodeJS.ProcessEnv): ConnectionLimits {
  const read = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of 0 or more, not "${text}"`);
    return value;
  };
  return {
    firstRequestMs: read('JOURNEYS_FIRST_REQUEST_MS', DEFAULT_CONNECTION_LIMITS.firstRequestMs),
    headersMs: read('JOURNEYS_HEADERS_MS', DEFAULT_CONNECTION_LIMITS.headersMs),
    maxPerAddress: read('JOURNEYS_MAX_CONNECTIONS_PER_ADDRESS', DEFAULT_CONNECTION_LIMITS.maxPerAddress),
  };
}
