// Issue 10, "with and without episode ids": the copy writes no episode ids for the log's share of children
// (synth/episode-ids.ts). `synth generate` writes its events file from the repaired journeys
// (synth/returns/events-csv.ts), which wrote every id: on a log with 45% of its referred children without
// ids, the file a council shares had none without. It now blanks the same share, judged on the rows it
// writes, and the file read back links into the same episodes as the file with every id.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, parseDay } from '../../../core/dates.js';
import { buildEventTable, type EventRecord, type EventTable } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { fitModel } from '../../../synth/fit.js';
import { fittedPeriod } from '../../../synth/generate.js';
import type { Model } from '../../../synth/model.js';
import { modelEventsCsv } from '../../../synth/returns/cli-generate.js';
import { countyLog } from '../generators/county.js';
import { referredWithoutIds as withoutIds, withoutIdsFor } from '../generators/ids.js';

const OPTIONS = { children: 8_000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 5 };

/** The events CSV `synth generate` writes, read back as the importer's table (ids only where the file has them). */
function eventsFile(model: Model, seed: number): EventTable {
  let text = '';
  modelEventsCsv(model, { children: 3_000, ...fittedPeriod(model), seed }, (chunk) => void (text += chunk));
  const records: EventRecord[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const [child, type, date, episode, outcome, source] = line.split(',');
    records.push({ child: child!, type: type as EventType, day: parseDay(date!)!, episodeId: episode || null, outcome: outcome || null, source: source || null });
  }
  return buildEventTable(records);
}

describe('the events file of `synth generate` from a log with episode ids for 55% of its children', () => {
  let log: ReturnType<typeof countyLog>;
  let model: Model;
  beforeAll(() => {
    log = withoutIdsFor(countyLog(OPTIONS), 0.45, 11);
    model = fitModel(log.table, log.children);
  }, 60_000);

  it('leaves the log\'s share of referred children without ids (within 3 standard errors), none with ids on some steps only', () => {
    const real = withoutIds(log.table);
    const file = withoutIds(eventsFile(model, 3));
    const p = real.none / real.referred;
    const q = file.none / file.referred;
    const se = Math.sqrt(p * (1 - p) / real.referred + q * (1 - q) / file.referred);
    expect(file.referred).toBeGreaterThan(1_000);
    // before: 0 of the file's referred children without ids
    expect(Math.abs(q - p), `log ${real.none}/${real.referred}, file ${file.none}/${file.referred}`).toBeLessThan(3 * se);
    expect(file.some).toBe(0);
  });

  it('links the file into the same episodes as the file with every id, and a model without the share writes every id', () => {
    const { episodeIds: _, ...everyId } = model;
    const blanked = eventsFile(model, 4);
    const named = eventsFile(everyId, 4);
    expect(withoutIds(named).none).toBe(0);
    expect(withoutIds(blanked).none).toBeGreaterThan(0);
    expect(Array.from(blanked.childIds)).toEqual(Array.from(named.childIds));
    expect(Array.from(blanked.episode)).toEqual(Array.from(named.episode));
  });
});
