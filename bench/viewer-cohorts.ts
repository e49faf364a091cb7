// Cold answers for a viewer asking cohorts (README "Disclosure control"): imports an events CSV (for example
// `npm run -s synth -- generate --model default --children 15000 --seed 3 --out F`), signs in a viewer and
// times, in process, each request the first time it is asked (no cached answer; the dataset and its context
// are loaded by a first request for everyone): the flow view and the map's stations for one-dimension cohorts
// (secondary suppression across the dimension's cohorts: service.ts, aggregates.ts partitionSuppressStations)
// and a two-dimension cohort (refused to a viewer with a 403).
// Usage: npx tsx bench/viewer-cohorts.ts FILE.csv
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.js';
import { openStore } from '../server/db/store.js';

const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/viewer-cohorts.ts FILE.csv');
const dir = mkdtempSync(join(tmpdir(), 'viewer-cohorts-'));
const store = openStore(join(dir, 'bench.db'));
try {
  await store.importEventsCsv('big', createReadStream(file), { fileName: 'big.csv' });
  const info = store.getDataset('big')!;
  const app = await buildApp({ store });
  await app.accounts.add('vic', 'viewer', 'correct horse battery staple');
  const headers = { authorization: `Bearer ${app.accounts.issueToken('vic')}` };
  console.log(`viewer cohorts bench: ${info.children.toLocaleString('en-GB')} children, ${info.from} to ${info.to}; load average ${loadavg()[0]!.toFixed(1)}`);
  const time = async (url: string) => {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers });
    const ms = performance.now() - t;
    console.log(`${String(res.statusCode).padEnd(4)} ${ms.toFixed(0).padStart(6)} ms  ${decodeURIComponent(url)}`);
  };
  const at = info.to!;
  const mid = `${Number(at.slice(0, 4)) - 1}${at.slice(4)}`;
  // loads the dataset, its context and its stays
  await time(`/api/datasets/big/views/flow`);
  await time(`/api/datasets/big/stations?at=${at}`);
  for (const cohort of ['sex:F', 'eth:asian', 'eth:white|black', 'age:1_4', 'sex:F;age:1_4']) {
    const c = encodeURIComponent(cohort);
    await time(`/api/datasets/big/views/flow?cohort=${c}`);
    await time(`/api/datasets/big/stations?at=${at}&cohort=${c}`);
    await time(`/api/datasets/big/stations?at=${mid}&cohort=${c}`);
  }
  await app.close();
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
