// The synthetic report carries figures of the real data (a viewer's published, an analyst's exact) and is what
// a council reads before sharing a copy, so each one given is an export in the audit trail, as the data-quality
// report and the periods of care are (issue 12's audit: a viewer's report, with or without ?synthetic=, left no
// row). A viewer refused the comparison with another dataset is counted as the access check counts a refusal.
// Recorded on the service, also when the compute worker answered or its answer came from a cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../server/audit/audit-log.js';
import { makeDataset, startTestServer, uploadCsv, userHeaders, type TestServer } from './harness.js';

const { csv, children } = makeDataset(60, 4);

for (const computeWorker of [false, true]) {
  describe(`the synthetic report in the audit trail (${computeWorker ? 'the compute worker answers' : 'in process'})`, () => {
    let server: TestServer;
    let viewer: Record<string, string>;
    let analyst: Record<string, string>;
    beforeAll(async () => {
      server = await startTestServer({ computeWorker });
      for (const name of ['kent', 'copy']) expect((await uploadCsv(server.app, name, csv)).statusCode).toBe(201);
      viewer = await userHeaders(server.app, 'vic', 'viewer');
      analyst = await userHeaders(server.app, 'ana', 'analyst');
    }, 60_000);
    afterAll(async () => server?.close());

    /** The entries `act` added to the trail, oldest first. */
    async function added(act: () => Promise<unknown>): Promise<AuditRecord[]> {
      const before = server.app.auditLog.list({ limit: 1 })[0]?.id ?? 0;
      await act();
      return server.app.auditLog.list({ limit: 50 }).filter((e) => e.id > before).reverse();
    }
    const get = async (url: string, headers: Record<string, string>, status: number) => expect((await server.app.inject({ method: 'GET', url, headers })).statusCode).toBe(status);

    it("records a viewer's report as an export, each time, a cached answer too", async () => {
      for (let i = 0; i < 2; i++) {
        const entries = await added(() => get('/api/datasets/kent/synthetic-report?seed=1', viewer, 200));
        expect(entries).toEqual([
          expect.objectContaining({ action: 'export', actor: 'vic', role: 'viewer', dataset: 'kent', outcome: 'ok', detail: { what: 'synthetic_report', synthetic: null, seed: 1 } }),
        ]);
      }
      // the default seed is recorded as the one used
      const entries = await added(() => get('/api/datasets/kent/synthetic-report', viewer, 200));
      expect(entries.map((e) => e.detail)).toEqual([{ what: 'synthetic_report', synthetic: null, seed: 1 }]);
    }, 60_000);

    it("records a viewer's refused comparison (?synthetic=) counted, and an analyst's comparison as an export", async () => {
      const refused = await added(async () => {
        for (let i = 0; i < 5; i++) await get('/api/datasets/kent/synthetic-report?synthetic=copy', viewer, 403);
      });
      // the first of a kind in a minute is a row at once, the rest added up when the minute ends (audit-tally.ts)
      expect(refused).toEqual([
        expect.objectContaining({
          action: 'access',
          actor: 'vic',
          role: 'viewer',
          dataset: 'kent',
          outcome: 'refused',
          detail: { reason: 'role', needs: 'analyst', method: 'GET', route: '/api/datasets/:name/synthetic-report', query: 'synthetic', attempts: 1 },
        }),
      ]);
      const compared = await added(() => get('/api/datasets/kent/synthetic-report?synthetic=copy', analyst, 200));
      expect(compared).toEqual([expect.objectContaining({ action: 'export', actor: 'ana', dataset: 'kent', outcome: 'ok', detail: { what: 'synthetic_report', synthetic: 'copy', seed: null } })]);
    }, 60_000);

    it('records nothing for a report not given (no such dataset), and no child-level value', async () => {
      expect(await added(() => get('/api/datasets/nowhere/synthetic-report', viewer, 404))).toEqual([]);
      const all = JSON.stringify(server.app.auditLog.list());
      for (const child of children) expect(all).not.toContain(`"${child.id}"`);
    });
  });
}
