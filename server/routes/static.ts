// The browser client: the built files of client/dist at `/`, or, before `vite build` has run, a short
// page saying how to build it.
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export interface StaticRoutesOptions {
  /** absolute path of the built client */
  clientDir: string;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Child-journey tube map</title></head>
<body><main><h1>The client is not built</h1>
<p>The API is running at <a href="/api/datasets">/api/datasets</a>. Build the browser client with
<code>npx vite build</code> and restart the server to see the map.</p></main></body></html>
`;

export const staticRoutes: FastifyPluginAsync<StaticRoutesOptions> = async (app, { clientDir }) => {
  if (existsSync(clientDir)) {
    await app.register(fastifyStatic, { root: clientDir, prefix: '/', index: ['index.html'] });
    return;
  }
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
};
