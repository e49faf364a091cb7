// Generation speed: about 1,000,000 events from the built-in model, written as CSV (to memory, then to
// a temporary file), and fitting a model back. Prints events per second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayFromCivil } from '../core/dates.js';
import { compileModel } from '../synth/compile.js';
import { DEFAULT_MODEL } from '../synth/defaults.js';
import { fitModel } from '../synth/fit.js';
import { generateCsvChunks, generateDataset, writeSyntheticCsv } from '../synth/output.js';

const children = Number(process.argv[2] ?? 240_000);
const options = { children, from: dayFromCivil(2021, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 1 };
const compiled = compileModel(DEFAULT_MODEL);

let t0 = performance.now();
let bytes = 0;
const { rows } = generateCsvChunks(compiled, options, (chunk) => (bytes += chunk.length));
let seconds = (performance.now() - t0) / 1000;
console.log(`generate to CSV text: ${rows} events of ${children} children in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en-GB')} events/s (${(bytes / 1e6).toFixed(0)} MB)`);

const dir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
try {
  t0 = performance.now();
  await writeSyntheticCsv(compiled, options, join(dir, 'events.csv'));
  seconds = (performance.now() - t0) / 1000;
  console.log(`generate to a file:   ${rows} events in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en-GB')} events/s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const small = { ...options, children: Math.min(children, 60_000) };
const dataset = generateDataset(compiled, small);
t0 = performance.now();
fitModel(dataset.table, dataset.children, { to: small.to });
seconds = (performance.now() - t0) / 1000;
console.log(`fit:                  ${dataset.table.length} events in ${seconds.toFixed(2)} s = ${Math.round(dataset.table.length / seconds).toLocaleString('en-GB')} events/s`);
