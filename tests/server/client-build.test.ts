import { existsSync, readFileSync } from 'node:fs';
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
});
