// kill -9 trials: an import replacing a dataset is killed at a random moment, then the database is
// opened again: it must pass SQLite's integrity check, hold either the whole old dataset or the whole
// new one (never half), and keep no rows of the killed import once opened.
// Usage: npx tsx bench/kill9.ts [--trials N] [--events N]
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../core/random.js';
import { openStore } from '../server/db/store.js';
import { writeEventsCsv } from './events-file.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const trials = arg('trials', 11);
const events = arg('events', 1_000_000);
const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-kill9-'));
  const rnd = seededRandom(9);
  try {
    const oldFile = join(dir, 'old.csv');
    const newFile = join(dir, 'new.csv');
    await writeEventsCsv(oldFile, 200_000, 1);
    await writeEventsCsv(newFile, events, 2);
    const db = join(dir, 'k.db');
    const setup = openStore(db);
    const old = await setup.importEventsCsv('x', createReadStream(oldFile));
    setup.close();
    const results: string[] = [];
    let good = 0;
    for (let t = 1; t <= trials; t++) {
      const delay = 300 + Math.floor(rnd() * 8000); // some kills land after the publish, during the purge of the old rows
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/cli.ts'), 'ingest', '--db', db, '--dataset', 'x', newFile], { cwd: root, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const killed = await Promise.race([new Promise<boolean>((resolve) => setTimeout(() => resolve(child.kill('SIGKILL')), delay)), exited.then(() => false)]);
      await exited;
      const store = openStore(db); // cleans up after the killed import
      const integrity = store.db.prepare('PRAGMA integrity_check').pluck().get();
      const info = store.getDataset('x');
      const pending = store.db.prepare('SELECT count(*) FROM pending_datasets').pluck().get() as number;
      const loaded = store.loadDataset('x');
      await store.purged();
      const orphans = store.db.prepare('SELECT count(*) FROM children WHERE dataset_id NOT IN (SELECT id FROM datasets)').pluck().get() as number;
      store.close();
      const whole = info !== null && (info.imported === old.imported || info.imported === events) && loaded?.table.length === info.imported;
      const ok = integrity === 'ok' && whole && pending === 0 && orphans === 0;
      if (ok) good++;
      results.push(`trial ${t}: ${killed ? `killed after ${delay} ms` : 'finished before the kill'}; integrity ${integrity}; dataset holds ${info?.imported.toLocaleString('en-GB')} events (${info?.imported === old.imported ? 'the old one' : info?.imported === events ? 'the new one' : 'HALF'}); pending imports ${pending}; orphan rows ${orphans} => ${ok ? 'ok' : 'FAILED'}`);
      console.log(results.at(-1));
    }
    console.log(`# kill -9 trials: ${good} of ${trials} with integrity intact and a whole dataset`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
