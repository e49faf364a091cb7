// The power check (issue 9, item 1; review v9c, finding 2): a step in NFA at referral from 7% to 14% on a
// two-year log of 20,000 children with a secular trend and seasons is reported as "NFA at referral changed,
// upwards". The default can miss it: the jumps of the weeks beside the marker see part of the step and raise the
// bar above the step's own jump (the reviewer's logs: missed at 2 of 7).
//
// The log comes from its own generator, written apart from the code under test and from the other impact logs:
// children arrive by inverse-CDF sampling of a daily intensity (a 15% a year trend, a deep August and December,
// quiet weekends); each child's first contact becomes a referral with a chance that has a sine season; NFA at
// referral is 7% plus a small sine season, and 14% from the step on; about a fifth of children come back once,
// 2 to 14 months later; referrals that are not NFA get an assessment of 10 to 60 days.
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../core/event-table.js';
import { buildEventTable } from '../../../core/event-table.js';
import { impactOfChange, type Finding } from '../../../core/analysis/impact.js';
import { rateIndicators } from '../../../core/analysis/rate-indicators.js';
import { prepareMetrics } from '../../../core/metrics.js';
import { seededRandom } from '../../../core/random.js';

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
/** volume by calendar month, January first: a deep August and December */
const MONTH_VOLUME = [1.05, 1.1, 1.1, 1.0, 1.05, 1.05, 0.95, 0.75, 1.1, 1.15, 1.1, 0.65];

function stepLog(seed: number, children: number, start: string, end: string, stepDate: string): EventRecord[] {
  const random = seededRandom(seed * 7919 + 17);
  const first = toDay(start);
  const last = toDay(end);
  const step = toDay(stepDate);
  // cumulative daily intensity of first contacts
  const cumulative: number[] = [];
  let total = 0;
  for (let d = first; d <= last; d++) {
    const date = new Date(d * DAY);
    const weekday = date.getUTCDay();
    const years = (d - first) / 365.25;
    total += (1 + 0.15 * years) * MONTH_VOLUME[date.getUTCMonth()]! * (weekday === 0 || weekday === 6 ? 0.25 : 1);
    cumulative.push(total);
  }
  const drawDay = () => {
    const u = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return first + lo;
  };
  const phase = (d: number) => Math.sin((2 * Math.PI * (d - first)) / 365.25);
  const records: EventRecord[] = [];
  const contact = (child: string, day: number) => {
    if (day > last) return;
    const becomesReferral = random() < 0.78 + 0.04 * phase(day);
    records.push({ child, type: 'contact', day, outcome: becomesReferral ? 'referral' : null });
    if (!becomesReferral) return;
    const referral = day + (random() < 0.8 ? 0 : 1);
    if (referral > last) return;
    const nfa = random() < (referral >= step ? 0.14 : 0.07) + 0.01 * phase(referral + 60);
    records.push({ child, type: 'referral', day: referral, outcome: nfa ? 'nfa' : null });
    if (nfa) return;
    const started = referral + 1 + Math.floor(random() * 5);
    if (started > last) return;
    records.push({ child, type: 'assessment_start', day: started });
    const ended = started + 10 + Math.floor(random() * 50);
    if (ended <= last) records.push({ child, type: 'assessment_end', day: ended, outcome: random() < 0.5 ? 'nfa' : 'cin' });
  };
  for (let c = 0; c < children; c++) {
    const child = `S${seed}-${c}`;
    const day = drawDay();
    contact(child, day);
    if (random() < 0.2) contact(child, day + 60 + Math.floor(random() * 360));
  }
  return records;
}

function nfaFinding(seed: number, stepDate: string) {
  const records = stepLog(seed, 20_000, '2022-04-04', '2024-04-01', stepDate);
  const prepared = prepareMetrics(buildEventTable(records));
  const indicators = rateIndicators(prepared);
  const span = { first: toDay('2022-04-04'), last: toDay('2024-04-01') };
  const result = impactOfChange(prepared, indicators, toDay(stepDate), { weeksEitherSide: 26, span });
  return result.findings.find((f) => f.measure === 'referral_nfa')!;
}

const foundUp = (f: Finding) => {
  expect(f.untested).toBeNull();
  expect(f.changed).toBe(true);
  expect(f.direction).toBe('up');
  // the interval holds the step's size (7 points)
  expect(f.lower!).toBeLessThan(0.07);
  expect(f.upper!).toBeGreaterThan(0.07);
};

describe('impact: a step in NFA at referral from 7% to 14% (20,000 children, trend and seasons)', () => {
  it('seed 1, step on 2 January 2023: reported as NFA at referral changed, upwards', () => {
    foundUp(nfaFinding(1, '2023-01-02'));
  });

  it('seed 1, step on 6 March 2023: reported as NFA at referral changed, upwards', () => {
    foundUp(nfaFinding(1, '2023-03-06'));
  });

  it('seed 1, step on 2 October 2023: reported as NFA at referral changed, upwards', () => {
    foundUp(nfaFinding(1, '2023-10-02'));
  });

  // The default misses it: +5.0 points, interval 0.0 to +10.0, the bar 3.66 standard errors. Two positions reach the
  // marker's 3.66: contacts that became referrals 19 weeks before (4.04, its season; nothing to do with the step) and
  // NFA itself 5 weeks after (3.75, a week whose windows hold the step). The estimate is low by chance (4.9 without
  // the season; over seeds 1 to 6 at four dates the estimates average 7.0 points, spread 2.1). Taking the marker's
  // step out of the weeks within 8 of it (jump.reference 'step') finds it (+0.2 to +9.9) but found no more steps on
  // the bench and raised its false changes (README "Impact"), so it is not done: at seeds 1 to 6 and the four dates
  // here the default finds 15 of 24, 'step' 16; in all 9 misses the bar is set by contacts that became referrals
  // at the zero crossings of their sine season (this generator's), not by the step.
  it.fails('seed 1, step on 7 August 2023: missed by the default (known, README "Impact")', () => {
    foundUp(nfaFinding(1, '2023-08-07'));
  });
});
