// Forecasts and what-if scenarios (core/forecast/):
//   GET  /api/datasets/:name/forecast?asOf=&months=&runs=&seed=&map=   the baseline
//   POST /api/datasets/:name/forecast?…  body { levers, costs? }       scenario, baseline and difference
//   GET  /api/datasets/:name/forecast/progress?id=                      {done, total} runs of the forecast
//                                                                        asked with that &progress=id
//                                                                        (total null: not started yet)
//   GET  /api/datasets/:name/forecast/backtest?months=&runs=&seed=      rewind, forecast, coverage (also
//                                                                        cached and followed by &progress=id)
//   GET  /api/datasets/:name/forecast/care-only?asOf=&months=&reference= cs-demand-model's deterministic
//                                                                        model from the dataset's spells in care
//   GET|PUT|DELETE /api/datasets/:name/scenarios[/:scenario]            scenarios saved by name
// The model is fitted once per dataset version, map and date; answers are cached per dataset version
// and scenario. The fit, the placement mix and the care-only forecast go to a worker thread that loads
// the dataset itself, and the runs to worker threads (server/forecast-pool.ts): a dataset not loaded yet
// is never read on the request thread (audit issue 12 item 5). Every forecast thread starts through one
// bound for the whole service (server/thread-gate.ts), taken in turn per requester: at most `threads`
// running runs at once, and one dataset task (the only threads that load a dataset, each a copy outside
// JOURNEYS_MAX_LOADED_MB's count) (audit a12h F3); the runs' threads are kept a minute for the next forecast. Caches are bounded by bytes as well as
// entries. A request identical to one still running joins it (one computation, both answered). A client that wants a progress bar adds its own
// random `progress` id to the GET or POST and polls the progress route with it while waiting: plain
// requests and polling pass any reverse proxy, and clients that do not ask see the same JSON as before.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { DatasetParamsSchema, DaySchema, DEFAULT_MAP_ID, MapIdSchema } from '../../core/api-schemas.js';
import { parseDay } from '../../core/dates.js';
import { careOnlyDates, type CareOnlyResult } from '../../core/forecast/care-only-fit.js';
import { scoreBacktest, type Backtest, type BacktestBasis } from '../../core/forecast/backtest.js';
import { asOfRefusal, type FittedForecast } from '../../core/forecast/fit.js';
import { periodStations } from '../../core/period-stations.js';
import type { ForecastResult } from '../../core/forecast/forecast.js';
import { strictObject, type Scenario } from '../../core/forecast/levers.js';
import { inertLevers, placementCostRefusal, ScenarioBodySchema, type PlacementMix, type ScenarioResult } from '../../core/forecast/scenario.js';
import type { Store } from '../db/store.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { forecastThreads, onDataset, runForecast, runsToDo, RunsWorkers, summariseRuns, type Slot } from '../forecast-pool.js';
import { requesterOf } from '../compute/offload.js';
import { ThreadGate } from '../thread-gate.js';
import { byteWeight, jsonWeight, Lru } from '../lru.js';
import { datasetCaches, jsonPart } from '../dataset-caches.js';
import type { MapsRegistry } from '../maps-registry.js';
import type { ZodTypeProvider } from '../zod-provider.js';

/**
 * Cache bounds in bytes, besides the entries: on 150,741 events (bench/events-file.ts) a fitted model
 * weighed 274 KB (byteWeight), a forecast's answer 14-18 KB and a care-only one 2.5 KB (jsonWeight).
 */
const CACHE_BYTES = { models: 32 * 1024 ** 2, answers: 16 * 1024 ** 2, careOnly: 4 * 1024 ** 2, mixes: 1024 ** 2 };

const ProgressIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a progress id: 8 to 64 letters, digits, _ or -');

