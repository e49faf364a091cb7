// Recording gaps in the impact view (review v9c, finding 3): a fortnight with nothing recorded, then the backlog
// recorded late, is a dip and a rise in the data but no change in the work. The view names the gap (JSON and
// readout) and leaves its weeks, and the weeks after it, out of every measure, so no measure is called changed
// next to it; and a log without a gap names none (deep August and December, a Christmas lull, bank holidays and
// quiet weekends are not gaps).
//
// The logs come from a generator of this file alone, written apart from the code under test and from the other
// impact generators: a DAILY loop draws each day's new contacts as Poisson(λ) (a 12% a year trend, August ×0.7,
// December ×0.6, weekends and bank holidays ×0.2, 24 December to 1 January ×0.5); a fifth of contacts are of a
// child seen before; three in four become a referral that day or the next, 8% of them NFA (with a small season);
// the rest get an assessment starting 1 to 4 days on and ending 8 to 55 days after. With a gap, nothing dated in
// it is recorded: its contacts are recorded 1 to 28 days after it ends (the backlog), other events in it are lost.
import { describe, expect, it } from 'vitest';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import { impactOfChange, recordingGapText } from '../../../core/analysis/impact.js';
import { recordingGaps } from '../../../core/analysis/recording-gaps.js';
import { rateIndicators } from '../../../core/analysis/rate-indicators.js';
import { prepareMetrics } from '../../../core/metrics.js';
import { seededRandom } from '../../../core/random.js';

const MS = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS);
const FIRST = '2022-04-04';
const LAST = '2024-03-31';
/** bank holidays in England of the log's two years, written out here */
const HOLIDAYS = new Set(
  [
    '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27',
    '2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26',
    '2024-01-01', '2024-03-29',
  ].map(dayOf),
);
const MONTH = [1.05, 1.1, 1.1, 1, 1.05, 1, 0.95, 0.7, 1.1, 1.1, 1.05, 0.6];

