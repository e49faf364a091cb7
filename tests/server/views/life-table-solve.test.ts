// Time in care as a viewer (review v9c finding 1): an attacker holding every breakdown of one window
// (everyone, by sex, ethnicity, age, previous referrals) writes down every sum the tables obey — at risk =
// ended + still open + at risk next down each group's rows, a group's periods begun = its day-0 at risk,
// its ended and still-open totals = the sums of those columns, the groups of a breakdown = everyone, row
// by row — reads each published count as the range the stated policy gives it, and solves the system
// (bounds propagated to a fixed point, then every value of a narrow cell tried and dropped if it leaves
// no solution). No count a viewer was not shown exactly may come out as one value. On the old policy
// ([c] for 1–4 beside counts rounded on their own) it came out for most [c] of a small council.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSafeAndExact, viewerAndTruth, type TestServer } from '../api/harness.js';
import { SURVIVAL_STEP } from '../../../core/disclosure/survival.js';
import { council } from './council.js';

type Row = Record<string, string | number | null>;
const BIG = 1e7;

/** Σ coef·x over `terms` lies in [lo, hi]. */
interface Sum { terms: Array<[string, 1 | -1]>; lo: number; hi: number }

/**
 * What two published shares still in say of the row between them (n at risk at its start, d ended, c
 * still open): the curve falls by a factor r with d/n ≤ 1 − r ≤ d/(n − c) (censorings all after the
 * endings, or all before), and 1 − r lies in [qLo, qHi] from the shares' published ranges. So
 * d ≤ qHi·n and d ≥ qLo·(n − c).
 */
interface Drop { n: string; d: string; c: string; qLo: number; qHi: number }

class System {
  readonly range = new Map<string, [number, number]>();
  readonly sums: Sum[] = [];
  readonly drops: Drop[] = [];
  cell(key: string, lo: number, hi: number) {
    const r = this.range.get(key);
    this.range.set(key, r ? [Math.max(r[0], lo), Math.min(r[1], hi)] : [lo, hi]);
  }
  /** total = Σ parts */
  equal(total: string, parts: string[]) {
    this.sums.push({ terms: [[total, 1], ...parts.map((p) => [p, -1] as [string, -1])], lo: 0, hi: 0 });
  }
  between(parts: string[], lo: number, hi: number) {
    this.sums.push({ terms: parts.map((p) => [p, 1] as [string, 1]), lo, hi });
  }
  /** narrows `range` in place by every sum and drop; false when some has no solution left */
  static propagate(range: Map<string, [number, number]>, sums: readonly Sum[], drops: readonly Drop[] = []): boolean {
    const eps = 1e-9;
    const narrowTo = (k: string, lo: number, hi: number): boolean | null => {
      const [a, b] = range.get(k)!;
      const next: [number, number] = [Math.max(a, lo), Math.min(b, hi)];
      if (next[0] > next[1]) return null;
      if (next[0] === a && next[1] === b) return false;
      range.set(k, next);
      return true;
    };
    for (let pass = 0; pass < 500; pass++) {
      let changed = false;
      for (const { n, d, c, qLo, qHi } of drops) {
        const [n0, n1] = range.get(n)!;
        const [d0, d1] = range.get(d)!;
        const c1 = range.get(c)![1];
        // d ≤ qHi·n, d ≥ qLo·(n − c), and what they say of n and c
        const steps = [
          narrowTo(d, Math.ceil(qLo * (n0 - c1) - eps), Math.floor(qHi * n1 + eps)),
          qHi > 0 ? narrowTo(n, Math.ceil(d0 / qHi - eps), BIG) : false,
          qLo > 0 ? narrowTo(n, 0, Math.floor(d1 / qLo + c1 + eps)) : false,
          qLo > 0 ? narrowTo(c, Math.ceil(n0 - d1 / qLo - eps), BIG) : false,
        ];
        if (steps.includes(null)) return false;
        if (steps.includes(true)) changed = true;
      }
      for (const s of sums) {
        let min = 0;
        let max = 0;
        for (const [k, c] of s.terms) {
          const [a, b] = range.get(k)!;
          min += c > 0 ? a : -b;
          max += c > 0 ? b : -a;
        }
        if (min > s.hi || max < s.lo) return false;
        for (const [k, c] of s.terms) {
          const [a, b] = range.get(k)!;
          const restMin = min - (c > 0 ? a : -b);
          const restMax = max - (c > 0 ? b : -a);
          // c·x ∈ [lo − restMax, hi − restMin]
          let lo = s.lo - restMax;
          let hi = s.hi - restMin;
          if (c < 0) [lo, hi] = [-hi, -lo];
          const next: [number, number] = [Math.max(a, Math.ceil(lo)), Math.min(b, Math.floor(hi))];
          if (next[0] > next[1]) return false;
          if (next[0] !== a || next[1] !== b) {
            range.set(k, next);
            min += c > 0 ? next[0] - a : b - next[1];
            max += c > 0 ? next[1] - b : a - next[0];
            changed = true;
          }
        }
      }
      if (!changed) return true;
    }
    return true;
  }
  solve(probe: ReadonlySet<string>): boolean {
    if (!System.propagate(this.range, this.sums, this.drops)) return false;
    // try each value of every narrow cell probed: one that leaves no solution is not possible
    for (const [key, [a, b]] of [...this.range]) {
      if (!probe.has(key) || b - a > 6) continue;
      const possible: number[] = [];
      for (let v = a; v <= b; v++) {
        const trial = new Map(this.range);
        trial.set(key, [v, v]);
        if (System.propagate(trial, this.sums, this.drops)) possible.push(v);
      }
      if (possible.length > 0) this.range.set(key, [possible[0]!, possible.at(-1)!]);
    }
    return System.propagate(this.range, this.sums, this.drops);
  }
}

