// Authentication and roles, applied where each route is registered. Every route of the app (those of
// plugins registered later included) gets an onRequest check at registration (the onRoute hook); the
// access it needs comes from its registration (`grant`, below) or, when that says nothing, from
// defaultAccess: GET needs an analyst, anything else an admin. Nothing here looks at the URL, so an
// encoded, doubled or case-varied path reaches the same route and the same check, or no route.
//
// Authentication is on exactly when the database holds a user. Then a request is signed in by an
// `Authorization: Bearer <token>` header or the session cookie, and its role decides `exactCounts`.
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginOptions, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { sitePath } from '../../core/site-path.js';
import { ApiError, ForbiddenError, UnauthorizedError } from '../errors.js';
import type { AuditTally } from '../audit/audit-tally.js';
import type { Accounts, User } from './accounts.js';
import { allows, defaultAccess, seesExactCounts, type Access, type Role } from './roles.js';

export const SESSION_COOKIE = 'journeys_session';
/** How the service tells its compute worker whether a request gets exact figures (worker only). */
export const EXACT_COUNTS_HEADER = 'x-journeys-exact-counts';

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in person, null when nobody is (or authentication is off) */
    user: User | null;
  }
  interface FastifyContextConfig {
    /** the least role a route needs, or 'public' */
    access?: Access;
    /** an HTML page: an anonymous visitor is sent to the sign-in page rather than given a 401 */
    page?: boolean;
    /** exact counts while authentication is off (see Grant.exactWithoutSignIn) */
    exactWithoutSignIn?: boolean;
    /** the route reads its body under the upload limits itself (the import): the app's guardEveryBody leaves it */
    ownBodyGuard?: boolean;
  }
  interface FastifyInstance {
    /** who is making a request (for handlers outside the route checks: the 404 handler) */
    identify(request: FastifyRequest): User | null;
    /** whether authentication is on (the database holds a user) */
    authOn(): boolean;
  }
}

export interface AuthOptions {
  accounts: Accounts;
  /**
   * refuse every non-public route while no user exists: the service is configured for other hosts (it
   * listens beyond loopback, has a public host name or a trusted proxy). Without it, no users still
   * serves only requests that come straight from this machine (reachedDirectly).
   */
  requireUsers: boolean;
  /** the compute worker's app: the service has checked the request; it says whether counts are exact */
  insideWorker?: boolean;
  /** where refused requests are counted into the audit trail: credentials that name nobody (401), a role's refused action (403) */
  tally?: AuditTally;
}

/** The session id in a Cookie header, if any. */
export function sessionCookie(header: string | undefined): string | null {
  return cookieValue(header, SESSION_COOKIE);
}

/** The value of the cookie `name` in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * Whether a URL the pages answered (no API route matched it exactly) was written to reach the API:
 * `/API/…`, `//api`, `/api/../api`, `/%61pi`, `/%2Fapi`. Such a request gets the API's 401, not the
 * sign-in page, so every spelling of an API path answers alike.
 */