function poisson(random: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

function dailyLog(seed: number, perWorkingDay: number, gap: [string, string] | null): EventRecord[] {
  const random = seededRandom(seed * 104_729 + 3);
  const first = dayOf(FIRST);
  const last = dayOf(LAST);
  const [gapFrom, gapTo] = gap ? [dayOf(gap[0]), dayOf(gap[1])] : [Infinity, -Infinity];
  const inGap = (d: number) => d >= gapFrom && d <= gapTo;
  const records: EventRecord[] = [];
  const record = (r: EventRecord) => {
    if (r.day <= last && !inGap(r.day)) records.push(r);
  };
  const seen: string[] = [];
  for (let d = first; d <= last; d++) {
    const date = new Date(d * MS);
    const month = date.getUTCMonth();
    const dom = date.getUTCDate();
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const lull = (month === 11 && dom >= 24) || (month === 0 && dom === 1);
    const lambda = perWorkingDay * (1 + (0.12 * (d - first)) / 365.25) * MONTH[month]! * (weekend || HOLIDAYS.has(d) ? 0.2 : 1) * (lull ? 0.5 : 1);
    const contacts = poisson(random, lambda);
    for (let i = 0; i < contacts; i++) {
      const child = seen.length > 50 && random() < 0.2 ? seen[Math.floor(random() * seen.length)]! : `G${seed}-${d}-${i}`;
      seen.push(child);
      // a contact in the gap is recorded late, on one of the 28 days after it
      const day = inGap(d) ? gapTo + 1 + Math.floor(random() * 28) : d;
      const season = Math.sin((2 * Math.PI * (day - first)) / 365.25);
      const referral = random() < 0.75 + 0.03 * season;
      record({ child, type: 'contact', day, outcome: referral ? 'referral' : random() < 0.5 ? 'nfa' : null });
      if (!referral) continue;
      const referred = day + (random() < 0.7 ? 0 : 1);
      const nfa = random() < 0.08 + 0.01 * season;
      record({ child, type: 'referral', day: referred, outcome: nfa ? 'nfa' : null });
      if (nfa) continue;
      const started = referred + 1 + Math.floor(random() * 4);
      record({ child, type: 'assessment_start', day: started });
      record({ child, type: 'assessment_end', day: started + 8 + Math.floor(random() * 48), outcome: random() < 0.6 ? 'cin' : 'nfa' });
    }
  }
  return records;
}

function analysed(records: EventRecord[]) {
  const prepared = prepareMetrics(buildEventTable(records));
  return { prepared, indicators: rateIndicators(prepared), span: { first: dayOf(FIRST), last: dayOf(LAST) } };
}

const GAP: [string, string] = ['2022-10-10', '2022-10-19'];
/** Mondays beside the gap: its first, the one inside it, the first after it and the next two */
const BESIDE = ['2022-10-10', '2022-10-17', '2022-10-24', '2022-10-31', '2022-11-07'];

describe('impact: a recording gap is named and never called a change', () => {
  const log = analysed(dailyLog(1, 45, GAP));
  const at = (marker: string, gaps: boolean) => impactOfChange(log.prepared, log.indicators, dayOf(marker), { weeksEitherSide: 26, span: log.span, jump: { gaps } });

  it('counting the gap weeks as ordinary weeks (the old rule), a measure is called changed beside the gap', () => {
    const changed = BESIDE.flatMap((m) => at(m, false).findings.filter((f) => f.changed).map((f) => `${m} ${f.measure} ${f.direction}`));
    expect(changed.length).toBeGreaterThan(0);
  });

  it('with the gap and the weeks after it left out, no measure changes beside it, and the gap is named in the JSON and the readout', () => {
    for (const marker of BESIDE) {
      const result = at(marker, true);
      expect(result.findings.filter((f) => f.changed).map((f) => f.measure), marker).toEqual([]);
      expect(result.findings.filter((f) => f.untested === null).length, marker).toBeGreaterThan(0);
      expect(result.recordingGaps).toHaveLength(1);
      const gap = result.recordingGaps[0]!;
      expect([gap.from, gap.to]).toEqual(GAP);
      expect(gap.series).toBe('contacts');
      expect(gap.events).toBe(0);
      // about 45 a working day over 8 working days and 2 weekend days
      expect(gap.expected).toBeGreaterThan(250);
      expect(gap.expected).toBeLessThan(500);
      // what the data shows, never a cause: it may be a recording gap or a real closure, and what was done with it
      const said = `From 10 to 19 October 2022 the data holds 0 contacts, against about ${gap.expected.toLocaleString('en-GB')} expected from the four weeks either side. This may be a gap in recording or a real closure of the service; the data alone cannot tell which.`;
      expect(result.readout.recording).toContain(said);
      expect(result.readout.recording).toContain(`the weeks holding those days and the 6 weeks after them are left out of every measure's weekly series`);
      expect(result.sentence).toContain(said);
      // the verdict stays one sentence; the gap is said beside it
      expect(result.readout.verdict).not.toContain('October 2022');
      // its weeks are marked as left out of every measure
      const weekOf = result.weeks.findIndex((w) => w.start === '2022-10-17' || w.start === '2022-10-14');
      if (weekOf >= 0) for (const series of Object.values(result.weekly)) expect(['recording-gap', 'look-back', 'follow-up']).toContain(series[weekOf]!.excluded);
    }
  });

  it('a marker a year away from the gap does not name it', () => {
    const result = at('2023-11-06', true);
    expect(result.recordingGaps).toEqual([]);
    expect(result.readout.recording).toBe('');
    expect(result.sentence).not.toContain('gap in recording');
  });
});

describe('impact: a real closure is never called incomplete recording (the data cannot tell the two apart)', () => {
  // The front door shut from 23 December 2022 to 2 January 2023: nothing recorded, and nothing recorded late
  // either (the work did not arrive), the reviewer's closure case. Said as what the data shows, with both causes.
  const CLOSED: [string, string] = ['2022-12-23', '2023-01-02'];
  const closed = (seed: number) => dailyLog(seed, 45, null).filter((r) => r.day < dayOf(CLOSED[0]) || r.day > dayOf(CLOSED[1]));
  for (const seed of [6, 7]) {
    it(`seed ${seed}: the closure is named with its figures and both causes, never as incomplete recording`, () => {
      const log = analysed(closed(seed));
      const result = impactOfChange(log.prepared, log.indicators, dayOf('2023-01-09'), { weeksEitherSide: 26, span: log.span });
      expect(result.recordingGaps.length).toBeGreaterThan(0);
      const text = result.readout.recording;
      expect(text).toMatch(/^(From|On) [^.]*(December 2022|January 2023)[^.]* the data holds \d[\d,]* (contacts|events of any kind), against about \d[\d,]* expected from the four weeks either side\./);
      expect(text).toContain('may be a gap in recording or a real closure of the service; the data alone cannot tell which');
      expect(text).toMatch(/left out of every measure's weekly series\.$/);
      expect(result.sentence.endsWith(text)).toBe(true);
      expect(`${result.sentence} ${text}`).not.toMatch(/incomplete|looks? like a gap|missing/i);
    });
  }
});

describe('recordingGapText: what the data shows, both causes, what was done', () => {
  const gap = (from: string, to: string, events: number, expected: number, series: 'contacts' | 'events' = 'contacts') => ({ from, to, series, events, expected, leftOutTo: to });
  it('one day, a few events of any kind said as fewer than 5', () => {
    expect(recordingGapText([gap('2023-10-09', '2023-10-09', 3, 61, 'events')])).toBe(
      'On 9 October 2023 the data holds fewer than 5 events of any kind, against about 61 expected from the four weeks either side. This may be a gap in recording or a real closure of the service; the data alone cannot tell which. So that neither the dip nor a rise after it (work recorded late, or coming back) is read as a change, the weeks holding that day and the 6 weeks after it are left out of every measure\'s weekly series.',
    );
  });
  it('two stretches, each with its figures', () => {
    expect(recordingGapText([gap('2023-12-23', '2024-01-02', 12, 1_480), gap('2024-02-12', '2024-02-16', 0, 230)])).toBe(
      'From 23 December 2023 to 2 January 2024 the data holds 12 contacts, against about 1,480 expected from the four weeks either side; and from 12 to 16 February 2024, 0 contacts against about 230. Each may be a gap in recording or a real closure of the service; the data alone cannot tell which. So that neither the dip nor a rise after it (work recorded late, or coming back) is read as a change, the weeks holding those days and the 6 weeks after each are left out of every measure\'s weekly series.',
    );
  });
  it('nothing without gaps', () => expect(recordingGapText([])).toBe(''));
});

describe('impact: logs without a gap name none (seasons, Christmas, bank holidays, weekends)', () => {
  for (const [seed, perDay] of [[2, 45], [3, 45], [4, 45], [5, 7]] as const) {
    it(`seed ${seed}, about ${perDay} contacts a working day`, () => {
      const log = analysed(dailyLog(seed, perDay, null));
      expect(recordingGaps(log.prepared, log.span).gaps).toEqual([]);
      const result = impactOfChange(log.prepared, log.indicators, dayOf('2023-01-02'), { weeksEitherSide: 26, span: log.span });
      expect(result.recordingGaps).toEqual([]);
      expect(result.readout.recording).toBe('');
      expect(result.weeks.every((_, j) => result.weekly.referrals_per_week[j]!.excluded !== 'recording-gap')).toBe(true);
    });
  }
});