const COUNTS = ['at_risk', 'ended', 'censored'] as const;

/**
 * Reads one published answer into the system. Stated policy "rounded together": each count within 9 of
 * the truth, and each group's running totals from the bottom of the table (ended, still open) within 2
 * (everyone) or 4 (a group) of the published ones. Otherwise: [c] at least 1, 0 exactly 0, v from v−2 to
 * v+2 and at least 5.
 */
function read(sys: System, by: string, view: { groups: Row[]; lifeTable: Row[]; disclosure: { note: string | null } }, truth: Map<string, number>, exactView: { groups: Row[]; lifeTable: Row[] }) {
  const together = /rounded together/.test(view.disclosure.note ?? '');
  const put = (key: string, shown: unknown, exact: unknown) => {
    truth.set(key, exact as number);
    if (shown === '[c]') return sys.cell(key, 1, BIG);
    const v = shown as number;
    if (together) return sys.cell(key, Math.max(0, v - 9), v + 9);
    if (v === 0) return sys.cell(key, 0, 0);
    sys.cell(key, Math.max(5, v - 2), v + 2);
  };
  const shownOf = new Map<string, unknown>();
  let drops = 0;
  view.groups.forEach((g, i) => {
    const e = exactView.groups[i]!;
    // the figures beside the counts stay what they are: a share a year on between 0 and 1, or [c]
    expect(g.still_in_1y === '[c]' || g.still_in_1y === null || ((g.still_in_1y as number) >= 0 && (g.still_in_1y as number) <= 1), String(g.still_in_1y)).toBe(true);
    expect(e.group).toBe(g.group);
    for (const f of ['spells', 'ended', 'open']) {
      put(`${by}|${g.group}|G|${f}`, g[f], e[f]);
      shownOf.set(`${by}|${g.group}|G|${f}`, g[f]);
    }
    const rows = view.lifeTable.map((r, j) => [r, exactView.lifeTable[j]!] as const).filter(([r]) => r.group === g.group);
    const key = (r: Row, f: string) => `${by}|${g.group}|${r.from}|${f}`;
    for (const [r, x] of rows) for (const f of COUNTS) { put(key(r, f), r[f], x[f]); shownOf.set(key(r, f), r[f]); }
    sys.equal(`${by}|${g.group}|G|spells`, [`${by}|${g.group}|G|ended`, `${by}|${g.group}|G|open`]);
    sys.equal(`${by}|${g.group}|G|spells`, [key(rows[0]![0], 'at_risk')]);
    sys.equal(`${by}|${g.group}|G|ended`, rows.map(([r]) => key(r, 'ended')));
    sys.equal(`${by}|${g.group}|G|open`, rows.map(([r]) => key(r, 'censored')));
    rows.forEach(([r], j) => {
      const next = rows[j + 1];
      sys.equal(key(r, 'at_risk'), [key(r, 'ended'), key(r, 'censored'), ...(next ? [key(next[0], 'at_risk')] : [])]);
    });
    // the shares still in, each read as the range its stated rounding gives it (survival.ts: to the
    // nearest SURVIVAL_STEP), 1 at the start; two in a row bound the row's endings
    const share = (v: unknown): [number, number] | null => (typeof v === 'number' ? [Math.max(0, v - SURVIVAL_STEP / 2), Math.min(1, v + SURVIVAL_STEP / 2)] : null);
    rows.forEach(([r], j) => {
      const before = j === 0 ? ([1, 1] as [number, number]) : share(rows[j - 1]![0].survival);
      const after = share(r.survival);
      if (!before || !after || before[1] <= 0) return;
      const rLo = before[1] > 0 ? after[0] / before[1] : 0;
      const rHi = before[0] > 0 ? Math.min(1, after[1] / before[0]) : 1;
      sys.drops.push({ n: key(r, 'at_risk'), d: key(r, 'ended'), c: key(r, 'censored'), qLo: Math.max(0, 1 - rHi), qHi: Math.min(1, 1 - rLo) });
      drops++;
    });
    if (together) {
      const slack = by === '' ? 2 : 4;
      for (const f of ['ended', 'censored']) {
        for (let j = 0; j < rows.length; j++) {
          const tail = rows.slice(j).map(([r]) => key(r, f));
          const published = rows.slice(j).reduce((a, [r]) => a + (r[f] as number), 0);
          sys.between(tail, Math.max(0, published - slack), published + slack);
        }
      }
    }
  });
  return { shownOf, drops };
}

