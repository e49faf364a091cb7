// What the fit learns and from what: only from journeys the grammar accepts (counting the rest),
// durations counted from the anchor that fits the data, arrivals with their trend and season, and a
// journey that can be continued from any point of a child's record.
import { describe, expect, it } from 'vitest';
import { addMonths, civilFromDay, dayFromCivil } from '../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../core/event-table.js';
import { EV, EVENT_TYPES, outcomeCode, outcomeName } from '../../core/events.js';
import { Journey, checkJourneys } from '../../core/grammar.js';
import { previousEventFitsBetter } from '../../synth/anchors.js';
import { fitArrivals } from '../../synth/arrivals.js';
import { compileModel } from '../../synth/compile.js';
import { drawDaysAtLeast, durationFromSamples, durationLognormal, durationMedian } from '../../synth/durations.js';
import { fitModel } from '../../synth/fit.js';
import { cursorAt, fittedPeriod, walkJourney, type SyntheticChild } from '../../synth/generate.js';
import { generateDataset } from '../../synth/output.js';
import { DEFAULT_MODEL } from '../../synth/defaults.js';
import { extractStart } from '../../synth/extract.js';
import { createRandom } from '../../synth/random.js';
import { HISTORY_BUCKETS, History } from '../../synth/states.js';
import { countyLog } from './generators/county.js';
import { testLog } from './generators/log.js';

const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);

describe('the fit learns only from journeys the grammar accepts', () => {
  it('counts the events it refuses by rule, learns none of their steps, and the generator makes none', () => {
    const log = countyLog({ children: 6000, from: FROM, to: TO, seed: 31 });
    // Break some journeys the way the old generator did: a conference straight after a strategy
    // discussion, with no S47, and an end with no start.
    const records: EventRecord[] = log.records.filter((r) => r.type !== 's47_start' || Number(r.child.slice(3)) % 3 !== 0);
    let orphans = 0;
    for (const r of log.records) {
      if (r.type === 'referral' && Number(r.child.slice(3)) % 7 === 0 && r.day + 40 < TO) {
        records.push({ ...r, type: 'cin_plan_end', day: r.day + 40, outcome: null });
        orphans++;
      }
    }
    const people = log.table.childIds.map((id, c) => ({ id, dob: log.children.dob[c]!, sex: 'F' as const, ethnicity: 'WBRI', disability: 'N' as const }));
    const broken = testLog(records, people);
    const check = checkJourneys(broken.table, broken.children.dob);
    expect(check.counts['icpc-without-s47']).toBeGreaterThan(50);
    expect(check.counts['end-without-start']).toBeGreaterThanOrEqual(orphans - 5);
    const model = fitModel(broken.table, broken.children, { to: TO });
    expect(model.skipped).toEqual(Object.fromEntries(Object.entries(check.counts).filter(([, n]) => n > 0)));
    // No step into an ICPC from a state with no S47 awaiting its conference (letter c) was learned.
    const icpcFrom = model.transitions.filter((t) => t.next.some((n) => n.to.startsWith('icpc:'))).map((t) => t.from);
    expect(icpcFrom.length).toBeGreaterThan(0);
    for (const from of icpcFrom) expect(from.split('/')[1]).toContain('c');
    const synthetic = generateDataset(model, { children: 6000, from: FROM, to: TO, seed: 2 });
    expect(checkJourneys(synthetic.table, synthetic.children.dob).breaks).toEqual([]);
  }, 60_000);
});

