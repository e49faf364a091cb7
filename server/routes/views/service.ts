// What the view routes share: one analysis context per dataset version (built on first use), one LRU of
// published results per (view, dataset version, parameters, exact or not), the default window, and the
// JSON or CSV reply. Every view goes through `respond`: its draft tables pass the disclosure policy
// (core/disclosure/) as `request.exactCounts` says, and the rest of its JSON is assembled from the
// published tables, so the JSON, the on-screen tables, the hover values and the CSV show one number.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createAnalysisContext, type AnalysisContext } from '../../../core/analysis/context.js';
import type { DataSpan } from '../../../core/analysis/cutoffs.js';
import { rowsAsObjects, tableToCsv, type Cell, type ViewTable } from '../../../core/analysis/view-table.js';
import { discloseTables, type CohortCounts } from '../../../core/disclosure/disclose.js';
import { CONTROLLED_NOTE, countPolicyOf, policyNoteOf, RUNNING_NOTE, SUPPRESSED, type CountPolicy } from '../../../core/disclosure/policy.js';
import { PARTITION_MAX_VALUES, partitionSuppress, secondarySuppress, type SumRelation } from '../../../core/disclosure/secondary.js';
import { COHORT_VALUES, narrowingDimensions, type CohortFilter } from '../../../core/analysis/cohort.js';
import { parseDay } from '../../../core/dates.js';
import type { MapDefinition } from '../../../core/map-schema.js';
import type { DatasetInfo, Store } from '../../db/store.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { MapsRegistry } from '../../maps-registry.js';
import { Lru, jsonWeight } from '../../lru.js';
import { ANY, datasetCaches } from '../../dataset-caches.js';
import { datasetWindow } from '../dataset-window.js';
import { isYearsOnly, publishedSpan } from '../../../core/disclosure/aggregates.js';

/** What a view's CSV is asked with: the table, and the cohort its file name carries. */
export interface CsvQuery {
  format: 'json' | 'csv';
  table?: string | undefined;
  cohort?: { key: string } | undefined;
}

/**
 * A CSV's file name says what it holds (review v9d finding 7: `small-flow-conversion.csv` for girls over
 * July 2024 to January 2025): dataset, view, table, then the cohort ("everyone" when none) and the window
 * (the impact view's marker; the two-date view's dates; the cohort view's two cohorts), e.g.
 * `small-flow-conversion-sex-F-2024-07-01-to-2025-01-31.csv`.
 */
export function csvFileName(fileName: string, table: string, value: object, query: CsvQuery): string {
  const v = value as { window?: { from?: unknown; to?: unknown }; marker?: unknown; a?: unknown; b?: unknown; cohortA?: unknown; cohortB?: unknown };
  const slug = (text: string) => text.replace(/[^A-Za-z0-9_]+/g, '-').replace(/^-|-$/g, '') || 'everyone';
  const parts = [fileName, table];
  if (typeof v.cohortA === 'string' || typeof v.cohortB === 'string') parts.push(`A-${slug(String(v.cohortA ?? ''))}`, `B-${slug(String(v.cohortB ?? ''))}`);
  else parts.push(slug(query.cohort?.key ?? ''));
  if (typeof v.marker === 'string') parts.push(`marker-${v.marker}`);
  else if (typeof v.window?.from === 'string' && typeof v.window.to === 'string') parts.push(`${v.window.from}-to-${v.window.to}`);
  else if (typeof v.a === 'string' && typeof v.b === 'string') parts.push(`${v.a}-and-${v.b}`);
  return `${parts.join('-')}.csv`;
}

/** Every view's JSON carries its tables; the CSV export is one of them. */
export interface ViewResult {
  tables: ViewTable[];
  disclosure?: { exactCounts: boolean; suppressed: number; rounded: number; note: string | null };
}

/** The published tables of a view, by id. */
export interface Published {
  table(id: string): ViewTable;
  /** the rows of a table as objects keyed by column */
  rows(id: string): Array<Record<string, Cell>>;
}

