// "No change" must read as "no change of at least X": every measure tested carries the smallest change the data
// could see at the marker (Finding.detectable, a lower bound). It must follow the data's volume (a council four
// times the size sees about half the change).
import { describe, expect, it } from 'vitest';
import { impactOfChange } from '../../../core/analysis/impact.js';
import { dayOf, generateLog } from './impact-logs.js';
import { END, expectConsistent, logOf, PER_WEEK, START } from './impact-analysed-log.js';

const MARKER = '2023-04-03';

// The weekly noise on each rate is kept small here (0.02 on the logit) so that chance in who is referred, which
// shrinks with volume, is most of the noise: extra week-to-week noise that does not shrink (the default 0.1) made the
// ratio 1.3 rather than 2, rightly (more children do not remove it).

function nfaAt(perWeek: number, seed: number, stepTo?: number) {
  const l = logOf(generateLog({ seed, referralsPerWeek: perWeek, start: START, end: END, nfa: { base: 0.07 }, rateNoiseSd: 0.02, ...(stepTo ? { step: { measure: 'referral_nfa' as const, date: MARKER, to: stepTo } } : {}) }));
  const result = impactOfChange(l.prepared, l.indicators, dayOf(MARKER), { weeksEitherSide: 26, span: l.span });
  expectConsistent(result);
  return { result, nfa: result.findings.find((f) => f.measure === 'referral_nfa')! };
}

describe('impactOfChange: the smallest change the data could see', () => {
  it('shrinks roughly with the square root of the volume and is said in the sentence', { timeout: 300_000 }, () => {
    const small = nfaAt(PER_WEEK / 4, 951);
    const large = nfaAt(PER_WEEK, 952);
    expect(small.nfa.untested).toBeNull();
    expect(large.nfa.untested).toBeNull();
    // Four times the referrals: about half the detectable change (√4 = 2).
    const ratio = small.nfa.detectable! / large.nfa.detectable!;
    expect(ratio, `detectable ${small.nfa.detectable} against ${large.nfa.detectable}`).toBeGreaterThan(1.4);
    expect(ratio).toBeLessThan(2.8);
    // Said for every measure tested and not changed, in its units.
    for (const f of small.result.findings) if (f.untested === null) expect(f.detectable).toBeGreaterThan(0);
    expect(small.result.sentence).toContain(`referrals ending in no further action ${(small.nfa.detectable! * 100).toFixed(1)} points`);
  });
  // Not met: a step of 1.25 × the reported size was found at 1 of 4 seeds (961–964, 61 referrals a week). A real step
  // raises the jumps of the weeks beside the marker (the bar went from 2.1 to 2.5–3.8 standard errors), so the size
  // reported is a lower bound and the sentence says so; a size that holds needs the bar worked out with the step in.
  it.todo('a step larger than the reported smallest change is found, upwards, in most seeds');
});