describe('continuing a journey from a child\'s record (for forecasts)', () => {
  it('walks on from the state a child is in on a date, and the whole journey still obeys the grammar', () => {
    const log = countyLog({ children: 4000, from: FROM, to: TO, seed: 41 });
    const model = fitModel(log.table, log.children, { to: TO });
    const compiled = compileModel(model);
    const asOf = dayFromCivil(2022, 4, 1);
    const random = createRandom(5);
    let continued = 0;
    let busy = 0;
    for (let c = 0; c < log.table.childIds.length; c++) {
      const lo = log.table.childStart[c]!;
      const hi = log.table.childStart[c + 1]!;
      const cursor = cursorAt(log.table, lo, hi, log.children.dob[c]!, asOf, FROM);
      if (!cursor) continue;
      if (!cursor.journey.idle) busy++;
      const lastBefore = cursor.lastDay;
      const out: SyntheticChild = { id: 'X', dob: log.children.dob[c]!, sex: '', ethnicity: '', disability: '', types: [], days: [], outcomes: [], sources: [], episodes: [] };
      walkJourney(compiled, cursor, out, TO, random);
      continued += out.types.length;
      // The record up to asOf, then the continuation, as one child's events: the grammar accepts the whole.
      const records: EventRecord[] = [];
      for (let i = lo; i < hi && log.table.day[i]! <= asOf; i++) {
        const episode = log.table.episode[i]!;
        records.push({ child: 'X', type: EVENT_TYPES[log.table.type[i]!]!, day: log.table.day[i]!, outcome: outcomeName(log.table.outcome[i]!), episodeId: episode >= 0 ? `T${episode}` : null });
      }
      out.types.forEach((t, k) => records.push({ child: 'X', type: EVENT_TYPES[t]!, day: out.days[k]!, outcome: out.outcomes[k] || null, episodeId: out.episodes[k] ? `T${out.episodes[k]}` : null }));
      for (const d of out.days) expect(d).toBeGreaterThanOrEqual(lastBefore);
      expect(checkJourneys(buildEventTable(records), [log.children.dob[c]!]).breaks).toEqual([]);
    }
    expect(busy).toBeGreaterThan(100);
    expect(continued).toBeGreaterThan(1000);
  }, 60_000);
});

describe('arrivals', () => {
  it('recovers a trend and a season it was given, and follows a month the trend does not predict', () => {
    const random = createRandom(3);
    const days: number[] = [];
    const season = [1, 1, 1, 1, 1, 1, 1, 0.6, 1.3, 1, 1, 1];
    for (let d = FROM; d <= TO; d++) {
      const { year, month } = civilFromDay(d);
      const dip = year === 2021 && month === 2 ? 0.5 : 1;
      const rate = 12 * Math.pow(1.08, (d - FROM) / 365.25) * season[month - 1]! * dip;
      // Poisson by inversion
      let k = 0;
      for (let p = Math.exp(-rate), s = p, u = random.next(); u > s; k++) (p *= rate / (k + 1)), (s += p);
      for (let i = 0; i < k; i++) days.push(d);
    }
    const merged: Array<{ cell: string; into: string }> = [];
    const arrivals = fitArrivals(days, FROM, TO, 10, merged);
    expect(arrivals.trendPerYear).toBeGreaterThan(1.06);
    expect(arrivals.trendPerYear).toBeLessThan(1.1);
    expect(arrivals.monthOfYear[7]! / arrivals.monthOfYear[0]!).toBeCloseTo(0.6, 1);
    expect(arrivals.monthOfYear[8]! / arrivals.monthOfYear[0]!).toBeCloseTo(1.3, 1);
    const february = arrivals.months.find((m) => m.month === '2021-02')!;
    expect(february.factor).toBeGreaterThan(0.4);
    expect(february.factor).toBeLessThan(0.65);
    expect(merged).toEqual([]);
  });
});

describe('durations', () => {
  it('draws at least the time already spent, in the tail of the distribution', () => {
    const d = durationLognormal(100, 0.8);
    const random = createRandom(1);
    const draws = Array.from({ length: 4000 }, () => drawDaysAtLeast(d.sameDay, d.logQuantiles, 150, random));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(150);
    const median = draws.sort((a, b) => a - b)[2000]!;
    // The median of a log-normal(100, 0.8) given it exceeds 150 is about 230 days.
    expect(median).toBeGreaterThan(200);
    expect(median).toBeLessThan(265);
  });

  it('undoes lengths cut short (care ended by the 18th birthday): the natural length is at least what was seen', () => {
    const random = createRandom(2);
    const natural = Array.from({ length: 3000 }, () => Math.round(300 * Math.exp(0.7 * (random.next() + random.next() + random.next() - 1.5) * 2)));
    const limit = natural.map(() => 100 + random.int(600));
    const seen = natural.map((n, i) => Math.min(n, limit[i]!));
    const cut = natural.map((n, i) => n > limit[i]!);
    const naive = durationMedian(durationFromSamples(seen, 3000));
    const corrected = durationMedian(durationFromSamples(seen, 3000, undefined, cut));
    const truth = [...natural].sort((a, b) => a - b)[1500]!;
    expect(naive).toBeLessThan(0.85 * truth);
    expect(Math.abs(corrected - truth)).toBeLessThan(0.1 * truth);
  });

  it('counts a step from the previous event when that fits the data better, and from its own anchor otherwise', () => {
    const random = createRandom(4);
    // A plan that ends two weeks after the child comes into care, whenever that is: from the previous event.
    const spent = Array.from({ length: 2000 }, () => 30 + random.int(300));
    const sinceLast = spent.map(() => 10 + random.int(8));
    expect(previousEventFitsBetter(spent.map((s, i) => s + sinceLast[i]!), sinceLast, spent.map(() => 1), spent.map(() => false))).toBe(true);
    // A period of care of its own length, whatever happened during it: from its start.
    const length = spent.map(() => Math.round(400 * Math.exp(0.8 * (random.next() - 0.5) * 3)));
    const early = length.map((l) => Math.min(l - 1, 5 + random.int(30)));
    expect(previousEventFitsBetter(length, length.map((l, i) => l - early[i]!), length.map(() => 1), length.map(() => false))).toBe(false);
  });
});

