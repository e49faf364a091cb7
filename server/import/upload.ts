// An upload to POST /api/datasets/:name as the importers take it: a multipart form of one or more
// files (each part's field name may name its format: `cin`, `ssda903`, `annex-a`, `events`), or a
// bare body holding one file. Multipart parts are held in memory until the form ends, because the
// SSDA903 importer reads its header files and episode files together.
import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { IMPORT_FORMATS, type ImportFormat } from '../../core/api-schemas.js';

export interface UploadedFile {
  name: string;
  format: ImportFormat;
  /** the file as it arrived, in pieces: never joined, since a copy of 30 MB in one piece stalls the service */
  parts: Buffer[];
  size: number;
}

export class UploadError extends Error {
  readonly statusCode: number;
  constructor(message: string, statusCode = 400) {
    super(message);
    this.name = 'UploadError';
    this.statusCode = statusCode;
  }
}

const MAX_FILES = 50;

/** "1.0 GiB" or "512 MiB", as the upload guard says it. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

export function isMultipart(headers: IncomingHttpHeaders): boolean {
  return /^multipart\/form-data/i.test(headers['content-type'] ?? '');
}

/**
 * The files of a multipart form; a part whose field name is no format takes `defaultFormat`. The form is
 * refused past `maxBytes` (the server's upload limit, JOURNEYS_MAX_UPLOAD_MB), files and all.
 */
export function readMultipart(body: NodeJS.ReadableStream, headers: IncomingHttpHeaders, defaultFormat: ImportFormat, maxBytes: number): Promise<UploadedFile[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers, limits: { files: MAX_FILES, fileSize: maxBytes } });
    } catch (error) {
      reject(new UploadError(`the multipart form cannot be read: ${(error as Error).message}`));
      return;
    }
    const files: UploadedFile[] = [];
    let total = 0;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      body.unpipe?.(parser as unknown as NodeJS.WritableStream);
      reject(error);
    };
    parser.on('file', (field, stream, info) => {
      const parts: Buffer[] = [];
      let size = 0;
      const format = (IMPORT_FORMATS as readonly string[]).includes(field) ? (field as ImportFormat) : defaultFormat;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) fail(new UploadError(`the upload is larger than the ${sizeText(maxBytes)} allowed`, 413));
        else {
          parts.push(chunk);
          size += chunk.length;
        }
      });
      stream.on('limit', () => fail(new UploadError(`${safeName(info.filename, files.length)} is larger than the ${sizeText(maxBytes)} allowed`, 413)));
      stream.on('end', () => files.push({ name: safeName(info.filename, files.length), format, parts, size }));
    });
    parser.on('filesLimit', () => fail(new UploadError(`at most ${MAX_FILES} files can be uploaded at once`)));
    parser.on('error', (error: Error) => fail(new UploadError(`the multipart form cannot be read: ${error.message}`)));
    parser.on('close', () => {
      if (!failed) resolve(files);
    });
    // The body's own faults (over the size limit, too slow: server/upload-guard.ts) end the form with them.
    body.once('error', (error: Error) => fail(error));
    body.pipe(parser as unknown as NodeJS.WritableStream);
  });
}

/** A file name for reports: its last path part, printable, at most 200 characters. */
export function safeName(name: string | undefined, index: number): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return base === '' ? `upload-${index + 1}` : base;
}
