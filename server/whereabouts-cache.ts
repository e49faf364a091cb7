// What the stations endpoint reads, built once per dataset version and map: the event table's
// "who is where" stays (core/whereabouts.ts) and the cohort row masks asked for (a few kept).
import { cohortAnchors, cohortRowMask, type CohortAnchors, type CohortFilter } from '../core/analysis/cohort.js';
import type { DataSpan } from '../core/analysis/cutoffs.js';
import { runInOf, type RunIn } from '../core/analysis/run-in.js';
import { buildWhereabouts, type Whereabouts } from '../core/whereabouts.js';
import { prepareMetrics, type PreparedMetrics } from '../core/metrics.js';
import type { LoadedDataset, Store } from './db/store.js';
import { NotFoundError } from './errors.js';
import { Lru } from './lru.js';
import type { MapsRegistry } from './maps-registry.js';

export interface WhereaboutsEntry {
  version: number;
  whereabouts: Whereabouts;
  /** children in the dataset (indices 0 … children − 1, as in the moves) */
  children: number;
  /** each station's run-in after the data's first day, and its missing ends (core/analysis/run-in.ts), for the span the caller sees */
  runIn(span: DataSpan): RunIn;
  /** the row mask of a cohort (null = everyone), kept per canonical filter text */
  mask(filter: CohortFilter, key: string): Uint8Array | null;
}

interface DatasetEntry {
  version: number;
  loaded: LoadedDataset;
  prepared: PreparedMetrics;
  anchors: CohortAnchors;
  byMap: Map<string, { hash: string; whereabouts: Whereabouts }>;
  masks: Lru<string, Uint8Array | null>;
}

export interface WhereaboutsCache {
  /** throws NotFoundError for an unknown dataset or map */
  get(datasetName: string, mapId: string): WhereaboutsEntry;
}

export function createWhereaboutsCache(store: Store, maps: MapsRegistry): WhereaboutsCache {
  // Kept with the loaded dataset in the store, so released when it is replaced, deleted or evicted
  // (a Map here held every dataset ever asked for, deleted or not: review v12d finding 5).
  function dataset(name: string): DatasetEntry {
    const entry = store.derived(name, 'whereabouts', (loaded): DatasetEntry => ({
      version: store.version(name),
      loaded,
      prepared: prepareMetrics(loaded.table),
      anchors: cohortAnchors(loaded.table),
      byMap: new Map(),
      masks: new Lru(16),
    }));
    if (entry === null) throw new NotFoundError(`dataset "${name}"`);
    return entry;
  }

  return {
    get(datasetName, mapId) {
      const registered = maps.get(mapId);
      if (!registered) throw new NotFoundError(`map "${mapId}"`);
      const entry = dataset(datasetName);
      let built = entry.byMap.get(mapId);
      if (!built || built.hash !== registered.hash) {
        built = { hash: registered.hash, whereabouts: buildWhereabouts(entry.loaded.table, registered.map, { prepared: entry.prepared }) };
        entry.byMap.set(mapId, built);
      }
      return {
        version: entry.version,
        whereabouts: built.whereabouts,
        children: entry.loaded.table.childIds.length,
        runIn: (span) => runInOf(built.whereabouts, registered.map, span, entry.loaded.table),
        mask(filter, key) {
          const known = entry.masks.get(key);
          if (known !== undefined) return known;
          const mask = cohortRowMask(entry.loaded.table, entry.loaded.children, entry.anchors, filter);
          entry.masks.set(key, mask);
          return mask;
        },
      };
    },
  };
}