export function meantForApi(url: string): boolean {
  let path = url.split('?')[0]!;
  for (let i = 0; i < 3; i++) {
    try {
      const decoded = decodeURIComponent(path);
      if (decoded === path) break;
      path = decoded;
    } catch {
      break;
    }
  }
  const parts: string[] = [];
  for (const part of path.toLowerCase().replace(/\\/g, '/').split('/')) {
    const segment = part.replace(/[\u0000-\u0020;].*$/s, '');
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts[0] === 'api';
}

/** Headers a reverse proxy adds: a request carrying one did not come straight from this machine's user. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'] as const;

/** Whether the request's socket comes from this machine and no proxy forwarded it. */
export function reachedDirectly(request: FastifyRequest): boolean {
  const peer = (request.raw.socket.remoteAddress ?? '').toLowerCase().replace(/^::ffff:/, '');
  if (!(peer === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(peer))) return false;
  return FORWARDING_HEADERS.every((h) => request.headers[h] === undefined);
}

export function noUsersError(configuredForOthers: boolean): ApiError {
  const why = configuredForOthers
    ? 'this service is set up for other hosts (HOST, JOURNEYS_HOSTNAME or JOURNEYS_TRUST_PROXY) and has no users, so it serves nothing'
    : 'this service has no users, so it serves nothing but requests made directly on its own machine';
  return new ApiError(503, 'NO_USERS', `${why}: an administrator adds one with \`npm run -s cli -- users add --db FILE --name NAME --role admin\``);
}

function bearer(header: string | undefined): string | null {
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}

const authPluginFn: FastifyPluginAsync<AuthOptions> = async (app, { accounts, requireUsers, insideWorker = false, tally }) => {
  app.decorateRequest('user', null);

  const identify = (request: FastifyRequest): User | null => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = bearer(authorization);
      return token === null ? null : accounts.byToken(token);
    }
    const session = sessionCookie(request.headers.cookie);
    return session === null ? null : accounts.bySession(session);
  };
  app.decorate('identify', identify);
  app.decorate('authOn', () => accounts.any());

  async function authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (insideWorker) {
      request.exactCounts = request.headers[EXACT_COUNTS_HEADER] === '1';
      return;
    }
    const config = request.routeOptions.config;
    const access = config.access ?? defaultAccess(request.method);
    if (!accounts.any()) {
      // Authentication off is for this machine's own direct requests: a service configured for others
      // (requireUsers), or a request from elsewhere or through a proxy, gets nothing.
      if (access !== 'public' && (requireUsers || !reachedDirectly(request))) throw noUsersError(requireUsers);
      // Authentication off (loopback only): exactCounts keeps the app's default, except where the
      // route's registration says the same caller can read the children anyway.
      if (config.exactWithoutSignIn === true) request.exactCounts = true;
      return;
    }
    const user = identify(request);
    request.user = user;
    request.exactCounts = user !== null && seesExactCounts(user.role);
    if (access === 'public') return;
    if (user === null) {
      // A token or session cookie that names nobody: a guessed or forged credential, or a session that ended.
      const credential = request.headers.authorization !== undefined ? 'bearer' : sessionCookie(request.headers.cookie) !== null ? 'session' : null;
      if (credential !== null) {
        tally?.note({ actor: null, role: null, action: 'access', outcome: 'failed', detail: { reason: 'bad_credential', credential }, address: request.ip });
      }
      if (config.page === true && (request.method === 'GET' || request.method === 'HEAD') && !meantForApi(request.url)) {
        const next = encodeURIComponent(sitePath(request.url));
        return reply.redirect(`/signin.html?next=${next}`, 302);
      }
      throw new UnauthorizedError('sign in first (POST /api/session), or send Authorization: Bearer <your API token>');
    }
    if (!allows(user.role, access)) {
      const detail = { reason: 'role', needs: access, method: request.method, route: request.routeOptions.url ?? null };
      tally?.note({ actor: user.name, role: user.role, action: 'access', outcome: 'refused', detail, address: request.ip });
      throw new ForbiddenError(`this needs the ${access} role; you are signed in as ${user.role === 'admin' || user.role === 'analyst' ? 'an' : 'a'} ${user.role}`);
    }
  }

  app.addHook('onRoute', (route: RouteOptions) => {
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [authorize, ...existing];
  });
};

export const authPlugin = fp(authPluginFn, { fastify: '5.x', name: 'journeys-auth' });

export interface Grant {
  /** access of GET and HEAD routes */
  read: Access;
  /** access of every other method; @default 'admin' */
  write?: Access;
  /** the routes are HTML pages (anonymous visitors are sent to sign in) */
  page?: boolean;
  /**
   * Aggregates that answer exactly while authentication is off, whatever the app's exactCounts: then
   * the same caller reads the moves (every child's steps), so suppressing the map's station counts or
   * the metrics would hide nothing and only make them disagree with the dots. A signed-in viewer gets
   * them under the disclosure policy all the same.
   */
  exactWithoutSignIn?: boolean;
}

/**
 * `plugin`, registered so that each of its routes needs `grant`'s access (unless the route names its
 * own in `config.access`). Use it in app.ts for every route plugin.
 */
export function grant<O extends FastifyPluginOptions>(plugin: FastifyPluginAsync<O>, access: Grant): FastifyPluginAsync<O> {
  const granted: FastifyPluginAsync<O> = async (scope: FastifyInstance, options: O) => {
    scope.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const reads = methods.every((m) => m === 'GET' || m === 'HEAD');
      route.config = {
        ...route.config,
        access: route.config?.access ?? (reads ? access.read : (access.write ?? 'admin')),
        ...(access.page ? { page: true } : {}),
        ...(access.exactWithoutSignIn ? { exactWithoutSignIn: true } : {}),
      };
    });
    await scope.register(plugin, options);
  };
  return granted;
}

export type { Access, Role };
