// What a forecast reads from a dataset, as tasks a worker thread runs (forecast-worker.ts) or, when
// workers cannot start, the request's own thread (forecast-pool.ts's onDataset): the fit (and a
// back-test's actuals), the placement mix on a date and the care-only forecast. Each loads the dataset
// itself, in the thread that runs it: in a worker from its own connection to the service's database,
// so that the request thread never reads (loadDataset: 226-324 ms for 150,741 events) a dataset that
// is not loaded yet.
import { careOnlyForecast, placementMixAt, type CareOnlyResult } from '../core/forecast/care-only-fit.js';
import { backtestBasis, rewoundAsOf, type BacktestBasis } from '../core/forecast/backtest.js';
import { fitForecast, type FittedForecast } from '../core/forecast/fit.js';
import type { MapDefinition } from '../core/map-schema.js';
import type { PlacementMix } from '../core/forecast/scenario.js';
import { careSpellsOf } from './care-spells.js';
import type { Store } from './db/store.js';
import { NotFoundError } from './errors.js';

export interface FitTask {
  kind: 'fit';
  map: MapDefinition;
  /** the fit's date; a back-test's (absent) is its months before the data's last day */
  asOf?: number;
  /** a back-test's months: the actuals after asOf are counted too */
  backtestMonths?: number;
}
export interface PlacementMixTask {
  kind: 'placementMix';
  asOf: number;
}
export interface CareOnlyTask {
  kind: 'careOnly';
  options: Parameters<typeof careOnlyForecast>[2];
}
export type DatasetTask = FitTask | PlacementMixTask | CareOnlyTask;

export type FitAnswer = { model: FittedForecast } | BacktestBasis;
export type DatasetAnswer<T extends DatasetTask> = T extends FitTask ? FitAnswer : T extends PlacementMixTask ? PlacementMix : CareOnlyResult;

/** The dataset a task reads: its name and version (store.version: its id) in the database at `dbPath`. */
export interface DatasetSource {
  dbPath: string;
  keyFile: string;
  name: string;
  version: number;
}

/** Runs `task` on dataset `name` of `store`, loading it there (the dataset's version must be `version`, when given). */
export function datasetTask<T extends DatasetTask>(store: Store, name: string, task: T, version?: number): DatasetAnswer<T> {
  const loaded = store.loadDataset(name);
  if (!loaded || (version !== undefined && loaded.id !== version)) throw new NotFoundError(`dataset "${name}"`);
  if (task.kind === 'fit') {
    const { table, children } = loaded;
    if (task.backtestMonths === undefined) return { model: fitForecast(table, task.map, task.asOf!, children) } as DatasetAnswer<T>;
    return backtestBasis(table, task.map, task.asOf ?? rewoundAsOf(table, task.backtestMonths), task.backtestMonths, children) as DatasetAnswer<T>;
  }
  const source = careSpellsOf(store, name);
  if (!source) throw new NotFoundError(`dataset "${name}"`);
  if (task.kind === 'placementMix') return placementMixAt(source.spells, task.asOf) as DatasetAnswer<T>;
  return careOnlyForecast(source.spells, source.dob, (task as CareOnlyTask).options) as DatasetAnswer<T>;
}
