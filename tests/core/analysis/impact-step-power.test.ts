// The power check (issue 9, item 1; review v9c, finding 2): a step in NFA at referral from 7% to 14% on a
// two-year log of 20,000 children with a secular trend and seasons is reported as "NFA at referral changed,
// upwards". The default can miss it: the jumps of the weeks beside the marker see part of the step and raise the
// bar above the step's own jump (the reviewer's logs: missed at 2 of 7).
//
// The log comes from its own generator (impact-logs-step.ts), written apart from the code under test and the other impact logs:
// children arrive by inverse-CDF sampling of a daily intensity (a 15% a year trend, a deep August and December,
// quiet weekends); each child's first contact becomes a referral with a chance that has a sine season; NFA at
// referral is 7% plus a small sine season, and 14% from the step on; about a fifth of children come back once,
// 2 to 14 months later; referrals that are not NFA get an assessment of 10 to 60 days.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/analysis/impact.js';
import { nfaFinding } from './impact-logs-step.js';

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
