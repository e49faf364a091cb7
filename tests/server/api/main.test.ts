import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../server/db/store.js';
import { startServer } from '../../../server/main.js';

describe('startServer', () => {
  it('on an empty database imports the demo dataset, listens, and serves it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journeys-main-'));
    const dbPath = join(dir, 'sub', 'journeys.db');
    try {
      const app = await startServer({ dbPath, port: 0, host: '127.0.0.1', logger: false, buildClient: false });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
      const res = await fetch(`http://127.0.0.1:${address.port}/api/datasets`);
      expect(res.status).toBe(200);
      const list = (await res.json()) as { name: string; imported: number; rejected: number; createdAt: string }[];
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ name: 'demo', rejected: 0 });
      expect(list[0]!.imported).toBeGreaterThan(1000);
      await app.close();

      // A second start finds the dataset and does not import again.
      const again = await startServer({ dbPath, port: 0, host: '127.0.0.1', logger: false, buildClient: false });
      await again.close();
      const store = openStore(dbPath);
      expect(store.listDatasets().map((d) => [d.name, d.createdAt])).toEqual([['demo', list[0]!.createdAt]]);
      store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
