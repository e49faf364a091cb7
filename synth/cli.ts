// `npm run synth -- <command>`: fit a model to a dataset, generate a synthetic events CSV from a model,
// and report fidelity and privacy of a synthetic dataset against the real one. Prints aggregates only.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDay } from '../core/dates.js';
import { DEFAULT_MODEL } from './defaults.js';
import { fidelityReport, type FidelityReport } from './fidelity.js';
import { fitModel } from './fit.js';
import { parseModel, type Model } from './model.js';
import { writeSyntheticCsv } from './output.js';
import { privacyReport, type PrivacyReport } from './privacy.js';
import { generateReturns, returnsWindow } from './returns/cli-generate.js';

const USAGE = `usage:
  synth generate --model FILE|default --children N --from YYYY-MM-DD --to YYYY-MM-DD --seed S --out FILE
                 [--history-from YYYY-MM-DD]   (children arrive from this date; events before --from are not written)
                 [--format events|ssda903|cin|annex-a] [--year YYYY|YYYY-YYYY] [--la NNN]
                 (--year: collection years, 2024 = April 2023 to March 2024; it sets --from and --to when they
                  are not given, and --history-from to ten years before; SSDA903 writes a folder of CSVs)
  synth fit --db FILE --dataset NAME --out model.json [--min-cell N]
  synth report --db FILE --real NAME --synthetic NAME [--model FILE] [--json]`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { command: string; flags: Map<string, string> } {
  const [command = '', ...rest] = argv;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const next = rest[i + 1];
    if (next === undefined || next.startsWith('--')) flags.set(arg.slice(2), 'true');
    else (flags.set(arg.slice(2), next), i++);
  }
  return { command, flags };
}

function need(flags: Map<string, string>, name: string): string {
  const v = flags.get(name);
  if (v === undefined || v === 'true') throw new UsageError(`missing --${name}`);
  return v;
}

function day(flags: Map<string, string>, name: string): number {
  const d = parseDay(need(flags, name));
  if (d === null) throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${flags.get(name)}"`);
  return d;
}

function int(flags: Map<string, string>, name: string, fallback?: number): number {
  const text = flags.get(name);
  if (text === undefined && fallback !== undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, got "${text ?? ''}"`);
  return n;
}

function readModel(path: string): Model {
  if (path === 'default') return DEFAULT_MODEL;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read model ${path}: ${(error as Error).message}`);
  }
  return parseModel(json, `model ${path}`);
}

async function loadStore(path: string) {
  const { openStore } = await import('../server/db/store.js');
  return openStore(path);
}

function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

function printReports(f: FidelityReport, p: PrivacyReport): void {
  const lines: string[] = [];
  lines.push(`Fidelity ${f.window.from} to ${f.window.to}: real ${f.real.children} children / ${f.real.events} events; synthetic ${f.synthetic.children} / ${f.synthetic.events}`);
  for (const r of f.rates) lines.push(`  ${r.pass ? 'ok  ' : 'FAIL'} ${r.key.padEnd(30)} real ${pct(r.real).padStart(7)}  synthetic ${pct(r.synthetic).padStart(7)}`);
  for (const m of f.medians) lines.push(`  ${m.pass ? 'ok  ' : 'FAIL'} ${m.key.padEnd(30)} real ${String(m.real ?? '—').padStart(7)}  synthetic ${String(m.synthetic ?? '—').padStart(7)}`);
  for (const s of f.monthly.series) lines.push(`  ${s.pass ? 'ok  ' : 'FAIL'} monthly ${s.event.padEnd(22)} mean abs error ${pct(s.meanAbsoluteError)}`);
  for (const m of f.marginals) lines.push(`  ${m.pass ? 'ok  ' : 'FAIL'} ${m.attribute.padEnd(30)} total variation ${m.totalVariation.toFixed(3)}`);
  const ksFails = f.durations.filter((d) => !d.pass);
  lines.push(`  step durations: ${f.durations.length - ksFails.length}/${f.durations.length} within the KS bound${ksFails.length ? ` (not: ${ksFails.map((d) => `${d.step} ${d.ks.toFixed(2)}`).join(', ')})` : ''}`);
  lines.push(`  score ${(f.score * 100).toFixed(0)}% of ${f.checks} checks; ${f.pass ? 'every rate and median within tolerance' : 'NOT every rate and median within tolerance'}`);
  lines.push(`Privacy: ${p.pass ? 'pass' : 'FAIL'}`);
  lines.push(`  ${p.journeys.pass ? 'ok  ' : 'FAIL'} journeys equal to a real one: ${p.journeys.matches} (${p.journeys.informativeMatches} with 3+ events; ~${p.journeys.expectedByChance.toFixed(1)} expected by chance)`);
  lines.push(`  ${p.dcr.pass ? 'ok  ' : 'FAIL'} distance to closest record, synthetic→real median ${p.dcr.syntheticToReal.median} / 5th pct ${p.dcr.syntheticToReal.p5}; real→real ${p.dcr.realToReal.median} / ${p.dcr.realToReal.p5}`);
  lines.push(`       distance: ${p.dcr.distance}`);
  if (p.smallCells) lines.push(`  ${p.smallCells.pass ? 'ok  ' : 'FAIL'} small-cell rule (min ${p.smallCells.minCell}): ${p.smallCells.violations.length} violations`);
  lines.push(`  ${p.sharedIds.pass ? 'ok  ' : 'FAIL'} synthetic ids equal to real ids: ${p.sharedIds.count}`);
  console.log(lines.join('\n'));
}

