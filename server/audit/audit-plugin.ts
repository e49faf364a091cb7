// Puts the audit log within every handler's reach: `request.audit(entry)` records an entry with the
// signed-in person and the client's address filled in. Any successful download (a response sent as an
// attachment: a view's CSV, the audit CSV, whatever routes are added later) is recorded as an export
// without the route having to say so, unless the route recorded the download itself (one entry each).
// `request.auditRefusal(entry)` counts a refusal a handler makes itself (server/audit/audit-tally.ts), as
// the access check counts its own, so that a refusal sent in bulk leaves a few rows, not one each.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditEntry, AuditLog } from './audit-log.js';
import type { AuditTally } from './audit-tally.js';

type RequestAuditEntry = Omit<AuditEntry, 'actor' | 'role' | 'address'>;

declare module 'fastify' {
  interface FastifyRequest {
    audit(entry: RequestAuditEntry): void;
    /** Counts a refusal into the trail (the tally: the first of a kind in a period a row at once, the rest added up). */
    auditRefusal(entry: RequestAuditEntry): void;
    /**
     * Puts on disk the entry this request leaves in the trail if the service dies before it ends (AuditLog.opened);
     * the returned function takes it off again, once the request has recorded how it ended.
     */
    auditUnderWay(entry: RequestAuditEntry): () => void;
    /** the route recorded this request's download (or reading of the trail) itself */
    auditedDownload: boolean;
  }
  interface FastifyInstance {
    auditLog: AuditLog;
  }
}

const auditPluginFn: FastifyPluginAsync<{ log: AuditLog; tally?: AuditTally }> = async (app, { log, tally }) => {
  app.decorate('auditLog', log);
  app.decorateRequest('auditedDownload', false);
  app.decorateRequest('audit', function (this: import('fastify').FastifyRequest, entry: RequestAuditEntry) {
    if (entry.action === 'export' || entry.action === 'audit_read') this.auditedDownload = true;
    log.record({ ...entry, actor: this.user?.name ?? null, role: this.user?.role ?? null, address: this.ip });
  });
  app.decorateRequest('auditRefusal', function (this: import('fastify').FastifyRequest, entry: RequestAuditEntry) {
    const whole = { ...entry, actor: this.user?.name ?? null, role: this.user?.role ?? null, address: this.ip };
    if (tally) tally.note(whole);
    else log.record(whole);
  });
  app.decorateRequest('auditUnderWay', function (this: import('fastify').FastifyRequest, entry: RequestAuditEntry) {
    const key = randomUUID();
    log.opened(key, { ...entry, actor: this.user?.name ?? null, role: this.user?.role ?? null, address: this.ip });
    return () => log.closed(key);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 300 || request.auditedDownload) return;
    const disposition = reply.getHeader('content-disposition');
    if (typeof disposition !== 'string' || !disposition.startsWith('attachment')) return;
    const params = request.params as { name?: unknown } | undefined;
    const file = /filename="?([^";]{1,200})"?/.exec(disposition)?.[1] ?? null;
    request.audit({
      action: 'export',
      dataset: typeof params?.name === 'string' ? params.name : null,
      outcome: 'ok',
      detail: { route: request.routeOptions.url ?? null, file },
    });
  });
};

export const auditPlugin = fp(auditPluginFn, { fastify: '5.x', name: 'journeys-audit', dependencies: ['journeys-auth'] });
