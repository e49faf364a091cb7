// The README's synthetic-returns snippets, made from the files the README's own commands write: one
// snippet of every file (the events CSV, every SSDA903 table of the year, the CIN census XML, every Annex
// A list), each its header and first two rows (the XML: its first child with a Section47, from <Child> to
// </Child>). `npx tsx synth/returns/readme-snippets.ts` runs the commands in a temporary folder and
// rewrites the README between the markers; tests/synth/returns/readme-snippets.test.ts runs them again
// and fails unless the README's section is exactly what they give.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from '../../server/import/common/xlsx.js';
import { ssda903FileName, ssda903Tables } from './ssda903.js';

export const SNIPPETS_START = '<!-- returns-snippets:start (written by synth/returns/readme-snippets.ts) -->';
export const SNIPPETS_END = '<!-- returns-snippets:end -->';
const YEAR = 2024;
/** The README's commands: one per format, each with its --out relative to the folder they run in. */
export const SNIPPET_COMMANDS = ['events', 'ssda903', 'cin', 'annex-a'].map(
  (format) => `npm run -s synth -- generate --model default --children 2000 --seed 7 --year ${YEAR} --format ${format} --out ${{ events: 'council.csv', ssda903: '903/', cin: 'cin.xml', 'annex-a': 'annex-a.xlsx' }[format]}`,
);
const ROWS = 2;

/** Runs one of the commands from `root` with its --out moved under `dir`. */
export function runSnippetCommand(command: string, root: string, dir: string): Promise<void> {
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

const fence = (lang: string, lines: readonly string[]): string => `\`\`\`${lang}\n${lines.join('\n')}\n\`\`\``;
const csvHead = (text: string): string[] => text.split('\n').filter((l) => l !== '').slice(0, 1 + ROWS);

/** The first <Child> … </Child> with a Section47 (else the first child). */
function cinChild(xml: string): string[] {
  const children = [...xml.matchAll(/<Child>\n[\s\S]*?<\/Child>/g)].map((m) => m[0]);
  const child = children.find((c) => c.includes('<Section47>')) ?? children[0] ?? '';
  return child.split('\n');
}

/** A list as a Markdown table: its header and first rows, dates dd/mm/yyyy (the template's date columns hold date cells). */
function annexTable(book: Workbook, sheetName: string): string {
  const sheet = book.sheets.find((s) => s.name === sheetName)!;
  const rows: string[][] = [];
  book.readSheet(sheet, (row) => {
    if (rows.length > ROWS) return;
    const head = rows[0];
    rows.push(Array.from(row.cells, (c, i) => {
      const value = String(c?.value ?? '');
      const isDate = head !== undefined && /date|dob|birth/i.test(head[i] ?? '') && value !== '' && c?.number !== null && c?.number !== undefined;
      return isDate ? new Date((Number(value) - 25569) * 86_400_000).toISOString().slice(0, 10).split('-').reverse().join('/') : value.replaceAll('|', '\\|');
    }));
  });
  const width = rows[0]!.length;
  const line = (cells: string[]): string => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const body = rows.slice(1);
  return [line(rows[0]!), `|${'---|'.repeat(width)}`, ...body.map(line), ...(body.length === 0 ? ['', '(no rows in this run)'] : [])].join('\n');
}

/** The README section (between the markers, markers excluded) from the files the commands wrote into `dir`. */
export function snippetSection(dir: string): string {
  const parts: string[] = [];
  parts.push('Snippets, from the files these commands write: the header and first two rows of every file (the CIN');
  parts.push('census: its first child with a Section47). `npx tsx synth/returns/readme-snippets.ts` writes this section');
  parts.push('from the commands; `tests/synth/returns/readme-snippets.test.ts` runs them and fails unless it is exactly this.');
  parts.push('', fence('sh', SNIPPET_COMMANDS));
  parts.push('', '`council.csv`', '', fence('csv', csvHead(readFileSync(join(dir, 'council.csv'), 'utf8'))));
  for (const table of ssda903Tables(YEAR)) {
    const name = ssda903FileName(YEAR, table);
    const lines = csvHead(readFileSync(join(dir, '903', name), 'utf8'));
    parts.push('', `\`903/${name}\`${lines.length === 1 ? ' (no rows in this run)' : ''}`, '', fence('csv', lines));
  }
  parts.push('', '`cin.xml`', '', fence('xml', cinChild(readFileSync(join(dir, 'cin.xml'), 'utf8'))));
  const book = Workbook.fromBytes(readFileSync(join(dir, 'annex-a.xlsx')));
  parts.push('', '`annex-a.xlsx`, one table per list (dates are date cells, shown dd/mm/yyyy):');
  for (const sheet of book.sheets) parts.push('', `Sheet \`${sheet.name}\``, '', annexTable(book, sheet.name));
  return `${parts.join('\n')}\n`;
}

/** The README's current section, between the markers (null when they are missing). */
export function readmeSection(readme: string): string | null {
  const from = readme.indexOf(SNIPPETS_START);
  const to = readme.indexOf(SNIPPETS_END);
  if (from < 0 || to < from) return null;
  return readme.slice(from + SNIPPETS_START.length + 1, to);
}

async function main(): Promise<void> {
  const root = join(import.meta.dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'readme-snippets-'));
  try {
    await Promise.all(SNIPPET_COMMANDS.map((c) => runSnippetCommand(c, root, dir)));
    const path = join(root, 'README.md');
    const readme = readFileSync(path, 'utf8');
    if (readmeSection(readme) === null) throw new Error(`README.md has no ${SNIPPETS_START} … ${SNIPPETS_END} section`);
    const from = readme.indexOf(SNIPPETS_START) + SNIPPETS_START.length + 1;
    writeFileSync(path, readme.slice(0, from) + snippetSection(dir) + readme.slice(readme.indexOf(SNIPPETS_END)));
    console.log('README.md: synthetic-returns snippets rewritten');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();
