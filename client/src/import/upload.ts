// Sends the chosen files to POST /api/datasets/:name as one multipart form (each part's field names
// its format), reporting upload progress; the server reads and checks them all as one dataset.
import type { UploadFormat } from './formats.js';

export interface ChosenFile {
  file: File;
  format: UploadFormat;
}

export interface UploadResult {
  ok: boolean;
  status: number;
  /** the import report (also on a refused strict import), or null */
  report: ImportReportView | null;
  error: string | null;
}

/** The parts of the import report the panel shows (see core/api-schemas.ts ImportReportSchema). */
export interface ImportReportView {
  dataset: string;
  rows: number;
  imported: number;
  rejected: { line: number; column: string | null; reason: string; file?: string; sheet?: string | null }[];
  warnings: string[];
  /** rows not imported (rows - imported): `unreadable` cannot be read, `notRead` were not read on purpose */
  rejectedRows?: number;
  unreadable?: number;
  notRead?: number;
  children?: number;
  eventCount?: number;
  events?: Record<string, number>;
  files?: { file: string; sheet: string | null; rows: number; imported: number; rejected: number; skipped: number; unreadable?: number }[];
  counts?: Record<string, number>;
  quality?: {
    total: number;
    newSinceLastImport: number;
    comparedWithPrevious: boolean;
    byCode: { code: string; summary: string; dfeRule: string | null; count: number; newCount: number; byEvent?: { event: string; count: number }[] }[];
    problems: { code: string; message: string; file: string; sheet: string | null; row: number; field: string | null; dfeRule: string | null; isNew: boolean }[];
    truncated: boolean;
  };
}

export function uploadFiles(dataset: string, files: readonly ChosenFile[], lenient: boolean, onProgress: (fraction: number) => void): Promise<UploadResult> {
  const form = new FormData();
  for (const { file, format } of files) form.append(format, file, file.name);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/datasets/${encodeURIComponent(dataset)}${lenient ? '?lenient=1' : ''}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () => resolve({ ok: false, status: 0, report: null, error: 'the upload failed: is the service running?' });
    xhr.onload = () => {
      let body: { error?: string; report?: ImportReportView } & Partial<ImportReportView> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON
      }
      const ok = xhr.status === 201;
      resolve({
        ok,
        status: xhr.status,
        report: ok ? (body as ImportReportView) : (body.report ?? null),
        error: ok ? null : (body.error ?? `the import failed (${xhr.status} ${xhr.statusText})`),
      });
    };
    xhr.send(form);
  });
}