// Queries refuse parameters they do not know, naming them (strictObject), as the bodies do: `?month=12`, a typo
// for months, gave the default 24 months with a 200 (audit a13d M1).
export const ForecastQuerySchema = strictObject({
  asOf: DaySchema.optional(),
  months: z.coerce.number().int().min(1).max(60).default(24),
  runs: z.coerce.number().int().min(20).max(2000).default(1000),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
  map: MapIdSchema.default(DEFAULT_MAP_ID),
  /** the caller's id for this request's progress (GET …/forecast/progress?id=); not part of the answer */
  progress: ProgressIdSchema.optional(),
});
const ProgressQuerySchema = strictObject({ id: ProgressIdSchema });
const BacktestQuerySchema = strictObject({
  months: z.coerce.number().int().min(1).max(36).default(12),
  runs: z.coerce.number().int().min(20).max(2000).default(1000),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
  map: MapIdSchema.default(DEFAULT_MAP_ID),
  progress: ProgressIdSchema.optional(),
});
export const CareOnlyQuerySchema = strictObject({
  asOf: DaySchema.optional(),
  months: z.coerce.number().int().min(1).max(60).default(24),
  /** the reference window's first day: rates are means over the days after it up to asOf (default a year before asOf) */
  reference: DaySchema.optional(),
});
const ScenarioParamsSchema = DatasetParamsSchema.extend({ scenario: z.string().regex(/^[A-Za-z0-9 _.-]{1,80}$/, 'a scenario name: letters, digits, space, _ . -') });

/** Runs done of the runs a forecast does (a scenario counts its baseline's runs too). */
interface Progress {
  done: number;
  total: number;
}
interface Job {
  progress: Progress;
  result: Promise<ForecastResult | ScenarioResult | Backtest>;
}

export interface ForecastRoutesOptions {
  store: Store;
  maps: MapsRegistry;
  /** forecast worker threads running runs at once, across every request; default: the cores, at most 4 */
  threads?: number;
  /** bytes each cache may hold. @default CACHE_BYTES */
  cacheBytes?: Partial<typeof CACHE_BYTES>;
}

