// The import behind POST /api/datasets/:name for uploads other than a bare events CSV: a multipart
// form of files, or one Annex A / CIN census / SSDA903 file as the body. Kept apart from the route so
// the route stays a thin plugin.
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { ImportFormat } from '../../core/api-schemas.js';
import type { Store } from '../db/store.js';
import type { ImportReport } from '../import/import-report.js';
import { ImportError } from '../import/import-report.js';
import type { SourceFile, SourceFormat } from '../import/source-importer.js';
import { UploadError, isMultipart, readMultipart, safeName, sizeText, type UploadedFile } from '../import/upload.js';
import type { UploadLimits } from '../upload-guard.js';

/** Problems listed in an HTTP import report; every problem is in GET …/quality.csv. */
const LISTED_PROBLEMS = 2000;

export async function importUpload(
  store: Store,
  name: string,
  body: NodeJS.ReadableStream | undefined,
  headers: IncomingHttpHeaders,
  format: ImportFormat,
  lenient: boolean,
  allowEmpty: boolean,
  limits: Pick<UploadLimits, 'maxBytes' | 'maxUnpackedBytes'>,
): Promise<ImportReport> {
  let files: UploadedFile[];
  if (isMultipart(headers)) {
    files = await readMultipart(body ?? Readable.from([]), headers, format, limits.maxBytes);
  } else {
    const { parts, size } = await collect(body ?? Readable.from([]), limits.maxBytes);
    files = [{ name: safeName(fileNameOf(headers['content-disposition']), 0), format, parts, size }];
  }
  if (files.length === 0) throw new UploadError('the form holds no file');
  const empty = files.find((f) => f.size === 0);
  if (empty) throw new UploadError(`${empty.name === 'upload-1' ? 'the upload' : empty.name} is empty (0 bytes): there is nothing to import`);
  const events = files.filter((f) => f.format === 'events');
  if (events.length > 0) {
    if (files.length > 1) throw new UploadError('an events CSV is imported on its own: upload one events file, or name the other files\' formats');
    return store.importEventsCsv(name, Readable.from(events[0]!.parts), { lenient, allowEmpty, fileName: events[0]!.name, uploadBytes: events[0]!.size });
  }
  const sources: SourceFile[] = files.map((f) => ({ name: f.name, format: f.format as SourceFormat, input: Readable.from(f.parts) }));
  try {
    const uploadBytes = files.reduce((sum, f) => sum + f.size, 0);
    return await store.importSources(name, sources, { lenient, allowEmpty, listProblems: LISTED_PROBLEMS, maxUnpackedBytes: limits.maxUnpackedBytes, uploadBytes });
  } catch (error) {
    if (error instanceof ImportError && 'quality' in error.report) {
      const quality = (error.report as { quality: { problems: unknown[] } }).quality;
      quality.problems = quality.problems.slice(0, LISTED_PROBLEMS);
    }
    throw error;
  }
}

/** The body's pieces as they came (not joined: see UploadedFile), refused past `maxBytes`. */
async function collect(stream: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<{ parts: Buffer[]; size: number }> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += b.length;
    if (total > maxBytes) throw new UploadError(`the upload is larger than the ${sizeText(maxBytes)} allowed`, 413);
    parts.push(b);
  }
  return { parts, size: total };
}

function fileNameOf(header: string | undefined): string | undefined {
  const match = header ? /filename="?([^";]{1,200})"?/i.exec(header) : null;
  return match?.[1];
}
