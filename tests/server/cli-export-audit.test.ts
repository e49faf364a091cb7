// A command-line read of a dataset's figures leaves an `export` row in the audit trail, as the HTTP routes'
// do (audit a12i F2: `cli metrics`, `cli forecast`, `cli pseudonym`, `synth fit` and `synth report` left none),
// naming what was read and never a child.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditRecord } from '../../server/audit/audit-log.js';
import { openStore } from '../../server/db/store.js';
import { makeDataset } from './api/harness.js';

const ROOT = join(import.meta.dirname, '../..');
let dir: string;
let db: string;

function run(script: string, ...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [script, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, JOURNEYS_KEY_FILE: join(dir, 'key') } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function exports(): AuditRecord[] {
  const store = openStore(db, { keyFile: join(dir, 'key') });
  try {
    return createAuditLog(store.db).list({ limit: 100 }).reverse().filter((r) => r.action === 'export');
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-export-'));
  db = join(dir, 'j.db');
  writeFileSync(join(dir, 'events.csv'), makeDataset(60, 3).csv);
  const ingest = await run('server/cli.ts', 'ingest', '--db', db, '--dataset', 'kent', join(dir, 'events.csv'));
  expect(ingest.code, ingest.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('command-line exports', () => {
  it('each leave an export row naming what was read, by cli:<user>, with no child in it', { timeout: 180_000 }, async () => {
    const commands: [string, string[], string][] = [
      ['server/cli.ts', ['metrics', '--db', db, '--dataset', 'kent', '--from', '2022-04-01', '--to', '2023-03-31'], 'metrics'],
      ['server/cli.ts', ['forecast', '--db', db, '--dataset', 'kent', '--months', '2', '--runs', '20'], 'forecast'],
      ['server/cli.ts', ['forecast', '--db', db, '--dataset', 'kent', '--months', '2', '--care-only'], 'care_only_forecast'],
      ['server/cli.ts', ['pseudonym', '--db', db, 'C0001'], 'pseudonym'],
      ['synth/cli.ts', ['fit', '--db', db, '--dataset', 'kent', '--out', join(dir, 'model.json')], 'synthetic_model'],
      ['synth/cli.ts', ['report', '--db', db, '--real', 'kent', '--synthetic', 'kent'], 'synthetic_report'],
    ];
    for (const [script, args, what] of commands) {
      const before = exports().length;
      const result = await run(script, ...args);
      expect(result.code === 0 || (what === 'synthetic_report' && result.code === 1), `${args[0]}: ${result.stderr.slice(0, 300)}`).toBe(true);
      const rows = exports().slice(before);
      expect(rows, what).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor: expect.stringMatching(/^cli:/), outcome: 'ok', dataset: what === 'pseudonym' ? null : 'kent' });
      expect((rows[0]!.detail as { what: string }).what).toBe(what);
      expect(JSON.stringify(rows[0])).not.toMatch(/C000\d/);
    }
  });
});
