// Cached metrics under load: one process serves a small dataset's metrics (cached after the first
// request) to 64 keep-alive clients for 4 s and prints requests a second. `--root DIR` measures another
// checkout the same way; `--worker` turns the compute worker on (as `npm start` runs).
// Usage: npx tsx bench/cached-metrics.ts [--root DIR] [--worker]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const at = process.argv.indexOf('--root');
const root = resolve(at > 0 ? process.argv[at + 1]! : fileURLToPath(new URL('..', import.meta.url)));
const worker = process.argv.includes('--worker');
const { openStore } = (await import(pathToFileURL(join(root, 'server/db/store.ts')).href)) as typeof import('../server/db/store.js');
const { buildApp } = (await import(pathToFileURL(join(root, 'server/app.ts')).href)) as typeof import('../server/app.js');

const dir = mkdtempSync(join(tmpdir(), 'bench-cached-'));
const store = openStore(join(dir, 'c.db'));
const rows = ['child_id,event,date'];
for (let i = 0; i < 2000; i++) rows.push(`C${i},contact,2023-01-0${1 + (i % 9)}`);
await store.importEventsCsv('d', Readable.from([`${rows.join('\n')}\n`]), {});
const app = await buildApp({ store, computeWorker: worker, clientDir: '/nonexistent', mapsDir: join(root, 'maps') } as Parameters<typeof buildApp>[0]);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const url = `${address}/api/datasets/d/metrics`;
await (await fetch(url)).text();
let ok = 0;
let errors = 0;
const until = performance.now() + 4000;
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (performance.now() < until) {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) ok++;
      else errors++;
    }
  }),
);
console.log(`${root}${worker ? ' (compute worker)' : ''}: ${Math.round(ok / 4)} requests/s, ${errors} errors`);
await app.close();
store.close();
rmSync(dir, { recursive: true, force: true });
