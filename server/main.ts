// The service entry point (`npm start`): opens the database, loads the demo dataset into an empty one,
// listens, and closes cleanly on SIGINT/SIGTERM. Beyond loopback it refuses to start while the
// database has no user (with a user, every route needs a signed-in person with the right role); with a
// public host name or a trusted proxy and no user, it starts but refuses every request (NO_USERS).
import { connectionLimitsFromEnv } from './connection-guard.js';
import { isIP } from 'node:net';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { oidcConfigFromEnv } from './auth/oidc.js';
import { buildApp } from './app.js';
import { positiveFromEnv } from './env-number.js';
import { openStore, type Store } from './db/store.js';
import { removeStaleSpools } from './upload-spool.js';

export interface StartOptions {
  /** database file; default env JOURNEYS_DB or data/journeys.db */
  dbPath?: string;
  /** default env PORT or 3000 */
  port?: number;
  /** default env HOST or 127.0.0.1 */
  host?: string;
  /** host names the service answers to besides loopback; default env JOURNEYS_HOSTNAME (comma-separated) */
  hostnames?: string[];
  /**
   * the reverse proxies in front to trust for X-Forwarded-*: their addresses (or CIDR ranges), or how many
   * (loopback HOST only); default env JOURNEYS_TRUST_PROXY (a comma-separated list, or a number; 0 when unset)
   */
  trustProxy?: number | readonly string[];
  /** exact figures while nobody is signed in (authentication off); default env JOURNEYS_EXACT_COUNTS=1 */
  exactCounts?: boolean;
  logger?: boolean;
  /** build the browser client first when it is missing or out of date; default true */
  buildClient?: boolean;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export async function startServer(options: StartOptions = {}): Promise<FastifyInstance> {
  const dbPath = resolve(options.dbPath ?? process.env.JOURNEYS_DB ?? 'data/journeys.db');
  const port = options.port ?? parsePort(process.env.PORT ?? '3000');
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const hostnames = options.hostnames ?? (process.env.JOURNEYS_HOSTNAME ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const trustProxy = options.trustProxy ?? parseTrustProxy(process.env.JOURNEYS_TRUST_PROXY);
  const trusting = typeof trustProxy === 'number' ? trustProxy > 0 : trustProxy.length > 0;
  // A count trusts whoever is the socket's peer: beyond loopback, a client reaching the port directly
  // would write its own audit and sign-in-limit address into X-Forwarded-For.
  if (!loopback && typeof trustProxy === 'number' && trustProxy > 0) {
    throw new Error(
      `refusing to listen on ${host} with JOURNEYS_TRUST_PROXY=${trustProxy}: a client reaching the port directly could name its own address in X-Forwarded-For; ` +
        'give the proxies\' addresses instead (JOURNEYS_TRUST_PROXY=10.0.0.5 or 10.0.0.5,127.0.0.1), or use HOST=127.0.0.1',
    );
  }
  const exactCounts = options.exactCounts ?? process.env.JOURNEYS_EXACT_COUNTS === '1';
  const maxUploadMb = positiveFromEnv('JOURNEYS_MAX_UPLOAD_MB');
  const maxUnpackMb = positiveFromEnv('JOURNEYS_MAX_UNPACK_MB');
  const oidc = oidcConfigFromEnv(process.env);
  const maxLoadedMb = positiveFromEnv('JOURNEYS_MAX_LOADED_MB');
  const maxImportMb = positiveFromEnv('JOURNEYS_MAX_IMPORT_MB');
  const importThreads = positiveFromEnv('JOURNEYS_IMPORT_THREADS', 'threads');
  const maxUploadMinutes = positiveFromEnv('JOURNEYS_MAX_UPLOAD_MINUTES', 'minutes');

  if (options.buildClient ?? true) {
    // Loaded only when needed: Vite is a build tool, not part of serving.
    const { ensureClientBuilt } = await import('./client-build.js');
    await ensureClientBuilt();
  }
  if (!loopback && !existsSync(dbPath)) throw noUsersError(host);
  await mkdir(dirname(dbPath), { recursive: true });
  await removeStaleSpools(dirname(dbPath)); // uploads a crash cut short (server/upload-spool.ts)
  const store = openStore(dbPath, {
    ...(maxLoadedMb === undefined ? {} : { maxLoadedBytes: maxLoadedMb * 1024 ** 2 }),
    ...(maxImportMb === undefined ? {} : { importHeapMb: maxImportMb }),
    ...(importThreads === undefined ? {} : { maxImportThreads: importThreads }),
  });
  let app: FastifyInstance;
  try {
    app = await buildApp({
      store,
      logger: options.logger ?? true,
      // Configured for anyone but this machine: then no user means nothing is served (503 NO_USERS),
      // checked per request, so removing the last user from a running service closes it, not opens it.
      requireUsers: !loopback || hostnames.length > 0 || trusting,
      hostnames,
      trustProxy,
      exactCounts,
      computeWorker: true,
      connectionLimits: connectionLimitsFromEnv(process.env),
      ...(oidc ? { oidc } : {}),
      uploadLimits: {
        ...(maxUploadMb === undefined ? {} : { maxBytes: maxUploadMb * 1024 ** 2 }),
        ...(maxUnpackMb === undefined ? {} : { maxUnpackedBytes: maxUnpackMb * 1024 ** 2 }),
        ...(maxUploadMinutes === undefined ? {} : { maxMs: maxUploadMinutes * 60_000 }),
      },
    });
    if (!loopback && !app.accounts.any()) throw noUsersError(host);
    if (!app.accounts.any() && (hostnames.length > 0 || trusting)) {
      app.log.warn('the database has no user: every request is refused (503 NO_USERS) until an administrator adds one with `npm run -s cli -- users add`');
    }
  } catch (error) {
    store.close();
    throw error;
  }
  app.addHook('onClose', async () => store.close());
  try {
    if (store.listDatasets().length === 0) await importDemo(store, app);
    const address = await app.listen({ port, host });
    console.log(`Child-journey tube map: ${address}/`);
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

function noUsersError(host: string): Error {
  return new Error(
    `refusing to listen on ${host}: child-level data beyond this machine needs people to sign in, and the database has no user; ` +
      'add one with `npm run -s cli -- users add --db FILE --name NAME --role admin` or use HOST=127.0.0.1',
  );
}

/** A fresh database gets the synthetic demo council, so `npm start` shows something on a new clone. */
async function importDemo(store: Store, app: FastifyInstance): Promise<void> {
  // Loaded only when needed: the generator is not part of a normal start.
  const { writeDemoCsv } = await import('../synth/demo.js');
  const dir = await mkdtemp(join(tmpdir(), 'journeys-demo-'));
  try {
    const file = join(dir, 'demo.csv');
    await writeDemoCsv(file);
    const report = await store.importEventsCsv('demo', createReadStream(file), { fileName: 'demo.csv' });
    app.log.info({ rows: report.rows, imported: report.imported, rejected: report.rejected.length }, 'demo dataset imported');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * JOURNEYS_TRUST_PROXY: the proxies' addresses or CIDR ranges, comma-separated (10.0.0.5,127.0.0.1), or the
 * number of reverse proxies in front (0 to 9; loopback HOST only); 0 when unset.
 */
export function parseTrustProxy(text: string | undefined): number | string[] {
  if (text === undefined || text.trim() === '') return 0;
  if (/^[0-9]$/.test(text.trim())) return Number(text.trim());
  const list = text.split(',').map((a) => a.trim()).filter(Boolean);
  const address = (a: string): boolean => {
    const [ip, bits, ...rest] = a.split('/');
    if (rest.length > 0 || !isIP(ip!)) return false;
    return bits === undefined || (/^[0-9]{1,3}$/.test(bits) && Number(bits) <= (isIP(ip!) === 4 ? 32 : 128));
  };
  if (list.length === 0 || !list.every(address)) {
    throw new Error(`JOURNEYS_TRUST_PROXY must list the reverse proxies' addresses (10.0.0.5,127.0.0.1 or 10.0.0.0/24), or be their number (0, 1, 2…) with a loopback HOST; got "${text.slice(0, 40)}"`);
  }
  return list;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0–65535, got "${text}"`);
  return port;
}

function closeOnSignals(app: FastifyInstance): void {
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => close('SIGINT'));
  process.once('SIGTERM', () => close('SIGTERM'));
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (runDirectly) {
  startServer().then(closeOnSignals, (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
