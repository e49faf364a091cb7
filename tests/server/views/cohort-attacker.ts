// The attacker of cohort-attack.test.ts and two-dimension-attack.test.ts, written apart from the disclosure
// code (core/disclosure/): a log, how a viewer reads a published count by the stated policy, the narrowing of
// ranges by sums and the counts of 1 to 4 left with one value.
import { afterAll, beforeAll } from 'vitest';
import { startSafeAndExact, type TestServer } from '../api/harness.js';

export type Cell = string | number | null;
export interface Table { id: string; columns: Array<{ key: string; kind: string }>; rows: Cell[][] }
export interface Answer { tables: Table[]; disclosure?: { note: string | null } }
export type Range = [number, number];
export const BIG = 1e9;

/** ~1,500 children over three years: sexes M, F and a few unrecorded or U, bursts in autumn, short and long plans. */
export function smallLog(seed: number): string {
  let x = seed;
  const rand = () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const day0 = Date.UTC(2021, 3, 1);
  const date = (d: number) => new Date(day0 + d * 86_400_000).toISOString().slice(0, 10);
  const out = ['date,event,child_id,outcome,sex,ethnicity'];
  for (let i = 0; i < 1500; i++) {
    const sex = pick(['M', 'M', 'M', 'F', 'F', 'F', 'U', '']);
    const eth = pick(['WBRI', 'WBRI', 'BCRB', 'APKN', 'MWBA']);
    let d = Math.floor(rand() * 1050);
    if (rand() < 0.25) d = 150 + 365 * Math.floor(rand() * 3) + Math.floor(rand() * 60);
    const ev = (event: string, outcome = '') => out.push(`${date(d)},${event},c${seed}_${i},${outcome},${sex},${eth}`);
    const episodes = rand() < 0.8 ? 1 : 2;
    for (let e = 0; e < episodes && d < 1090; e++) {
      if (rand() < 0.3) {
        ev('contact', pick(['nfa', 'early_help']));
      } else {
        ev('contact', 'referral');
        d += Math.floor(rand() * 2);
        if (rand() < 0.15) ev('referral', 'nfa');
        else {
          ev('referral');
          ev('assessment_start');
          d += 3 + Math.floor(rand() * 70);
          if (rand() < 0.35) {
            ev('assessment_end');
            ev('strategy_discussion');
            ev('s47_start');
            d += 2 + Math.floor(rand() * 30);
            if (rand() < 0.55) {
              const plan = rand() < 0.8;
              ev('icpc', plan ? 'cp_plan' : 'no_plan');
              if (plan) {
                ev('cp_plan_start');
                d += 30 + Math.floor(rand() * rand() * 700);
                if (d < 1095) ev('cp_plan_end');
              }
            }
          } else ev('assessment_end', pick(['cin', 'nfa', 'early_help']));
        }
      }
      d += 60 + Math.floor(rand() * 400);
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * What a published count tells a viewer, by the policy its answer states. A cohort's [c] is 0 to 9
 * (README), or any size where it protects another: this attacker is told which (`truth`, when given, is
 * 10 or more only for those), the most it could ever work out, and reads the others as 0 to 9.
 */
export function rangeOf(cell: Cell, cohortPolicy: boolean, truth?: number): Range {
  if (cell === '[c]' && cohortPolicy && truth !== undefined && truth >= 10) return [0, BIG];
  if (cell === '[c]') return cohortPolicy ? [0, 9] : [1, 4];
  if (typeof cell !== 'number') return [0, BIG];
  if (cohortPolicy) return [Math.max(10, cell - 2), cell + 2];
  return cell === 0 ? [0, 0] : [Math.max(5, cell - 2), cell + 2];
}

/** Narrows ranges by total = Σ parts until nothing changes; the keys are the cells' names. */
export function propagate(ranges: Map<string, Range>, sums: ReadonlyArray<{ total: string; parts: string[] }>): void {
  for (let pass = 0; pass < 100; pass++) {
    let changed = false;
    const set = (k: string, lo: number, hi: number) => {
      const [a, b] = ranges.get(k)!;
      const next: Range = [Math.max(a, lo), Math.min(b, hi)];
      if (next[0] !== a || next[1] !== b) {
        ranges.set(k, next);
        changed = true;
      }
    };
    for (const { total, parts } of sums) {
      const lo = parts.reduce((s, p) => s + ranges.get(p)![0], 0);
      const hi = parts.reduce((s, p) => s + ranges.get(p)![1], 0);
      set(total, lo, hi);
      const [tlo, thi] = ranges.get(total)!;
      for (const p of parts) {
        const [plo, phi] = ranges.get(p)!;
        set(p, tlo - (hi - phi), thi - (lo - plo));
      }
    }
    if (!changed) break;
  }
}

/** Counts a viewer was not told exactly (1 to 4 behind a [c], a 0 or a 5) that the ranges pin to their truth. */
export function pinned(ranges: Map<string, Range>, truth: Map<string, number>): { pins: string[]; violations: string[] } {
  const pins: string[] = [];
  const violations: string[] = [];
  for (const [k, [lo, hi]] of ranges) {
    const t = truth.get(k) ?? 0;
    if (t < lo || t > hi) violations.push(`${k}: ${t} outside ${lo}–${hi}`);
    else if (lo === hi && t >= 1 && t <= 4) pins.push(k);
  }
  return { pins, violations };
}

/**
 * Inside a describe block: a server under the disclosure policy (asked with a viewer's headers) and one
 * exact, both with the small log of seed 11, started before its tests and closed after.
 */
export function smallLogServers(): { safe: TestServer; exact: TestServer; viewer: Record<string, string> } {
  const servers = { viewer: {} } as { safe: TestServer; exact: TestServer; viewer: Record<string, string> };
  let close = async () => {};
  beforeAll(async () => {
    const started = await startSafeAndExact([['small', smallLog(11)]]);
    Object.assign(servers, { safe: started.safe, exact: started.exact, viewer: started.viewer });
    close = started.close;
  }, 120_000);
  afterAll(() => close());
  return servers;
}
