// /api/datasets/:name/synthetic-report and /api/datasets/:name/synthetic-model: a council checks a
// synthetic copy before sharing it. Without `synthetic`, a model is fitted to the dataset, as many
// children are generated from it over the fitted period (seeded) and the fidelity and privacy reports are
// run against the dataset, small-cell rule included; with `synthetic=OTHER`, a loaded synthetic dataset
// is compared instead. The answer carries the same table the CLI prints (synth/report-table.ts). Each
// result is computed once per dataset version and parameters and kept (caches bounded by bytes too).
// The service hands these routes to its compute worker (app.ts: offload), so the fit, the copy and the
// reports (4.6-6.9 s on 150,741 events) never run on its event loop.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { strictObject } from '../../core/zod.js';
import { DATASET_NAME_PATTERN, DatasetParamsSchema } from '../../core/api-schemas.js';
import { fidelityReport, type FidelityReport } from '../../synth/fidelity.js';
import { fittedPeriod } from '../../synth/generate.js';
import { fitModel } from '../../synth/fit.js';
import { MIN_CELL, type Model } from '../../synth/model.js';
import { modelEventsCsv } from '../../synth/returns/cli-generate.js';
import { privacyReport, type PrivacyReport } from '../../synth/privacy.js';
import { reportTable, type ReportTable } from '../../synth/report-table.js';
import { disclosureNote } from '../../core/disclosure/aggregates.js';
import { publishCount } from '../../core/disclosure/policy.js';
import { openStore, type Store } from '../db/store.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.js';
import { jsonWeight, Lru } from '../lru.js';
import { datasetCaches } from '../dataset-caches.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export const SyntheticReportQuerySchema = strictObject({
  synthetic: z.string().regex(DATASET_NAME_PATTERN, { message: 'a dataset name is 1–64 letters, digits, "_" or "-"' }).optional(),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
});

export interface SyntheticReportOptions {
  store: Store;
  /** results kept. @default 8 */
  cacheSize?: number;
  /** bytes the models and the results may hold (jsonWeight). @default CACHE_BYTES */
  cacheBytes?: Partial<typeof CACHE_BYTES>;
}

/** On 150,741 events a model weighed 2.1 MB (jsonWeight), a whole answer 25 KB. */
const CACHE_BYTES = { models: 64 * 1024 ** 2, results: 16 * 1024 ** 2 };

interface Computed {
  fidelity: FidelityReport;
  privacy: PrivacyReport;
  model: Model | null;
}

/** What the answer says about the model checked (aggregates only; a viewer's events skipped under the disclosure policy). */
function modelSummary(model: Model | null, exact: boolean) {
  if (!model) return null;
  return {
    // the children and events the model was fitted on are the dataset's: counts like any other
    fittedOn: exact ? model.fittedOn : { ...model.fittedOn, children: publishCount(model.fittedOn.children), events: publishCount(model.fittedOn.events) },
    minCell: model.minCell,
    transitionCells: model.transitions.length,
    mergedCells: model.merged.length,
    /** events of the dataset the journey grammar refuses, by rule: not learned from */
    skipped: exact ? model.skipped : Object.fromEntries(Object.entries(model.skipped).map(([rule, n]) => [rule, publishCount(n)])),
  };
}

/**
 * The copy `synth generate` writes for the model, options and seed, imported as `cli ingest` imports it:
 * the events CSV's text through the events importer into a store of its own (the service's pseudonym key,
 * so ids compare as they do in one database), loaded back. The CLI's `synth report` on that file gives the
 * same table (review v10b finding 5: the in-memory copy skipped the file's repairs and its same-day order,
 * 251,515 events against the file's 252,975).
 */
