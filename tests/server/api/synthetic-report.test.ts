// The synthetic-copy check over HTTP: the same table as the CLI, computed once per dataset version,
// counts of 1–4 from the real data hidden from viewers, clear errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { formatReportTable, type ReportTable } from '../../../synth/report-table.js';
import { countyLog } from '../../synth/generators/county.js';
import { toEventsCsv } from '../../synth/generators/log.js';
import { startTestServer, uploadCsv, type TestServer } from './harness.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

describe('GET /api/datasets/:name/synthetic-report', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const log = countyLog({ children: 2000, from: FROM, to: TO, seed: 3 });
    // Three rows that break the grammar (a second end of care with no start: the first is of a period open
    // on the log's first day, which is no break), so that a small count is there to hide.
    const csv = toEventsCsv(log) + ['X1', 'X2', 'X3'].map((id) => `${id},cla_end,2020-03-01,,E11,,2010-01-01,F,WBRI,N\n${id},cla_end,2020-05-01,,E11,,2010-01-01,F,WBRI,N`).join('\n') + '\n';
    expect((await uploadCsv(server.app, 'council', csv)).statusCode).toBe(201);
    expect((await uploadCsv(server.app, 'other', toEventsCsv(countyLog({ children: 2000, from: FROM, to: TO, seed: 4 })))).statusCode).toBe(201);
  }, 120_000);
  afterAll(() => server?.close());

  it('fits a model, generates a copy and answers the report table, the model checked and its breaks', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/datasets/council/synthetic-report?seed=3' });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { table: ReportTable; model: { skipped: Record<string, number>; fittedOn: { children: number } }; seed: number; fidelity?: unknown };
    expect(body.seed).toBe(3);
    // 2,003 children: a count like any other for a request without exact counts (review v12d finding 2)
    expect(body.model.fittedOn.children).toBe(2005);
    // 3 events, a count of 1-4: suppressed for a request without exact counts, like the table's counts
    expect(body.model.skipped).toEqual({ 'end-without-start': '[c]' });
    const sections = new Set(body.table.rows.map((r) => r.section));
    expect([...sections]).toEqual(['Rates (metrics.md)', 'Medians (metrics.md)', 'CP plans ended, by length (metrics.md)', 'Open at the end of the window (metrics.md)', 'Volumes per year', 'Journey grammar', 'Detail', 'Privacy']);
    expect(body.table.rows.find((r) => r.measure === 'model cells of fewer than 10 children')?.pass).toBe(true);
    const breaks = body.table.rows.find((r) => r.measure === 'events that break the journey grammar')!;
    // A viewer does not see a count of 3 from the real data, nor the full reports.
    expect(breaks.real).toBe('[c]');
    expect(breaks.synthetic).toBe('0');
    expect(body.fidelity).toBeUndefined();
    // The table is the CLI's: formatting it gives the lines `synth report` prints.
    const text = formatReportTable(body.table);
    for (const row of body.table.rows) expect(text).toContain(row.real);
  }, 60_000);

  it('computes once per dataset version and seed', async () => {
    const t0 = performance.now();
    const again = await server.app.inject({ method: 'GET', url: '/api/datasets/council/synthetic-report?seed=3' });
    expect(again.statusCode).toBe(200);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('compares with a loaded synthetic dataset instead, without a model', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/datasets/council/synthetic-report?synthetic=other' });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { table: ReportTable; model: unknown; synthetic: string };
    expect(body.synthetic).toBe('other');
    expect(body.model).toBeNull();
    expect(body.table.rows.some((r) => r.measure.startsWith('model cells'))).toBe(false);
  }, 60_000);

  it('answers the fitted model as a download', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/datasets/council/synthetic-model' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('council-model.json');
    expect((response.json() as { format: string }).format).toBe('child-journey-synth-model');
  });

  it('says clearly what is wrong', async () => {
    const missing = await server.app.inject({ method: 'GET', url: '/api/datasets/nobody/synthetic-report' });
    expect(missing.statusCode).toBe(404);
    const otherMissing = await server.app.inject({ method: 'GET', url: '/api/datasets/council/synthetic-report?synthetic=nobody' });
    expect(otherMissing.statusCode).toBe(404);
    const badSeed = await server.app.inject({ method: 'GET', url: '/api/datasets/council/synthetic-report?seed=-2' });
    expect(badSeed.statusCode).toBe(400);
    expect(badSeed.json().error).toMatch(/seed/);
  });
});
