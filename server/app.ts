// The HTTP service as a Fastify instance, without listening (tests call `inject`; main.ts listens).
// Maps are validated and their tracks computed here, at boot; routes are encapsulated plugins, one
// per resource; one error handler shapes every error response.
import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Store } from './db/store.js';
import { errorHandler, UnauthorizedError } from './errors.js';
import { loadMapsRegistry, type MapsRegistry } from './maps-registry.js';
import { createMovesCache, type MovesCache } from './moves-cache.js';
import { carePeriodsRoutes } from './routes/care-periods.js';
import { datasetsRoutes } from './routes/datasets.js';
import { forecastRoutes } from './routes/forecast.js';
import { mapsRoutes } from './routes/maps.js';
import { markersRoutes } from './routes/markers.js';
import { metricsRoutes } from './routes/metrics.js';
import { movesRoutes } from './routes/moves.js';
import { qualityRoutes } from './routes/quality.js';
import { stationsRoutes } from './routes/stations.js';
import { staticRoutes } from './routes/static.js';
import { syntheticReportRoutes } from './routes/synthetic-report.js';
import { viewsRoutes } from './routes/views/index.js';
import { zodValidatorCompiler } from './zod-provider.js';

export interface AppOptions {
  store: Store;
  /** folder of map JSON files; default `maps/` of the project */
  mapsDir?: string;
  /** false (default), true, or pino options such as `{ level, stream }` */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  /** built browser client; default `client/dist` of the project */
  clientDir?: string;
  /** when set, every /api request needs `Authorization: Bearer <token>` */
  token?: string;
  /**
   * Whether requests get exact counts (true) or the disclosure-controlled ones, small numbers
   * suppressed (false, the default). The default of `request.exactCounts`, which is the one place a
   * view decides; a role check may set it per request.
   */
  exactCounts?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    maps: MapsRegistry;
    movesCache: MovesCache;
  }
  interface FastifyRequest {
    /** true: this request may see exact counts; false: small numbers are suppressed (core/disclosure) */
    exactCounts: boolean;
  }
}

const projectPath = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const maps = await loadMapsRegistry(options.mapsDir ?? projectPath('maps'));
  const movesCache = createMovesCache(store, maps);

  const app = Fastify({ logger: options.logger ?? false });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
  app.decorate('store', store);
  app.decorate('maps', maps);
  app.decorate('movesCache', movesCache);
  if (options.token !== undefined) app.addHook('onRequest', bearerTokenCheck(options.token));
  const exactCounts = options.exactCounts ?? false;
  app.decorateRequest('exactCounts', false);
  app.addHook('onRequest', async (request) => {
    request.exactCounts = exactCounts;
  });

  await app.register(datasetsRoutes, { store });
  await app.register(mapsRoutes, { maps });
  await app.register(metricsRoutes, { store });
  await app.register(movesRoutes, { moves: movesCache });
  await app.register(markersRoutes, { store });
  await app.register(qualityRoutes, { store });
  await app.register(stationsRoutes, { store, maps });
  await app.register(viewsRoutes, { store, maps });
  await app.register(syntheticReportRoutes, { store });
  await app.register(carePeriodsRoutes, { store });
  await app.register(forecastRoutes, { store, maps });
  await app.register(staticRoutes, { clientDir: options.clientDir ?? projectPath('client/dist') });
  return app;
}

/** Child-level data beyond localhost is behind a token; static client files are not sensitive. */
function bearerTokenCheck(token: string) {
  if (token.length < 16) throw new Error('the API token must be at least 16 characters');
  const expected = Buffer.from(`Bearer ${token}`);
  return async (request: { url: string; headers: { authorization?: string | undefined } }) => {
    if (!request.url.startsWith('/api')) return;
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedError('missing or wrong bearer token: send Authorization: Bearer <JOURNEYS_TOKEN>');
    }
  };
}
