// A seed is one population whatever --year asks (issue 14): `synth generate --year 2023` and `--year 2024`
// run apart write what `--year 2023-2024` writes, child for child, and the episodes open on 31 March 2023
// are in the 2024 files. Runs the command line in-process and reads only the written CSVs.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../synth/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'population-'));
const run = (year: string, out: string) => main(['generate', '--model', 'default', '--children', '6000', '--seed', '3', '--year', year, '--format', 'ssda903', '--out', join(dir, out)]);
const rows = (out: string, file: string): string[][] => readFileSync(join(dir, out, file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

beforeAll(async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  for (const [year, out] of [['2023', 'y2023'], ['2024', 'y2024'], ['2023-2024', 'range']] as const) expect(await run(year, out)).toBe(0);
  log.mockRestore();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one population per seed, whatever --year', () => {
  it('single-year runs write the files of the range run, byte for byte', () => {
    for (const out of ['y2023', 'y2024']) {
      const files = readdirSync(join(dir, out));
      expect(files.length).toBeGreaterThan(9);
      for (const f of files) expect(readFileSync(join(dir, out, f), 'utf8'), `${out}/${f}`).toBe(readFileSync(join(dir, 'range', f), 'utf8'));
    }
  });

  it('a child in both years has one DOB and one UPN', () => {
    const h23 = new Map(rows('y2023', '2023-header.csv').map((r) => [r[0]!, r]));
    const both = rows('y2024', '2024-header.csv').filter((r) => h23.has(r[0]!));
    expect(both.length).toBeGreaterThan(10);
    for (const r of both) {
      const before = h23.get(r[0]!)!;
      expect(r[2], 'DOB').toBe(before[2]);
      // UPN: UN2 before the 6th birthday, the same UPN once written
      if (before[4] !== 'UN2') expect(r[4], 'UPN').toBe(before[4]);
    }
  });

  it("a single year's OC3 holds care leavers who left in earlier years: 19 to 21 year olds, not looked after in the year", () => {
    const lookedAfter = new Set(rows('y2024', '2024-episodes.csv').map((r) => r[0]));
    const oc3 = rows('y2024', '2024-oc3.csv');
    // age at 31 March 2024 from DOB dd/mm/yyyy
    const age = (dob: string): number => {
      const [d, m, y] = dob.split('/').map(Number) as [number, number, number];
      return 2024 - y - (m > 3 || (m === 3 && d > 31) ? 1 : 0);
    };
    // 6,000 children hold few care leavers: 5, 6, 8 and 12 of 19-21 at seeds 3-6 (none before care
    // leavers of earlier years were kept), so the test asks for some, not for a count its sampling may miss.
    const older = oc3.filter((r) => age(r[1]!) >= 19);
    expect(older.length).toBeGreaterThanOrEqual(3);
    expect(older.every((r) => age(r[1]!) <= 21)).toBe(true);
    expect(older.filter((r) => !lookedAfter.has(r[0])).length).toBeGreaterThanOrEqual(3);
    // each has a header row (628: a care leaver not looked after in the year is still in the header)
    const header = new Set(rows('y2024', '2024-header.csv').map((r) => r[0]));
    expect(oc3.every((r) => header.has(r[0]))).toBe(true);
  });

  it('every episode open on 31 March 2023 is in the separate 2024 run, same start and codes', () => {
    const open = rows('y2023', '2023-episodes.csv').filter((r) => r[7] === '');
    expect(open.length).toBeGreaterThan(10);
    const next = new Set(rows('y2024', '2024-episodes.csv').map((r) => [r[0], r[1], r[2], r[3], r[5]].join(',')));
    for (const r of open) expect(next.has([r[0], r[1], r[2], r[3], r[5]].join(','))).toBe(true);
  });
});
