// `npm run synth -- <command>`: fit a model to a dataset, generate a synthetic events CSV from a model,
// and report fidelity and privacy of a synthetic dataset against the real one. Prints aggregates only.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDay } from '../core/dates.js';
import { DEFAULT_MODEL } from './defaults.js';
import { fidelityReport } from './fidelity.js';
import { fitModel } from './fit.js';
import { fittedPeriod } from './generate.js';
import { parseModel, type Model } from './model.js';
import { privacyReport } from './privacy.js';
import { formatReportTable, reportTable } from './report-table.js';
import { generateEvents, generateReturns, returnsWindow } from './returns/cli-generate.js';
import { checkPopulationYears, populationOptions } from './returns/population.js';

const USAGE = `usage:
  synth generate --model FILE|default --children N [--from YYYY-MM-DD --to YYYY-MM-DD] --seed S --out FILE
                 [--history-from YYYY-MM-DD]   (children arrive from this date; of what happened before --from only
                                                the journeys still under way on it are written, whole)
                 [--format events|ssda903|cin|annex-a] [--year YYYY|YYYY-YYYY] [--la NNN] [--force]
                 (--force: write returns even when their privacy check fails; without it nothing is written)
                 (--year: collection years, 2024 = April 2023 to March 2024, 2011 to 2027; without --from, --to
                  and --history-from the children are the seed's population of 2005-2027 (--children of them),
                  the same whatever --year asks; SSDA903 writes a folder of CSVs)
                 (without --from, --to and --year: the period the model was fitted on)
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

/** The audit trail's row for a read of the database's data (server/audit/cli-export.ts). */
async function recordExport(store: Awaited<ReturnType<typeof loadStore>>, dataset: string, what: string, detail: Record<string, string> = {}): Promise<void> {
  const { recordCliExport } = await import('../server/audit/cli-export.js');
  recordCliExport(store.db, dataset, what, detail);
}

export async function main(argv: string[]): Promise<number> {
  const { command, flags } = parseArgs(argv);
  if (command === 'generate') {
    const model = readModel(need(flags, 'model'));
    const out = need(flags, 'out');
    const format = flags.get('format') ?? 'events';
    const window = returnsWindow(flags.get('year'), format);
    // Without --from, --to or --year, the period the model was fitted on (with its burn-in, if the data had one).
    const fitted = !window && !flags.has('from') && !flags.has('to') ? fittedPeriod(model) : null;
    const from = fitted ? fitted.from : flags.has('from') || !window ? day(flags, 'from') : window.from;
    const to = fitted ? fitted.to : flags.has('to') || !window ? day(flags, 'to') : window.to;
    const options = { children: int(flags, 'children'), from, to, seed: int(flags, 'seed', 1) };
    const historyFrom = flags.has('history-from') ? day(flags, 'history-from') : fitted ? fitted.historyFrom : window?.historyFrom(from);
    // With --year alone, the seed's fixed population (returns/population.ts): the same children whatever years are asked.
    const population = window !== null && !flags.has('from') && !flags.has('to') && !flags.has('history-from');
    if (population) checkPopulationYears(window.years);
    const generateOptions = population ? populationOptions(options.children, options.seed) : historyFrom === undefined ? options : { ...options, historyFrom };
    if (format !== 'events') {
      console.log(generateReturns(model, generateOptions, format, window!.years, out, flags.get('la') ?? '201', flags.has('force')));
      return 0;
    }
    // the returns' repairs made once, in the events file too (the same journeys in every format)
    console.log(await generateEvents(model, generateOptions, out, population ? window.years : undefined));
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
      await recordExport(store, name, 'synthetic_model');
      const breaks = Object.values(model.skipped).reduce((a, b) => a + b, 0);
      const byRule = Object.entries(model.skipped).map(([rule, n]) => `${rule} ${n}`).join(', ');
      console.log(`fitted ${model.transitions.length} transition cells on ${model.fittedOn.children} children (${model.fittedOn.from} to ${model.fittedOn.to}); ` +
        `${model.merged.length} small cells merged; ${breaks} events break the journey grammar and were not learned from${breaks ? ` (${byRule})` : ''}; wrote ${flags.get('out')}`);
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
      const table = reportTable(fidelity, privacy, { exactCounts: true });
      await recordExport(store, flags.get('real')!, 'synthetic_report', { synthetic: flags.get('synthetic')! });
      if (flags.get('json') === 'true') console.log(JSON.stringify({ fidelity, privacy, table }, null, 1));
      else console.log(formatReportTable(table));
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
