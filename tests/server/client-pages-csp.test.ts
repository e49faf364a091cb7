// Every page satisfies the CSP the server sends (script-src and style-src 'self', no 'unsafe-inline':
// server/http-guards.ts): no inline <script>, <style> or style="" in any client page, the built ones
// included. /svg-baseline.html (the render benchmark's page, bench/render.ts) had an inline <style>
// that Chromium refused with a CSP violation (audit of issue 12, fix12 item 4).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, CLIENT_DIST } from '../../server/client-build.js';

function inline(html: string): string[] {
  const found: string[] = [];
  if (/<style[\s>]/i.test(html)) found.push('<style>');
  if (/\sstyle\s*=/i.test(html)) found.push('style=""');
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) if (!/\ssrc\s*=/i.test(m[1]!)) found.push('<script> without src');
  return found;
}

describe('the client pages under the CSP', () => {
  it('hold no inline script or style, in the sources and the build', () => {
    const pages = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => join(dir, f)) : []);
    const all = [...pages(CLIENT_DIR), ...pages(CLIENT_DIST)];
    expect(all.map((p) => p.replace(/.*\//, ''))).toContain('svg-baseline.html');
    expect(all.map((p) => ({ page: p, inline: inline(readFileSync(p, 'utf8')) })).filter((x) => x.inline.length > 0)).toEqual([]);
  });
});
