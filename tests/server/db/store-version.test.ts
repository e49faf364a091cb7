// store.version(name) keys every cache and is asked on every request, so the ids it reads are kept
// (server/db/store.ts). What the caches rely on: this process's own import or delete shows at once,
// another process's (the CLI writing to the same file) within VERSION_RECHECK_MS (50 ms), never later.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/db/store.js';

const dir = mkdtempSync(join(tmpdir(), 'store-version-'));
const service = openStore(join(dir, 'v.db'));
const cli = openStore(join(dir, 'v.db')); // a second connection, as another process would hold
afterAll(() => {
  service.close();
  cli.close();
  rmSync(dir, { recursive: true, force: true });
});
const csv = (child: string) => Readable.from([`child_id,event,date\n${child},contact,2023-01-02\n`]);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('store.version', () => {
  it('changes at once on this process\'s own replace and delete, and within 50 ms on another\'s', async () => {
    expect(service.version('d')).toBe(0);
    await service.importEventsCsv('d', csv('A'), {});
    const first = service.version('d');
    expect(first).toBeGreaterThan(0);
    await service.importEventsCsv('d', csv('B'), {});
    const second = service.version('d');
    expect(second).toBeGreaterThan(first);

    await cli.importEventsCsv('d', csv('C'), {});
    const third = cli.version('d');
    expect(third).toBeGreaterThan(second);
    await pause(60);
    expect(service.version('d')).toBe(third);

    expect(cli.deleteDataset('d')).toBe(true);
    await pause(60);
    expect(service.version('d')).toBe(0);
    // a name never imported stays 0, and asking many names does not keep them all
    for (let i = 0; i < 2000; i++) expect(service.version(`none-${i}`)).toBe(0);
  });
});
