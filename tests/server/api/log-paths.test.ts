// The request log names a route by its pattern, never a path segment typed by the client (issue 12's audit,
// O4): a dataset's name, a station, a scenario's or a marker's id were logged whole, where a careless user may
// type a child's identifier. Every identifier here is made up.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedUrl } from '../../../server/app.js';
import { logCapture, registeredRoutes, startTestServer, uploadCsv, userHeaders, type TestServer } from './harness.js';

let server: TestServer;
let clientDir: string;
let admin: Record<string, string>;
const { stream, lines: logged } = logCapture();
/** The request lines of the log (`incoming request`), each URL as logged. */
const loggedUrls = () => logged.map((line) => JSON.parse(line) as { req?: { url: string } }).flatMap((entry) => (entry.req ? [entry.req.url] : []));

beforeAll(async () => {
  // A built client, so that the static files' wildcard routes are registered too.
  clientDir = await mkdtemp(join(tmpdir(), 'journeys-log-client-'));
  await mkdir(join(clientDir, 'assets'), { recursive: true });
  await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>map</title>');
  await writeFile(join(clientDir, 'views.html'), '<!doctype html><title>views</title>');
  await writeFile(join(clientDir, 'signin.html'), '<!doctype html><title>sign in</title>');
  await writeFile(join(clientDir, 'assets', 'views-Ab12.js'), 'export {};');
  server = await startTestServer({ logger: { level: 'info', stream }, clientDir });
  expect((await uploadCsv(server.app, 'd1', 'child_id,event,date\nSYN-K1,contact,2023-06-05\n')).statusCode).toBe(201);
  admin = await userHeaders(server.app, 'ada', 'admin');
});
afterAll(async () => {
  await server.close();
  await rm(clientDir, { recursive: true, force: true });
});

describe('the request log (O4)', () => {
  it('keeps no typed segment of any registered route, with or without a signed-in admin', async () => {
    const routes = registeredRoutes(server.app);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.some((r) => r.path.includes('*'))).toBe(true);
    let n = 0;
    for (const { method, path } of routes) {
      // each parameter, and what a wildcard matches, is a made-up identifier
      const url = path.replace(/:[^/]+/g, () => `SYN-LEAK-R${n++}`).replace(/\*/g, () => `SYN-LEAK-R${n++}/SYN-LEAK-R${n++}`);
      for (const headers of [{}, admin]) {
        logged.length = 0;
        await server.app.inject({ method: method as 'GET', url: `${url}?SYN-LEAK-Q=1&at=SYN-LEAK-V`, headers });
        const urls = loggedUrls();
        expect(urls, `${method} ${url}`).toHaveLength(1);
        // the route's pattern, or for a wildcard's path no client file holds, nothing of the path
        expect(urls[0], `${method} ${url}`).toBe(`${path.includes('*') ? '[path not logged]' : path}?…&at=…`);
        expect(logged.join(''), `${method} ${url}`).not.toContain('SYN-LEAK');
      }
    }
  }, 60_000);

  it("leaves no trace of the audit's four URLs, nor of a path no route knows", async () => {
    logged.length = 0;
    const asked = [
      ['GET', '/api/datasets/SYN-LEAK4/metrics'],
      ['GET', '/api/datasets/d1/stations/SYN-LEAK5/children'],
      ['GET', '/api/datasets/d1/scenarios/SYN-LEAK7'],
      ['DELETE', '/api/datasets/d1/markers/SYN-LEAK12'],
      ['GET', '/nothing/SYN-LEAKA06'],
      ['GET', '/nothing/SYN-LEAKA07/'],
      ['GET', '/SYN-LEAKA08.html'],
      ['GET', '/assets/SYN-LEAKA09.js'],
      ['GET', '/api/datasets/d1/%63hildren/SYN-LEAKA10/waits'],
    ] as const;
    for (const [method, url] of asked) await server.app.inject({ method, url, headers: admin });
    expect(loggedUrls()).toEqual([
      '/api/datasets/:name/metrics',
      '/api/datasets/:name/stations/:station/children',
      '/api/datasets/:name/scenarios/:scenario',
      '/api/datasets/:name/markers/:id',
      '[path not logged]',
      '[path not logged]',
      '[path not logged]',
      '[path not logged]',
      '/api/datasets/:name/children/:child/waits',
    ]);
    expect(logged.join('')).not.toContain('SYN-LEAK');
  });

  it("names the client's own files, which hold no identifier", async () => {
    logged.length = 0;
    for (const url of ['/views.html', '/assets/views-Ab12.js', '/', '/signin.html']) await server.app.inject({ method: 'GET', url, headers: admin });
    expect(loggedUrls()).toEqual(['/views.html', '/assets/views-Ab12.js', '/', '/signin.html']);
  });

  it('is one function of the URL and the route it reached', () => {
    expect(loggedUrl('/api/datasets/SYN-LEAK20/views/flow?cohort=SYN-LEAK21&from=2023-01-01', '/api/datasets/:name/views/flow')).toBe('/api/datasets/:name/views/flow?cohort=…&from=…');
    expect(loggedUrl('/SYN-LEAK22/', undefined)).toBe('[path not logged]');
    expect(loggedUrl('/SYN-LEAK23.html', '/*', new Set(['/views.html']))).toBe('[path not logged]');
    expect(loggedUrl('/views.html?SYN-LEAK24', '/*', new Set(['/views.html']))).toBe('/views.html?…');
  });
});
