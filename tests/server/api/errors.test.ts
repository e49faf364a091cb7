import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../server/errors.js';
import { logCapture, startTestServer, type TestServer } from './harness.js';

describe('error responses', () => {
  let server: TestServer;
  const { stream, lines: logLines } = logCapture();
  beforeAll(async () => {
    server = await startTestServer({ logger: { level: 'error', stream } });
    server.app.get('/api/test/boom', async () => {
      throw new Error('SQLITE_CORRUPT at /secret/path/journeys.db for child C0001');
    });
    server.app.get('/api/test/teapot', async () => {
      throw new ApiError(418, 'TEAPOT', 'short and stout');
    });
  });
  afterAll(async () => server.close());

  it('a 500 hides its message from the client and logs it', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'Internal Server Error' });
    expect(res.body).not.toMatch(/secret|C0001|SQLITE/);
    expect(logLines.join('')).toMatch(/SQLITE_CORRUPT at \/secret\/path/);
  });

  it('a typed 4xx error sends its message and status', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/test/teapot' });
    expect(res.statusCode).toBe(418);
    expect(res.json()).toEqual({ error: 'short and stout' });
  });

  it('registers the analysis views plugin when server/routes/views exists', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets/nope/views/pathways' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'dataset "nope" not found' });
  });

  it('without a built client, / says so in a short HTML page', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/client is not built/);
  });
});
