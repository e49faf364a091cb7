// Every cache that keeps something computed from one dataset registers here, so that replacing or
// deleting the dataset drops its entries at once instead of when newer ones push them out (review
// v12d finding 5: memory was not given back after deleting datasets). One registry per store: the
// compute worker's store hears of changes by its 'evict' message (server/compute/compute-worker.ts),
// the main thread's from store.onChange.
import type { Store } from './db/store.js';
import type { Lru } from './lru.js';

interface Registered {
  label: string;
  /** drops the dataset's entries; returns how many went */
  forget(dataset: string): number;
  /** how many entries the dataset has */
  holds(dataset: string): number;
}

export class DatasetCaches {
  private readonly caches: Registered[] = [];

  /**
   * `datasetOf` names the dataset(s) an entry was computed from: a name, several, ANY (computed from all
   * of them, so stale after any change), or undefined (none in particular).
   */
  add<V>(label: string, lru: Lru<string, V>, datasetOf: (key: string, value: V) => DatasetsOf = firstPart): void {
    const from = (dataset: string) => (key: string, value: V) => {
      const of = datasetOf(key, value);
      return of === ANY || of === dataset || (Array.isArray(of) && of.includes(dataset));
    };
    this.caches.push({
      label,
      forget: (dataset) => lru.deleteWhere(from(dataset)),
      holds: (dataset) => lru.entriesList().filter(([key, value]) => from(dataset)(key, value)).length,
    });
  }

  /** Drops every entry computed from the dataset, in every cache. */
  forget(dataset: string): number {
    let n = 0;
    for (const c of this.caches) n += c.forget(dataset);
    return n;
  }

  /** The caches (by label) holding entries of the dataset, with how many (for the tests). */
  holding(dataset: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.caches) {
      const n = c.holds(dataset);
      if (n > 0) out[c.label] = (out[c.label] ?? 0) + n;
    }
    return out;
  }

  labels(): string[] {
    return this.caches.map((c) => c.label);
  }
}

/** An entry computed from every dataset (the funnel). */
export const ANY = Symbol('any dataset');
export type DatasetsOf = string | readonly string[] | typeof ANY | undefined;

/** A key's dataset when it starts with the dataset's name and a NUL (`${name}\u0000…`). */
export const firstPart = (key: string): string | undefined => key.split('\u0000', 1)[0];

/** A key's dataset when the key is a JSON array holding the name at `index`. */
export const jsonPart =
  (index: number) =>
  (key: string): string | undefined => {
    const value = (JSON.parse(key) as unknown[])[index];
    return typeof value === 'string' ? value : undefined;
  };

const registries = new WeakMap<Store, DatasetCaches>();

/** The store's registry, made (and subscribed to the store's changes) on first use. */
export function datasetCaches(store: Store): DatasetCaches {
  let caches = registries.get(store);
  if (caches === undefined) {
    const made = new DatasetCaches();
    registries.set(store, made);
    store.onChange((name) => made.forget(name));
    caches = made;
  }
  return caches;
}
