// The README's "Running it for real" commands, run as written (the folders /srv/journeys, /etc/journeys
// and /backups moved into a temporary folder, the port a free one): add a user, make a token, start
// the service behind its reverse-proxy settings, back the database up, remove the user. Review v12b
// (finding 6) found this sequence refused to start and put the key beside the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'readme-running-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ```sh blocks of the README's "Running it for real" section, with its folders moved into `dir`. */
function readmeBlocks(port: number): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Running it for real'), readme.indexOf('\n## ', readme.indexOf('## Running it for real') + 5));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]!
      .replaceAll('/srv/journeys', join(dir, 'srv/journeys'))
      .replaceAll('/etc/journeys', join(dir, 'etc/journeys'))
      .replaceAll('/backups', join(dir, 'backups'))
      .replace('PORT=3000', `PORT=${port}`),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Env without the test run's own JOURNEYS_* settings, as an administrator's shell has. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JOURNEYS_')));

function run(script: string, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("README: Running it for real", () => {
  it('its commands work as written, and put the key where JOURNEYS_KEY_FILE says', { timeout: 600_000 }, async () => {
    const port = await freePort();
    const blocks = readmeBlocks(port);
    const users = blocks.find((b) => b.includes('users add'))!;
    const lines = users.split('\n');
    const exportLine = lines.find((l) => l.startsWith('export '))!;
    const line = (what: string) => lines.find((l) => l.includes(what))!;
    const db = join(dir, 'srv/journeys/journeys.db');
    const key = join(dir, 'etc/journeys/journeys.key');

    const added = await run(`${exportLine}\n${line('users add')}`, 'correct horse battery staple\n');
    expect(added.code, added.stderr).toBe(0);
    const token = await run(`${exportLine}\n${line('users token')}`);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).toMatch(/^jt_/);
    expect(existsSync(join(dir, 'srv/journeys/journeys.key'))).toBe(false); // never beside the database

    const start = blocks.find((b) => b.includes('npm start') && b.includes('JOURNEYS_TRUST_PROXY'))!;
    const service: ChildProcess = spawn('bash', ['-c', start], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    service.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    service.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    try {
      const deadline = Date.now() + 480_000;
      while (!output.includes('Child-journey tube map:') && Date.now() < deadline && service.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      expect(output).toContain('Child-journey tube map:');
      const res = await fetch(`http://127.0.0.1:${port}/api/datasets`, { headers: { host: 'journeys.council.gov.uk', 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${token.stdout.trim()}` } });
      expect(res.status).toBe(200);
    } finally {
      process.kill(-service.pid!, 'SIGTERM');
      await new Promise((r) => service.once('close', r));
    }
    expect(statSync(key).mode & 0o777).toBe(0o600); // made by the service's first start, where the README says

    const backup = blocks.find((b) => b.includes('.backup'))!;
    const backedUp = await run(backup);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    const copies = readdirSync(join(dir, 'backups')).filter((f) => /^journeys-\d{4}-\d{2}-\d{2}\.db$/.test(f));
    expect(copies).toHaveLength(1);
    expect(statSync(join(dir, 'backups', copies[0]!)).mode & 0o777).toBe(0o600);

    const removed = await run(`${exportLine}\n${line('users remove')}`);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toMatch(/last user/);
    expect(existsSync(db)).toBe(true);
  });
});
