import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, CLIENT_DIST, clientBuildIsStale, ensureClientBuilt } from '../../server/client-build.js';

describe('ensureClientBuilt', () => {
  it('leaves an up-to-date build of every page in client/dist', async () => {
    await ensureClientBuilt();
    expect(clientBuildIsStale()).toBe(false);
    expect(readFileSync(join(CLIENT_DIST, 'index.html'), 'utf8')).toContain('<script type="module"');
    expect(existsSync(join(CLIENT_DIST, 'svg-baseline.html'))).toBe(true);
    if (existsSync(join(CLIENT_DIR, 'views.html'))) expect(existsSync(join(CLIENT_DIST, 'views.html'))).toBe(true);
  }, 120_000);

  it('is what `npm run build:client` runs: it builds the client, whatever the timestamps say', async () => {
    await ensureClientBuilt();
    const before = statSync(join(CLIENT_DIST, 'index.html')).mtimeMs;
    const out = execFileSync('npm', ['run', '-s', 'build:client'], { cwd: join(CLIENT_DIR, '..'), encoding: 'utf8' });
    expect(out).toMatch(/client built into .*dist/);
    expect(statSync(join(CLIENT_DIST, 'index.html')).mtimeMs).toBeGreaterThan(before);
    expect(clientBuildIsStale()).toBe(false);
  }, 180_000);
});
