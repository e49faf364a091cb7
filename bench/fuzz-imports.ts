// Fuzzed imports: 1,500 mutations of a valid events CSV (flipped and inserted bytes, stray quotes,
// NULs, byte-order marks, invalid UTF-8, cut files, huge fields, thousands of columns, far dates),
// each uploaded strictly or leniently through the API. Counts crashes (5xx), hangs (no answer in 10 s)
// and strict failures that changed the database (they must change nothing).
// Usage: npx tsx bench/fuzz-imports.ts [--count N]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../core/random.js';
import { buildApp } from '../server/app.js';
import { openStore } from '../server/db/store.js';
import { writeEventsCsv } from './events-file.js';

const at = process.argv.indexOf('--count');
const count = at > 0 ? Number(process.argv[at + 1]) : 1500;
const rnd = seededRandom(2024);
const int = (n: number) => Math.floor(rnd() * n);

type Mutation = (text: Buffer) => Buffer;
const insertAt = (b: Buffer, bytes: Buffer): Buffer => {
  const k = int(b.length + 1);
  return Buffer.concat([b.subarray(0, k), bytes, b.subarray(k)]);
};
const MUTATIONS: Record<string, Mutation> = {
  flipBytes: (b) => {
    const c = Buffer.from(b);
    for (let i = 0; i < 1 + int(20); i++) c[int(c.length)] = int(256);
    return c;
  },
  strayQuote: (b) => insertAt(b, Buffer.from('"')),
  nul: (b) => insertAt(b, Buffer.from([0])),
  bomMidFile: (b) => insertAt(b, Buffer.from('\uFEFF')),
  invalidUtf8: (b) => insertAt(b, Buffer.from([0xc3, 0x28, 0xff])),
  truncate: (b) => b.subarray(0, int(b.length)),
  headerOnly: (b) => b.subarray(0, b.indexOf(10) + 1),
  empty: () => Buffer.alloc(0),
  hugeField: (b) => insertAt(b, Buffer.from('x'.repeat(100_000 + int(200_000)))),
  manyColumns: (b) => {
    const nl = b.indexOf(10);
    const extra = Array.from({ length: 1000 + int(20_000) }, (_, i) => `c${i}`).join(',');
    return Buffer.concat([b.subarray(0, nl), Buffer.from(`,${extra}`), b.subarray(nl)]);
  },
  farDates: (b) => Buffer.from(b.toString('utf8').replace(/20(2\d)-/g, () => (rnd() < 0.01 ? `${[0, 1, 9][int(3)]}${int(10)}${int(10)}${int(10)}-` : '2023-'))),
  loneCr: (b) => Buffer.from(b.toString('latin1').replace(/\n/g, () => (rnd() < 0.05 ? '\r' : '\n')), 'latin1'),
  shuffleLines: (b) => {
    const lines = b.toString('utf8').split('\n');
    for (let i = 0; i < 20; i++) {
      const a = 1 + int(lines.length - 1);
      const c = 1 + int(lines.length - 1);
      [lines[a], lines[c]] = [lines[c]!, lines[a]!];
    }
    return Buffer.from(lines.join('\n'));
  },
  unicodeSpaces: (b) => Buffer.from(b.toString('utf8').replace(/,/g, () => (rnd() < 0.05 ? '\u00a0,\u3000' : ','))),
  deleteChars: (b) => {
    let c = b;
    for (let i = 0; i < 10; i++) {
      const k = int(c.length);
      c = Buffer.concat([c.subarray(0, k), c.subarray(k + 1)]);
    }
    return c;
  },
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fuzz-'));
  const store = openStore(join(dir, 'fuzz.db'));
  const app = await buildApp({ store, clientDir: '/nonexistent' });
  try {
    await writeEventsCsv(join(dir, 'base.csv'), 3000, 7);
    const base = readFileSync(join(dir, 'base.csv'));
    const first = await app.inject({ method: 'POST', url: '/api/datasets/fuzz', headers: { 'content-type': 'text/csv' }, payload: base });
    if (first.statusCode !== 201) throw new Error(`the base file did not import: ${first.body.slice(0, 200)}`);
    const names = Object.keys(MUTATIONS);
    const snapshot = () => JSON.stringify([store.db.prepare('SELECT id, name, rows, imported, rejected FROM datasets ORDER BY id').all(), store.db.prepare('SELECT count(*) FROM pending_datasets').pluck().get()]);
    const tally = { imports: 0, created: 0, refused: 0, crashes: 0, hangs: 0, strictFailuresThatChangedTheDatabase: 0 };
    const byMutation = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const name = names[i % names.length]!;
      let body = MUTATIONS[name]!(base);
      if (rnd() < 0.3) body = MUTATIONS[names[int(names.length)]!]!(body); // and a second one
      const lenient = i % 2 === 1;
      const before = snapshot();
      const answer = await Promise.race([
        app.inject({ method: 'POST', url: `/api/datasets/fuzz${lenient ? '?lenient=1' : ''}`, headers: { 'content-type': 'text/csv' }, payload: body }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
      ]);
      tally.imports++;
      if (answer === null) {
        tally.hangs++;
        continue;
      }
      if (answer.statusCode >= 500) {
        tally.crashes++;
        byMutation.set(name, (byMutation.get(name) ?? 0) + 1);
      } else if (answer.statusCode === 201) tally.created++;
      else {
        tally.refused++;
        if (!lenient && snapshot() !== before) tally.strictFailuresThatChangedTheDatabase++;
      }
    }
    const integrity = store.db.prepare('PRAGMA integrity_check').pluck().get();
    console.log(`# fuzzed imports: ${count} mutations of a 3,000-event file, strict and lenient alternately, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(JSON.stringify({ ...tally, integrity }, null, 2));
    if (byMutation.size > 0) console.log('crashes by mutation:', Object.fromEntries(byMutation));
  } finally {
    await app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
