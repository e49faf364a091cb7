// /api/datasets/:name/moves?map=ID: the binary moves payload (core/wire.ts), computed once per dataset
// and map version (server/moves-cache.ts). Clients revalidate with If-None-Match.
import type { FastifyPluginAsync } from 'fastify';
import { DatasetParamsSchema, MovesQuerySchema } from '../../core/api-schemas.js';
import { streamPayload, type MovesCache } from '../moves-cache.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface MovesRoutesOptions {
  moves: MovesCache;
}

export const movesRoutes: FastifyPluginAsync<MovesRoutesOptions> = async (parent, { moves }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/datasets/:name/moves',
    { schema: { params: DatasetParamsSchema, querystring: MovesQuerySchema } },
    async (request, reply) => {
      const cached = await moves.serve(request.params.name, request.query.map);
      void reply
        .header('etag', cached.etag)
        .header('cache-control', 'no-store')
        .header('x-cache', cached.computed ? 'miss' : 'hit');
      if (matchesEtag(request.headers['if-none-match'], cached.etag)) return reply.status(304).send();
      // Child-level records (pseudonymous, but one per child move): every download is audited.
      request.audit({ action: 'export', dataset: request.params.name, outcome: 'ok', detail: { what: 'moves', map: request.query.map } });
      // One shared copy of the payload, streamed in slices to each client.
      return reply.type('application/octet-stream').header('content-length', String(cached.payload.length)).send(streamPayload(cached.payload));
    },
  );
};

/** If-None-Match holds a list of ETags or `*`; weak validators match too (RFC 9110 weak comparison). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
