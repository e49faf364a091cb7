// /api/datasets: list, import (the request body streams straight into the importer, never buffered),
// replace and delete datasets.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { DatasetInfoSchema, DatasetParamsSchema, ErrorBodySchema, ImportQuerySchema, ImportReportSchema } from '../../core/api-schemas.js';
import type { Store } from '../db/store.js';
import { NotFoundError } from '../errors.js';
import { importUpload } from './upload-import.js';
import { isMultipart } from '../import/upload.js';
import { responseSchema, type ZodTypeProvider } from '../zod-provider.js';

export interface DatasetsRoutesOptions {
  store: Store;
}

/** Uploads may be large event extracts; the importer streams them. */
const IMPORT_BODY_LIMIT = 2 * 1024 ** 3;
const errorResponse = responseSchema(ErrorBodySchema);
const listResponse = { 200: responseSchema(z.array(DatasetInfoSchema)) };
const importResponse = { 201: responseSchema(ImportReportSchema), '4xx': errorResponse };

export const datasetsRoutes: FastifyPluginAsync<DatasetsRoutesOptions> = async (parent, { store }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  // In this plugin only: every content type (CSV, octet-stream, none) reaches the handler as the raw
  // request stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.get('/api/datasets', { schema: { response: listResponse } }, async () => store.listDatasets());

  app.post(
    '/api/datasets/:name',
    { bodyLimit: IMPORT_BODY_LIMIT, schema: { params: DatasetParamsSchema, querystring: ImportQuerySchema, response: importResponse } },
    async (request, reply) => {
      const { name } = request.params;
      const body = request.body as NodeJS.ReadableStream | undefined;
      const format = request.query.format ?? 'events';
      // Annex A, CIN census, SSDA903 and multipart uploads go to the source importers (../import/upload.ts).
      if (format !== 'events' || isMultipart(request.headers)) {
        const report = await importUpload(store, name, body, request.headers, format, request.query.lenient ?? false);
        request.log.info({ dataset: name, rows: report.rows, imported: report.imported, rejected: report.rejected.length }, 'dataset imported');
        return reply.status(201).send(report);
      }
      // A request without a body gives an empty stream: the importer reports the missing header.
      const input = body ?? (async function* () {})();
      const fileName = fileNameOf(request.headers['content-disposition']);
      const report = await store.importEventsCsv(name, input, {
        lenient: request.query.lenient ?? false,
        ...(fileName !== undefined ? { fileName } : {}),
      });
      request.log.info({ dataset: name, rows: report.rows, imported: report.imported, rejected: report.rejected.length }, 'dataset imported');
      return reply.status(201).send(report);
    },
  );

  app.delete('/api/datasets/:name', { schema: { params: DatasetParamsSchema } }, async (request, reply) => {
    if (!store.deleteDataset(request.params.name)) throw new NotFoundError(`dataset "${request.params.name}"`);
    return reply.status(204).send();
  });
};

/** `filename` of a Content-Disposition header, if any (the source file recorded with the dataset). */
function fileNameOf(header: string | undefined): string | undefined {
  const match = header ? /filename="?([^";]{1,200})"?/i.exec(header) : null;
  return match?.[1];
}
