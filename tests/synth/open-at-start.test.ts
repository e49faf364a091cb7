// A log that begins on a date (review v10b findings 1 and 2): children in care, on early help, on a plan or
// part-way through an assessment on the first day appear by the ends of those spans, with no start. The
// grammar takes them as spans open at the extract's start (not breaks), the fit learns how many children
// were in each open state on the first day and how long those spans ran on, and the copy starts with as
// many children carried in: its first year is not filled with fresh arrivals, and it holds as many such
// ends, and nothing dated before the first day. Generator: tests/synth/generators/cut.ts (a steady-state
// population cut on dates), with and without episode ids.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { EVENT_TYPES } from '../../core/events.js';
import { checkJourneys, firstDay, openAtStartRows } from '../../core/grammar.js';
import type { EventTable } from '../../core/event-table.js';
import { fidelityReport, type FidelityReport } from '../../synth/fidelity.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod, generateChildren } from '../../synth/generate.js';
import { repairedEventsCsv } from '../../synth/returns/events-csv.js';
import type { Model } from '../../synth/model.js';
import { generateDataset, type SyntheticDataset } from '../../synth/output.js';
import { cutLog } from './generators/cut.js';
import { expectReportRowPasses } from './report-row.js';
import type { TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

/** Ends of spans open on the log's first day, by event. */
function openAtStartEnds(table: EventTable, dob: ArrayLike<number>): Record<string, number> {
  const counts: Record<string, number> = {};
  const logFrom = firstDay(table);
  for (let c = 0; c < table.childIds.length; c++) {
    for (const row of openAtStartRows(table, table.childStart[c]!, table.childStart[c + 1]!, dob[c]!, logFrom) ?? []) {
      const name = EVENT_TYPES[table.type[row]!]!;
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

for (const ids of [false, true]) {
  describe(`a log cut on its first day, ${ids ? 'with' : 'without'} episode ids`, () => {
    let real: TestLog;
    let model: Model;
    let synthetic: SyntheticDataset;
    let fidelity: FidelityReport;

    beforeAll(() => {
      real = cutLog({ children: 15_000, from: FROM, to: TO, seed: ids ? 12 : 11 }, { ids });
      model = fitModel(real.table, real.children);
      synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: 4 });
      fidelity = fidelityReport(real, synthetic);
    }, 120_000);

    it('the log obeys the grammar: its ends with no start are spans open on the first day, so the quality report finds no break', () => {
      const ends = openAtStartEnds(real.table, real.children.dob);
      expect(Object.values(ends).reduce((a, b) => a + b, 0)).toBeGreaterThan(500);
      expect(checkJourneys(real.table, real.children.dob).breaks).toEqual([]);
      expect(model.skipped).toEqual({});
    });

    it('the fit counts the children in each open state on the first day', () => {
      const carried = (model.openAtStart ?? []).reduce((a, o) => a + o.children, 0);
      expect(carried).toBeGreaterThan(300);
      for (const o of model.openAtStart ?? []) expect(o.children).toBeGreaterThanOrEqual(model.minCell);
    });

    it('the copy\'s first year has as many contacts, referrals and events as the log\'s', () => {
      const firstYear = fidelity.volumes.filter((v) => v.from === '2018-04-01');
      expect(firstYear.map((v) => v.measure).sort()).toEqual(['contacts', 'events', 'referrals']);
      for (const v of firstYear) expectReportRowPasses(v, v.measure);
    });

    it('the copy\'s periods of care are as long as the log\'s (the report\'s cla_days_median row passes)', () => {
      const row = fidelity.medians.find((m) => m.key === 'cla_days_median')!;
      expect(`real ${row.real}, synthetic ${row.synthetic}, within ±${(100 * row.toleranceRelative).toFixed(1)}%: ${row.pass}`).toMatch(/: true$/);
    });

    it('the copy holds the ends of spans open on the first day, as many as the log, nothing before it, and no break', () => {
      const realEnds = openAtStartEnds(real.table, real.children.dob);
      const synEnds = openAtStartEnds(synthetic.table, synthetic.children.dob);
      for (const [event, n] of Object.entries(realEnds)) {
        if (n < 30) continue;
        // within 15% or three Poisson standard errors of the difference, whichever is wider
        const allowed = Math.max(0.15 * n, 3 * Math.sqrt(2 * n));
        expect(`${event}: real ${n}, synthetic ${synEnds[event] ?? 0}, within ±${Math.round(allowed)}: ${Math.abs((synEnds[event] ?? 0) - n) <= allowed}`).toMatch(/: true$/);
      }
      expect(firstDay(synthetic.table)).toBeGreaterThanOrEqual(FROM);
      expect(checkJourneys(synthetic.table, synthetic.children.dob).breaks).toEqual([]);
    });

    it('the copy\'s spans open on the first day run on as long as the log\'s: as many end after its first year', () => {
      // Audit a10l: the fit put a carried-in child in the seen-early bucket of its first row (a plan ended in the
      // data's second year: "b"), the copy drew every carried-in child from the first year's ("a"), so none of its
      // carried-in plans outlived the first year (here before the fix: 7 of 1,151 ends after it, the log 97 of 1,098).
      const late = (table: EventTable, dob: ArrayLike<number>): { n: number; late: number } => {
        const logFrom = firstDay(table);
        const out = { n: 0, late: 0 };
        for (let c = 0; c < table.childIds.length; c++) {
          for (const row of openAtStartRows(table, table.childStart[c]!, table.childStart[c + 1]!, dob[c]!, logFrom) ?? []) {
            if (!['cin_plan_end', 'cp_plan_end', 'cla_end', 'early_help_end'].includes(EVENT_TYPES[table.type[row]!]!)) continue;
            out.n++;
            if (table.day[row]! - logFrom >= 365) out.late++;
          }
        }
        return out;
      };
      const log = late(real.table, real.children.dob);
      const copy = late(synthetic.table, synthetic.children.dob);
      const p = (log.late + copy.late) / (log.n + copy.n);
      const allowed = 3 * Math.sqrt(p * (1 - p) * (1 / log.n + 1 / copy.n));
      expect(log.late).toBeGreaterThan(50);
      const [a, b] = [log.late / log.n, copy.late / copy.n];
      expect(`log ${a.toFixed(3)}, copy ${b.toFixed(3)}, within ±${allowed.toFixed(3)}: ${Math.abs(a - b) <= allowed}`).toMatch(/: true$/);
    });

    it('the events CSV `synth generate` writes has those ends with no start, and nothing dated before the first day', () => {
      const period = fittedPeriod(model);
      let csv = '';
      repairedEventsCsv((emit) => generateChildren(model, { children: 3000, ...period, seed: 4 }, emit), { seed: 4, from: period.from, to: period.to }, (chunk) => (csv += chunk));
      const rows = csv.trim().split('\n').slice(1).map((line) => line.split(','));
      const firstEvent = new Map<string, string>();
      for (const [child, event] of rows) if (!firstEvent.has(child!)) firstEvent.set(child!, event!);
      expect(rows.filter((r) => r[2]! < '2018-04-01')).toEqual([]);
      expect([...firstEvent.values()].filter((e) => e.endsWith('_end')).length).toBeGreaterThan(30);
    });
  });
}