describe('time in care: no count a viewer is not shown exactly can be solved back (review v9c finding 1)', () => {
  let safe: TestServer;
  let exact: TestServer;
  let viewer: Record<string, string> = {};
  let close = async () => {};
  beforeAll(async () => {
    ({ safe, exact, viewer, close } = await startSafeAndExact([['s1', council(500, 11)]]));
  }, 120_000);
  afterAll(() => close());

  for (const name of ['s1']) {
    for (const kind of ['cla', 'cp_plan']) {
      it(`${name} ${kind}: within each answer and across the breakdowns`, async () => {
        const sys = new System();
        const truth = new Map<string, number>();
        const shown = new Map<string, unknown>();
        const everyoneKeys: string[] = [];
        let shares = 0;
        for (const by of ['', 'sex', 'eth', 'age', 'prev']) {
          const url = `/api/datasets/${name}/views/time-in-care?kind=${kind}${by ? `&by=${by}` : ''}`;
          const { seen: view, truth: x } = await viewerAndTruth(safe, exact, viewer, url);
          const { shownOf: keys, drops: d } = read(sys, by, view, truth, x);
          shares += d;
          for (const [k, s] of keys) shown.set(k, s);
          if (by === '') everyoneKeys.push(...keys.keys());
          else {
            // the groups add up to everyone, count by count
            const groups = view.groups.map((g: Row) => g.group);
            for (const k of everyoneKeys) {
              const rest = k.split('|').slice(2).join('|');
              sys.equal(k, groups.map((g: string) => `${by}|${g}|${rest}`));
            }
          }
        }
        // the attacker's reading is sound: the truth satisfies every range it starts from
        for (const [k, [a, b]] of sys.range) expect(truth.get(k)! >= a && truth.get(k)! <= b, k).toBe(true);
        // probe the small published counts (the ones a viewer wants back)
        const small = new Set([...shown].filter(([, s]) => s === '[c]' || (typeof s === 'number' && s <= 10)).map(([k]) => k));
        expect(sys.solve(small)).toBe(true);
        const hidden = [...truth.keys()].filter((k) => shown.get(k) !== truth.get(k));
        const pinned = hidden.filter((k) => sys.range.get(k)![0] === sys.range.get(k)![1]);
        expect(hidden.length).toBeGreaterThan(20);
        // the shares still in were read too (each pair a bound on its row's endings)
        expect(shares).toBeGreaterThan(10);
        expect(pinned.map((k) => `${k}: shown ${String(shown.get(k))}, solved ${sys.range.get(k)![0]}, truth ${truth.get(k)}`)).toEqual([]);
      }, 120_000);
    }
  }
});
