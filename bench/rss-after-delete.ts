// Memory the service gives back after deleting datasets: three cycles of importing three datasets of N
// children (tests/server/api/harness.ts makeDataset), eight cold views on each, deleting them; prints the
// process's RSS after a full collection, loaded and after the deletes. Run it with and without the allocator
// setting `npm start` uses (README "Memory given back after a delete"):
//   npx tsx bench/rss-after-delete.ts [children]
//   MALLOC_MMAP_THRESHOLD_=131072 npx tsx bench/rss-after-delete.ts [children]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { makeDataset, startTestServer } from '../tests/server/api/harness.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const VIEWS = [
  'views/flow?from=0001-01-01&to=9999-12-31', 'views/pathways?from=0001-01-01&to=9999-12-31', 'views/cohorts', 'views/time-in-care',
  'metrics?from=0001-01-01&to=9999-12-31', 'stations?map=front-door&at=2023-06-01', 'moves?map=front-door', 'views/two-point',
];

async function rssAfterGc(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return Math.round(process.memoryUsage().rss / 1e6);
}

const server = await startTestServer();
const csv = makeDataset(Number(process.argv[2] ?? 20_000), 3).csv;
const lines = [`start ${await rssAfterGc()} MB`];
for (let cycle = 0; cycle < 3; cycle++) {
  const names = ['a', 'b', 'c'].map((n) => `${n}${cycle}`);
  for (const name of names) {
    const res = await server.app.inject({ method: 'POST', url: `/api/datasets/${name}`, headers: { 'content-type': 'text/csv' }, payload: csv });
    if (res.statusCode !== 201) throw new Error(`import ${name}: ${res.statusCode}`);
    for (const view of VIEWS) await server.app.inject({ method: 'GET', url: `/api/datasets/${name}/${view}` });
  }
  const loaded = await rssAfterGc();
  for (const name of names) await server.app.inject({ method: 'DELETE', url: `/api/datasets/${name}` });
  await server.store.purged();
  lines.push(`cycle ${cycle + 1}: loaded ${loaded} MB, after the deletes ${await rssAfterGc()} MB`);
}
console.log(`MALLOC_MMAP_THRESHOLD_=${process.env.MALLOC_MMAP_THRESHOLD_ ?? '(unset)'}\n${lines.join('\n')}`);
await server.close();
