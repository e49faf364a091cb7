// /api/audit: the audit trail for admins, newest first, as JSON or (`?format=csv`) a CSV download.
// Reading it is itself audited. Up to 100,000 records are sent in pages of PAGE (100: four admins downloading at
// once with 500 a page held other requests up to 466 ms), each read and written
// in its own turn of the event loop, so a long trail never holds up other requests.
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { strictObject } from '../../core/zod.js';
import type { AuditLog, AuditQuery, AuditRecord } from '../audit/audit-log.js';
import { letLoopIn } from '../event-loop.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface AuditRoutesOptions {
  audit: AuditLog;
}

const AuditQuerySchema = strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
  before: z.coerce.number().int().min(1).optional(),
  action: z.string().regex(/^[a-z_]{1,32}$/).optional(),
  dataset: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
});

const COLUMNS = ['id', 'at', 'actor', 'role', 'action', 'dataset', 'outcome', 'detail', 'address'] as const;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`; // no spreadsheet formulas
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_HEADER = `${COLUMNS.join(',')}\r\n`;
const csvLines = (records: readonly AuditRecord[]): string => records.map((r) => `${COLUMNS.map((c) => csvCell(r[c])).join(',')}\r\n`).join('');

export function auditCsv(records: readonly AuditRecord[]): string {
  return CSV_HEADER + csvLines(records);
}

/** Records a page at a time, newest first, each page in a turn of the event loop of its own (due timers run between). */
const PAGE = 100;

export async function* auditPages(audit: AuditLog, query: AuditQuery & { limit: number }): AsyncGenerator<AuditRecord[]> {
  let left = query.limit;
  let before = query.before;
  while (left > 0) {
    const page = audit.list({ ...query, limit: Math.min(PAGE, left), ...(before === undefined ? {} : { before }) });
    if (page.length === 0) return;
    yield page;
    left -= page.length;
    before = page.at(-1)!.id;
    if (page.length < PAGE) return;
    await letLoopIn(); // from a response stream's read (an I/O callback) one setImmediate would run before due timers
  }
}

/** The trail as CSV or a JSON array, sent as it is read; the reading is audited once it ends (or the client goes). */
function trailStream(request: FastifyRequest, audit: AuditLog, format: 'json' | 'csv', query: AuditQuery & { limit: number }): Readable {
  request.auditedDownload = true; // recorded below, not as a generic export
  async function* text(): AsyncGenerator<string> {
    let records = 0;
    let complete = false;
    try {
      yield format === 'csv' ? CSV_HEADER : '[';
      for await (const page of auditPages(audit, query)) {
        if (format === 'csv') yield csvLines(page);
        else yield (records > 0 ? ',' : '') + page.map((r) => JSON.stringify(r)).join(',');
        records += page.length;
      }
      if (format === 'json') yield ']';
      complete = true;
    } finally {
      request.audit({ action: 'audit_read', outcome: complete ? 'ok' : 'failed', detail: { format, records, ...(complete ? {} : { reason: 'client_gone' }) } });
    }
  }
  return Readable.from(text(), { objectMode: false });
}

export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (parent, { audit }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/audit', { config: { access: 'admin' }, schema: { querystring: AuditQuerySchema } }, async (request, reply) => {
    const { format, ...query } = request.query;
    const body = trailStream(request, audit, format, query);
    if (format === 'json') return reply.type('application/json; charset=utf-8').send(body);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit.csv"')
      .send(body);
  });
};
