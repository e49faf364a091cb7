// Browser-side attacks on a service listening on loopback with authentication off (the default on a
// laptop): DNS rebinding (a foreign Host) and cross-site requests (a foreign Origin) must change nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, startTestServer, uploadCsv, type TestServer } from './harness.js';

describe('Host and Origin checks, security headers', () => {
  let server: TestServer;
  const { csv } = makeDataset(20, 5);
  beforeAll(async () => {
    server = await startTestServer({ hostnames: ['journeys.example.gov.uk'] });
    expect((await uploadCsv(server.app, 'demo', csv)).statusCode).toBe(201);
  });
  afterAll(async () => server.close());

  it('refuses a request whose Host is neither loopback nor the configured name (DNS rebinding)', async () => {
    for (const host of ['evil.example', 'evil.example:3000', '10.0.0.5', 'localhost.evil.example', 'localhost@evil.example']) {
      const res = await server.app.inject({ method: 'GET', url: '/api/datasets', headers: { host } });
      expect(res.statusCode, host).toBe(403);
      expect(res.body).not.toMatch(/demo/);
    }
    for (const host of ['localhost:3000', '127.0.0.1:3012', '[::1]:80', 'journeys.example.gov.uk', 'JOURNEYS.example.gov.uk:443']) {
      expect((await server.app.inject({ method: 'GET', url: '/api/datasets', headers: { host } })).statusCode, host).toBe(200);
    }
  });

  it('refuses a cross-origin POST or DELETE (text/plain included) and keeps the dataset', async () => {
    const before = server.store.listDatasets();
    const attacks = [
      { method: 'POST', url: '/api/datasets/demo', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, payload: 'child_id,event,date\nX,contact,2024-01-01\n' },
      { method: 'POST', url: '/api/datasets/demo', headers: { origin: 'http://evil.example', host: 'evil.example', 'content-type': 'text/plain' }, payload: 'child_id,event,date\n' },
      { method: 'POST', url: '/api/datasets/demo', headers: { origin: 'http://localhost:9999', host: 'localhost:3000', 'content-type': 'text/plain' }, payload: 'child_id,event,date\n' },
      { method: 'POST', url: '/api/datasets/demo', headers: { origin: 'null', 'content-type': 'text/plain' }, payload: 'child_id,event,date\n' },
      { method: 'DELETE', url: '/api/datasets/demo', headers: { origin: 'https://evil.example' } },
      { method: 'POST', url: '/api/datasets/demo/markers', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, payload: { date: '2023-01-01', label: 'x', kind: 'other' } },
      // an https:// page is another origin than this http:// service
      { method: 'POST', url: '/api/datasets/demo/markers', headers: { origin: 'https://localhost:80', host: 'localhost:80', 'content-type': 'application/json' }, payload: { date: '2023-01-01', label: 'x', kind: 'other' } },
      // a change carried by a (session) cookie with no Origin: nothing shows it came from our pages
      { method: 'POST', url: '/api/datasets/demo/markers', headers: { cookie: 'journeys_session=abc', 'content-type': 'application/json' }, payload: { date: '2023-01-01', label: 'x', kind: 'other' } },
      { method: 'DELETE', url: '/api/datasets/demo', headers: { cookie: 'journeys_session=abc' } },
    ] as const;
    for (const attack of attacks) {
      const res = await server.app.inject(attack as never);
      expect(res.statusCode, JSON.stringify(attack.headers)).toBe(403);
    }
    expect(server.store.listDatasets()).toEqual(before);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/demo/markers' })).json()).toEqual([]);
  });

  it('reads the Host and the Origin with one parser: a Host with userinfo or a path, or an impossible address, is refused', async () => {
    // Review v12b (10a): `127.0.0.1:3371@evil` passed the loopback test (cut at the colon) while the
    // Origin check, through URL, read its host as `evil`, so a POST with `Origin: http://evil` got 201.
    const before = server.store.listDatasets();
    const post = await server.app.inject({ method: 'POST', url: '/api/datasets/demo/markers', headers: { host: '127.0.0.1:3371@evil', origin: 'http://evil', 'content-type': 'application/json' }, payload: { date: '2023-01-01', label: 'x', kind: 'other' } });
    expect(post.statusCode).toBe(403);
    for (const host of ['127.0.0.1:3371@evil', 'localhost/evil', 'localhost:80/x', '127.999.999.999', 'localhost:abc', '2130706433', 'localhost\\evil']) {
      expect((await server.app.inject({ method: 'GET', url: '/api/datasets', headers: { host } })).statusCode, host).toBe(403);
    }
    expect(server.store.listDatasets()).toEqual(before);
    expect((await server.app.inject({ method: 'GET', url: '/api/datasets/demo/markers' })).json()).toEqual([]);
  });

  it('accepts a same-origin POST from the pages, and one from a non-browser client (no Origin)', async () => {
    const same = await server.app.inject({ method: 'POST', url: '/api/datasets/demo/markers', headers: { origin: 'http://localhost:80', host: 'localhost:80' }, payload: { date: '2023-01-01', label: 'inspection', kind: 'inspection' } });
    expect(same.statusCode).toBe(201);
    const curl = await server.app.inject({ method: 'POST', url: '/api/datasets/demo/markers', payload: { date: '2023-02-01', label: 'other', kind: 'other' } });
    expect(curl.statusCode).toBe(201);
    // a script with a bearer token sends no Origin, and may carry a stray cookie
    const script = await server.app.inject({ method: 'POST', url: '/api/datasets/demo/markers', headers: { authorization: 'Bearer jt_x', cookie: 'a=b' }, payload: { date: '2023-03-01', label: 'other', kind: 'other' } });
    expect(script.statusCode).not.toBe(403);
  });

  it('sends security headers, and no-store on API responses', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/datasets' });
    // An answer that is not a page may load and run nothing at all, opened on its own.
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    const moves = await server.app.inject({ method: 'GET', url: '/api/datasets/demo/moves' });
    expect(moves.headers['cache-control']).toBe('no-store');
    const missing = await server.app.inject({ method: 'GET', url: '/api/datasets/none' });
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it("gives pages and their scripts the pages' policy, and API answers a short one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guards-pages-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/app.js"></script>');
    writeFileSync(join(dir, 'app.js'), 'export {};');
    const pages = await startTestServer({ clientDir: dir });
    try {
      for (const url of ['/', '/app.js']) {
        const first = await pages.app.inject({ method: 'GET', url });
        expect(first.statusCode, url).toBe(200);
        // A second load asks whether the page changed: a 304 has no content type, and the browser takes its
        // headers onto the page it keeps (the API's policy there blocked every script on the second load).
        const again = await pages.app.inject({ method: 'GET', url, headers: { 'if-none-match': String(first.headers.etag) } });
        expect(again.statusCode, url).toBe(304);
        for (const page of [first, again]) {
          const csp = page.headers['content-security-policy'];
          expect(csp, url).toMatch(/default-src 'self'/);
          expect(csp, url).toMatch(/script-src 'self'(;|$)/);
          expect(csp, url).not.toMatch(/unsafe-inline/);
          expect(csp, url).toMatch(/frame-ancestors 'none'/);
          expect(page.headers['x-frame-options'], url).toBe('DENY');
        }
      }
      // The bytes every cached answer's client reads: the pages' set was 605 bytes more (README "Limits").
      const api = await pages.app.inject({ method: 'GET', url: '/api/datasets' });
      const bytes = Object.entries(api.headers).filter(([name]) => name !== 'date' && name !== 'content-length').reduce((n, [name, value]) => n + name.length + String(value).length + 4, 0);
      expect(bytes).toBeLessThan(400);
    } finally {
      await pages.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
