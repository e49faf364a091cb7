// A log with repeated rows (review v10d F1): exact duplicate rows of any event, and assessment, CIN plan
// and early-help starts recorded again while theirs is open. The grammar takes neither (core/grammar.ts
// `duplicate-row`, `start-while-open`), so the fit counts them and learns no start → start, the copy
// breaks no rule and repeats no row, and the events CSV's data-quality report names them by event type.
// The log comes from a generator written here for this test: each child a fixed script of episodes
// (front door, assessment, a CIN plan or closure; early help between), its own sine-hash PRNG.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import type { EventRecord } from '../../core/event-table.js';
import { EV, type EventType } from '../../core/events.js';
import { checkJourneys } from '../../core/grammar.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import type { Model } from '../../synth/model.js';
import { generateDataset, type SyntheticDataset } from '../../synth/output.js';
import { openStore, type ImportReport } from '../../server/db/store.js';
import type { QualityReport } from '../../server/import/quality/problems.js';
import { testLog, toEventsCsv, type TestChild, type TestLog } from './generators/log.js';

/** Uniform enough in [0, 1) for a test log: the fractional part of a scaled sine of a counter (the shader hash). */
function weyl(seed: number): () => number {
  let n = seed;
  return () => {
    n += 1;
    const h = Math.sin(n * 12.9898 + seed * 78.233) * 43758.5453;
    return h - Math.floor(h);
  };
}

interface RepeatLog {
  log: TestLog;
  /** exact duplicate rows added, by event type */
  duplicates: Map<string, number>;
  /** starts added while theirs was open, by event type */
  reopened: Map<string, number>;
}

