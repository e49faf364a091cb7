// Views benchmark: imports N seeded synthetic events (default 1,000,000) into a fresh database, then
// times each views endpoint through `inject`: cold (first request: loads the dataset and builds its
// analysis context where needed, then computes) and cached (the same request again), and checks the
// cached time is under 300 ms. Prints a table.
// Usage: npx tsx bench/views.ts [--events N]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { seededRandom } from '../core/random.js';
import { dayFromCivil, formatDay } from '../core/dates.js';
import { ETHNICITY_CODES } from '../core/events.js';
import { buildApp } from '../server/app.js';
import { openStore } from '../server/db/store.js';

const CACHED_BUDGET_MS = 300;
const args = process.argv.slice(2);
const eventsArg = args.indexOf('--events');
const EVENTS = eventsArg >= 0 ? Number(args[eventsArg + 1]) : 1_000_000;
if (!Number.isInteger(EVENTS) || EVENTS < 1000) throw new Error(`--events must be an integer ≥ 1000, got ${args[eventsArg + 1]}`);

/** Plausible front-door journeys with re-referrals, S47/CP plans and periods of care, as CSV chunks. */
function* eventsCsv(events: number, seed: number, firstDay: number, years: number): Generator<string> {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  yield 'child_id,event,date,outcome,dob,sex,ethnicity,disability\n';
  const lastDay = firstDay + Math.round(365.25 * years) - 1;
  let written = 0;
  let child = 0;
  let chunk = '';
  while (written < events) {
    const id = `B${(child++).toString(36)}`;
    let d = firstDay + Math.floor(r() * 365 * years);
    const attrs = `${formatDay(d - Math.floor(r() * 17 * 365))},${pick(['M', 'F', 'U'])},${pick(ETHNICITY_CODES)},${pick(['Y', 'N', 'N', 'N', 'U'])}`;
    let first = true;
    const add = (event: string, outcome = '') => {
      if (d > lastDay) return; // the extract ends: later events are not yet recorded
      chunk += `${id},${event},${formatDay(d)},${outcome},${first ? attrs : ',,,'}\n`;
      first = false;
      written++;
    };
    const episodes = 1 + Math.floor(r() * r() * 4);
    for (let e = 0; e < episodes && written < events && d <= lastDay; e++) {
      if (r() < 0.3) {
        add('contact', 'nfa');
        d += 60 + Math.floor(r() * 400);
        continue;
      }
      add('contact', 'referral');
      d += Math.floor(r() * 4);
      add('referral', r() < 0.08 ? 'nfa' : '');
      d += 1 + Math.floor(r() * 4);
      add('assessment_start');
      if (r() < 0.3) {
        d += 1 + Math.floor(r() * 5);
        add('strategy_discussion');
        add('s47_start');
        d += 3 + Math.floor(r() * 25);
        const icpc = r() < 0.45;
        add('s47_end', icpc ? 'icpc' : 'nfa');
        if (icpc) {
          d += Math.floor(r() * 10);
          add('icpc', 'cp_plan');
          add('cp_plan_start');
          d += 60 + Math.floor(r() * 500);
          add('cp_plan_end');
          if (r() < 0.25) {
            d += Math.floor(r() * 10);
            add('cla_start');
            d += 30 + Math.floor(r() * 900);
            if (r() < 0.7) add('cla_end', pick(['E11', 'E4A', 'E13']));
          }
        }
      }
      d += 5 + Math.floor(r() * 60);
      const nfa = r() < 0.4;
      add('assessment_end', nfa ? 'nfa' : 'cin');
      if (!nfa) {
        add('cin_plan_start');
        d += 30 + Math.floor(r() * 300);
        add('cin_plan_end');
      }
      add('case_closed', 'RC1');
      d += 20 + Math.floor(r() * r() * 1500);
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield chunk;
}

const dir = mkdtempSync(join(tmpdir(), 'views-bench-'));
const store = openStore(join(dir, 'bench.db'));
try {
  const first = dayFromCivil(2019, 4, 1);
  let t = performance.now();
  const report = await store.importEventsCsv('big', Readable.from(eventsCsv(EVENTS, 1, first, 5)), { fileName: 'big.csv' });
  const importMs = performance.now() - t;
  await store.importEventsCsv('small', Readable.from(eventsCsv(Math.round(EVENTS / 4), 2, first, 5)), { fileName: 'small.csv' });
  const app = await buildApp({ store });
  const marker = await app.inject({ method: 'POST', url: '/api/datasets/big/markers', payload: { date: '2022-04-04', label: 'Bench marker', kind: 'other' } });
  if (marker.statusCode !== 201) throw new Error(`marker: ${marker.body}`);

  const info = store.getDataset('big')!;
  console.log(`views bench: ${report.imported.toLocaleString('en-GB')} events, ${info.children.toLocaleString('en-GB')} children, ${info.from} to ${info.to}; import ${(importMs / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`);
  const base = '/api/datasets/big/views';
  const requests: Array<[string, string]> = [
    ['pathways (last 12 months)', `${base}/pathways`],
    ['pathways (all, cohort prev:1|2|3+)', `${base}/pathways?from=2019-04-01&cohort=prev:1|2|3%2B`],
    ['two-point', `${base}/two-point?a=2021-04-01&b=2022-04-01`],
    ['rereferrals (whole span)', `${base}/rereferrals`],
    ['rereferrals (cohort sex:F)', `${base}/rereferrals?cohort=sex:F`],
    ['flow (last 12 months)', `${base}/flow`],
    ['flow (whole span)', `${base}/flow?from=2019-04-01`],
    ['impact (marker, 26 weeks)', `${base}/impact?marker=${marker.json().id}&weeks=26`],
    ['cohorts (sex:F vs sex:M)', `${base}/cohorts?a=sex:F&b=sex:M`],
    ['time-in-care (cla, by age)', `${base}/time-in-care?kind=cla&by=age`],
    ['time-in-care (cp_plan)', `${base}/time-in-care?kind=cp_plan`],
    ['funnel (rereferral_12m)', '/api/compare/funnel?rate=rereferral_12m'],
    ['rereferrals CSV', `${base}/rereferrals?format=csv&table=rolling`],
  ];
  const rows: string[][] = [];
  let failed = 0;
  for (const [name, url] of requests) {
    t = performance.now();
    const cold = await app.inject({ method: 'GET', url });
    const coldMs = performance.now() - t;
    if (cold.statusCode !== 200) throw new Error(`${url}: ${cold.statusCode} ${cold.body.slice(0, 200)}`);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const warm = await app.inject({ method: 'GET', url });
      times.push(performance.now() - t);
      if (warm.headers['x-cache'] !== 'hit') throw new Error(`${url}: second request was not a cache hit`);
    }
    times.sort((a, b) => a - b);
    const cachedMs = times[2]!;
    const ok = cachedMs < CACHED_BUDGET_MS;
    if (!ok) failed++;
    rows.push([name, coldMs.toFixed(0), cachedMs.toFixed(1), (cold.rawPayload.length / 1024).toFixed(0), ok ? 'yes' : 'NO']);
  }
  const header = ['endpoint', 'cold ms', 'cached ms (median of 5)', 'KiB', `< ${CACHED_BUDGET_MS} ms`];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(failed === 0 ? `every cached view answered within ${CACHED_BUDGET_MS} ms` : `${failed} cached views were slower than ${CACHED_BUDGET_MS} ms`);
  await app.close();
  process.exitCode = failed === 0 ? 0 : 1;
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
