// The power check (issue 9, item 1; review v9c, finding 2): a step in NFA at referral from 7% to 14% on a
// two-year log of 20,000 children with a secular trend and seasons is reported as "NFA at referral changed,
// upwards". The default can miss it: the jumps of the weeks beside the marker see part of the step, and another
// measure's season the local lines cannot absorb, raise the bar above the step's own jump (the reviewer's logs:
// missed at 2 of 7; this generator, seeds 1 to 6 at four dates: 4 of 24, `npx tsx bench/impact-step-power.ts`).
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

  // Missed before the annual wave (jump.annual) was the default: +5.0 points, interval 0.0 to +10.0, the bar 3.66
  // standard errors, reached by contacts that became referrals 19 weeks before (4.04, the zero crossing of their sine
  // season; nothing to do with the step) and NFA itself 5 weeks after (3.75). With one annual sine-and-cosine pair
  // learnt outside each position's windows taken out, +5.0 points, +0.4 to +9.7 (README "Impact"). Over seeds 1 to 6
  // at the four dates here the wave found 18 of 24 (15 without it); with the month pattern shrunk by its own Wald
  // statistic (monthShrink 'wald'), 20.
  it('seed 1, step on 7 August 2023: reported as NFA at referral changed, upwards', () => {
    foundUp(nfaFinding(1, '2023-08-07'));
  });

  // Missed while the month pattern was shrunk by James–Stein (kept 1 − (m − 3)/W, W its Wald statistic): +5.0 points,
  // −0.2 to +10.2. NFA at referral has no month pattern here (a 1-point sine), but the pattern learnt from the one
  // other December and January (2023-24) was noise that James–Stein kept 0.64 of, and through the weeks beside the
  // marker it took 1.5 points out of the jump and raised its standard error to 1.87 points (t 2.68, fifth of the 53
  // positions; four jumps of referrals a week reach 2.75 to 2.95). Kept 1 − (m − 1)/W (monthShrink 'wald', the annual
  // wave's rule): +5.2, +0.3 to +10.1 (README "Impact").
  it('seed 5, step on 2 January 2023: reported as NFA at referral changed, upwards', () => {
    foundUp(nfaFinding(5, '2023-01-02'));
    expect(nfaFinding(5, '2023-01-02', { statistic: 'lines', monthShrink: 'james-stein' }).changed).toBe(false);
  });
});