export async function main(argv: string[]): Promise<number> {
  const { command, flags } = parseArgs(argv);
  if (command === 'generate') {
    const model = readModel(need(flags, 'model'));
    const out = need(flags, 'out');
    const format = flags.get('format') ?? 'events';
    const window = returnsWindow(flags.get('year'), format);
    const from = flags.has('from') || !window ? day(flags, 'from') : window.from;
    const to = flags.has('to') || !window ? day(flags, 'to') : window.to;
    const options = { children: int(flags, 'children'), from, to, seed: int(flags, 'seed', 1) };
    const historyFrom = flags.has('history-from') ? day(flags, 'history-from') : window?.historyFrom(from);
    const generateOptions = historyFrom === undefined ? options : { ...options, historyFrom };
    if (format !== 'events') {
      console.log(generateReturns(model, generateOptions, format, window!.years, out, flags.get('la') ?? '201'));
      return 0;
    }
    const result = await writeSyntheticCsv(model, generateOptions, out);
    console.log(`wrote ${result.rows} events of ${result.children} synthetic children to ${out}`);
    return 0;
  }
  if (command === 'fit') {
    const store = await loadStore(need(flags, 'db'));
    try {
      const name = need(flags, 'dataset');
      const dataset = store.loadDataset(name);
      if (!dataset) throw new UsageError(`no dataset "${name}" in ${flags.get('db')}`);
      const model = fitModel(dataset.table, dataset.children, { minCell: int(flags, 'min-cell', 10) });
      writeFileSync(need(flags, 'out'), JSON.stringify(model, null, 1));
      console.log(`fitted ${model.transitions.length} transition cells on ${model.fittedOn.children} children; ${model.merged.length} small cells merged; wrote ${flags.get('out')}`);
      return 0;
    } finally {
      store.close();
    }
  }
  if (command === 'report') {
    const store = await loadStore(need(flags, 'db'));
    try {
      const load = (name: string) => {
        const d = store.loadDataset(name);
        if (!d) throw new UsageError(`no dataset "${name}" in ${flags.get('db')}`);
        return d;
      };
      const real = load(need(flags, 'real'));
      const synthetic = load(need(flags, 'synthetic'));
      const model = flags.has('model') ? readModel(need(flags, 'model')) : null;
      const fidelity = fidelityReport(real, synthetic);
      const privacy = privacyReport(real, synthetic, model);
      if (flags.get('json') === 'true') console.log(JSON.stringify({ fidelity, privacy }, null, 1));
      else printReports(fidelity, privacy);
      return fidelity.pass && privacy.pass ? 0 : 1;
    } finally {
      store.close();
    }
  }
  throw new UsageError(command ? `unknown command "${command}"` : 'no command');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : `synth: ${(error as Error).message}`);
      process.exit(2);
    },
  );
}
