// The HTTP service as a Fastify instance, without listening (tests call `inject`; main.ts listens).
// Maps are validated and their tracks computed here, at boot; routes are encapsulated plugins, one
// per resource, each registered with the access it needs (`grant`: see server/auth/auth-plugin.ts);
// one error handler shapes every error response.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { strictObject } from '../core/zod.js';
import type { Store } from './db/store.js';
import { createAuditLog } from './audit/audit-log.js';
import { auditPlugin } from './audit/audit-plugin.js';
import { AuditTally } from './audit/audit-tally.js';
import { createAccounts, type Accounts } from './auth/accounts.js';
import { authPlugin, grant } from './auth/auth-plugin.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { createNameCountStore } from './auth/login-counts.js';
import type { OidcConfig } from './auth/oidc.js';
import { errorHandler, UnauthorizedError } from './errors.js';
import { startComputePool, startLazyComputePool, type ComputePool } from './compute/compute-pool.js';
import { offload } from './compute/offload.js';
import { clientErrorAnswer, httpGuards } from './http-guards.js';
import { DEFAULT_UPLOAD_LIMITS, guardEveryBody, type UploadLimits } from './upload-guard.js';
import type { SpoolLimits } from './upload-spool.js';
import { loadMapsRegistry, type MapsRegistry } from './maps-registry.js';
import { createMovesCache, type MovesCache } from './moves-cache.js';
import { carePeriodsRoutes } from './routes/care-periods.js';
import { datasetsRoutes } from './routes/datasets.js';
import { forecastRoutes } from './routes/forecast.js';
import { mapsRoutes } from './routes/maps.js';
import { auditRoutes } from './routes/audit.js';
import { childTimelineRoutes } from './routes/child-timeline.js';
import { markersRoutes } from './routes/markers.js';
import { metricsRoutes } from './routes/metrics.js';
import { movesRoutes } from './routes/moves.js';
import { qualityRoutes } from './routes/quality.js';
import { oidcRoutes } from './routes/oidc.js';
import { sessionRoutes } from './routes/session.js';
import { stationsRoutes } from './routes/stations.js';
import { staticRoutes } from './routes/static.js';
import { syntheticReportRoutes } from './routes/synthetic-report.js';
import { viewsRoutes } from './routes/views/index.js';
import { zodValidatorCompiler } from './zod-provider.js';
import { DEFAULT_CONNECTION_LIMITS, guardConnections, type ConnectionLimits } from './connection-guard.js';

/** The query of an API route that takes none. */
const NO_QUERY = strictObject({});

export interface AppOptions {
  store: Store;
  /** folder of map JSON files; default `maps/` of the project */
  mapsDir?: string;
  /** false (default), true, or pino options such as `{ level, stream }` */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  /** built browser client; default `client/dist` of the project */
  clientDir?: string;
  /**
   * Whether a request gets exact figures rather than small numbers suppressed, when nobody is signed
   * in (authentication off); a signed-in person's role decides otherwise. @default false
   */
  exactCounts?: boolean;
  /** refuse every non-public route while the database has no user (set when listening beyond loopback) */
  requireUsers?: boolean;
  /** host names the service answers to besides loopback (the reverse proxy's public name) */
  hostnames?: readonly string[];
  /**
   * How many reverse proxies in front to trust for X-Forwarded-For/-Proto (the client address and the
   * Secure cookie): the client is the address the last of them saw, never one a client wrote itself
   * further left. 0 or absent: none. A list of addresses (or CIDR ranges) trusts the hops whose
   * address is on it and no others (as Fastify's trustProxy does): a client that reaches the port
   * directly is then its own address whatever it writes into X-Forwarded-For. @default 0
   */
  trustProxy?: number | readonly string[];
  /** sign-in rate limiter (tests pass their own) */
  loginLimiter?: LoginLimiter;
  /** size, idle and rate limits of uploads, and how many are received at once; defaults in server/upload-guard.ts */
  uploadLimits?: Partial<UploadLimits & SpoolLimits>;
  /**
   * Hand the heavy requests (views, metrics, first builds of moves) to a worker thread, so that no
   * cold computation stalls the event loop (main.ts turns this on). @default false
   */
  computeWorker?: boolean;
  /** single sign-on with the council's identity provider (server/auth/oidc.ts); off when absent */
  oidc?: OidcConfig;
  /** this app is the compute worker's own (server/compute/): no sign-in, exactCounts from the service */
  insideWorker?: boolean;
  /**
   * How long a socket may take to begin a request and to send its headers, and how many one address may
   * hold (server/connection-guard.ts; the per-address cap is off behind a trusted proxy). @default DEFAULT_CONNECTION_LIMITS
   */
  connectionLimits?: Partial<ConnectionLimits>;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    maps: MapsRegistry;
    movesCache: MovesCache;
    accounts: Accounts;
    /** the compute workers (null without them): views and the rest, and the synthetic report's */
    computePools: { views: ComputePool | null; report: ComputePool | null };
  }
  interface FastifyRequest {
    /** true: this request may see exact counts; false: small numbers are suppressed (core/disclosure); see AppOptions.exactCounts */
    exactCounts: boolean;
    /** the service is configured behind a trusted reverse proxy (AppOptions.trustProxy): its cookies are always Secure */
    behindProxy: boolean;
  }
}

