// How long an import stalls the service's event loop: imports a seeded events CSV of N events
// (default 300,000), or a council file (`--file PATH --format cin|annex-a|ssda903`), through the HTTP
// route while timing a timer every 5 ms; prints the import's time and the longest stall.
// `npx tsx bench/import-stall.ts [events] [--file PATH --format F] [--multipart]`.
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.js';
import { openStore } from '../server/db/store.js';
import { writeEventsCsv } from './events-file.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const given = option('--file');
const format = option('--format') ?? 'events';
const events = given === undefined ? Number(args[0] ?? 300_000) : 0;
const dir = mkdtempSync(join(tmpdir(), 'import-stall-'));
try {
  const file = given ?? join(dir, 'events.csv');
  if (given === undefined) await writeEventsCsv(file, events, 1);
  const bytes = readFileSync(file);
  const store = openStore(join(dir, 'db.sqlite'));
  const app = await buildApp({ store, clientDir: join(dir, 'none') });
  for (const round of [1, 2]) {
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last - 5);
      last = now;
    }, 5);
    const started = performance.now();
    const chunks = (function* () { for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536); })();
    const { Readable } = await import('node:stream');
    // --multipart: the file as the one part of a form (as the browser's import page sends it)
    const boundary = '----import-stall';
    const form = args.includes('--multipart')
      ? Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${format}"; filename="upload"\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)])
      : null;
    const res = form
      ? await app.inject({ method: 'POST', url: `/api/datasets/d${round}?lenient=1`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: form })
      : await app.inject({ method: 'POST', url: `/api/datasets/d${round}?format=${format}&lenient=1`, headers: { 'content-type': 'text/csv' }, payload: Readable.from(chunks) });
    clearInterval(timer);
    console.log(`round ${round}: ${given ?? `${events} events`} (${(bytes.length / 1024 ** 2).toFixed(1)} MB): status ${res.statusCode} in ${(performance.now() - started).toFixed(0)} ms; longest event-loop stall ${longest.toFixed(0)} ms`);
  }
  await app.close();
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
