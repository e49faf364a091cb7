import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_KEYS } from '../../core/metrics.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/fixtures/events');
let dir: string;
let db: string;

/** Runs the CLI as a user would (`npx tsx server/cli.ts …`, here via the same local tsx binary). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules/.bin/tsx'), ['server/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-'));
  db = join(dir, 'cli.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli', () => {
  it('ingest --json prints the import report and nothing else on stdout', async () => {
    const run = await cli('ingest', '--db', db, '--dataset', 'demo', '--json', join(FIXTURES, 'quoted-bom-crlf.csv'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ dataset: 'demo', rows: 4, imported: 4, rejected: [], warnings: ['unknown column "Notes" (column 5) is ignored'], quality: { total: 0, newSinceLastImport: 0, comparedWithPrevious: false, byCode: [], problems: [], truncated: false } });
    expect(run.stderr).toContain('warning: unknown column "Notes" (column 5) is ignored');
  });

  it('forecast arguments that are wrong whatever the data exit 2 with the usage (a missing dataset 1)', async () => {
    await cli('ingest', '--db', db, '--dataset', 'demo', join(FIXTURES, 'quoted-bom-crlf.csv'));
    for (const [args, message] of [
      [['--months', '61'], '--months must be 1 to 60, got 61'],
      [['--months', 'abc'], '--months must be 1 to 60, got abc'],
      [['--runs', '5'], '--runs must be 20 to 2000 (as the API), got 5'],
      [['--as-of', '2024-13-01'], '--as-of "2024-13-01" is not a date YYYY-MM-DD'],
    ] as const) {
      const run = await cli('forecast', '--db', db, '--dataset', 'demo', ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect((await cli('forecast', '--db', db, '--dataset', 'nosuch')).code).toBe(1);
  });

  it('a strict ingest with bad rows exits 1, lists FILE:LINE: column COLUMN: REASON on stderr, and imports nothing', async () => {
    const file = join(FIXTURES, 'bad-values.csv');
    const run = await cli('ingest', '--db', db, '--dataset', 'bad', '--json', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:3: column event: unknown event: not one of the event types`);
    expect(run.stderr).toContain(`${file}:11: the row has 6 fields but the header has 9`);
    const report = JSON.parse(run.stdout);
    expect(report.rejected).toHaveLength(12);
    expect(report.imported).toBe(0);
  });

  it('a lenient ingest imports the good rows and prints a short summary', async () => {
    const run = await cli('ingest', '--db', db, '--dataset', 'partial', '--lenient', join(FIXTURES, 'bad-values.csv'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('imported 1 of 13 rows into dataset "partial" (12 rejected)\n');
  });

  it('metrics prints the metrics JSON of the window', async () => {
    const run = await cli('metrics', '--db', db, '--dataset', 'demo', '--from', '2023-01-01', '--to', '2023-12-31');
    expect(run.code).toBe(0);
    const metrics = JSON.parse(run.stdout);
    expect(metrics.window).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(metrics.counts.contact).toBe(1);
    expect(metrics.counts.referral).toBe(1);
    expect(Object.keys(metrics.rates).sort()).toEqual([...RATE_KEYS].sort());
    expect(Object.keys(metrics)).toEqual(['window', 'counts', 'rates', 'durations', 'open_at_end']);
  });

  it('ingest combines a CIN census and SSDA903 files given with --format runs, and --json carries the quality report', async () => {
    const formats = join(ROOT, 'tests/fixtures/formats');
    const run = await cli('ingest', '--db', db, '--dataset', 'mixed', '--json', '--format', 'cin', join(formats, 'cin-census/cin-2022.xml'),
      '--format', 'ssda903', join(formats, 'ssda903/2021-header.csv'), join(formats, 'ssda903/2021-episodes.csv'));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.formats).toEqual(['cin', 'ssda903']);
    expect(report.rows).toBe(5 + 144 + 253);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(['cin-2022.xml', '2021-header.csv', '2021-episodes.csv']);
    expect(report.quality.problems.length).toBe(report.quality.total);
    expect(report.quality.problems[0]).toHaveProperty('row');
  });

  it('a refused strict ingest of a workbook reports nothing imported, in all and per sheet, and no events (finding 15)', async () => {
    const workbook = join(ROOT, 'tests/fixtures/formats/review/annex/annex.xlsx');
    const run = await cli('ingest', '--db', db, '--dataset', 'refused', '--json', '--format', 'annex-a', workbook);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect([report.rows, report.imported, report.rejectedRows, report.unreadable, report.notRead, report.eventCount]).toEqual([24, 0, 24, 3, 2, 0]);
    expect(report.files.reduce((n: number, f: { imported: number }) => n + f.imported, 0)).toBe(0);
    expect(Object.values(report.events).every((n) => n === 0)).toBe(true);
    expect(run.stderr).toContain('3 rows cannot be read, so nothing was imported');
    const lenient = await cli('ingest', '--db', db, '--dataset', 'refused', '--lenient', '--format', 'annex-a', workbook);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('imported 19 of 24 rows (5 not imported: 3 cannot be read, 2 not read)');
    expect(lenient.stdout).toContain('9 children, 28 events');
  });

  it('metrics of an unknown dataset fails with exit 1', async () => {
    const run = await cli('metrics', '--db', db, '--dataset', 'nope', '--from', '2023-01-01', '--to', '2023-12-31');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no dataset "nope"');
    expect(run.stdout).toBe('');
  });

  it.concurrent.each([
    [['bogus'], 'unknown command "bogus"'],
    [['ingest', '--db', 'x.db', '--dataset', 'a'], 'ingest needs at least one file'],
    [['ingest', '--db', 'x.db', '--dataset', 'a b', 'f.csv'], 'must be 1–64 letters'],
    [['ingest', '--db', 'x.db', '--dataset', 'a', '--format', 'excel', 'f.csv'], '--format "excel" is not one of events, annex-a, cin, ssda903'],
    [['ingest', '--db', 'x.db', '--dataset', 'a', 'e.csv', '--format', 'cin', 'c.xml'], 'an events CSV is imported on its own'],
    [['metrics', '--db', 'x.db', '--dataset', 'a', '--from', '2023-02-30', '--to', '2023-03-01'], '--from "2023-02-30" is not a date'],
    [['metrics', '--db', 'x.db', '--dataset', 'a', '--from', '2023-03-01', '--to', '2023-02-01'], '--from must not be after --to'],
    [['serve', '--db', 'x.db', '--port', 'http'], '--port "http" is not a port number'],
    [['metrics', '--db', 'x.db', '--verbose'], 'unknown option --verbose'],
  ])('bad arguments %j exit 2 with the usage', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('usage:');
    expect(run.stdout).toBe('');
  });

  it('audits every ingest, refused ones too, as the machine user, with counts and no values', async () => {
    const { openStore } = await import('../../server/db/store.js');
    const { createAuditLog } = await import('../../server/audit/audit-log.js');
    const own = join(dir, 'audited.db');
    expect((await cli('ingest', '--db', own, '--dataset', 'good', join(FIXTURES, 'quoted-bom-crlf.csv'))).code).toBe(0);
    expect((await cli('ingest', '--db', own, '--dataset', 'bad', join(FIXTURES, 'bad-values.csv'))).code).toBe(1);
    const store = openStore(own);
    try {
      const trail = createAuditLog(store.db).list({ action: 'import' }).reverse();
      expect(trail.map((r) => [r.dataset, r.outcome, r.actor?.startsWith('cli:')])).toEqual([['good', 'ok', true], ['bad', 'failed', true]]);
      expect(trail[0]!.detail).toMatchObject({ format: 'events', rows: 4, imported: 4, rejected: 0 });
      expect(trail[1]!.detail).toMatchObject({ format: 'events', imported: 0 });
    } finally {
      store.close();
    }
  }, 120_000);
});