const projectPath = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const maps = await loadMapsRegistry(options.mapsDir ?? projectPath('maps'));
  // The workers hold datasets loaded too, each within the service's own limit (JOURNEYS_MAX_LOADED_MB).
  const setup = { dbPath: store.path, keyFile: store.keyFile, maxLoadedBytes: store.maxLoadedBytes, ...(options.mapsDir ? { mapsDir: options.mapsDir } : {}) };
  const pool = options.computeWorker === true ? startComputePool(setup) : null;
  // The synthetic report keeps a worker busy for seconds: a worker of its own, started when first asked for.
  const reportPool = pool ? startLazyComputePool(setup) : null;
  if (reportPool) store.onChange((name) => reportPool.evict(name));
  const movesCache = createMovesCache(store, maps, pool ? { fetch: (dataset, mapId) => pool.moves(dataset, mapId) } : {});
  if (pool) {
    store.onChange((name) => pool.evict(name));
    await pool.ready();
  }

  const accounts = createAccounts(store.db);
  // Inside the compute worker the service has already audited the request.
  const auditLog = options.insideWorker === true ? { record: () => undefined, running: () => undefined, settle: () => undefined, opened: () => undefined, closed: () => undefined, settleInterrupted: () => undefined, list: () => [] } : createAuditLog(store.db);

  const trust = options.trustProxy ?? 0;
  // A number: hop i (0: the socket's peer) is trusted to report the one before it, whoever it is (the
  // service then listens on loopback only: server/main.ts). Fastify's own numeric trustProxy trusts
  // nothing, and `true` trusts every hop, which lets a client name its own address. A list: only those
  // addresses are trusted (proxy-addr).
  const trustProxy = typeof trust === 'number' ? (trust > 0 ? (_address: string, hop: number) => hop < trust : false) : trust.length > 0 ? [...trust] : false;
  // Request lines in the log name no child: the route's pattern, not the path typed (loggedUrl).
  const clientDir = options.clientDir ?? projectPath('client/dist');
  const clientFiles = clientFilePaths(clientDir);
  const logger = options.logger === undefined || options.logger === false ? false : { ...(options.logger === true ? {} : options.logger), serializers: { req: (request: FastifyRequest) => logRequest(request, clientFiles) } };
  const app = Fastify({ logger, trustProxy, clientErrorHandler: clientErrorAnswer });
  if (options.insideWorker !== true) {
    const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connectionLimits };
    // behind a proxy every client shares its address: the proxy's own limits apply there
    guardConnections(app.server, trustProxy === false ? limits : { ...limits, maxPerAddress: 0 });
  }
  if (pool) app.addHook('onClose', async () => pool.close());
  if (reportPool) app.addHook('onClose', async () => reportPool.close());
  app.setValidatorCompiler(zodValidatorCompiler);
  // An API route that takes no query refuses one (a typo such as `?frm=` answered as if asked for nothing), as
  // the routes with a query refuse a parameter they do not take (core/zod.ts strictObject).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.schema?.querystring === undefined) route.schema = { ...route.schema, querystring: NO_QUERY };
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    // With authentication on, an anonymous caller learns nothing, not even which routes exist.
    if (app.authOn() && app.identify(request) === null) throw new UnauthorizedError('sign in first');
    void reply.status(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
  app.decorate('store', store);
  app.decorate('maps', maps);
  app.decorate('movesCache', movesCache);
  app.decorate('accounts', accounts);
  app.decorate('computePools', { views: pool, report: reportPool });
  app.decorateRequest('exactCounts', options.exactCounts ?? false);
  app.decorateRequest('behindProxy', trustProxy !== false);
  const tally = new AuditTally(auditLog);
  auditLog.settleInterrupted(); // imports the last run of the service died during
  app.addHook('preClose', async () => tally.close());
  await app.register(httpGuards, { hostnames: options.hostnames ?? [], tally });
  // Before any route: every route registered after this gets its access check (server/auth/).
  await app.register(authPlugin, { accounts, requireUsers: options.requireUsers ?? false, insideWorker: options.insideWorker === true, tally });
  await app.register(auditPlugin, { log: auditLog, tally });

  // Every body under the upload's idle and rate limits (408), read by whatever route (the import guards its own).
  const uploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...options.uploadLimits };
  app.addHook('preParsing', guardEveryBody(uploadLimits));

  await app.register(grant(sessionRoutes, { read: 'public', write: 'public' }), { accounts, audit: auditLog, tally, oidc: options.oidc !== undefined, limiter: options.loginLimiter ?? (options.insideWorker === true ? new LoginLimiter() : new LoginLimiter({}, Date.now, createNameCountStore(store.db))) });
  if (options.oidc) await app.register(grant(oidcRoutes, { read: 'public' }), { accounts, audit: auditLog, config: options.oidc });
  await app.register(grant(datasetsRoutes, { read: 'viewer', write: 'admin', exactWithoutSignIn: true }), { store, uploadLimits });
  await app.register(grant(mapsRoutes, { read: 'viewer' }), { maps });
  await app.register(grant(offload(metricsRoutes, pool, store), { read: 'viewer', exactWithoutSignIn: true }), { store });
  await app.register(grant(movesRoutes, { read: 'analyst' }), { moves: movesCache });
  await app.register(grant(markersRoutes, { read: 'viewer', write: 'analyst' }), { store });
  await app.register(grant(auditRoutes, { read: 'admin' }), { audit: auditLog });
  await app.register(grant(childTimelineRoutes, { read: 'analyst', write: 'analyst' }), { store, pool });
  await app.register(grant(qualityRoutes, { read: 'analyst' }), { store });
  await app.register(grant(offload(stationsRoutes, pool, store), { read: 'viewer', exactWithoutSignIn: true }), { store, maps });
  await app.register(grant(offload(viewsRoutes, pool, store), { read: 'viewer', exactWithoutSignIn: true }), { store, maps });
  await app.register(grant(offload(syntheticReportRoutes, reportPool, store), { read: 'viewer' }), { store });
  await app.register(grant(offload(carePeriodsRoutes, pool, store), { read: 'analyst' }), { store });
  // Analyst: the forecast's starting stock is the exact 'who is where' on asOf; no disclosure policy for forecasts yet.
  await app.register(grant(forecastRoutes, { read: 'analyst', write: 'analyst' }), { store, maps });
  await app.register(staticRoutes, { clientDir });
  return app;
}

