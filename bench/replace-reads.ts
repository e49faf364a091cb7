// Consistent reads while a large dataset is replaced: a dataset of N events is replaced four times (each
// by a separate `cli ingest` process, as an admin's re-import would be) while this process reads it
// again and again on its own connection. Every read must see one whole version: its event count and its
// children are those of one of the files imported, never a mix or a half.
// Usage: npx tsx bench/replace-reads.ts [--events N] [--replacements N]
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../server/db/store.js';
import { writeEventsCsv } from './events-file.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const events = arg('events', 1_000_000);
const replacements = arg('replacements', 4);
const root = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-replace-'));
  try {
    // Versions of different sizes, so a read tells which one it saw.
    const versions: { file: string; events: number; children: number }[] = [];
    for (let v = 0; v <= replacements; v++) {
      const file = join(dir, `v${v}.csv`);
      const n = events - v * 1000;
      versions.push({ file, events: n, children: await writeEventsCsv(file, n, v + 1) });
    }
    const db = join(dir, 'r.db');
    const setup = openStore(db);
    await setup.importEventsCsv('x', createReadStream(versions[0]!.file));
    setup.close();

    const reader = openStore(db);
    const seen = new Map<number, number>();
    let reads = 0;
    let mixed = 0;
    let missing = 0;
    let importing = true;
    const started = Date.now();
    const imports = (async () => {
      for (let v = 1; v <= replacements; v++) {
        const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/cli.ts'), 'ingest', '--db', db, '--dataset', 'x', versions[v]!.file], { cwd: root, stdio: 'ignore' });
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        if (code !== 0) throw new Error(`import ${v} exited with ${code}`);
        console.log(`replacement ${v} of ${replacements} done after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      importing = false;
    })();
    while (importing) {
      reader.release('x'); // a fresh read from the database each time, not the loaded copy
      const d = reader.loadDataset('x');
      reads++;
      if (d === null) missing++;
      else {
        const v = versions.findIndex((x) => x.events === d.table.length && x.children === d.table.childIds.length);
        if (v < 0) mixed++;
        else seen.set(v, (seen.get(v) ?? 0) + 1);
      }
      await new Promise((r) => setImmediate(r));
    }
    await imports;
    reader.close();
    const versionsSeen = [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([v, n]) => `v${v}: ${n}`).join(', ');
    console.log(`# ${replacements} replacements of ${events.toLocaleString('en-GB')} events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${reads} reads, ${mixed} mixed or partial, ${missing} found no dataset (${versionsSeen})`);
    if (mixed > 0 || missing > 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
