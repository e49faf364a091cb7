// One route plugin in an app of its own (no access checks, no audit), for tests of its caches: the
// plugin's answers through Fastify with the service's validator and error handler.
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { errorHandler } from '../../../server/errors.js';
import { zodValidatorCompiler } from '../../../server/zod-provider.js';

export async function routesAlone<O extends Record<string, unknown>>(plugin: FastifyPluginAsync<O>, options: O): Promise<FastifyInstance> {
  const app = Fastify();
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest('exactCounts', true);
  await app.register(plugin, options);
  await app.ready();
  return app;
}
