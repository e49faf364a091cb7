// Review v10 finding 1 (issue 10): on a log that keeps, from before its start, only the journeys still open
// then (no contact), the fit put the extract's start on the 1st of the month BEFORE the log's first
// contact (2018-03-01 for a log recording from 2018-04-01): the month holding the start passes the
// short-trip test, since trips begun in it and still open on the start day are kept, some of them short.
// The copy then wrote a month of contacts the log cannot hold. The start is the log's first day of
// recording, to the day, whether that is a month's 1st or part-way through one.
import { describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../core/dates.js';
import { EV } from '../../core/events.js';
import { extractStart } from '../../synth/extract.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { agendaLog } from './generators/drift.js';
import { tripsLog } from './generators/trips.js';
import type { TestLog } from './generators/log.js';

const TO = dayFromCivil(2023, 3, 31);

/** The first day the log holds a contact (an extract of what is open keeps none from before its start). */
function firstContact(log: { table: TestLog['table'] }): number {
  let first = Infinity;
  for (let i = 0; i < log.table.length; i++) if (log.table.type[i] === EV.contact) first = Math.min(first, log.table.day[i]!);
  return first;
}

describe('the extract starts on the log\'s first day of recording', () => {
  for (const [label, from] of [['on a month\'s 1st (a Sunday)', dayFromCivil(2018, 4, 1)], ['part-way through a month (a Tuesday)', dayFromCivil(2018, 4, 17)]] as const) {
    it(`an extract of what is open, from ${formatDay(from)} ${label}: no day before it, none after`, () => {
      const log = agendaLog({ children: 8_000, from, to: TO, seed: 5 }, { historyYears: 4 });
      expect(firstContact(log)).toBeGreaterThanOrEqual(from);
      expect(formatDay(extractStart(log.table, log.children.dob))).toBe(formatDay(from));
    }, 60_000);

    it(`a census-style extract of whole trips, from ${formatDay(from)} ${label}`, () => {
      const log = tripsLog({ children: 8_000, from, to: TO, seed: 12 }, { ids: true, history: 4, transfer: 0.03 });
      expect(formatDay(extractStart(log.table, log.children.dob))).toBe(formatDay(from));
    }, 60_000);
  }
});

it('the copy of an extract of what is open writes no contact before the log\'s first day', () => {
  // Before the fix the model began on 2018-03-01 and the copy wrote a month of contacts before the log's first.
  const from = dayFromCivil(2018, 4, 1);
  const log = agendaLog({ children: 8_000, from, to: TO, seed: 5 }, { historyYears: 4 });
  const model = fitModel(log.table, log.children);
  expect(model.fittedOn.extractFrom).toBe('2018-04-01');
  const synthetic = generateDataset(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: 3 });
  expect(firstContact(synthetic)).toBeGreaterThanOrEqual(from);
  // and it does write them from that day on: the first month holds contacts
  expect(firstContact(synthetic)).toBeLessThan(from + 31);
}, 120_000);
