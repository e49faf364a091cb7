// The README's synthetic-returns snippets are what the commands give today: this runs the README's own
// commands (as written there, each --out moved into a temporary folder), makes the section from the files
// they write (synth/returns/readme-snippets.ts, the script that writes it into the README) and fails
// unless the README's section is exactly that: one snippet of every file, header and two rows.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNIPPET_COMMANDS, readmeSection, runSnippetCommand, snippetSection } from '../../../synth/returns/readme-snippets.js';
import { ssda903Tables } from '../../../synth/returns/ssda903.js';

const root = join(import.meta.dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readmeSection(readme);
const commands = /```sh\n([\s\S]*?)```/.exec(section ?? '')?.[1]?.trim().split('\n') ?? [];
const dir = mkdtempSync(join(tmpdir(), 'readme-snippets-'));

beforeAll(async () => {
  // the README's commands as written there (the test below holds them to the script's)
  await Promise.all(commands.map((c) => runSnippetCommand(c, root, dir)));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README synthetic returns snippets', () => {
  it('the section has one command per format, the script\'s', () => {
    expect(section).not.toBeNull();
    expect(commands.map((c) => /--format (\S+)/.exec(c)![1])).toEqual(['events', 'ssda903', 'cin', 'annex-a']);
    expect(commands).toEqual(SNIPPET_COMMANDS);
  });

  it('has a snippet of every file: the events CSV, every SSDA903 table of the year, the CIN XML, every Annex A list', () => {
    const files = [...section!.matchAll(/^`([^`]+)`/gm)].map((m) => m[1]!);
    expect(files).toEqual(['council.csv', ...ssda903Tables(2024).map((t) => `903/2024-${t}.csv`), 'cin.xml', 'annex-a.xlsx']);
    expect([...section!.matchAll(/^Sheet `(List \d+)`/gm)].map((m) => m[1])).toEqual(Array.from({ length: 11 }, (_, i) => `List ${i + 1}`));
  });

  it('is exactly what the commands\' files give (run `npx tsx synth/returns/readme-snippets.ts` to rewrite it)', () => {
    expect(section).toBe(snippetSection(dir));
  });
});
