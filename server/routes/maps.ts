// /api/maps: the maps validated at boot, with their track geometry.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { MapParamsSchema, MapSummarySchema } from '../../core/api-schemas.js';
import { NotFoundError } from '../errors.js';
import type { MapsRegistry } from '../maps-registry.js';
import { responseSchema, type ZodTypeProvider } from '../zod-provider.js';

const listResponse = { 200: responseSchema(z.array(MapSummarySchema)) };

export interface MapsRoutesOptions {
  maps: MapsRegistry;
}

export const mapsRoutes: FastifyPluginAsync<MapsRoutesOptions> = async (parent, { maps }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get('/api/maps', { schema: { response: listResponse } }, async () => maps.list());

  app.get('/api/maps/:id', { schema: { params: MapParamsSchema } }, async (request, reply) => {
    const registered = maps.get(request.params.id);
    if (!registered) throw new NotFoundError(`map "${request.params.id}"`);
    return reply.type('application/json; charset=utf-8').send(registered.detailJson);
  });
};
