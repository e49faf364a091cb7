// The analysis views beside the map, as one plugin: pathways, two-point, re-referrals, flow, impact,
// cohorts, time in care (per dataset) and the funnel across datasets. They share one analysis context
// per dataset version and one LRU of results (server/routes/views/service.ts).
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../../db/store.js';
import type { MapsRegistry } from '../../maps-registry.js';
import { cohortsRoutes } from './cohorts.js';
import { flowRoutes } from './flow.js';
import { funnelRoutes } from './funnel.js';
import { impactRoutes } from './impact.js';
import { pathwaysRoutes } from './pathways.js';
import { rereferralsRoutes } from './rereferrals.js';
import { createViewService } from './service.js';
import { timeInCareRoutes } from './time-in-care.js';

export interface ViewsRoutesOptions {
  store: Store;
  maps: MapsRegistry;
  /** results kept (per view, dataset version and parameters). @default 64 */
  cacheSize?: number;
}

export const viewsRoutes: FastifyPluginAsync<ViewsRoutesOptions> = async (app, { store, maps, cacheSize = 64 }) => {
  if (!store || !maps) throw new TypeError('viewsRoutes needs { store, maps }');
  const service = createViewService(store, maps, cacheSize);
  await app.register(pathwaysRoutes, { service });
  await app.register(rereferralsRoutes, { service });
  await app.register(flowRoutes, { service });
  await app.register(impactRoutes, { service, store });
  await app.register(cohortsRoutes, { service });
  await app.register(timeInCareRoutes, { service });
  await app.register(funnelRoutes, { service, store });
};

export default viewsRoutes;
