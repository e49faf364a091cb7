// The last block of bench/synth.ts alone (one cold fit of the 60,000-child dataset in a fresh process), so that
// the fit can be measured in turns without generating 240k children twice first. `ROOT` (optional): another
// checkout whose generator and fit to use (e.g. an older commit), else this one.
import { dayFromCivil } from '../core/dates.js';

const root = process.argv[2] ? `${process.argv[2]}/` : '../';
const { compileModel } = await import(`${root}synth/compile.js`);
const { DEFAULT_MODEL } = await import(`${root}synth/defaults.js`);
const { fitModel } = await import(`${root}synth/fit.js`);
const { generateDataset } = await import(`${root}synth/output.js`);

const small = { children: 60_000, from: dayFromCivil(2021, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 1 };
const dataset = generateDataset(compileModel(DEFAULT_MODEL), small);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
fitModel(dataset.table, dataset.children, { to: small.to });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`fit:                  ${dataset.table.length} events in ${seconds.toFixed(2)} s = ${Math.round(dataset.table.length / seconds).toLocaleString('en-GB')} events/s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, all threads)`);