export const forecastRoutes: FastifyPluginAsync<ForecastRoutesOptions> = async (parent, { store, maps, threads, cacheBytes = {} }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  store.db.exec(`CREATE TABLE IF NOT EXISTS forecast_scenarios (
    dataset TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL, saved_at TEXT NOT NULL, PRIMARY KEY (dataset, name))`);
  // Bytes as well as entries (CACHE_BYTES): a model is weighed once fitted; a fit still running is in `fitting`.
  const bytes = { ...CACHE_BYTES, ...cacheBytes };
  const models = new Lru<string, FittedForecast>(8, { maxWeight: bytes.models, weigh: byteWeight });
  const fitting = new Map<string, Promise<FittedForecast>>();
  const answers = new Lru<string, ForecastResult | ScenarioResult | Backtest>(32, { maxWeight: bytes.answers, weigh: jsonWeight });
  /** placement mixes (a few shares) by dataset, version and date: a POST with costs per placement asks each time */
  const mixes = new Lru<string, PlacementMix>(32, { maxWeight: bytes.mixes, weigh: jsonWeight });
  /** computations running, by the same key as `answers`; a second identical request awaits the first */
  const running = new Map<string, Job>();
  /** what each progress id follows (its dataset, and the job's counts, which the job keeps updating) */
  const progressIds = new Lru<string, { dataset: string; progress: Progress }>(512);
  const caches = datasetCaches(store);
  const runsGate = new ThreadGate(threads ?? forecastThreads());
  /** a dataset task's worker loads the whole dataset: one at a time bounds the copies to one */
  const datasetGate = new ThreadGate(1, { perRequester: 1 });
  /** the runs' threads, kept between forecasts (at most runsGate's capacity: they are used through its places) */
  const runsWorkers = new RunsWorkers();
  parent.addHook('onClose', async () => runsWorkers.close());
  const slotsFor = (requester: string): { runs: Slot; dataset: Slot } => ({
    runs: (task) => runsGate.run(requester, task),
    dataset: (task) => datasetGate.run(requester, task),
  });
  caches.add('forecast models', models);
  caches.add('forecast placement mixes', mixes);
  caches.add('forecast answers', answers, (key) => { const k = JSON.parse(key) as string[]; return k[0] === 'backtest' ? k[1] : k[0]; });
  caches.add('forecast progress', progressIds, (_key, value) => value.dataset);

  /** Weekly costs only for stations with a forecast stock: an unknown one is a 400 (and is not saved). */
  function checkCosts(body: z.output<typeof ScenarioBodySchema>, mapIds: string[]) {
    const known = new Set(mapIds.flatMap((id) => periodStations(maps.get(id)!.map).map((s) => s.id)));
    for (const station of Object.keys(body.costs?.weekly ?? {})) {
      if (!known.has(station)) throw new BadRequestError(`body.costs.weekly.${station}: no station with a forecast stock of that id (stations: ${[...known].sort().join(', ')})`);
    }
  }
  function datasetFor(name: string) {
    const info = store.getDataset(name);
    if (!info) throw new NotFoundError(`dataset "${name}"`);
    const version = store.version(name);
    return { info, version };
  }
  /** The model fitted once per dataset version, map and date, in a worker thread that loads the dataset (the fit reads every event). */
  function modelFor(name: string, version: number, mapId: string, asOf: number, slot: Slot): Promise<FittedForecast> {
    const key = `${name}\u0000${version}\u0000${mapId}\u0000${asOf}`;
    const model = models.get(key);
    if (model) return Promise.resolve(model);
    let fit = fitting.get(key);
    if (!fit) {
      const registered = maps.get(mapId);
      if (!registered) throw new NotFoundError(`map "${mapId}"`);
      fit = onDataset(store, name, version, { kind: 'fit', map: registered.map, asOf }, slot).then((fitted) => {
        const { model } = fitted as { model: FittedForecast };
        if (store.version(name) === version) models.set(key, model);
        return model;
      });
      const started = fit;
      fitting.set(key, started);
      void started.catch(() => undefined).finally(() => fitting.delete(key));
    }
    return fit;
  }
  /** The children looked after on `asOf` by placement type (from the spells in care, worked out in a worker thread). */
  async function mixAt(name: string, version: number, asOf: number, slot: Slot): Promise<PlacementMix> {
    const key = `${name}\u0000${version}\u0000${asOf}`;
    let mix = mixes.get(key);
    if (!mix) {
      mix = await onDataset(store, name, version, { kind: 'placementMix', asOf }, slot);
      mixes.set(key, mix);
    }
    return mix;
  }
  /**
   * One computation per key: a cached answer at once, else the running job (joined), else a new one. The
   * request's progress id, if any, follows the job's runs done.
   */
  function shared<T extends ForecastResult | ScenarioResult | Backtest>(key: string, total: number, progressId: string | undefined, dataset: string, reply: { header(k: string, v: string): unknown }, compute: (progress: Progress) => Promise<T>): Promise<T> {
    const follow = (progress: Progress) => {
      if (progressId !== undefined) progressIds.set(progressId, { dataset, progress });
    };
    const cached = answers.get(key);
    if (cached) {
      reply.header('x-cache', 'hit');
      follow({ done: total, total });
      return Promise.resolve(cached as T);
    }
    let job = running.get(key);
    reply.header('x-cache', job ? 'joined' : 'miss');
    if (!job) {
      const progress = { done: 0, total };
      const result = compute(progress).then((computed) => {
        answers.set(key, computed);
        return computed;
      });
      const started: Job = { progress, result: result.finally(() => running.delete(key)) };
      running.set(key, started);
      job = started;
    }
    follow(job.progress);
    return job.result as Promise<T>;
  }
  async function answer(name: string, query: z.output<typeof ForecastQuerySchema>, body: z.output<typeof ScenarioBodySchema> | null, reply: { header(k: string, v: string): unknown }, slots: { runs: Slot; dataset: Slot }) {
    const { info, version } = datasetFor(name);
    if (!maps.get(query.map)) throw new NotFoundError(`map "${query.map}"`);
    if (body) checkCosts(body, [query.map]);
    if (info.to === null || info.from === null) throw new BadRequestError(`dataset "${name}" has no events to forecast from`);
    const asOf = query.asOf ?? parseDay(info.to)!;
    const refusal = asOfRefusal(parseDay(info.from)!, parseDay(info.to)!, asOf);
    if (refusal) throw new BadRequestError(`query.asOf: ${refusal}`);
    // Costs per placement type share the children looked after out as the placement types on asOf.
    let mix: PlacementMix | undefined;
    if (Object.keys(body?.costs?.weeklyPerPlacement ?? {}).length > 0) {
      mix = await mixAt(name, version, asOf, slots.dataset);
      const refusal = placementCostRefusal(body!.costs, mix);
      if (refusal) throw new BadRequestError(`body.${refusal}`);
    }
    const key = JSON.stringify([name, version, query.map, asOf, query.months, query.runs, query.seed, body]);
    return shared(key, runsToDo(query.runs, body as Scenario | null), query.progress, name, reply, async (progress) => {
      const model = await modelFor(name, version, query.map, asOf, slots.dataset);
      // A lever with nothing to act on in this data is refused, not run to an answer equal to the baseline.
      const inert = body ? inertLevers(model, body as Scenario) : [];
      if (inert.length > 0) throw new BadRequestError(inert.map((why) => `body.${why}`).join('; '));
      const options = { months: query.months, runs: query.runs, seed: query.seed };
      const sets = await runForecast(model, options, body ? (body as Scenario) : null, {
        threads: runsGate.capacity,
        slot: slots.runs,
        workers: runsWorkers,
        onProgress: (done, total) => Object.assign(progress, { done, total }),
      });
      // the percentiles of every month across the runs, in a worker too (0.17-0.43 s for 2,000 runs of 60 months)
      return summariseRuns({ model, options, base: sets.base, scen: sets.scen, body, mix }, sets.workers, { slot: slots.runs, workers: runsWorkers }) as Promise<ForecastResult | ScenarioResult>;
    });
  }

  app.get('/api/datasets/:name/forecast', { schema: { params: DatasetParamsSchema, querystring: ForecastQuerySchema } }, async (request, reply) =>
    answer(request.params.name, request.query, null, reply, slotsFor(requesterOf(request))));

  app.post('/api/datasets/:name/forecast', { schema: { params: DatasetParamsSchema, querystring: ForecastQuerySchema, body: ScenarioBodySchema } }, async (request, reply) =>
    answer(request.params.name, request.query, request.body, reply, slotsFor(requesterOf(request))));

  app.get('/api/datasets/:name/forecast/progress', { schema: { params: DatasetParamsSchema, querystring: ProgressQuerySchema } }, async (request) => {
    // An id not (yet) seen: total null. A poll may reach the server before the request it follows.
    const followed = progressIds.get(request.query.id);
    if (!followed || followed.dataset !== request.params.name) return { done: 0, total: null };
    return { done: followed.progress.done, total: followed.progress.total };
  });

  app.get('/api/datasets/:name/forecast/backtest', { schema: { params: DatasetParamsSchema, querystring: BacktestQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const { months, runs, seed, map, progress: progressId } = request.query;
    const { version } = datasetFor(name);
    const registered = maps.get(map);
    if (!registered) throw new NotFoundError(`map "${map}"`);
    const key = JSON.stringify(['backtest', name, version, map, months, runs, seed]);
    const slots = slotsFor(requesterOf(request));
    // The fit, the actuals and the runs all happen in worker threads: other requests go on being answered.
    return shared(key, runs, progressId, name, reply, async (progress) => {
      // asOf: `months` before the data's last day, worked out where the dataset is loaded
      const basis = (await onDataset(store, name, version, { kind: 'fit', map: registered.map, backtestMonths: months }, slots.dataset)) as BacktestBasis;
      const options = { months, runs, seed };
      const sets = await runForecast(basis.model, options, null, { threads: runsGate.capacity, slot: slots.runs, workers: runsWorkers, onProgress: (done, total) => Object.assign(progress, { done, total }) });
      const summary = await summariseRuns({ model: basis.model, options, base: sets.base, scen: null, body: null }, sets.workers, { slot: slots.runs, workers: runsWorkers });
      return scoreBacktest(basis, summary as ForecastResult);
    });
  });

  const careOnlyAnswers = new Lru<string, CareOnlyResult>(32, { maxWeight: bytes.careOnly, weigh: jsonWeight });
  caches.add('forecast care-only', careOnlyAnswers, jsonPart(0));
  app.get('/api/datasets/:name/forecast/care-only', { schema: { params: DatasetParamsSchema, querystring: CareOnlyQuerySchema } }, async (request, reply) => {
    const { name } = request.params;
    const { info, version } = datasetFor(name);
    if (info.to === null || info.from === null) throw new BadRequestError(`dataset "${name}" has no events to forecast from`);
    const asOf = request.query.asOf ?? parseDay(info.to)!;
    const dates = careOnlyDates(parseDay(info.from)!, parseDay(info.to)!, asOf, request.query.reference);
    if ('refusal' in dates) throw new BadRequestError(`query.${dates.field}: ${dates.refusal}`);
    const key = JSON.stringify([name, version, asOf, request.query.months, dates.referenceFrom]);
    const cached = careOnlyAnswers.get(key);
    reply.header('x-cache', cached ? 'hit' : 'miss');
    if (cached) return cached;
    // Deterministic and small (states × days), but the spells come from every event: in a worker thread.
    const result = await onDataset(store, name, version, { kind: 'careOnly', options: { asOf, months: request.query.months, referenceFrom: dates.referenceFrom } }, slotsFor(requesterOf(request)).dataset);
    careOnlyAnswers.set(key, result);
    return result;
  });

  app.get('/api/datasets/:name/scenarios', { schema: { params: DatasetParamsSchema } }, async (request) => {
    datasetFor(request.params.name);
    const rows = store.db.prepare('SELECT name, body, saved_at FROM forecast_scenarios WHERE dataset = ? ORDER BY name').all(request.params.name) as { name: string; body: string; saved_at: string }[];
    return { scenarios: rows.map((r) => ({ name: r.name, savedAt: r.saved_at, scenario: JSON.parse(r.body) as unknown })) };
  });
  app.put('/api/datasets/:name/scenarios/:scenario', { schema: { params: ScenarioParamsSchema, body: ScenarioBodySchema } }, async (request) => {
    datasetFor(request.params.name);
    checkCosts(request.body, maps.list().map((m) => m.id));
    const savedAt = new Date().toISOString();
    store.db.prepare('INSERT INTO forecast_scenarios (dataset, name, body, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT(dataset, name) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at')
      .run(request.params.name, request.params.scenario, JSON.stringify(request.body), savedAt);
    return { name: request.params.scenario, savedAt, scenario: request.body };
  });
  app.get('/api/datasets/:name/scenarios/:scenario', { schema: { params: ScenarioParamsSchema } }, async (request) => {
    const row = store.db.prepare('SELECT body, saved_at FROM forecast_scenarios WHERE dataset = ? AND name = ?').get(request.params.name, request.params.scenario) as { body: string; saved_at: string } | undefined;
    if (!row) throw new NotFoundError(`scenario "${request.params.scenario}" of dataset "${request.params.name}"`);
    return { name: request.params.scenario, savedAt: row.saved_at, scenario: JSON.parse(row.body) as unknown };
  });
  app.delete('/api/datasets/:name/scenarios/:scenario', { schema: { params: ScenarioParamsSchema } }, async (request, reply) => {
    const info = store.db.prepare('DELETE FROM forecast_scenarios WHERE dataset = ? AND name = ?').run(request.params.name, request.params.scenario);
    if (info.changes === 0) throw new NotFoundError(`scenario "${request.params.scenario}" of dataset "${request.params.name}"`);
    return reply.status(204).send();
  });
};
