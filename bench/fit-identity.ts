// Whether a change to the fit keeps the fitted model byte for byte: prints a SHA-256 of JSON.stringify(model)
// for the bench's dataset (bench/synth.ts: the built-in model, 60,000 children 2021-04-01..2025-03-31, seed 1)
// and for four test logs (tests/synth/generators): adulthood (children kept open past 18), cut (an extract
// cut on its first day, spans open then), backlog (history before the extract: borrowed tails), reentry and
// reform (a change of practice in mid-log: step and duration trends).
// Run before and after a change to the fit: every hash must stay the same. Prints hashes only, no data.
import { createHash } from 'node:crypto';
import { dayFromCivil } from '../core/dates.js';
import { compileModel } from '../synth/compile.js';
import { DEFAULT_MODEL } from '../synth/defaults.js';
import { fitModel } from '../synth/fit.js';
import { generateDataset } from '../synth/output.js';
import { adulthoodLog } from '../tests/synth/generators/adulthood.js';
import { cutLog } from '../tests/synth/generators/cut.js';
import { backlogLog } from '../tests/synth/generators/drift.js';
import { reentryLog } from '../tests/synth/generators/reentry.js';
import { reformLog } from '../tests/synth/generators/reform.js';

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

const only = process.argv[2];
const cases: Array<[string, () => string]> = [
  ['bench', () => {
    const options = { children: 60_000, from: dayFromCivil(2021, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 1 };
    const dataset = generateDataset(compileModel(DEFAULT_MODEL), options);
    return hash(fitModel(dataset.table, dataset.children, { to: options.to }));
  }],
  ['adulthood', () => {
    const log = adulthoodLog({ children: 20_000, from: FROM, to: TO, seed: 11 });
    return hash(fitModel(log.table, log.children));
  }],
  ['cut', () => {
    const log = cutLog({ children: 15_000, from: FROM, to: TO, seed: 12 }, { ids: true });
    return hash(fitModel(log.table, log.children));
  }],
  ['backlog', () => {
    const log = backlogLog({ children: 20_000, from: FROM, to: TO, seed: 9 });
    return hash(fitModel(log.table, log.children));
  }],
  ['reentry', () => {
    const log = reentryLog({ children: 20_000, from: FROM, to: TO, seed: 3 });
    return hash(fitModel(log.table, log.children));
  }],
  ['reform', () => {
    // (a change of practice in mid-log: the step and duration trends' paths)
    const log = reformLog({ children: 20_000, from: FROM, to: TO, seed: 11 }, { reformDay: dayFromCivil(2021, 10, 1) });
    return hash(fitModel(log.table, log.children));
  }],
];
for (const [name, run] of cases) if (!only || only === name) console.log(`${name.padEnd(10)} ${run()}`);
