// `cli forecast --db F --dataset N [--as-of D] [--months M] [--runs R] [--seed S] [--map ID] [--scenario FILE] [--json]`:
// the forecast (and, with a scenario file, the scenario beside its baseline) as the API gives it.
// `cli forecast --care-only --db F --dataset N [--as-of D] [--months M] [--reference D] [--json]`: the
// care-only model (cs-demand-model's) as GET …/forecast/care-only gives it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDay, parseDay } from '../core/dates.js';
import { careOnlyDates, careOnlyForecast, placementMixAt } from '../core/forecast/care-only-fit.js';
import { asOfRefusal, fitForecast } from '../core/forecast/fit.js';
import { summarise } from '../core/forecast/forecast.js';
import { incompleteStockText } from '../core/forecast/incomplete-text.js';
import type { Scenario } from '../core/forecast/levers.js';
import { inertLevers, placementCostRefusal, ScenarioBodySchema, summariseScenario } from '../core/forecast/scenario.js';
import { careSpellsOf } from './care-spells.js';
import type { Store } from './db/store.js';
import { runForecast } from './forecast-pool.js';
import { loadMapsRegistry } from './maps-registry.js';

export interface ForecastArgs {
  dataset: string;
  asOf?: string;
  months: number;
  runs: number;
  seed: number;
  map: string;
  scenarioFile?: string;
  json: boolean;
}

/** Why --months is wrong whatever the data (the API's bounds), or null; the CLI exits 2 with it, as a usage error. */
export function monthsRefusal(months: number, given: unknown = months): string | null {
  return Number.isInteger(months) && months >= 1 && months <= 60 ? null : `--months must be 1 to 60, got ${given}`;
}

/** Why --runs is wrong whatever the data, or null. */
export function runsRefusal(runs: number, given: unknown = runs): string | null {
  return Number.isInteger(runs) && runs >= 20 && runs <= 2000 ? null : `--runs must be 20 to 2000 (as the API), got ${given}`;
}

/** Returns the text for stdout; throws with a message naming what is wrong. */
export async function forecastCommand(store: Store, args: ForecastArgs): Promise<string> {
  const info = store.getDataset(args.dataset);
  if (!info || info.to === null) throw new Error(`no dataset "${args.dataset}" with events`);
  const asOf = args.asOf === undefined ? parseDay(info.to)! : parseDay(args.asOf);
  if (asOf === null) throw new Error(`--as-of "${args.asOf}" is not a date YYYY-MM-DD`);
  const refusal = asOfRefusal(parseDay(info.from!)!, parseDay(info.to)!, asOf);
  if (refusal) throw new Error(`--as-of: ${refusal}`);
  const wrong = monthsRefusal(args.months) ?? runsRefusal(args.runs);
  if (wrong) throw new Error(wrong);
  let body = null;
  if (args.scenarioFile) {
    const parsed = ScenarioBodySchema.safeParse(JSON.parse(readFileSync(args.scenarioFile, 'utf8')));
    if (!parsed.success) throw new Error(`${args.scenarioFile}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    body = parsed.data;
  }
  const maps = await loadMapsRegistry(fileURLToPath(new URL('../maps/', import.meta.url)));
  const registered = maps.get(args.map);
  if (!registered) throw new Error(`no map "${args.map}"`);
  const loaded = store.loadDataset(args.dataset)!;
  const model = fitForecast(loaded.table, registered.map, asOf, loaded.children);
  const inert = body ? inertLevers(model, body as Scenario) : [];
  if (inert.length > 0) throw new Error(`${args.scenarioFile}: ${inert.join('; ')}`);
  const mix = Object.keys(body?.costs?.weeklyPerPlacement ?? {}).length > 0 ? placementMixAt(careSpellsOf(store, args.dataset)!.spells, asOf) : undefined;
  const mixRefusal = mix ? placementCostRefusal(body!.costs, mix) : null;
  if (mixRefusal) throw new Error(`${args.scenarioFile}: ${mixRefusal}`);
  const options = { months: args.months, runs: args.runs, seed: args.seed };
  const sets = await runForecast(model, options, body as Scenario | null);
  const result = body ? summariseScenario(model, options, sets.base, sets.scen!, body, mix) : summarise(model, options, sets.base);
  if (args.json) return JSON.stringify(result);
  const lines = [`forecast of ${args.dataset} from ${formatDay(asOf)}, ${args.runs} runs, seed ${args.seed}: median [80% band]${body ? ' scenario' : ''}`];
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  for (const [measure, entry] of Object.entries(result.incomplete)) if (entry.atStart || entry.endsMissing) lines.push(`warning: ${measure}: ${incompleteStockText(entry)}`);
  lines.push(['month', ...Object.keys(result.series)].join('\t'));
  result.months.forEach((m, k) => lines.push([m, ...Object.values(result.series).map((b) => `${b.p50[k]} [${b.p10[k]}–${b.p90[k]}]`)].join('\t')));
  return lines.join('\n');
}

export interface CareOnlyArgs {
  dataset: string;
  asOf?: string;
  months: number;
  reference?: string;
  json: boolean;
}

/** The care-only forecast as GET …/forecast/care-only answers it; throws with a message naming what is wrong. */
export function careOnlyCommand(store: Store, args: CareOnlyArgs): string {
  const info = store.getDataset(args.dataset);
  if (!info || info.to === null) throw new Error(`no dataset "${args.dataset}" with events`);
  const day = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const d = parseDay(text);
    if (d === null) throw new Error(`--${flag} "${text}" is not a date YYYY-MM-DD`);
    return d;
  };
  const asOf = day('as-of', args.asOf) ?? parseDay(info.to)!;
  const dates = careOnlyDates(parseDay(info.from!)!, parseDay(info.to)!, asOf, day('reference', args.reference));
  if ('refusal' in dates) throw new Error(`--${dates.field === 'asOf' ? 'as-of' : 'reference'}: ${dates.refusal}`);
  const wrongMonths = monthsRefusal(args.months);
  if (wrongMonths) throw new Error(wrongMonths);
  const source = careSpellsOf(store, args.dataset)!;
  const result = careOnlyForecast(source.spells, source.dob, { asOf, months: args.months, referenceFrom: dates.referenceFrom });
  if (args.json) return JSON.stringify(result);
  const keys = ['looked_after', ...result.placements];
  const lines = [
    `care-only forecast of ${args.dataset} from ${result.asOf} (cs-demand-model's deterministic model; rates over ${result.reference.from} to ${result.reference.to}, ${result.reference.days} days): children looked after at each month end`,
  ];
  if (result.childrenWithoutDob > 0) lines.push(`left out: ${result.childrenWithoutDob} children with no date of birth`);
  lines.push(['month', ...keys].join('\t'));
  lines.push([result.asOf, ...keys.map((k) => String(result.start[k] ?? 0))].join('\t'));
  result.months.forEach((m, i) => lines.push([m, ...keys.map((k) => result.series[k]![i]!.toFixed(1))].join('\t')));
  return lines.join('\n');
}