describe('ages', () => {
  it('no step on or after the 18th birthday in generated data, though children age through it', () => {
    const log = countyLog({ children: 5000, from: FROM, to: TO, seed: 51 });
    const model = fitModel(log.table, log.children, { to: TO });
    const synthetic = generateDataset(model, { children: 5000, from: FROM, to: TO, seed: 9 });
    let agedOut = 0;
    for (let c = 0; c < synthetic.table.childIds.length; c++) {
      if (addMonths(synthetic.children.dob[c]!, 216) < TO) agedOut++;
    }
    expect(agedOut).toBeGreaterThan(200);
    expect(checkJourneys(synthetic.table, synthetic.children.dob).counts['after-eighteen']).toBe(0);
  }, 60_000);
});

describe('an extract that keeps the journeys open on its first day, from before it', () => {
  it('finds where the extract begins, and the copy keeps such journeys too, still obeying the grammar', () => {
    const from = dayFromCivil(2019, 4, 1);
    const real = generateDataset(DEFAULT_MODEL, { children: 8000, from, to: TO, historyFrom: dayFromCivil(2012, 4, 1), seed: 12, openOnFrom: 'keep' });
    let first = Infinity;
    for (let i = 0; i < real.table.length; i++) first = Math.min(first, real.table.day[i]!);
    expect(first).toBeLessThan(from);
    expect(extractStart(real.table, real.children.dob)).toBe(from);
    const model = fitModel(real.table, real.children);
    expect(model.fittedOn.extractFrom).toBe('2019-04-01');
    const period = fittedPeriod(model);
    expect(period).toEqual({ from, to: TO, historyFrom: first, openOnFrom: 'keep' });
    const copy = generateDataset(model, { children: 8000, ...period, seed: 3 });
    let copyFirst = Infinity;
    for (let i = 0; i < copy.table.length; i++) copyFirst = Math.min(copyFirst, copy.table.day[i]!);
    expect(copyFirst).toBeLessThan(from);
    expect(checkJourneys(copy.table, copy.children.dob).breaks).toEqual([]);
    // A log that starts with its extract finds its first day.
    const fresh = countyLog({ children: 3000, from: FROM, to: TO, seed: 4 });
    let freshFirst = Infinity;
    for (let i = 0; i < fresh.table.length; i++) freshFirst = Math.min(freshFirst, fresh.table.day[i]!);
    expect(extractStart(fresh.table, fresh.children.dob)).toBe(freshFirst);
  }, 60_000);

  it('learns a child first seen early with three earlier episodes in the data in the plain "3 or more" cells: what the data does not show cannot make them fewer', () => {
    // Before, every step of a child first seen in an extract's first two years went to the seen-early
    // cells ("0a", "1a": one earlier episode or more), and the plain "3+" cells were learned only from
    // children first seen two years in, who had had at most five years to come back that often: a copy
    // of the "backlog" log (six years of history before its extract) had 54 children with five referrals
    // among those carried in, the log 124, and second CP plans 16.1% of plans against 18.3%.
    const journey = new Journey(dayFromCivil(2010, 1, 1));
    const history = new History(1, true);
    const buckets: string[] = [];
    let day = FROM + 10;
    for (let k = 1; k <= 3; k++) {
      for (const [type, outcome] of [[EV.referral, ''], [EV.case_closed, 'RC8']] as const) {
        journey.apply(type, day, outcomeCode(outcome), k);
        history.note(type);
        day += 40;
      }
      buckets.push(HISTORY_BUCKETS[history.bucket(journey)]!);
    }
    expect(buckets).toEqual(['1a', '1a', '3+']);
  });
});
