// /api/audit: the audit trail for admins, newest first, as JSON or (`?format=csv`) a CSV download.
// Reading it is itself audited.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AuditLog, AuditRecord } from '../audit/audit-log.js';
import type { ZodTypeProvider } from '../zod-provider.js';

export interface AuditRoutesOptions {
  audit: AuditLog;
}

const AuditQuerySchema = z.object({
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

export function auditCsv(records: readonly AuditRecord[]): string {
  const lines = [COLUMNS.join(','), ...records.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (parent, { audit }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.get('/api/audit', { config: { access: 'admin' }, schema: { querystring: AuditQuerySchema } }, async (request, reply) => {
    const { format, ...query } = request.query;
    const records = audit.list(query);
    request.audit({ action: 'audit_read', outcome: 'ok', detail: { format, records: records.length } });
    if (format === 'json') return records;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit.csv"')
      .send(auditCsv(records));
  });
};
