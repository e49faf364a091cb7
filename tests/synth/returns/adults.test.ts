// Children's services end at 18: a CIN episode the journey leaves open closes on the child's 18th birthday
// when the generated window reaches it (case.ts windowEnd), so no census holds a 19 to 31 year old with an
// episode open since they were 17 (found after review v14 with the ported CIN rule 8775Q: 9 to 12 such
// children in each of the 2023-2025 censuses of a population of 10,000, seed 3). The events file of the
// same flags closes the case that day too. Reads the written XML and the events CSV.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths, parseDay } from '../../../core/dates.js';
import { DEFAULT_MODEL } from '../../../synth/defaults.js';
import { generateChildren } from '../../../synth/generate.js';
import { repairedEventsCsv } from '../../../synth/returns/events-csv.js';
import { returnChildId } from '../../../synth/returns/identifiers.js';
import type { GeneratedChild } from '../../../synth/returns/input.js';
import { populationOptions } from '../../../synth/returns/population.js';
import { buildCases, writeReturns } from '../../../synth/returns/write.js';
import { parseYears } from '../../../synth/returns/years.js';

const dir = mkdtempSync(join(tmpdir(), 'adults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const o = populationOptions(10_000, 3);
const generate = (emit: (child: GeneratedChild) => void): void => void generateChildren(DEFAULT_MODEL, o, emit);
const { cases } = buildCases(generate, { seed: 3, from: o.from, to: o.to });
writeReturns(cases, 'cin', parseYears('2023-2025'), join(dir, 'cin.xml'));
let eventsCsv = '';
repairedEventsCsv(generate, { seed: 3, from: o.from, to: o.to }, (chunk) => void (eventsCsv += chunk));

/** Each CINdetails of a census: child id, date of birth, referral, closure (null if open). */
function details(year: number): { id: string; dob: number; referral: number; closure: number | null }[] {
  const xml = readFileSync(join(dir, `cin-${year}.xml`), 'utf8');
  const out: ReturnType<typeof details> = [];
  for (const child of xml.split('<Child>').slice(1)) {
    const id = /<LAchildID>([^<]+)</.exec(child)![1]!;
    const dob = parseDay(/<PersonBirthDate>([^<]+)</.exec(child)![1]!)!;
    for (const d of child.split('<CINdetails>').slice(1)) {
      const closure = /<CINclosureDate>([^<]+)</.exec(d);
      out.push({ id, dob, referral: parseDay(/<CINreferralDate>([^<]+)</.exec(d)![1]!)!, closure: closure ? parseDay(closure[1]!)! : null });
    }
  }
  return out;
}

describe('a CIN episode ends by the 18th birthday', () => {
  const years = [2023, 2024, 2025];
  it('no census holds an episode open, or closed, after the 18th birthday of a child referred before it', () => {
    let atEighteen = 0;
    const late: string[] = [];
    for (const year of years) {
      const reference = parseDay(`${year}-03-31`)!;
      for (const d of details(year)) {
        const adult = addMonths(d.dob, 216);
        if (d.referral >= adult) continue;
        if ((d.closure ?? reference) > adult) late.push(`${year} ${d.id} ${d.closure === null ? 'open' : 'closed after 18'}`);
        if (d.closure === adult) atEighteen++;
      }
    }
    expect(late).toEqual([]);
    // the population has such episodes (closed at 18 now): the rule is exercised
    expect(atEighteen).toBeGreaterThan(0);
  });

  it('the events file closes the case on the same day', () => {
    const closed = new Set<string>();
    for (const line of eventsCsv.trimEnd().split('\n').slice(1)) {
      const [id, event, date] = line.split(',');
      if (event === 'case_closed') closed.add(`${returnChildId(id!)} ${date}`);
    }
    let checked = 0;
    for (const year of years) {
      for (const d of details(year)) {
        if (d.closure === null || d.closure !== addMonths(d.dob, 216)) continue;
        const iso = new Date(d.closure * 86_400_000).toISOString().slice(0, 10);
        expect(closed.has(`${d.id} ${iso}`), `${year} ${d.id}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
