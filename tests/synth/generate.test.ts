// Generated files: same seed same bytes, valid events CSV (imported strictly by the store's importer),
// coherent journeys, fake ids; and the model files obey the small-cell rule.
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { EVENT_TYPES, EV, outcomeCode } from '../../core/events.js';
import { computeMetrics, prepareMetrics } from '../../core/metrics.js';
import { openStore } from '../../server/db/store.js';
import { DEFAULT_MODEL } from '../../synth/defaults.js';
import { demoOptions, writeDemoCsv } from '../../synth/demo.js';
import { fitModel } from '../../synth/fit.js';
import { parseModel } from '../../synth/model.js';
import { generateDataset, writeSyntheticCsv } from '../../synth/output.js';
import { smallCellViolations } from '../../synth/privacy.js';
import { referenceDataset } from './reference-generator.js';

const FROM = dayFromCivil(2021, 4, 1);
const TO = dayFromCivil(2025, 3, 31);
const dir = mkdtempSync(join(tmpdir(), 'synth-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generate', () => {
  it('writes the same file for the same seed and a different one for another seed', async () => {
    const options = { children: 2000, from: FROM, to: TO, seed: 42 };
    await writeSyntheticCsv(DEFAULT_MODEL, options, join(dir, 'a.csv'));
    await writeSyntheticCsv(DEFAULT_MODEL, options, join(dir, 'b.csv'));
    await writeSyntheticCsv(DEFAULT_MODEL, { ...options, seed: 43 }, join(dir, 'c.csv'));
    const a = readFileSync(join(dir, 'a.csv'), 'utf8');
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe(a);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).not.toBe(a);
  });

  it('writes an events CSV that the importer takes without a single rejected row, with the same events', async () => {
    const path = join(dir, 'demo.csv');
    const { rows } = await writeDemoCsv(path, { seed: 7, children: 1500 });
    const store = openStore(join(dir, 'check.db'));
    try {
      const report = await store.importEventsCsv('demo', createReadStream(path));
      expect(report.rejected).toEqual([]);
      expect(report.imported).toBe(rows);
      const loaded = store.loadDataset('demo')!;
      const inMemory = generateDataset(DEFAULT_MODEL, demoOptions({ seed: 7, children: 1500 }));
      expect(loaded.table.length).toBe(inMemory.table.length);
      const window = { from: FROM, to: TO };
      expect(computeMetrics(prepareMetrics(loaded.table), window)).toEqual(computeMetrics(prepareMetrics(inMemory.table), window));
    } finally {
      store.close();
    }
  });

  it('makes coherent journeys: dated in order, every end after an open start, outcomes followed through', () => {
    const { table } = generateDataset(DEFAULT_MODEL, { children: 5000, from: FROM, to: TO, seed: 3 });
    const pairs: Array<[number, number]> = [
      [EV.assessment_start, EV.assessment_end], [EV.s47_start, EV.s47_end], [EV.cp_plan_start, EV.cp_plan_end],
      [EV.cin_plan_start, EV.cin_plan_end], [EV.cla_start, EV.cla_end], [EV.early_help_start, EV.early_help_end],
    ];
    let cinFollowed = 0;
    let cinOutcomes = 0;
    for (let c = 0; c < table.childIds.length; c++) {
      expect(table.childIds[c]).toMatch(/^SYN-[0-9a-z]{10}$/);
      const open = new Map<number, number>();
      for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
        expect(table.day[i]).toBeGreaterThanOrEqual(FROM);
        expect(table.day[i]).toBeLessThanOrEqual(TO);
        const t = table.type[i]!;
        for (const [start, end] of pairs) {
          if (t === start) open.set(start, (open.get(start) ?? 0) + 1);
          if (t === end) {
            expect(open.get(start) ?? 0, `${EVENT_TYPES[end]} of ${table.childIds[c]} has no open start`).toBeGreaterThan(0);
            open.set(start, open.get(start)! - 1);
          }
        }
        const next = i + 1 < table.childStart[c + 1]! ? table.type[i + 1] : -1;
        // An S47 ending "icpc" is followed by the ICPC; an assessment ending "cin" by services.
        if (t === EV.s47_end && table.outcome[i] === outcomeCode('icpc') && next !== -1) expect(next).toBe(EV.icpc);
        if (t === EV.assessment_end && table.outcome[i] === outcomeCode('cin') && next !== -1) {
          cinOutcomes++;
          if (next === EV.cin_plan_start || next === EV.cp_plan_end || next === EV.cla_start || next === EV.case_closed) cinFollowed++;
        }
      }
    }
    expect(cinOutcomes).toBeGreaterThan(100);
    expect(cinFollowed).toBe(cinOutcomes);
  });

  it('rejects a bad request with a clear error', () => {
    expect(() => generateDataset(DEFAULT_MODEL, { children: 0, from: FROM, to: TO, seed: 1 })).toThrow(/children must be a positive integer/);
    expect(() => generateDataset(DEFAULT_MODEL, { children: 10, from: TO, to: FROM, seed: 1 })).toThrow(/invalid period/);
  });
});

describe('model files', () => {
  it('the built-in model is valid and obeys the small-cell rule', () => {
    expect(parseModel(JSON.parse(JSON.stringify(DEFAULT_MODEL)))).toEqual(DEFAULT_MODEL);
    expect(smallCellViolations(DEFAULT_MODEL)).toEqual([]);
  });

  it('a fitted model holds no cell of fewer than 10 children and lists what it merged', () => {
    const real = referenceDataset({ children: 3000, from: FROM, to: TO, seed: 11 });
    const model = parseModel(JSON.parse(JSON.stringify(fitModel(real.table, real.children, { to: TO }))));
    expect(smallCellViolations(model)).toEqual([]);
    expect(model.merged.length).toBeGreaterThan(0);
    // Every count in the file is 0 (describes nobody) or at least minCell.
    const counts = JSON.stringify(model).match(/"children":\d+/g)!.map((m) => +m.slice(11));
    expect(counts.every((n) => n === 0 || n >= 10)).toBe(true);
  });

  it('refuses to fit fewer than 10 children and names a bad model field', () => {
    const tiny = referenceDataset({ children: 5, from: FROM, to: TO, seed: 1 });
    expect(() => fitModel(tiny.table, tiny.children)).toThrow(/at least 10/);
    expect(() => parseModel({ ...DEFAULT_MODEL, minCell: 3 })).toThrow(/minCell/);
  });
});
