// The privacy report must pass an honest synthetic copy and fail one that copies real journeys.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { EVENT_TYPES, type EventType } from '../../core/events.js';
import { fitModel } from '../../synth/fit.js';
import type { Model } from '../../synth/model.js';
import { generateDataset, type SyntheticDataset } from '../../synth/output.js';
import { privacyReport, smallCellViolations } from '../../synth/privacy.js';
import { referenceDataset, type ReferenceDataset } from './reference-generator.js';

const FROM = dayFromCivil(2021, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

/** A "generator" that copies a share of real children's journeys verbatim under fresh ids. */
function copyingGenerator(real: ReferenceDataset, share: number, honest: SyntheticDataset): SyntheticDataset {
  const records: EventRecord[] = [];
  const copies = Math.round(real.table.childIds.length * share);
  for (let c = 0; c < copies; c++) {
    for (let i = real.table.childStart[c]!; i < real.table.childStart[c + 1]!; i++) {
      records.push({ child: `SYN-COPY${c}`, type: eventName(real.table.type[i]!), day: real.table.day[i]! });
    }
  }
  for (let c = copies; c < honest.table.childIds.length; c++) {
    for (let i = honest.table.childStart[c]!; i < honest.table.childStart[c + 1]!; i++) {
      records.push({ child: honest.table.childIds[c]!, type: eventName(honest.table.type[i]!), day: honest.table.day[i]! });
    }
  }
  const table = buildEventTable(records);
  return { table, children: { ...honest.children } };
}

function eventName(code: number): EventType {
  return EVENT_TYPES[code]!;
}

describe('privacy report', () => {
  let real: ReferenceDataset;
  let model: Model;
  let honest: SyntheticDataset;

  beforeAll(() => {
    real = referenceDataset({ children: 8000, from: FROM, to: TO, seed: 21 });
    model = fitModel(real.table, real.children, { to: TO });
    honest = generateDataset(model, { children: real.table.childIds.length, from: FROM, to: TO, seed: 5 });
  }, 60_000);

  it('passes a synthetic dataset generated from the fitted model', () => {
    const report = privacyReport(real, honest, model);
    expect(report.journeys.pass).toBe(true);
    expect(report.dcr.pass).toBe(true);
    expect(report.smallCells?.violations).toEqual([]);
    expect(report.sharedIds.count).toBe(0);
    expect(report.pass).toBe(true);
  });

  it('fails when a generator copies a fifth of the real journeys', () => {
    const report = privacyReport(real, copyingGenerator(real, 0.2, honest), model);
    expect(report.journeys.informativeMatches).toBeGreaterThan(report.journeys.expectedByChance * 2 + 5);
    expect(report.journeys.pass).toBe(false);
    expect(report.pass).toBe(false);
  });

  it('fails the distance-to-closest-record test when a generator copies every journey', () => {
    const report = privacyReport(real, copyingGenerator(real, 1, honest), model);
    expect(report.dcr.syntheticToReal.zeroShare).toBeGreaterThan(report.dcr.realToReal.zeroShare);
    expect(report.dcr.pass).toBe(false);
    expect(report.pass).toBe(false);
  });

  it('fails when synthetic ids are real ids', () => {
    const report = privacyReport(real, real, model);
    expect(report.sharedIds.count).toBe(real.table.childIds.length);
    expect(report.pass).toBe(false);
  });

  it('fails a model with a cell of fewer than 10 children', () => {
    const leaky: Model = structuredClone(model);
    leaky.transitions[0]!.next[0]!.children = 3;
    expect(smallCellViolations(leaky)).toHaveLength(1);
    expect(privacyReport(real, honest, leaky).smallCells?.pass).toBe(false);
  });
});
