// Review finding 1 (issue 10): a complete log whose volume grows threefold was taken for a partial extract,
// the model started a year or more late and the synthetic data was nearly empty before it. The extract's
// start comes from the share of short trips in each month, which growth does not change; a census-style
// extract (only journeys still open on its first day, from before it) is still found.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../core/dates.js';
import { extractStart } from '../../synth/extract.js';
import { fitModel } from '../../synth/fit.js';
import { fittedPeriod } from '../../synth/generate.js';
import { fidelityReport } from '../../synth/fidelity.js';
import { generateDataset } from '../../synth/output.js';
import { backlogLog } from './generators/drift.js';
import { tripsLog } from './generators/trips.js';
import type { TestLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

function firstDay(log: TestLog): number {
  let first = Infinity;
  for (let i = 0; i < log.table.length; i++) first = Math.min(first, log.table.day[i]!);
  return first;
}

describe('a complete log growing 20% a year (three times over its span: the review\'s log G)', () => {
  let log: TestLog;
  beforeAll(() => {
    log = tripsLog({ children: 50_000, from: FROM, to: TO, seed: 61 }, { ids: true, gapScale: 6, growth: 1.2 });
  }, 60_000);

  it('is not taken for an extract: it starts on its first event', () => {
    expect(firstDay(log)).toBe(FROM);
    expect(extractStart(log.table, log.children.dob)).toBe(FROM);
  });

  it('the copy\'s first year holds as many contacts and events as the log\'s (within 5%), referrals within the report\'s allowance, and the report shows that year', () => {
    const model = fitModel(log.table, log.children);
    expect(model.fittedOn.extractFrom).toBe('2018-04-01');
    expect(model.arrivals.from).toBe('2018-04-01');
    const synthetic = generateDataset(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: 7 });
    const report = fidelityReport(log, synthetic);
    expect(report.window.from).toBe('2018-04-01');
    const firstYear = report.volumes.filter((v) => v.from === '2018-04-01');
    expect(firstYear.map((v) => v.measure)).toEqual(['contacts', 'referrals', 'events']);
    // Contacts (about 4,000) and events (about 10,000) within 5%; referrals (about 1,300, ±2.8% by chance
    // on each side) within the report's allowance. Before the fix the model began in 2019-09 and this
    // year had 1% of its contacts.
    for (const v of firstYear) expect(v.pass, `${v.measure}: ${v.real} vs ${v.synthetic}`).toBe(true);
    for (const v of firstYear.filter((y) => y.measure !== 'referrals')) expect(Math.abs(v.relativeDifference!), `${v.measure}: ${v.real} vs ${v.synthetic}`).toBeLessThan(0.05);
  }, 120_000);
});

describe('extract start', () => {
  it('a complete log with flat volumes (the review\'s log C shape) starts on its first event', () => {
    const log = tripsLog({ children: 20_000, from: FROM, to: TO, seed: 21 }, { ids: true });
    expect(extractStart(log.table, log.children.dob)).toBe(firstDay(log));
  }, 60_000);

  it('a census-style extract (six years before it, only journeys open on its first day) starts on that day', () => {
    const log = tripsLog({ children: 20_000, from: FROM, to: TO, seed: 12 }, { ids: true, history: 6, transfer: 0.03 });
    expect(firstDay(log)).toBeLessThan(FROM - 3 * 365);
    expect(extractStart(log.table, log.children.dob)).toBe(FROM);
  }, 60_000);
});

describe('what an extract keeps from before its first day', () => {
  it('an extract of what is open (no contacts, an episode open until its case is closed) is copied as one: every year before it within the report\'s allowance', () => {
    // The "backlog" log keeps, from before its start, the episodes not closed (from their referral), the
    // care and early help under way, never a contact; a child who turned 18 before the case was closed
    // stays in it for ever. Before the fix the copy kept whole trips (contacts in years with none) and
    // closed such cases on the 18th birthday: its referrals of 2012-13 were 5% of the log's.
    const log = backlogLog({ children: 20_000, from: FROM, to: TO, seed: 9 });
    const model = fitModel(log.table, log.children);
    expect(model.fittedOn.extractFrom).toBe('2018-04-01');
    const synthetic = generateDataset(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed: 2 });
    const report = fidelityReport(log, synthetic);
    const before = report.volumes.filter((v) => v.from < '2018-04-01');
    expect(before.length).toBeGreaterThanOrEqual(18);
    for (const v of before) expect(v.pass, `${v.measure} ${v.from}: ${v.real} vs ${v.synthetic}`).toBe(true);
    expect(before.filter((v) => v.measure === 'contacts').every((v) => v.real === 0 && v.synthetic === 0)).toBe(true);
    expect(model.fittedOn.carried).toMatchObject({ contacts: false, unclosedEpisodes: true });
    expect(model.closedAtEighteen).toBe(0);
  }, 120_000);

  it('a census-style extract of whole trips keeps their contacts', () => {
    const log = tripsLog({ children: 20_000, from: FROM, to: TO, seed: 12 }, { ids: true, history: 6, transfer: 0.03 });
    const model = fitModel(log.table, log.children);
    expect(model.fittedOn.carried?.contacts).toBe(true);
  }, 60_000);
});