function repeatLog(children: number, seed: number): RepeatLog {
  const u = weyl(seed);
  const between = (lo: number, hi: number): number => lo + Math.floor(u() * (hi - lo + 1));
  const from = dayFromCivil(2022, 1, 1);
  const to = dayFromCivil(2024, 12, 31);
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  const duplicates = new Map<string, number>();
  const reopened = new Map<string, number>();
  /** the rows added as repeats, counted once the log is cut at its last day */
  const repeats = new Map<EventRecord, Map<string, number>>();
  for (let n = 0; n < children; n++) {
    const id = `DUP${n}`;
    let day = between(from, to - 400);
    people.push({ id, dob: day - between(400, 12 * 365), sex: u() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
    const rows: EventRecord[] = [];
    const add = (type: EventType, d: number, episodeId: string | null, outcome: string | null = null): void => {
      rows.push({ child: id, type, day: d, outcome, episodeId, source: type === 'contact' || type === 'referral' ? '1A' : null });
    };
    const episodes = u() < 0.7 ? 1 : 2;
    for (let e = 0; e < episodes && day < to - 120; e++) {
      if (u() < 0.25) {
        add('contact', day, null, 'early_help');
        add('early_help_start', day + 2, null);
        const end = day + between(30, 90);
        if (u() < 0.1) (add('early_help_start', day + between(3, 20), null), repeats.set(rows.at(-1)!, reopened));
        add('early_help_end', end, null);
        day = end + between(10, 60);
      }
      const ep = `${id}-${e}`;
      add('contact', day, null, 'referral');
      add('referral', day, ep);
      const start = day + between(0, 3);
      add('assessment_start', start, ep);
      const end = start + between(12, 45);
      if (u() < 0.1) (add('assessment_start', start + between(1, 10), ep), repeats.set(rows.at(-1)!, reopened));
      if (u() < 0.5) {
        add('assessment_end', end, ep, 'cin');
        const plan = end + between(0, 5);
        add('cin_plan_start', plan, ep);
        const planEnd = plan + between(60, 240);
        if (u() < 0.1) (add('cin_plan_start', plan + between(5, 40), ep), repeats.set(rows.at(-1)!, reopened));
        add('cin_plan_end', planEnd, ep);
        add('case_closed', planEnd, ep, 'RC1');
        day = planEnd + between(60, 300);
      } else {
        add('assessment_end', end, ep, 'nfa');
        add('case_closed', end, ep, 'RC8');
        day = end + between(60, 300);
      }
    }
    const original = rows.length;
    for (let k = 0; k < original; k++) {
      // contacts are left alone: two on one day are two contacts (the grammar takes both)
      if (u() >= 0.02 || rows[k]!.type === 'contact') continue;
      rows.push({ ...rows[k]! });
      // A copy of a start repeated while open is one more such start (a row not taken leaves nothing to repeat).
      repeats.set(rows.at(-1)!, repeats.get(rows[k]!) ?? duplicates);
    }
    // File order shuffled within the child: the grammar takes each day in the process's order.
    for (let k = rows.length - 1; k > 0; k--) {
      const j = Math.floor(u() * (k + 1));
      [rows[k], rows[j]] = [rows[j]!, rows[k]!];
    }
    records.push(...rows.filter((r) => r.day <= to));
  }
  for (const r of records) {
    const m = repeats.get(r);
    if (m) m.set(r.type, (m.get(r.type) ?? 0) + 1);
  }
  return { log: testLog(records, people), duplicates, reopened };
}

const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

describe('a log with duplicate rows and starts repeated while open (review v10d F1)', () => {
  let real: RepeatLog;
  let model: Model;
  let copy: SyntheticDataset;
  let dir: string;

  beforeAll(() => {
    real = repeatLog(6_000, 17);
    model = fitModel(real.log.table, real.log.children);
    copy = generateDataset(model, { children: 6_000, ...fittedPeriod(model), seed: 3 });
    dir = mkdtempSync(join(tmpdir(), 'duplicate-rows-'));
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the grammar names each repeat, and nothing else in the log breaks it', () => {
    expect(total(real.duplicates)).toBeGreaterThan(300);
    expect(total(real.reopened)).toBeGreaterThan(200);
    const counts = checkJourneys(real.log.table, real.log.children.dob).counts;
    const broken = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    expect(broken).toEqual({ 'duplicate-row': total(real.duplicates), 'start-while-open': total(real.reopened) });
  });

  it('the fit counts the repeats and does not learn from them', () => {
    expect(model.skipped).toEqual({ 'duplicate-row': total(real.duplicates), 'start-while-open': total(real.reopened) });
  });

  it('the copy breaks no rule of the grammar and repeats no row', () => {
    expect(copy.table.length).toBeGreaterThan(0.8 * real.log.table.length - total(real.duplicates) - total(real.reopened));
    expect(checkJourneys(copy.table, copy.children.dob).breaks).toEqual([]);
    const seen = new Set<string>();
    let repeated = 0;
    for (let i = 0; i < copy.table.length; i++) {
      if (copy.table.type[i] === EV.contact) continue;
      const key = `${copy.table.child[i]} ${copy.table.type[i]} ${copy.table.day[i]} ${copy.table.outcome[i]} ${copy.table.episode[i]} ${copy.table.source[i]}`;
      if (seen.has(key)) repeated++;
      seen.add(key);
    }
    expect(repeated).toBe(0);
  });

  it('the events CSV\'s data-quality report names the duplicate rows by event type, and the repeated starts', async () => {
    const store = openStore(join(dir, 'q.db'));
    let report: ImportReport & { quality?: QualityReport };
    try {
      report = await store.importEventsCsv('repeats', Readable.from([toEventsCsv(real.log)]));
    } finally {
      store.close();
    }
    const groups = Object.fromEntries(report.quality!.byCode.map((g) => [g.code, g]));
    expect(Object.keys(groups).sort()).toEqual(['duplicate_row', 'start_while_open']);
    expect(groups.duplicate_row!.count).toBe(total(real.duplicates));
    expect(Object.fromEntries(groups.duplicate_row!.byEvent!.map((e) => [e.event, e.count]))).toEqual(Object.fromEntries(real.duplicates));
    expect(Object.fromEntries(groups.start_while_open!.byEvent!.map((e) => [e.event, e.count]))).toEqual(Object.fromEntries(real.reopened));
    // Each at its line, naming the event.
    const first = report.quality!.problems.find((p) => p.code === 'duplicate_row')!;
    expect(first.message).toMatch(/^[a-z_]+: a row repeating one already taken that day/);
  });
});
