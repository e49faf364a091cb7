// What every response and request goes through, whatever its route: security headers (helmet's, with
// a Content-Security-Policy the built pages satisfy: no inline script or style, no eval, nothing from
// another origin; worked out once at start-up, not per request as @fastify/helmet does, which cost
// half the throughput of a cached response), a Host check (a name that is neither loopback nor configured is refused, which
// defeats DNS rebinding), an Origin check on requests that change something (a browser's cross-site
// POST or DELETE is refused: CSRF), and `Cache-Control: no-store` on everything that does not set its
// own caching (API responses hold child-level data and must not sit in a browser's cache).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import fp from 'fastify-plugin';
import type { AuditTally } from './audit/audit-tally.js';
import { ForbiddenError } from './errors.js';
import { Lru } from './lru.js';

export interface HttpGuardsOptions {
  /** host names (no port) the service answers to besides loopback ones, e.g. `journeys.council.gov.uk` */
  hostnames?: readonly string[];
  /** where refused requests are counted into the audit trail (server/audit/audit-tally.ts) */
  tally?: AuditTally;
}

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A Host header's or an origin's authority, read one way for both checks: `host[:port]` and nothing
 * else (no userinfo `@`, path, query or backslash), the host a name, an IPv4 address written in full
 * or a bracketed IPv6 one, as URL reads it and as it was written (`2130706433` or `127.999.999.999`
 * is refused, not read as some other address). Lower-cased; null when it is not such an authority.
 */
export function parseAuthority(authority: string): { hostname: string; port: string } | null {
  const text = authority.trim().toLowerCase();
  if (text === '' || /[@/\\?#\s]/.test(text)) return null;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match) return null;
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return null;
  }
  if (url.hostname !== match[1]) return null;
  return { hostname: url.hostname, port: match[2] ?? '' };
}

const crossSite = () => new ForbiddenError("a request that changes something must come from this service's own pages");

/** Whether an Origin header (`scheme://authority`) names this very host and port (default ports filled in). */
function sameOrigin(origin: string, host: string, protocol: string): boolean {
  const match = /^(https?):\/\/(.*)$/i.exec(origin.trim());
  if (!match) return false;
  const theirs = parseAuthority(match[2]!);
  const own = parseAuthority(host);
  if (theirs === null || own === null) return false;
  const port = (p: string, scheme: string) => p || (scheme === 'https' ? '443' : '80');
  // The scheme too: an https:// page is another origin than this http:// service (behind an HTTPS
  // proxy, JOURNEYS_TRUST_PROXY makes request.protocol https).
  const scheme = match[1]!.toLowerCase();
  return scheme === protocol && theirs.hostname === own.hostname && port(theirs.port, scheme) === port(own.port, protocol);
}

/**
 * What the API's routes answer with (JSON, CSV, the moves file, their errors): OWASP's set for an API, a
 * policy that lets such an answer, opened on its own, load and run nothing. About 200 bytes against the
 * pages' 790, which the client of every cached answer had to read (the request rate fell 13-17% with them,
 * README "Limits").
 */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Whether the answer is the API's, by the route that matched, never by the answer's content type: a page's
 * 304 Not Modified has none, and the browser takes a 304's headers onto the page it keeps, so the API's
 * policy on a 304 blocked every script of the page on its second load. Pages, their scripts, styles and
 * whatever matches no route keep the pages' headers.
 */
function isApiRoute(request: FastifyRequest): boolean {
  return request.routeOptions.url?.startsWith('/api/') === true;
}

/** The headers helmet sets with these options, worked out once. */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

const httpGuardsFn: FastifyPluginAsync<HttpGuardsOptions> = async (app, { hostnames = [], tally }) => {
  const allowed = new Set(hostnames.map((h) => parseAuthority(h)?.hostname ?? h.trim().toLowerCase()));
  // Every request asks about the same few Host values, and parsing one builds a URL: the verdicts are
  // kept, the 256 most recent (a client sending endless Host values keeps it small).
  const verdicts = new Lru<string, boolean>(256);
  const hostAllowed = (host: string | undefined): boolean => {
    if (host === undefined) return false;
    let verdict = verdicts.get(host);
    if (verdict === undefined) {
      const name = parseAuthority(host)?.hostname;
      verdict = name !== undefined && (LOOPBACK.test(name) || allowed.has(name));
      verdicts.set(host, verdict);
    }
    return verdict;
  };

  const headers = securityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false, // HTTPS is the reverse proxy's; it sets Strict-Transport-Security
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });

  // A refusal goes into the audit trail, counted (a flood leaves a few rows): which check, the route
  // pattern (never the URL itself), the method, how the request meant to sign in, and the address.
  const refuse = (request: FastifyRequest, reason: 'host' | 'cross_site', error: Error): never => {
    const credential = request.headers.authorization !== undefined ? 'bearer' : request.headers.cookie !== undefined ? 'cookie' : null;
    const detail = { reason, method: request.method, route: request.routeOptions.url ?? null, credential };
    // Whose session or token was used, when it is a valid one (audit a12: a refused cross-site request
    // carrying a signed-in cookie was recorded with no actor). The auth plugin decorates `identify` after
    // this one registers; a request is only refused once both are in place.
    const user = credential !== null && typeof app.identify === 'function' ? app.identify(request) : null;
    tally?.note({ actor: user?.name ?? null, role: user?.role ?? null, action: 'access', outcome: 'refused', detail, address: request.ip });
    throw error;
  };

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const host = request.headers.host;
    if (!hostAllowed(host)) refuse(request, 'host', new ForbiddenError('this service does not answer to that host name'));
    if (SAFE_METHODS.has(request.method)) return;
    // Browsers send Origin with every POST, PUT, PATCH and DELETE; other clients (curl, scripts) none,
    // and they sign in with a bearer token. A change carried by a cookie (a browser's session) needs a
    // same-origin Origin: without one nothing shows the request came from this service's pages.
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!sameOrigin(origin, host!, request.protocol) || !hostAllowed(host)) refuse(request, 'cross_site', crossSite());
    } else if (request.headers.cookie !== undefined && request.headers.authorization === undefined) {
      refuse(request, 'cross_site', crossSite());
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.headers(isApiRoute(request) ? API_HEADERS : headers);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
};

/**
 * Node's answer to a request it cannot parse (a header block over the limit: 431; a request that took too
 * long to arrive: 408; anything else: 400), with the API's security headers and no-store, which Node's own
 * answer and Fastify's default lack (audit a12e M7). Fastify calls it with the socket (Fastify's
 * `clientErrorHandler`); nothing of the request is echoed.
 */
export function clientErrorAnswer(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const message = status === 408 ? 'the request took too long to arrive' : status === 431 ? 'the request\'s headers are larger than allowed' : 'the request cannot be read';
  const body = JSON.stringify({ statusCode: status, error: STATUS_TEXT[status], message });
  if (socket.writable) {
    const headers = Object.entries({ ...API_HEADERS, 'cache-control': 'no-store' }).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\n${headers}Connection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

export const httpGuards = fp(httpGuardsFn, { fastify: '5.x', name: 'journeys-http-guards' });
