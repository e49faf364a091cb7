// `offload(plugin, pool, store)`: the plugin's routes, answered by the compute worker. They are
// registered here as usual (so access checks, validation and 404s happen on the service), and a
// preHandler hands each request that passed them to the worker, whose own copy of the same routes
// computes the answer. Successful answers are kept here too (an LRU bounded by bytes, keyed by the
// URL, exactCounts and the dataset's version), so a repeated request never leaves the event loop.
import type { FastifyPluginAsync, FastifyPluginOptions, FastifyRequest } from 'fastify';
import type { Store } from '../db/store.js';
import { Lru } from '../lru.js';
import type { ComputePool } from './compute-pool.js';
import type { InjectReply } from './protocol.js';

/** Request headers the routes read; nothing else (no cookie, no token) goes to the worker. */
const FORWARDED_HEADERS = ['accept', 'if-none-match'] as const;
const ANSWERS_BYTES = 32 * 1024 ** 2;

/** Whose request it is, for the compute pool's turns (fair-queue.ts): the signed-in user, else the client's address. */
export function requesterOf(request: FastifyRequest): string {
  return request.user ? `user ${request.user.id}` : `address ${request.ip}`;
}

export function offload<O extends FastifyPluginOptions>(plugin: FastifyPluginAsync<O>, pool: ComputePool | null, store: Store): FastifyPluginAsync<O> {
  if (pool === null) return plugin;
  const answers = new Lru<string, InjectReply>(10_000, { maxWeight: ANSWERS_BYTES, weigh: (a) => a.body.byteLength + 200 });
  // Any import or delete in this service changes what answers across datasets (the funnel) hold.
  let generation = 0;
  store.onChange(() => {
    generation++;
    answers.clear(); // all keyed by the old generation: none can be asked for again
  });
  const offloaded: FastifyPluginAsync<O> = async (scope, options) => {
    scope.addHook('preHandler', async (request, reply) => {
      const params = request.params as { name?: unknown } | undefined;
      const dataset = typeof params?.name === 'string' ? params.name : null;
      const version = dataset !== null ? store.version(dataset) : 0;
      const key = `${request.method} ${request.url}\u0000${request.exactCounts ? 1 : 0}\u0000${version}\u0000${generation}`;
      let answer = answers.get(key);
      const hit = answer !== undefined;
      if (answer === undefined) {
        const headers: Record<string, string> = {};
        for (const name of FORWARDED_HEADERS) {
          const value = request.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        answer = await pool.inject({ method: request.method === 'HEAD' ? 'HEAD' : 'GET', url: request.url, headers, exactCounts: request.exactCounts }, requesterOf(request), dataset);
        if (answer.status === 200) answers.set(key, answer);
      }
      void reply.status(answer.status).headers(answer.headers);
      if (hit && answer.headers['x-cache'] !== undefined) void reply.header('x-cache', 'hit');
      return reply.send(Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength));
    });
    await scope.register(plugin, options);
  };
  return offloaded;
}
