// `offload(plugin, pool)`: the plugin's routes, answered by the compute worker. They are registered
// here as usual (so access checks, validation and 404s happen on the service), and a preHandler hands
// each request that passed them to the worker, whose own copy of the same routes computes the answer.
import type { FastifyPluginAsync, FastifyPluginOptions } from 'fastify';
import type { ComputePool } from './compute-pool.js';

/** Request headers the routes read; nothing else (no cookie, no token) goes to the worker. */
const FORWARDED_HEADERS = ['accept', 'if-none-match'] as const;

export function offload<O extends FastifyPluginOptions>(plugin: FastifyPluginAsync<O>, pool: ComputePool | null): FastifyPluginAsync<O> {
  if (pool === null) return plugin;
  const offloaded: FastifyPluginAsync<O> = async (scope, options) => {
    scope.addHook('preHandler', async (request, reply) => {
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await pool.inject({ method: request.method === 'HEAD' ? 'HEAD' : 'GET', url: request.url, headers, exactCounts: request.exactCounts });
      void reply.status(answer.status).headers(answer.headers);
      return reply.send(Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength));
    });
    await scope.register(plugin, options);
  };
  return offloaded;
}
