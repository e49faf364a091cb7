// /api/datasets: list, import, replace and delete datasets. An upload is received into a spool file
// (server/upload-spool.ts) under the size, idle and rate limits, and only then takes one of the store's
// import slots, so a slow client never holds one; a slot not free within the store's wait answers 503.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { DatasetInfoSchema, DatasetParamsSchema, ErrorBodySchema, ImportQuerySchema, ImportReportSchema } from '../../core/api-schemas.js';
import { publishCount } from '../../core/disclosure/policy.js';
import { publishedSpan } from '../../core/disclosure/aggregates.js';
import type { ImportReport, Store } from '../db/store.js';
import { dirname } from 'node:path';
import { ApiError, NotFoundError, PayloadTooLargeError, RequestTimeoutError } from '../errors.js';
import { DEFAULT_UPLOAD_LIMITS, bodyChunks, checkDeclaredLength, guardUpload, isUploadFault, lingerThenClose, type UploadLimits } from '../upload-guard.js';
import { createSpooler, SpoolsBusyError, type SpoolLimits } from '../upload-spool.js';
import { ImportSlotsBusyError } from '../db/store.js';
import { importUpload } from './upload-import.js';
import { UploadError, isMultipart } from '../import/upload.js';
import { ImportOutOfMemoryError } from '../import/import-thread.js';
import { responseSchema, type ZodTypeProvider } from '../zod-provider.js';

export interface DatasetsRoutesOptions {
  store: Store;
  /** size, idle and rate limits of an upload (server/upload-guard.ts), uploads received at once (server/upload-spool.ts) */
  uploadLimits?: UploadLimits & SpoolLimits;
}

const errorResponse = responseSchema(ErrorBodySchema);
const listResponse = { 200: responseSchema(z.array(DatasetInfoSchema)) };
const importResponse = { 201: responseSchema(ImportReportSchema), '4xx': errorResponse };

