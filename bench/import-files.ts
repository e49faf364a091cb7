// One import, timed, in a process of its own (bench/formats.ts runs it): a cold start like the CLI's,
// with nothing of the generator's in memory. Prints a JSON line: rows, events, wall seconds, CPU
// seconds of every thread (V8's helper threads compile hot code and collect garbage beside the main
// thread) and of the main thread alone (Linux: /proc), and peak RSS.
// Usage: tsx bench/import-files.ts DB FORMAT:FILE ...
import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openStore } from '../server/db/store.js';
import type { SourceFile, SourceFormat } from '../server/import/source-importer.js';

const [db, ...specs] = process.argv.slice(2);
const files: SourceFile[] = specs.map((spec) => {
  const at = spec.indexOf(':');
  const path = spec.slice(at + 1);
  return { name: basename(path), format: spec.slice(0, at) as SourceFormat, input: createReadStream(path, { highWaterMark: 1 << 20 }) };
});
/** CPU seconds of the main thread so far, or null where /proc is not there. */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

const store = openStore(db!);
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const main0 = mainThreadCpu();
const report = await store.importSources('bench', files, { lenient: true, listProblems: 0 });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const main1 = mainThreadCpu();
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
store.close();
const mainCpu = main0 === null || main1 === null ? null : main1 - main0;
process.stdout.write(`${JSON.stringify({ rows: report.rows, events: report.eventCount, wall, cpu: (cpu.user + cpu.system) / 1e6, mainCpu, peakMb: peak / 1024 ** 2 })}\n`);
