// The browser client: the built files of client/dist. The sign-in page and the bundles (code and
// styles, no data) are public; every other page needs a signed-in viewer when authentication is on
// (an anonymous visitor is sent to the sign-in page). Before `vite build` has run, `/` is a short page
// saying how to build it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { grant } from '../auth/auth-plugin.js';

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

const publicFiles: FastifyPluginAsync<StaticRoutesOptions> = async (app, { clientDir }) => {
  const assets = join(clientDir, 'assets');
  if (existsSync(assets)) await app.register(fastifyStatic, { root: assets, prefix: '/assets/', decorateReply: false });
  const signIn = join(clientDir, 'signin.html');
  if (existsSync(signIn)) {
    const page = readFileSync(signIn);
    app.get('/signin.html', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page));
  }
};

const pages: FastifyPluginAsync<StaticRoutesOptions> = async (app, { clientDir }) => {
  await app.register(fastifyStatic, { root: clientDir, prefix: '/', index: ['index.html'] });
};

export const staticRoutes: FastifyPluginAsync<StaticRoutesOptions> = async (app, { clientDir }) => {
  if (existsSync(clientDir)) {
    await app.register(grant(publicFiles, { read: 'public' }), { clientDir });
    await app.register(grant(pages, { read: 'viewer', page: true }), { clientDir });
    return;
  }
  app.get('/', { config: { access: 'public' } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
};
