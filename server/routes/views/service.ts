// What the view routes share: one analysis context per dataset version (built on first use), one LRU of
// results per (view, dataset version, parameters), the default window, and the JSON or CSV reply.
import type { FastifyReply } from 'fastify';
import { createAnalysisContext, type AnalysisContext } from '../../../core/analysis/context.js';
import type { CohortFilter } from '../../../core/analysis/cohort.js';
import { tableToCsv, type ViewTable } from '../../../core/analysis/view-table.js';
import { addMonths, formatDay, parseDay } from '../../../core/dates.js';
import type { MapDefinition } from '../../../core/map-schema.js';
import type { DatasetInfo, Store } from '../../db/store.js';
import { BadRequestError, NotFoundError } from '../../errors.js';
import type { MapsRegistry } from '../../maps-registry.js';
import { Lru, jsonWeight } from '../../lru.js';

/** Every view's JSON carries its tables; the CSV export is one of them. */
export interface ViewResult {
  tables: ViewTable[];
}

export interface DatasetContext {
  name: string;
  info: DatasetInfo;
  version: number;
  ctx: AnalysisContext;
}

export interface ViewService {
  /** the dataset's info and version; throws NotFoundError */
  dataset(name: string): { info: DatasetInfo; version: number };
  /** the analysis context of the dataset's current version */
  context(name: string): DatasetContext;
  map(id: string): MapDefinition;
  /** `compute` once per key; `hit` says whether it came from the cache */
  cached<T extends ViewResult>(key: string, compute: () => T): { value: T; hit: boolean };
  /** from/to given, else the dataset's span (from clamped to `defaultMonths` before its end, if given) */
  window(info: DatasetInfo, query: { from?: number | undefined; to?: number | undefined }, defaultMonths?: number): { from: number; to: number };
  mask(ctx: AnalysisContext, cohort: { filter: CohortFilter; key: string } | undefined): Uint8Array | null;
  send(reply: FastifyReply, value: ViewResult, query: { format: 'json' | 'csv'; table?: string | undefined }, fileName: string, hit: boolean): unknown;
}

/** Bytes of view results kept, all views together. */
const RESULTS_BYTES = 64 * 1024 ** 2;

export function createViewService(store: Store, maps: MapsRegistry, cacheSize = 64): ViewService {
  const results = new Lru<string, ViewResult>(cacheSize, { maxWeight: RESULTS_BYTES, weigh: jsonWeight });

  const dataset = (name: string) => {
    const info = store.getDataset(name);
    if (!info) throw new NotFoundError(`dataset "${name}"`);
    return { info, version: store.version(name) };
  };

  return {
    dataset,
    context(name) {
      const { info, version } = dataset(name);
      // Kept with the loaded dataset in the store, so released when it is replaced, deleted or evicted.
      const ctx = store.derived(name, 'views.context', (loaded) => createAnalysisContext(loaded.table, loaded.children));
      if (ctx === null) throw new NotFoundError(`dataset "${name}"`);
      return { name, info, version, ctx };
    },
    map(id) {
      const registered = maps.get(id);
      if (!registered) throw new NotFoundError(`map "${id}"`);
      return registered.map;
    },
    cached(key, compute) {
      const hit = results.get(key);
      if (hit) return { value: hit as ReturnType<typeof compute>, hit: true };
      const value = compute();
      results.set(key, value);
      return { value, hit: false };
    },
    window(info, query, defaultMonths) {
      const first = info.from === null ? null : parseDay(info.from);
      const last = info.to === null ? null : parseDay(info.to);
      // Clipped to the dataset's span: a window of 0001 to 9999 is the data's own window, not 3.6
      // million days of empty series.
      const to = query.to === undefined ? last : last === null ? query.to : Math.min(query.to, last);
      let from = query.from === undefined ? first : first === null ? query.from : Math.max(query.from, first);
      if (query.from === undefined && defaultMonths !== undefined && to !== null && from !== null) {
        from = Math.max(from, addMonths(to, -defaultMonths) + 1);
      }
      if (from === null || to === null) throw new BadRequestError(`dataset "${info.name}" has no events: give both from and to`);
      if (from > to) {
        throw new BadRequestError(
          query.from !== undefined && query.to !== undefined && query.from <= query.to
            ? `the window ${formatDay(query.from)} to ${formatDay(query.to)} holds none of the dataset's dates (${info.from} to ${info.to})`
            : `query.from: from must be on or before to (${formatDay(from)} is after ${formatDay(to)})`,
        );
      }
      return { from, to };
    },
    mask(ctx, cohort) {
      return cohort ? ctx.mask(cohort.filter, cohort.key) : null;
    },
    send(reply, value, query, fileName, hit) {
      void reply.header('x-cache', hit ? 'hit' : 'miss');
      if (query.format === 'json') return value;
      const table = query.table === undefined ? value.tables[0] : value.tables.find((t) => t.id === query.table);
      if (!table) {
        throw new BadRequestError(`query.table: no table "${query.table}" in this view (use ${value.tables.map((t) => t.id).join(', ')})`);
      }
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}-${table.id}.csv"`);
      return tableToCsv(table);
    },
  };
}

/** Cache-key text of a query: its fields in a fixed order (cohorts by their canonical text). */
export function keyOf(parts: Record<string, unknown>): string {
  return Object.keys(parts)
    .sort()
    .map((k) => {
      const v = parts[k];
      const text = v && typeof v === 'object' && 'key' in v ? (v as { key: string }).key : v === undefined ? '' : String(v);
      return `${k}=${text}`;
    })
    .join('&');
}