async function importedCopy(store: Store, model: Model, options: Parameters<typeof modelEventsCsv>[1]) {
  const chunks: string[] = [];
  modelEventsCsv(model, options, (chunk) => void chunks.push(chunk));
  const dir = await mkdtemp(join(tmpdir(), 'journeys-copy-'));
  const copies = openStore(join(dir, 'copy.db'), { keyFile: store.keyFile });
  try {
    await copies.importEventsCsv('copy', (async function* () {
      yield* chunks.splice(0);
    })(), { fileName: 'synthetic.csv' });
    const { table, children } = copies.loadDataset('copy')!;
    return { table, children };
  } finally {
    copies.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const syntheticReportRoutes: FastifyPluginAsync<SyntheticReportOptions> = async (parent, { store, cacheSize = 8, cacheBytes = {} }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const bytes = { ...CACHE_BYTES, ...cacheBytes };
  const models = new Lru<string, Model>(cacheSize, { maxWeight: bytes.models, weigh: jsonWeight });
  // the model is weighed in the models cache; a result holds it too, but it goes when both have let go
  const results = new Lru<string, Computed>(cacheSize, { maxWeight: bytes.results, weigh: (r) => jsonWeight({ fidelity: r.fidelity, privacy: r.privacy }) });
  datasetCaches(store).add('synthetic-report models', models);
  // a report against a synthetic dataset depends on both: `${name}\0${version}\0${synthetic}\0${version}`
  datasetCaches(store).add('synthetic-report results', results, (key) => { const p = key.split('\u0000'); return p.length === 4 ? [p[0]!, p[2]!] : p[0]; });

  function load(name: string) {
    const dataset = store.loadDataset(name);
    if (!dataset) throw new NotFoundError(`dataset "${name}"`);
    return dataset;
  }

  function modelOf(name: string): Model {
    const key = `${name}\u0000${store.version(name)}`;
    let model = models.get(key);
    if (!model) {
      const dataset = load(name);
      // The message says no count: under 10 it would be an exact small number (1–4 is [c] to a viewer).
      if (dataset.table.childIds.length < 10) throw new BadRequestError(`dataset "${name}" has fewer than 10 children: a model needs at least 10`);
      try {
        model = fitModel(dataset.table, dataset.children);
      } catch (error) {
        // A model keeps only steps taken by at least MIN_CELL children; with none, there is nothing to generate from.
        if (error instanceof z.ZodError && error.issues.some((i) => i.path[0] === 'transitions')) {
          throw new BadRequestError(`dataset "${name}" is too small to model: no step of its journeys is taken by at least ${MIN_CELL} children`);
        }
        throw error;
      }
      models.set(key, model);
    }
    return model;
  }

  async function compute(name: string, synthetic: string | undefined, seed: number): Promise<Computed> {
    if (!store.getDataset(name)) throw new NotFoundError(`dataset "${name}"`);
    if (synthetic !== undefined && !store.getDataset(synthetic)) throw new NotFoundError(`dataset "${synthetic}"`);
    const key = synthetic === undefined ? `${name}\u0000${store.version(name)}\u0000seed ${seed}` : `${name}\u0000${store.version(name)}\u0000${synthetic}\u0000${store.version(synthetic)}`;
    let result = results.get(key);
    if (!result) {
      const real = load(name);
      const model = synthetic === undefined ? modelOf(name) : null;
      const copy = model ? await importedCopy(store, model, { children: real.table.childIds.length, ...fittedPeriod(model), seed }) : load(synthetic!);
      result = { fidelity: fidelityReport(real, copy), privacy: privacyReport(real, copy, model), model };
      results.set(key, result);
    }
    return result;
  }

  app.get(
    '/api/datasets/:name/synthetic-report',
    {
      schema: { params: DatasetParamsSchema, querystring: SyntheticReportQuerySchema },
      // The report is what a council reads before sharing a synthetic copy: figures of the real data (to a
      // viewer published ones), taken away to decide on, so it is audited as the other reads of a dataset's data
      // are, an export (issue 12's audit: a viewer's report left no row). The hook runs on the service even when
      // the compute worker answered (server/compute/offload.ts), from a cached answer too; the worker's trail is a
      // no-op. A viewer refused the comparison (below) is counted as the access check counts a role's refusal.
      onResponse: async (request, reply) => {
        const { name } = request.params;
        const { synthetic, seed } = request.query;
        if (reply.statusCode === 200) {
          request.audit({ action: 'export', dataset: name, outcome: 'ok', detail: { what: 'synthetic_report', synthetic: synthetic ?? null, seed: synthetic === undefined ? seed : null } });
        } else if (reply.statusCode === 403 && synthetic !== undefined && request.user) {
          request.auditRefusal({ action: 'access', dataset: name, outcome: 'refused', detail: { reason: 'role', needs: 'analyst', method: request.method, route: request.routeOptions.url ?? null, query: 'synthetic' } });
        }
      },
    },
    async (request) => {
      const { name } = request.params;
      const { synthetic, seed } = request.query;
      const exact = request.exactCounts;
      // The other side of a comparison with a loaded dataset is shown as it is, and nothing marks a dataset
      // synthetic: `?synthetic=` a real one gave a viewer its exact counts, shared children included (audit a12h F1).
      // (Checked here, where the service's thread and a compute worker both see exactCounts and authOn alike.)
      if (synthetic !== undefined && !exact && app.authOn()) {
        throw new ForbiddenError('comparing with another loaded dataset (synthetic=) shows that dataset\'s figures exactly, so it needs a role that sees exact figures (analyst or admin); without it, leave synthetic= out and the report compares the data with a copy generated from its model');
      }
      const { fidelity, privacy, model } = await compute(name, synthetic, seed);
      const table: ReportTable = reportTable(fidelity, privacy, { exactCounts: exact });
      return {
        dataset: name,
        synthetic: synthetic ?? null,
        seed: synthetic === undefined ? seed : null,
        model: modelSummary(model, exact),
        table,
        disclosure: disclosureNote(exact),
        // The full reports hold counts per rule and month: only for those allowed exact numbers.
        ...(exact ? { fidelity, privacy } : {}),
      };
    },
  );

  // The model's cells are counts of the real data's transitions (small ones merged): an analyst's.
  app.get(
    '/api/datasets/:name/synthetic-model',
    { schema: { params: DatasetParamsSchema }, config: { access: 'analyst' } },
    async (request, reply) => {
      const { name } = request.params;
      if (!store.getDataset(name)) throw new NotFoundError(`dataset "${name}"`);
      const model = modelOf(name);
      void reply.header('content-disposition', `attachment; filename="${name}-model.json"`);
      return model;
    },
  );
};
