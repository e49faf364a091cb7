// Review v10 finding 8 (issue 10): in the copies of the reviewer's log (an extract that keeps, from before
// its first day, the episodes still open on it), about 100 children began with a period of care dated
// before the extract and no referral: the care's episode had nothing else under way on that day, so the
// generator carried the care in without it (and the events file dated a referral just before the extract
// for the episode's later closure). In the log care always sits in an open episode.
import { describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../core/dates.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod, generateChildren } from '../../synth/generate.js';
import { repairedEventsCsv } from '../../synth/returns/events-csv.js';
import { toEventsCsv } from './generators/log.js';
import { unendedLog } from './generators/unended.js';

/** Children whose first event is a period of care, and children with a period of care, in an events CSV. */
function careFirst(csv: string): { first: number; inCare: number } {
  const firstEvent = new Map<string, string>();
  const inCare = new Set<string>();
  for (const line of csv.split('\n').slice(1)) {
    const [child, event] = line.split(',');
    if (!child) continue;
    // rows are in date order within a child, same-day steps in an order the grammar reads
    if (!firstEvent.has(child)) firstEvent.set(child, event!);
    if (event === 'cla_start') inCare.add(child!);
  }
  return { first: [...firstEvent.values()].filter((e) => e === 'cla_start').length, inCare: inCare.size };
}

describe('care carried in from before an extract', () => {
  it('sits in its episode, carried in with it: no child begins in care', () => {
    const from = dayFromCivil(2019, 4, 1);
    const log = unendedLog({ children: 8_000, from, to: dayFromCivil(2024, 3, 31), seed: 6 }, { recordedEnds: 1, care: 0.25, historyYears: 4 });
    const real = careFirst(toEventsCsv(log));
    expect(real.first).toBe(0);
    const model = fitModel(log.table, log.children);
    expect(Object.values(model.skipped).reduce((a, b) => a + b, 0)).toBe(0);
    expect(model.fittedOn.extractFrom).toBe(formatDay(from));
    const options = { children: log.table.childIds.length, ...fittedPeriod(model), seed: 3 };
    let csv = '';
    const { repairs } = repairedEventsCsv((emit) => generateChildren(model, options, emit), { seed: options.seed, from: options.from }, (chunk) => void (csv += chunk));
    const copy = careFirst(csv);
    expect(copy.inCare).toBeGreaterThan(300);
    // Before the fix: 116 children began in care. With the care fix alone, the events file still dated 39
    // referrals just before the extract, for idle episodes whose plan or closure came after it.
    expect(copy.first).toBe(0);
    expect(repairs.referral_before_window ?? 0).toBe(0);
  }, 120_000);
});