/** A view before disclosure control: its tables and the rest of its JSON. */
export interface ViewDraft<T extends object> {
  tables: ViewTable[];
  /** the JSON besides the tables; every count in it must come from `published` */
  assemble(published: Published): T;
  /** sums a viewer knows hold between the tables' counts (secondary suppression keeps them from pinning a [c]) */
  relations?: SumRelation[];
  /** a cohort's counts in an answer not asked with `cohort` (the cohorts view's A and B): published by the cohort policy */
  cohortCounts?: CohortCounts[];
}

export interface DatasetContext {
  name: string;
  info: DatasetInfo;
  version: number;
  ctx: AnalysisContext;
}

export interface ViewService {
  /** the dataset's info (its span as a request that may or may not see exact numbers sees it: publishedSpan) and version; throws NotFoundError */
  dataset(name: string, exact: boolean): { info: DatasetInfo; version: number };
  /** the analysis context of the dataset's current version */
  context(name: string): DatasetContext;
  map(id: string): MapDefinition;
  /** `compute` once per key; `hit` says whether it came from the cache */
  cached<T extends ViewResult>(key: string, compute: () => T): { value: T; hit: boolean };
  /** from/to given, else the dataset's span (from clamped to `defaultMonths` before its end, if given) */
  /** the window asked for, clipped to the data (dataset-window.ts); unless `exact`, the one financial year holding its end, or with `viewerGrain` 'span' the data's whole span (WindowGrain) */
  window(info: DatasetInfo, query: { from?: number | undefined; to?: number | undefined }, exact: boolean, defaultMonths?: number, viewerGrain?: 'financial-years' | 'span'): { from: number; to: number };
  mask(ctx: AnalysisContext, cohort: { filter: CohortFilter; key: string } | undefined): Uint8Array | null;
  /** the days the dataset covers (its first and last event dates); throws BadRequestError when empty */
  span(info: DatasetInfo): DataSpan;
  send(reply: FastifyReply, value: ViewResult, query: CsvQuery, fileName: string, hit: boolean): unknown;
  /**
   * computes (once per key and disclosure mode), publishes and sends a view; `compute` is told whether
   * the answer is exact, for the figures a view draws from its own numbers rather than from its tables
   */
  respond<T extends object>(
    request: FastifyRequest, reply: FastifyReply, key: string, query: CsvQuery, fileName: string, compute: (exact: boolean) => ViewDraft<T>,
  ): unknown;
}

/**
 * Runs a draft through the disclosure policy and assembles its JSON from the published tables. The one
 * place every view's answer for a viewer goes through: `policy` is everyone's ([c] for 1–4) or, for an
 * answer asked with a cohort, the cohort's (every count under 10, 0 included, [c], the rest rounded to 5;
 * policy.ts CountPolicy); the draft's `cohortCounts` go by the cohort's in an answer that is everyone's.
 */
export function publish<T extends object>(draft: ViewDraft<T>, exact: boolean, policy: CountPolicy = 'everyone', dimension?: DimensionDrafts): T & ViewResult {
  const disclosed = discloseTables(draft.tables, { exact, policy, ...(draft.cohortCounts ? { cohortCounts: draft.cohortCounts } : {}) });
  if (!exact) disclosed.suppressed += secondarySuppress(disclosed.tables, draft.relations ?? [], policy);
  if (!exact && dimension) disclosed.suppressed += partitionSuppress(disclosed.tables, dimension.values, dimension.member);
  // a cohort's listed rows that read [c] are left out: listed would say "1 to 9", not "0 to 9" (view-table.ts `sparse`)
  if (!exact && policy === 'cohort') {
    disclosed.tables = disclosed.tables.map((t) => {
      const j = t.sparse === undefined ? -1 : t.columns.findIndex((c) => c.key === t.sparse);
      const fixed = t.alwaysListed ? t.columns.findIndex((c) => c.key === t.alwaysListed!.column) : -1;
      const listedAnyway = (r: (typeof t.rows)[number]) => fixed >= 0 && t.alwaysListed!.values.includes(String(r[fixed]));
      return j < 0 ? t : { ...t, rows: t.rows.filter((r) => listedAnyway(r) || (r[j] !== 0 && r[j] !== SUPPRESSED)) };
    });
    // the [c] counts of the rows listed: counting those left out too would say how many there were
    disclosed.suppressed = disclosed.tables.reduce((n, t) => n + t.rows.reduce((m, r) => m + r.filter((cell, j) => t.columns[j]!.kind === 'count' && cell === SUPPRESSED).length, 0), 0);
  }
  const byId = new Map(disclosed.tables.map((t) => [t.id, t]));
  const table = (id: string) => {
    const found = byId.get(id);
    if (!found) throw new Error(`view has no table "${id}"`);
    return found;
  };
  return {
    ...draft.assemble({ table, rows: (id) => rowsAsObjects(table(id)) }),
    tables: disclosed.tables,
    disclosure: { exactCounts: exact, suppressed: disclosed.suppressed, rounded: disclosed.rounded, note: exact ? null : noteOf(draft.tables, draft.cohortCounts?.length ? 'cohort' : policy) },
  };
}

