// The compute worker answers the heavy routes exactly as the service would itself, with the access
// checks, exact-or-suppressed decision and audit still the service's; moves are built there once and
// served from one shared copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataset, startWorkerAndInProcess, uploadCsv, type TestServer, userHeaders } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('compute worker', () => {
  const { csv } = makeDataset(120, 9);
  let withWorker: TestServer;
  let inProcess: TestServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ withWorker, inProcess, close } = await startWorkerAndInProcess('kent', csv));
  }, 60_000);
  afterAll(async () => close());

  it('answers views, metrics, stations and the synthetic report exactly as the service itself does', async () => {
    for (const url of [
      '/api/datasets/kent/views/rereferrals',
      '/api/datasets/kent/views/flow?from=2022-01-01&to=2023-06-30',
      '/api/datasets/kent/views/pathways?format=csv&table=links',
      '/api/datasets/kent/metrics?from=2022-01-01&to=2022-12-31',
      '/api/datasets/kent/stations?at=2023-01-31',
      '/api/datasets/kent/stations?at=2023-01-31&cohort=sex%3AF',
      '/api/datasets/kent/synthetic-report?seed=2',
      '/api/datasets/kent/care-periods',
      '/api/datasets/nope/care-periods',
      '/api/datasets/nope/views/rereferrals',
      '/api/datasets/kent/views/flow?from=2023-13-01',
    ]) {
      const [a, b] = await Promise.all([withWorker.app.inject({ method: 'GET', url }), inProcess.app.inject({ method: 'GET', url })]);
      expect(a.statusCode, url).toBe(b.statusCode);
      expect(a.headers['content-type'], url).toBe(b.headers['content-type']);
      expect(a.body, url).toBe(b.body);
    }
  }, 60_000);

  it('keeps the access checks and the audit on the service', async () => {
    const viewer = await userHeaders(withWorker.app, 'vic', 'viewer', PASSWORD);
    expect((await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/views/rereferrals' })).statusCode).toBe(401);
    expect((await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/moves', headers: viewer })).statusCode).toBe(403);
    // The worker publishes the metrics as the service says this request may see them.
    const metrics = await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/metrics', headers: viewer });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.json().disclosure).toMatchObject({ exactCounts: false });
    expect(Object.values(metrics.json().counts as Record<string, unknown>).every((n) => n === '[c]' || (typeof n === 'number' && n % 5 === 0))).toBe(true);
    const csvRes = await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/views/rereferrals?format=csv', headers: viewer });
    expect(csvRes.statusCode).toBe(200);
    // A comparison with another loaded dataset shows it exactly: refused a viewer by the worker as by the service
    // (audit a12h F1). The worker counts the users afresh at most a second after it last did (USER_COUNT_TTL_MS).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const compared = await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/synthetic-report?synthetic=kent', headers: viewer });
    expect(compared.statusCode, compared.body.slice(0, 200)).toBe(403);
    expect(compared.body).not.toMatch(/"(real|synthetic)":"?[1-4]"?[,}]/);
    // the periods of care, worked out by the worker, audited once by the service with their count
    const analyst = await userHeaders(withWorker.app, 'ann', 'analyst', PASSWORD);
    const periods = await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/care-periods', headers: analyst });
    expect(periods.statusCode).toBe(200);
    expect((await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/care-periods', headers: viewer })).statusCode).toBe(403);
    const careExports = withWorker.app.auditLog.list({ action: 'export' }).filter((e) => e.actor === 'ann');
    expect(careExports).toEqual([expect.objectContaining({ dataset: 'kent', detail: { what: 'care_periods', periods: periods.json().periods.length } })]);
    withWorker.app.accounts.remove('ann');
    withWorker.app.accounts.remove('vic');
    const exports = withWorker.app.auditLog.list({ action: 'export' }).filter((e) => e.actor === 'vic');
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ actor: 'vic', dataset: 'kent' });
  });

  it('builds the moves once for many concurrent downloads, all given the same bytes', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/moves' })));
    const reference = (await inProcess.app.inject({ method: 'GET', url: '/api/datasets/kent/moves' })).rawPayload;
    for (const res of responses) {
      expect(res.statusCode).toBe(200);
      expect(Buffer.compare(res.rawPayload, reference)).toBe(0);
      expect(res.headers['content-length']).toBe(String(reference.length));
    }
    expect(responses.filter((r) => r.headers['x-cache'] === 'miss').length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('sees a replaced dataset at once', async () => {
    const before = (await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/views/rereferrals' })).body;
    expect((await uploadCsv(withWorker.app, 'kent', makeDataset(60, 4).csv)).statusCode).toBe(201);
    expect((await uploadCsv(inProcess.app, 'kent', makeDataset(60, 4).csv)).statusCode).toBe(201);
    const after = await withWorker.app.inject({ method: 'GET', url: '/api/datasets/kent/views/rereferrals' });
    expect(after.body).not.toBe(before);
    expect(after.body).toBe((await inProcess.app.inject({ method: 'GET', url: '/api/datasets/kent/views/rereferrals' })).body);
  });
});