/**
 * The URL as the log shows it: the pattern of the route it reached, never the path typed
 * (`/api/datasets/:name/stations/:station/children`, not the dataset's name nor the station asked for), and the
 * query string's parameter names, never their values (loggedQuery). A careless client may put a child's
 * identifier in any free segment or parameter (aud12, issue 12's audit O4: a dataset's name, a station, a
 * scenario's or a marker's id were logged whole), and the log is kept longer and read more widely than the
 * audit trail, which names the dataset where it matters. A wildcard route's path (the client's files under
 * `/*`) is named only when it is one of the files the client was built with (`clientFiles`, as
 * `/views.html`); any other path, and a path no route knows, is `[path not logged]`.
 */
export function loggedUrl(url: string, route: string | undefined, clientFiles: ReadonlySet<string> = new Set()): string {
  const { path, query } = splitUrl(url);
  const shown = route !== undefined && !route.includes('*') ? route : clientFiles.has(path) ? path : '[path not logged]';
  return `${shown}${loggedQuery(query)}`;
}

/** A URL's path, and what follows its first `?` or `#` (null when there is neither). */
function splitUrl(url: string): { path: string; query: string | null } {
  const q = url.search(/[?#]/);
  return q < 0 ? { path: url, query: null } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/**
 * A query string as the log shows it: `?` and the parameters' names, every value left out. A name is kept
 * when it looks like one of the API's (from, cohortA, replaceWithEmpty): a bare `?K1234` or a made-up name
 * is a value too. Empty when the URL has no query.
 */
function loggedQuery(query: string | null): string {
  if (query === null) return '';
  const names = query
    .split(/[&#]/)
    .filter(Boolean)
    .map((pair) => {
      const name = pair.includes('=') ? pair.slice(0, pair.indexOf('=')) : '';
      return /^[a-z][A-Za-z]{0,19}$/.test(name) ? `${name}=…` : '…';
    });
  return `?${names.join('&')}`;
}

/**
 * The paths of the built client's files (`/views.html`, `/assets/views-DuRyKn3o.js`; `/` for its index), read
 * once when the service starts: the only paths under the static files' wildcard routes the log names.
 */
function clientFilePaths(clientDir: string): Set<string> {
  if (!existsSync(clientDir)) return new Set();
  const files = readdirSync(clientDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const paths = new Set(files.map((entry) => `/${relative(clientDir, join(entry.parentPath, entry.name)).split(sep).join('/')}`));
  if (paths.has('/index.html')) paths.add('/');
  return paths;
}

/** The request as the log shows it (Fastify's own fields, the URL as loggedUrl shows it). */
function logRequest(request: FastifyRequest, clientFiles: ReadonlySet<string>): Record<string, unknown> {
  return { method: request.method, url: loggedUrl(request.url, request.routeOptions?.url, clientFiles), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}