/**
 * A cohort of one dimension (sex:F, or sex:F|U|): the exact tables of each value of that dimension, and
 * which of them the cohort holds (secondary.ts partitionSuppress).
 */
export interface DimensionDrafts {
  values: ViewTable[][];
  member: boolean[];
}

/** What a viewer's answer says of its numbers: the policy, and how its linked or cohort counts are published. */
function noteOf(tables: readonly ViewTable[], policy: CountPolicy): string {
  const kinds = new Set(tables.flatMap((t) => (t.controlled ? [t.controlled.kind ?? 'life'] : [])));
  return [policyNoteOf(policy), kinds.has('life') ? CONTROLLED_NOTE : null, kinds.has('running') ? RUNNING_NOTE : null].filter((x) => x !== null).join(' ');
}

/** Bytes of view results kept, all views together. */
const RESULTS_BYTES = 64 * 1024 ** 2;

export function createViewService(store: Store, maps: MapsRegistry, cacheSize = 64): ViewService {
  const results = new Lru<string, ViewResult>(cacheSize, { maxWeight: RESULTS_BYTES, weigh: jsonWeight });
  // keys are `kind|name|version|…`; the funnel's spans every dataset
  datasetCaches(store).add('views', results, (key) => (key.startsWith('funnel|') ? ANY : key.split('|')[1]));

  // A dataset's row as stored, read once per version (a replace gives a new version; nothing updates a row
  // in place): the route and respond both ask for it on every request, cached answers included.
  const storedInfos = new Lru<string, { version: number; info: DatasetInfo | null }>(256);
  const storedInfo = (name: string): { version: number; info: DatasetInfo | null } => {
    const version = store.version(name);
    let known = storedInfos.get(name);
    if (known?.version !== version) {
      known = { version, info: store.getDataset(name) };
      storedInfos.set(name, known);
    }
    return known;
  };
  const dataset = (name: string, exact: boolean) => {
    const { version, info } = storedInfo(name);
    if (!info) throw new NotFoundError(`dataset "${name}"`);
    return { info: publishedSpan(info, exact), version };
  };

  // the cohort `mask` answers instead of the one asked (undefined: the one asked), while dimensionDrafts runs
  let maskFor: { filter: CohortFilter; key: string } | undefined;
  /** A one-dimension cohort's dimension, value by value (compute runs synchronously, once a value). */
  const dimensionDrafts = (filter: CohortFilter, compute: (exact: boolean) => ViewDraft<object>): DimensionDrafts | undefined => {
    // (a dimension with every value ticked narrows nothing: sex:M;eth:<every value> is sex:M's children)
    const given = narrowingDimensions(filter);
    if (given.length !== 1 || COHORT_VALUES[given[0]!].length > PARTITION_MAX_VALUES) return undefined;
    const dimension = given[0]!;
    const chosen = new Set(filter[dimension]);
    try {
      const values = COHORT_VALUES[dimension].map((v, i) => {
        maskFor = { filter: { [dimension]: [i] }, key: `${dimension}:${v}` };
        return compute(true).tables;
      });
      return { values, member: COHORT_VALUES[dimension].map((_, i) => chosen.has(i)) };
    } finally {
      maskFor = undefined;
    }
  };

  const service: ViewService = {
    dataset,
    context(name) {
      const { info, version } = dataset(name, true);
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
    window(info, query, exact, defaultMonths, viewerGrain = 'financial-years') {
      return datasetWindow(info.name, info, query, defaultMonths, exact ? 'days' : viewerGrain);
    },
    mask(ctx, cohort) {
      // while respond works out the values of a cohort's dimension, each draft is asked for one value
      const asked = maskFor === undefined ? cohort : maskFor;
      return asked ? ctx.mask(asked.filter, asked.key) : null;
    },
    span(info) {
      const first = info.from === null ? null : parseDay(info.from);
      const last = info.to === null ? null : parseDay(info.to);
      if (first === null || last === null) throw new BadRequestError(`dataset "${info.name}" has no events`);
      return { first, last };
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
        .header('content-disposition', `attachment; filename="${csvFileName(fileName, table.id, value, query)}"`);
      // the answer's cohort note goes with every table downloaded from it (cutoffs.ts cohortLookBackNote)
      const cohortNote = (value as { cohortNote?: unknown }).cohortNote;
      return tableToCsv(table, typeof cohortNote === 'string' ? cohortNote : null);
    },
    respond(request, reply, key, query, fileName, compute) {
      const exact = request.exactCounts === true;
      // a viewer's cohorts narrow one dimension (the cohorts view's A and B too)
      const asked = request.query as Record<string, { filter?: CohortFilter; key?: string } | undefined> | undefined;
      for (const field of ['cohort', 'a', 'b']) refuseCrossCohort(asked?.[field], exact, field);
      // the cohort the answer is for (every view's query parses it into {filter, key}); it is in `key` too
      const cohort = (request.query as { cohort?: { filter?: CohortFilter; key?: string } } | undefined)?.cohort;
      // a dataset a viewer sees in calendar years (1 to 4 children): every count under 10, 0 too, [c], so a
      // week or a window with none of its events reads as one with some (publishedSpan, isYearsOnly)
      const name = (request.params as { name?: string } | undefined)?.name;
      const stored = name === undefined ? null : storedInfo(name).info;
      const policy = stored && isYearsOnly(stored, exact) ? 'cohort' : countPolicyOf(cohort?.key);
      const { value, hit } = service.cached(`${key}|${exact ? 'exact' : policy}`, () =>
        publish(compute(exact), exact, policy, !exact && policy === 'cohort' && cohort?.filter ? dimensionDrafts(cohort.filter, compute) : undefined));
      return service.send(reply, value, query, fileName, hit);
    },
  };
  return service;
}

/**
 * Refuses a cohort that narrows two or more dimensions (sex:M;eth:white) to a request without exact counts
 * (a viewer's), with a 403 that says why and what to do. Secondary suppression works across the cohorts of
 * one dimension (secondary.ts partitionSuppress: for ethnicity, 127 cohorts a count); the cohorts of two
 * are every set of one dimension's values by every set of the other's (age by ethnicity 63 × 127 = 8,001,
 * with sums along both), and more with three. Answered each on its own, the cells of sex by ethnicity beside
 * their one-dimension totals gave back counts of 1 to 4: 469 of 24,463 in a flow answer and 74 of 1,858 at
 * the stations (two-dimension-attack.test.ts). A dimension with every value ticked narrows nothing.
 */
export function refuseCrossCohort(cohort: { filter?: CohortFilter; key?: string } | undefined, exact: boolean, field = 'cohort'): void {
  if (exact || !cohort?.filter) return;
  const dimensions = narrowingDimensions(cohort.filter);
  if (dimensions.length < 2) return;
  throw new ForbiddenError(
    `query.${field}: "${cohort.key ?? ''}" narrows ${dimensions.length} dimensions (${dimensions.join(', ')}); without exact counts (a viewer's answers) ` +
      'a cohort narrows one dimension at a time, since cells of two dimensions beside their one-dimension totals would give back counts of 1 to 4. ' +
      'Tick values of one dimension only, or ask an analyst.',
  );
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
