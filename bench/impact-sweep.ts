// Placebo sweep of the impact view over one events CSV (as the 9c audit's sweep.py did against a server): imports the
// file into a temporary store, then GET /views/impact at markers every STEP days from START to END through `inject`
// (exact counts, as an analyst), and counts the markers where any measure is called changed.
// Usage: npx tsx bench/impact-sweep.ts FILE.csv START END [max-t|series] [STEP=14]
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.js';
import { openStore } from '../server/db/store.js';
import { formatDay, parseDay } from '../core/dates.js';

const [file, start, end, model = 'max-t', stepArg = '14'] = process.argv.slice(2);
if (!file || !start || !end) throw new Error('usage: FILE.csv START END [max-t|series] [STEP]');
const step = Number(stepArg);
const dir = mkdtempSync(join(tmpdir(), 'impact-sweep-'));
const store = openStore(join(dir, 'sweep.db'));
try {
  await store.importEventsCsv('log', createReadStream(file), { fileName: 'log.csv' });
  const app = await buildApp({ store, exactCounts: true });
  try {
    let markers = 0;
    let tested = 0;
    let changed = 0;
    let words = 0;
    for (let d = parseDay(start)!; d <= parseDay(end)!; d += step) {
      const res = await app.inject({ method: 'GET', url: `/api/datasets/log/views/impact?date=${formatDay(d)}&model=${model}` });
      if (res.statusCode !== 200) {
        console.log(formatDay(d), res.statusCode, res.body.slice(0, 160));
        continue;
      }
      const j = res.json() as { tested: number; findings: Array<{ measure: string; changed: boolean; direction: string | null; untested: string | null }>; sentence: string };
      const ch = j.findings.filter((f) => f.changed).map((f) => `${f.measure}${f.direction === 'up' ? '+' : '-'}`);
      const says = /\bchanged\b|went (up|down)/.test(j.sentence.replace(/No measure changed/, ''));
      markers++;
      if (j.tested > 0) tested++;
      if (ch.length) changed++;
      if (says) words++;
      console.log(formatDay(d), 'tested', j.tested, 'changed', ch.join(' '), says ? '(sentence says changed)' : '');
    }
    console.log(`SUMMARY ${file} ${model}: markers ${markers}, with >=1 tested ${tested}, any changed ${changed}, sentence says a change ${words}`);
  } finally {
    await app.close();
  }
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