export const datasetsRoutes: FastifyPluginAsync<DatasetsRoutesOptions> = async (parent, { store, uploadLimits = DEFAULT_UPLOAD_LIMITS }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const spooler = createSpooler(dirname(store.path), uploadLimits);

  // In this plugin only: every content type (CSV, octet-stream, none) reaches the handler as the raw
  // request stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  // A viewer's counts of rows, events and children under the disclosure policy (a test upload of three
  // children is three children).
  app.get('/api/datasets', { schema: { response: listResponse } }, async (request) => {
    const datasets = store.listDatasets();
    if (request.exactCounts) return datasets;
    return datasets.map((d) => ({
      ...publishedSpan(d, false),
      // A file's name may be a child's (audit a12b: shown to every role); viewers see aggregates only.
      sourceFile: null,
      rows: publishCount(d.rows),
      imported: publishCount(d.imported),
      rejected: publishCount(d.rejected),
      events: publishCount(d.events),
      children: publishCount(d.children),
    }));
  });

  app.post(
    '/api/datasets/:name',
    { bodyLimit: uploadLimits.maxBytes, config: { ownBodyGuard: true }, schema: { params: DatasetParamsSchema, querystring: ImportQuerySchema, response: importResponse } },
    async (request, reply) => {
      const { name } = request.params;
      const replacing = store.getDataset(name) !== null;
      // Every upload, whatever its format, streams through the size, idle and rate limits.
      let received = 0;
      const guarded = counted(guardUpload(bodyChunks(request.body), uploadLimits), (bytes) => (received += bytes));
      const format = request.query.format ?? 'events';
      // The trail names what the upload held: a multipart form's formats are known once it is read.
      const asked = isMultipart(request.headers) ? 'multipart' : format;
      const lenient = request.query.lenient ?? false;
      const allowEmpty = request.query.replaceWithEmpty ?? false;
      const fileName = fileNameOf(request.headers['content-disposition']);
      let report: ImportReport;
      // Until it ends, the trail's entry for this import is on disk as 'interrupted' (audit a12g F8): an import the
      // service dies during (a crash, out of memory, kill -9) is recorded, with who, which dataset and when it began,
      // at the next start.
      const underWay = request.auditUnderWay({ action: 'import', dataset: name, outcome: 'failed', detail: { format: asked, lenient, replacing, reason: 'interrupted' } });
      try {
        checkDeclaredLength(request.headers['content-length'], uploadLimits);
        refuseContentEncoding(request.headers['content-encoding']);
        // Received in full first, then imported: Annex A, CIN census, SSDA903 and multipart uploads go
        // to the source importers (../import/upload.ts).
        report = await spooler.withSpool(request.ip, guarded, (spooled) =>
          format !== 'events' || isMultipart(request.headers)
            ? importUpload(store, name, spooled.open(), request.headers, format, lenient, allowEmpty, uploadLimits)
            : store.importEventsCsv(name, spooled.open(), { lenient, allowEmpty, uploadBytes: received, ...(fileName !== undefined ? { fileName } : {}) }),
        );
      } catch (error) {
        // every way out of here throws, after the entry of how it ended: only then is the 'interrupted' one taken off
        try {
          if (error instanceof SpoolsBusyError || error instanceof ImportSlotsBusyError) {
            // Too many uploads at once: nothing was read (or nothing imported); the client may try again.
            const wait = error instanceof SpoolsBusyError ? error.retryAfterSeconds : 60;
            void reply.header('retry-after', String(wait));
            if (error instanceof SpoolsBusyError) reply.raw.once('finish', () => lingerThenClose(request.raw));
            request.audit({ action: 'import', dataset: name, outcome: 'refused', detail: { format: asked, lenient, replacing, reason: 'busy' } });
            throw error instanceof SpoolsBusyError ? error : new ApiError(503, 'IMPORTS_BUSY', `${error.message}: try again in a minute`);
          }
          const refused = refusalOf(error, received);
          if (refused !== null) {
            // The upload itself was refused (too large, too slow, empty, unreadable form): nothing was read as data.
            if (isUploadFault(error)) reply.raw.once('finish', () => lingerThenClose(request.raw));
            request.audit({ action: 'import', dataset: name, outcome: 'refused', detail: { format: asked, lenient, replacing, reason: refused } });
          } else {
            const failed = (error as { report?: ImportReport }).report;
            // an import past its thread's heap (JOURNEYS_MAX_IMPORT_MB) says so in the trail: nothing was kept
            const reason: Record<string, string> = error instanceof ImportOutOfMemoryError ? { reason: 'out_of_memory' } : {};
            request.audit({ action: 'import', dataset: name, outcome: 'failed', detail: { format: formatsOf(failed) ?? asked, lenient, replacing, rows: failed?.rows ?? null, rejected: failed?.rejected.length ?? null, ...reason } });
          }
          throw error;
        } finally {
          underWay();
        }
      }
      request.audit({ action: 'import', dataset: name, outcome: 'ok', detail: { format: formatsOf(report) ?? asked, lenient, replaced: replacing, rows: report.rows, imported: report.imported, rejected: report.rows - report.imported } });
      underWay();
      request.log.info({ dataset: name, rows: report.rows, imported: report.imported, rejected: report.rejected.length }, 'dataset imported');
      return reply.status(201).send(report);
    },
  );

  app.delete('/api/datasets/:name', { schema: { params: DatasetParamsSchema } }, async (request, reply) => {
    const info = store.getDataset(request.params.name);
    if (!info || !store.deleteDataset(request.params.name)) throw new NotFoundError(`dataset "${request.params.name}"`);
    request.audit({ action: 'delete', dataset: info.name, outcome: 'ok', detail: { rows: info.rows, children: info.children } });
    return reply.status(204).send();
  });
};

/** The formats an import read ("ssda903+cin"), from its report; undefined when the report does not say (an events CSV). */
function formatsOf(report: ImportReport | undefined): string | undefined {
  const formats = (report as { formats?: string[] } | undefined)?.formats;
  return formats && formats.length > 0 ? formats.join('+') : undefined;
}

/**
 * A compressed body (Content-Encoding gzip, deflate, br, …) is refused: it would be read as the file's
 * own bytes, and inflating it would let a few MB become any size (a zip bomb) past the upload limit.
 */
function refuseContentEncoding(header: string | undefined): void {
  if (header === undefined || header.trim() === '' || header.trim().toLowerCase() === 'identity') return;
  throw new ApiError(415, 'UNSUPPORTED_CONTENT_ENCODING', 'a compressed upload (Content-Encoding) is not accepted: send the file as it is');
}

/** The chunks of `source`, telling `add` each one's size. */
async function* counted(source: AsyncIterable<Uint8Array | string>, add: (bytes: number) => void): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of source) {
    add(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
    yield chunk;
  }
}

/** Why an upload was refused before any of it was imported (a code for the audit), or null for an import that failed. */
function refusalOf(error: unknown, received: number): string | null {
  if (error instanceof PayloadTooLargeError || (error instanceof UploadError && error.statusCode === 413)) return 'too_large';
  if (error instanceof RequestTimeoutError) return 'too_slow';
  if (error instanceof ApiError && error.statusCode === 415) return 'compressed';
  if (received === 0) return 'empty';
  if (error instanceof UploadError) return 'bad_upload';
  return null;
}

/** `filename` of a Content-Disposition header, if any (the source file recorded with the dataset). */
function fileNameOf(header: string | undefined): string | undefined {
  const match = header ? /filename="?([^";]{1,200})"?/i.exec(header) : null;
  return match?.[1];
}
