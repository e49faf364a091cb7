// The README's synthetic-returns snippets are what the commands print today: this runs the README's own
// commands (as written there, each --out moved into a temporary folder) and finds every snippet line in
// the file the snippet names, so a change to the generator or a writer that moves them fails here.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workbook } from '../../../server/import/common/xlsx.js';

const root = join(import.meta.dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('Snippets, from the files these commands write'), readme.indexOf('## Benchmarks'));
const commands = /```sh\n([\s\S]*?)```/.exec(section)![1]!.trim().split('\n');
const dir = mkdtempSync(join(tmpdir(), 'readme-snippets-'));

/** `npm run -s synth -- generate … --out X` run from the repository, X put under the temporary folder */
function run(command: string): Promise<void> {
  const words = command.split(/\s+/);
  const out = words.indexOf('--out');
  words[out + 1] = join(dir, words[out + 1]!);
  return new Promise((resolve, reject) => {
    const child = spawn(words[0]!, words.slice(1), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command}: exit ${code}\n${err}`))));
  });
}

beforeAll(async () => {
  await Promise.all(commands.map(run));
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** each snippet: the file it names (the backticked path before it) and its lines */
const blocks = [...section.matchAll(/^`([^`]+)`\n\n```(csv|xml)\n([\s\S]*?)```/gm)].map((m) => ({ file: m[1]!, lines: m[3]!.trimEnd().split('\n') }));

describe('README synthetic returns snippets', () => {
  it('the section has one command per format and a snippet of each', () => {
    expect(commands.map((c) => /--format (\S+)/.exec(c)![1])).toEqual(['events', 'ssda903', 'cin', 'annex-a']);
    expect(blocks.map((b) => b.file)).toEqual(['council.csv', '903/2024-episodes.csv', '903/2024-header.csv', '903/2024-reviews.csv', '903/2024-sw_episodes.csv', 'cin.xml']);
    expect(section).toContain('`annex-a.xlsx`, sheet `List 3`');
  });

  it('every CSV and XML snippet line is in the file it names, in the same order', () => {
    for (const { file, lines } of blocks) {
      const text = readFileSync(join(dir, file), 'utf8');
      // the block as a run of whole lines of the file
      expect(`\n${text}`.includes(`\n${lines.join('\n')}\n`), `${file}:\n${lines.join('\n')}`).toBe(true);
    }
  });

  it('the Annex A table is the header and rows of List 3', () => {
    const table = section.slice(section.indexOf('`annex-a.xlsx`, sheet `List 3`'));
    const cells = table.split('\n').filter((l) => l.startsWith('| ')).map((l) => l.slice(2, -2).split(' | '));
    const wb = Workbook.fromBytes(readFileSync(join(dir, 'annex-a.xlsx')));
    const rows: string[][] = [];
    const dmy = (serial: number): string => new Date((serial - 25569) * 86_400_000).toISOString().slice(0, 10).split('-').reverse().join('/');
    wb.readSheet(wb.sheets.find((s) => s.name === 'List 3')!, (row) => rows.push(row.cells.map((c, i) => (rows.length > 0 && (i === 3 || i === 5) ? dmy(Number(c?.value)) : String(c?.value ?? '')))));
    expect(cells[0]).toEqual(rows[0]);
    expect(cells.length).toBeGreaterThan(1);
    for (const row of cells.slice(1)) expect(rows.map((r) => r.join('|')), row.join('|')).toContain(row.join('|'));
  });
});
