import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isLoopbackHost, startServer } from '../../../server/main.js';
import { startTestServer, type TestServer } from './harness.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('bearer token on /api', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ token: TOKEN });
  });
  afterAll(async () => server.close());

  it('refuses /api without the token, or with a wrong one, with 401', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`]) {
      const headers = authorization === undefined ? {} : { authorization };
      for (const url of ['/api/datasets', '/api/maps', '/api/datasets/x/metrics']) {
        const res = await server.app.inject({ method: 'GET', url, headers });
        expect(res.statusCode, `${url} ${authorization}`).toBe(401);
        expect(res.json().error).toMatch(/bearer token/);
      }
    }
    const upload = await server.app.inject({ method: 'POST', url: '/api/datasets/x', payload: 'child_id,event,date\n' });
    expect(upload.statusCode).toBe(401);
    expect(server.store.listDatasets()).toEqual([]);
  });

  it('serves /api with the right token', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/maps', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
  });

  it('serves the client page without a token', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
  });
});

describe('static client', () => {
  it('serves client/dist files at / when the client is built', async () => {
    const probe = await startTestServer();
    const clientDir = join(probe.dir, 'dist');
    await mkdir(clientDir);
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>built client</title>');
    const server = await startTestServer({ clientDir });
    try {
      const res = await server.app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/built client/);
    } finally {
      await server.close();
      await probe.close();
    }
  });
});

describe('listening beyond loopback', () => {
  it('isLoopbackHost knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.org', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('startServer refuses a non-loopback host without a token, before opening anything', async () => {
    const saved = process.env.JOURNEYS_TOKEN;
    delete process.env.JOURNEYS_TOKEN;
    try {
      await expect(startServer({ host: '0.0.0.0', port: 0, dbPath: '/nonexistent/dir/never.db' })).rejects.toThrow(/JOURNEYS_TOKEN/);
    } finally {
      if (saved !== undefined) process.env.JOURNEYS_TOKEN = saved;
    }
  });

  it('a token shorter than 16 characters is refused at boot', async () => {
    await expect(startTestServer({ token: 'short' })).rejects.toThrow(/16 characters/);
  });
});
