// "Changed" is the jump at the marker, and only the jump (review v9d finding 5). Before, a measure whose TREND
// changed at the marker was called changed and given a direction while its own figures (estimate, lower, upper:
// the jump's) crossed 0 and could point the other way. This log, from a generator of its own (written apart from
// the analysis and from the other impact generators: contacts and referrals only, drawn week by week), has no
// jump anywhere: NFA at referral climbs from 10% to 25% over the 26 weeks before the marker and falls back to 10%
// over the 26 weeks after, a change in trend of about −60 points a year exactly at the marker with the two lines
// meeting there. The old code called it "referrals ending in no further action went down" with a jump interval
// across 0; now the measure is not changed, and its change in trend is given beside it as information.
import { describe, expect, it } from 'vitest';
import { impactOfChange, MEASURE_NAMES, trendText } from '../../../core/analysis/impact.js';
import type { EventRecord } from '../../../core/event-table.js';
import { expectConsistent, logOf } from './impact-analysed-log.js';

const DAY = 86_400_000;
const toDay = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);

/** A small linear-congruential stream (Numerical Recipes constants), in [0, 1). */
function stream(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * Three years of contacts and referrals, about 240 referrals a week on weekdays (a fifth of them children referred
 * in the previous year, so re-referrals exist), 30% of contacts not becoming referrals, and NFA at referral a tent
 * peaking at `peak` on the marker, 10% elsewhere.
 */
function tentLog(seed: number, from: string, to: string, marker: string, peak: number): EventRecord[] {
  const next = stream(seed);
  const first = toDay(from);
  const last = toDay(to);
  const top = toDay(marker);
  const half = 26 * 7;
  const nfaOn = (day: number) => 0.1 + (peak - 0.1) * Math.max(0, 1 - Math.abs(day - top) / half);
  const out: EventRecord[] = [];
  const recent: Array<{ id: string; day: number }> = [];
  let made = 0;
  for (let week = first; week + 7 <= last + 1; week += 7) {
    for (let d = 0; d < 5; d++) {
      const day = week + d;
      // 48 referrals a weekday give or take 6 (12 uniforms summed, less 6, is close to a standard normal), and 30
      // contacts per 70 referrals lead nowhere
      let z = -6;
      for (let u = 0; u < 12; u++) z += next();
      const referrals = Math.max(0, Math.round(48 + 6 * z));
      for (let i = 0; i < referrals; i++) {
        let id = '';
        if (recent.length > 100 && next() < 0.2) {
          const back = recent[recent.length - 1 - Math.floor(next() * recent.length)]!;
          if (day - back.day > 14 && day - back.day < 365) id = back.id;
        }
        if (id === '') id = `T${seed}x${made++}`;
        recent.push({ id, day });
        if (recent.length > 12_000) recent.splice(0, 2_000);
        out.push({ child: id, type: 'contact', day, outcome: 'referral' });
        out.push({ child: id, type: 'referral', day, outcome: next() < nfaOn(day) ? 'nfa' : null });
      }
      const quiet = Math.round((referrals * 3) / 7);
      for (let i = 0; i < quiet; i++) out.push({ child: `Q${seed}x${made++}`, type: 'contact', day, outcome: null });
    }
  }
  return out;
}

describe('impactOfChange (the default): a change in trend alone is never a verdict', () => {
  it('does not call NFA at referral changed when only its trend turns at the marker (no jump), and gives the trend beside it', { timeout: 300_000 }, () => {
    const marker = '2022-07-04';
    for (const seed of [5, 6]) {
      const l = logOf(tentLog(seed, '2021-01-04', '2024-01-07', marker, 0.25));
      const result = impactOfChange(l.prepared, l.indicators, toDay(marker), { weeksEitherSide: 26, span: l.span });
      expectConsistent(result);
      const nfa = result.findings.find((f) => f.measure === 'referral_nfa')!;
      const where = `seed ${seed}: jump ${nfa.estimate} (${nfa.lower} to ${nfa.upper}), trend ${JSON.stringify(nfa.trend)}`;
      expect(nfa.untested, where).toBeNull();
      // No jump built in: its interval reaches 0 ...
      expect(nfa.lower!, where).toBeLessThanOrEqual(0);
      expect(nfa.upper!, where).toBeGreaterThanOrEqual(0);
      // ... so the measure did not change, whatever its trend (the old code said changed, 'down').
      expect(nfa.changed, where).toBe(false);
      expect(nfa.direction, where).toBeNull();
      expect(nfa.p!, where).toBeGreaterThan(result.alpha);
      expect(result.sentence).not.toContain(`${MEASURE_NAMES.referral_nfa} went`);
      expect(result.readout.verdict).not.toContain(`${MEASURE_NAMES.referral_nfa} went`);
      // The turn is there and is reported as information: about −60 points a year, its interval clear of 0,
      // with no verdict of its own.
      expect(nfa.trend, where).not.toBeNull();
      expect(nfa.trend!.estimate, where).toBeLessThan(-0.4);
      expect(nfa.trend!.estimate, where).toBeGreaterThan(-0.8);
      expect(nfa.trend!.upper, where).toBeLessThan(0);
      expect(nfa.trend).not.toHaveProperty('changed');
      expect(nfa.trend).not.toHaveProperty('direction');
      const line = result.readout.measures.find((m) => m.measure === 'referral_nfa')!;
      expect(line.changed).toBe(false);
      expect(line.text).toContain(`no change found (`);
      expect(line.text).toContain(`change in trend ${trendText('referral_nfa', nfa.trend!.estimate)} (interval ${trendText('referral_nfa', nfa.trend!.lower)} to ${trendText('referral_nfa', nfa.trend!.upper)}), not part of the verdict`);
      expect(result.readout.method).toMatch(/not part of the verdict, and a change in trend alone is never called a change/);
    }
  });
});
