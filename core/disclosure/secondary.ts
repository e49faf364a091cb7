// Secondary suppression: after rounding, a [c] can still be pinned by a sum the viewer knows (a node's
// trips are the links into it; at risk next = at risk − ended − still open). The review's case: at risk
// 10 (so 8–12), ended [c], still open 0, at risk next [c] (1–4): ended = 8 − 4 = 4 at the least, so 4.
// Reading every published count as the range it stands for ([c] 1–4, 0 exactly 0, v as v−2…v+2 but at
// least 5) and narrowing each range by every sum until nothing changes, a [c] whose range shrinks to
// one value (or a sum that has no solution left) gets a neighbour in that sum suppressed too: the
// smallest published count besides it, shown as [c]. Repeated until no [c] is pinned.
// In a cohort's answer (policy.ts CountPolicy 'cohort') a [c] stands for 0 to 9 and other counts are at least 10.
import { COHORT_MIN, SMALL_MAX, SMALL_MIN, SUPPRESSED, type CountPolicy } from './policy.js';
import type { Cell, ViewTable } from '../analysis/view-table.js';

/** A cell of a published table. */
export interface CellRef {
  table: string;
  row: number;
  column: string;
}

/** total = sum of parts, exactly, in the exact counts. */
export interface SumRelation {
  total: CellRef;
  parts: CellRef[];
}

type Range = [number, number];

/** The exact values a published count stands for, as a viewer who knows the policy reads it. */
export function rangeOf(cell: Cell, secondary = false, policy: CountPolicy = 'everyone'): Range | null {
  // a count suppressed to protect another may be any size: only "at least 1" is known of it
  if (cell === SUPPRESSED && policy === 'cohort') return [0, secondary ? Number.MAX_SAFE_INTEGER : COHORT_MIN - 1];
  if (cell === SUPPRESSED) return [SMALL_MIN, secondary ? Number.MAX_SAFE_INTEGER : SMALL_MAX];
  if (typeof cell !== 'number') return null;
  if (policy === 'cohort') return [Math.max(cell - 2, COHORT_MIN), cell + 2];
  if (cell === 0) return [0, 0];
  return [Math.max(cell - 2, SMALL_MAX + 1), cell + 2];
}

/** Narrows the ranges by the sums; returns the relations left with no solution (a contradiction pins too). */
function narrow(ranges: Map<string, Range>, relations: readonly SumRelation[], key: (c: CellRef) => string): Set<number> {
  const broken = new Set<number>();
  for (let pass = 0; pass < 50; pass++) {
    let changed = false;
    relations.forEach((rel, r) => {
      // total − Σ parts = 0: each term's range from the others
      const terms = [{ ref: rel.total, sign: 1 }, ...rel.parts.map((ref) => ({ ref, sign: -1 }))];
      const rs = terms.map((t) => ranges.get(key(t.ref)));
      if (rs.some((x) => !x)) return;
      for (let i = 0; i < terms.length; i++) {
        let lo = 0;
        let hi = 0;
        terms.forEach((t, j) => {
          if (j === i) return;
          const [a, b] = rs[j]!;
          // contribution of the others, moved to i's side: sign_i x_i = −Σ sign_j x_j
          const s = -t.sign * terms[i]!.sign;
          lo += s > 0 ? a : -b;
          hi += s > 0 ? b : -a;
        });
        const [a, b] = rs[i]!;
        const next: Range = [Math.max(a, lo), Math.min(b, hi)];
        if (next[0] > next[1]) {
          broken.add(r);
          continue;
        }
        if (next[0] !== a || next[1] !== b) {
          rs[i] = next;
          ranges.set(key(terms[i]!.ref), next);
          changed = true;
        }
      }
    });
    if (!changed) break;
  }
  return broken;
}

/** Suppresses further counts (in place) until no [c] is pinned by the relations; returns how many. */
export function secondarySuppress(tables: ViewTable[], relations: readonly SumRelation[], policy: CountPolicy = 'everyone'): number {
  if (relations.length === 0) return 0;
  const byId = new Map(tables.map((t) => [t.id, t]));
  const key = (c: CellRef) => `${c.table}|${c.row}|${c.column}`;
  const get = (c: CellRef): Cell => {
    const t = byId.get(c.table)!;
    return t.rows[c.row]?.[t.columns.findIndex((col) => col.key === c.column)] ?? null;
  };
  const set = (c: CellRef, v: Cell) => {
    const t = byId.get(c.table)!;
    t.rows[c.row]![t.columns.findIndex((col) => col.key === c.column)] = v;
  };
  let added = 0;
  const secondary = new Set<string>();
  for (let round = 0; round < 1000; round++) {
    const ranges = new Map<string, Range>();
    for (const rel of relations) {
      for (const ref of [rel.total, ...rel.parts]) {
        const r = rangeOf(get(ref), secondary.has(key(ref)), policy);
        if (r) ranges.set(key(ref), r);
      }
    }
    const broken = narrow(ranges, relations, key);
    // the first relation holding a pinned [c], or one left with no solution
    const target = relations.findIndex((rel, r) => broken.has(r) || [rel.total, ...rel.parts].some((ref) => {
      const range = ranges.get(key(ref));
      if (range === undefined || range[0] !== range[1]) return false;
      return get(ref) === SUPPRESSED && (policy !== 'cohort' || range[0] >= SMALL_MIN);
    }));
    if (target < 0) break;
    const rel = relations[target]!;
    const candidates = [rel.total, ...rel.parts].filter((ref) => typeof get(ref) === 'number' && (get(ref) as number) > 0);
    if (candidates.length === 0) break;
    candidates.sort((a, b) => (get(a) as number) - (get(b) as number));
    set(candidates[0]!, SUPPRESSED);
    secondary.add(key(candidates[0]!));
    suppressBuiltOn(byId.get(candidates[0]!.table)!, candidates[0]!.row, candidates[0]!.column);
    added++;
  }
  return added;
}

/** The rates, intervals and verdicts of a row that are built on a count just suppressed go with it. */
function suppressBuiltOn(table: ViewTable, row: number, column: string): void {
  const counts = table.columns.filter((c) => c.kind === 'count').map((c) => c.key);
  table.columns.forEach((c, j) => {
    const derived = c.kind === 'rate' || c.kind === 'number' || (c.kind === 'text' && c.basis !== undefined);
    if (derived && (c.basis ?? counts).includes(column) && table.rows[row]![j] !== null) table.rows[row]![j] = SUPPRESSED;
  });
}

/**
 * The most values a dimension may have for partitionSuppress: every dimension the cohorts have, ethnicity's 7
 * (six groups and not recorded) the most. The cohorts of m values are 2^m − 1 and the splits the viewer can
 * write about 3^m / 2: random counts of 0 to 29 take 0.2, 3.3 and 11 ms a count at 4, 6 and 7 values, but an
 * answer's counts are mostly a few values above 0, worked out once (cohortsToSuppress).
 */
export const PARTITION_MAX_VALUES = 7;

/**
 * Secondary suppression across the answers for the cohorts of one dimension (sex: M, F, U, not recorded).
 * Each answer is rounded on its own, so beside everyone's answer and the other cohorts' a count can come
 * back (cohort-attack.test.ts: everyone 26 read 25, boys 9 and unknown 4 [c], girls, not-boys and
 * not-girls 13, 17 and 13 read 15, each at a bound: boys 9, unknown 4). For each count of the answer, the
 * exact counts of every value of the dimension (`values`, tables as `published`'s, exact) give every
 * cohort of it (any set of values: its count is their sum) and everyone (all of them); each is read as a
 * viewer reads it (everyone's: [c] 1–4, 0, or ± 2; a cohort's: [c] 0–9, or ± 2 and at least 10), every
 * cohort's range is narrowed by every split of it into two (A ∪ B = A + B) until nothing changes, and while
 * a count of 1 to 4 (1 to 9 of a cohort) is left with one value, the smallest count published as a number
 * of a cohort holding it (else of any cohort) is taken as [c] of any size. The choice rests on the exact
 * counts alone, so every cohort's answer makes the same one, and `published` (the answer for the cohort of
 * the values `member`) shows its part of it. Tables whose rows do not match value by value (a sparse
 * table) or rounded together (controlled.ts) are left alone, and so are dimensions of more than
 * PARTITION_MAX_VALUES values. One case no cohort's answer can protect: everyone 18 (shown 20, so 18 to 22) made
 * of two cohorts of 9, each [c] (0 to 9), so each 9 (partition-many.test.ts). Returns how many counts it suppressed.
 */
export function partitionSuppress(published: ViewTable[], values: ReadonlyArray<readonly ViewTable[]>, member: readonly boolean[]): number {
  const m = values.length;
  const full = (1 << m) - 1;
  const mine = member.reduce((bits, on, v) => (on ? bits | (1 << v) : bits), 0);
  if (m < 2 || m > PARTITION_MAX_VALUES || mine === 0 || mine === full) return 0;
  let added = 0;
  // many counts share their values' counts (0, 0, 1, 0 …): each set is worked out once
  const chosen = new Map<string, Set<number>>();
  const choose = (atoms: number[]) => {
    const key = atoms.join(',');
    if (!chosen.has(key)) chosen.set(key, cohortsToSuppress(atoms));
    return chosen.get(key)!;
  };
  for (const table of published) {
    if (table.sparse !== undefined) continue;
    const parts = values.map((tables) => tables.find((t) => t.id === table.id));
    // (counts rounded together, controlled.ts, are read otherwise and add up already)
    if (parts.some((t) => !t || t.controlled || t.rows.length !== table.rows.length || t.columns.length !== table.columns.length)) continue;
    table.columns.forEach((column, j) => {
      if (column.kind !== 'count') return;
      table.rows.forEach((row, r) => {
        const atoms = parts.map((t) => t!.rows[r]![j]);
        if (!atoms.every((a): a is number => typeof a === 'number') || typeof row[j] !== 'number') return;
        if (choose(atoms).has(mine)) {
          row[j] = SUPPRESSED;
          suppressBuiltOn(table, r, column.key);
          added++;
        }
      });
    });
  }
  return added;
}

/** Worked-out suppressions by the values' counts sorted and without 0s (cohortsToSuppress), kept across answers. */
const SOLVED = new Map<string, Solved>();
const SOLVED_MAX = 100_000;

/**
 * The cohorts (sets of values, as bits) whose count is [c] to protect another, from the values' exact counts.
 * A value counted 0 adds nothing to any cohort holding it: a cohort and the same cohort with 0-valued values
 * added have one count and show one number, so the work is done on the other values alone (as if the viewer
 * knew those values to be 0 exactly, which tells them more, not less) and each cohort chosen is hidden with
 * every set of the 0-valued values added to it; where that viewer could pin a count that the real one could
 * not with nothing left to hide, the work is done on every value. The values are sorted by count first, so
 * counts that differ only in order share the work (SOLVED).
 */
export function cohortsToSuppress(atoms: readonly number[]): Set<number> {
  const lifted = new Set<number>();
  // nothing to protect: every value 0 or 10 or more (so is every cohort, and everyone)
  if (atoms.every((a) => a === 0 || a >= COHORT_MIN)) return lifted;
  const everyone = (1 << atoms.length) - 1;
  const byCount = (a: number, b: number) => atoms[a]! - atoms[b]! || a - b;
  const nonZero = atoms.map((_, v) => v).filter((v) => atoms[v]! > 0).sort(byCount);
  let zeros = 0;
  atoms.forEach((a, v) => {
    if (a === 0) zeros |= 1 << v;
  });
  // Without the 0-valued values, unless that leaves a count pinned with nothing to hide for it: the viewer who
  // knows them to be 0 exactly can then do more than the real one (a cohort of all the other values is the
  // only count shown, and everyone is it exactly), so the work is done again on every value.
  let order = nonZero;
  let solved = solvedFor(nonZero.map((v) => atoms[v]!), zeros !== 0);
  if (!solved.resolved && zeros !== 0) {
    order = atoms.map((_, v) => v).sort(byCount);
    solved = solvedFor(order.map((v) => atoms[v]!), false);
    zeros = 0;
  }
  for (const bits of solved.cohorts) {
    let base = 0;
    for (let i = 0; i < order.length; i++) if (bits & (1 << i)) base |= 1 << order[i]!;
    // every set of the 0-valued values beside it (but not all of them with every other value: that is everyone)
    for (let z = zeros; ; z = (z - 1) & zeros) {
      if ((base | z) !== everyone) lifted.add(base | z);
      if (z === 0) break;
    }
  }
  return lifted;
}

interface Solved {
  cohorts: readonly number[];
  /** false when a count was left pinned with no cohort left to hide for it */
  resolved: boolean;
}

function solvedFor(counts: readonly number[], fullIsCohort: boolean): Solved {
  const key = `${counts.join(',')}${fullIsCohort ? '+0' : ''}`;
  let solved = SOLVED.get(key);
  if (!solved) {
    solved = solveCohorts(counts, fullIsCohort);
    if (SOLVED.size >= SOLVED_MAX) SOLVED.clear();
    SOLVED.set(key, solved);
  }
  return solved;
}

/**
 * cohortsToSuppress on values all above 0. `fullIsCohort`: other values (all 0) exist, so the set of all these
 * values is also a cohort of its own, published by the cohort's rule beside everyone's (both readings hold, and
 * a count of 1 to 9 there is protected as a cohort's).
 */
function solveCohorts(atoms: readonly number[], fullIsCohort: boolean): Solved {
  const m = atoms.length;
  const full = (1 << m) - 1;
  const secondary = new Set<number>();
  const truth = new Float64Array(full + 1);
  for (let bits = 1; bits <= full; bits++) truth[bits] = truth[bits & (bits - 1)]! + atoms[31 - Math.clz32(bits & -bits)]!;
  const asCohort = (t: number): Cell => (t < COHORT_MIN ? SUPPRESSED : Math.round(t / 5) * 5);
  const asEveryone = (t: number): Cell => (t >= SMALL_MIN && t <= SMALL_MAX ? SUPPRESSED : Math.round(t / 5) * 5);
  const shown = (bits: number): Cell => (bits === full ? asEveryone(truth[bits]!) : asCohort(truth[bits]!));
  const protectedUpTo = (bits: number) => (bits === full && !fullIsCohort ? SMALL_MAX : COHORT_MIN - 1);
  const lo = new Float64Array(full + 1);
  const hi = new Float64Array(full + 1);
  for (let round = 0; round <= full; round++) {
    for (let bits = 1; bits <= full; bits++) {
      let [a, b] = secondary.has(bits) ? [0, Infinity] : rangeOf(shown(bits), false, bits === full ? 'everyone' : 'cohort')!;
      if (bits === full && fullIsCohort) {
        const [c, d] = rangeOf(asCohort(truth[bits]!), false, 'cohort')!;
        [a, b] = [Math.max(a, c), Math.min(b, d)];
      }
      // everyone's count, where it is not one this dimension protects, as if known exactly: the cohorts of another
      // dimension narrow it (everyone 31 shown 30, pinned to 31 by the sexes' answers, then pinned an ethnicity's
      // 4 among its [c]: two-dimension-attack.test.ts), and everyone is all those dimensions share
      if (bits === full && truth[bits]! >= (fullIsCohort ? COHORT_MIN : SMALL_MAX + 1)) [a, b] = [truth[bits]!, truth[bits]!];
      lo[bits] = a;
      hi[bits] = b;
    }
    narrowCohorts(m, lo, hi);
    let pinned = 0;
    for (let bits = 1; bits <= full && pinned === 0; bits++) {
      const t = truth[bits]!;
      if (t >= 1 && t <= protectedUpTo(bits) && lo[bits] === hi[bits]) pinned = bits;
    }
    if (pinned === 0) break;
    // the smallest count published as a number of a cohort holding the pinned one (else of any cohort;
    // never everyone's: that is another answer). One at a time: taking one for every count pinned in a round
    // at once was 3 times faster at 7 values but hid twice as many cohorts (27 against 12 of 126).
    const open = (bits: number) => bits !== full && !secondary.has(bits) && typeof shown(bits) === 'number';
    const pick = (keep: (bits: number) => boolean) => {
      let best = 0;
      for (let bits = 1; bits < full; bits++) if (open(bits) && keep(bits) && (best === 0 || truth[bits]! < truth[best]!)) best = bits;
      return best;
    };
    const next = pick((bits) => (bits & pinned) === pinned) || pick(() => true);
    if (next === 0) return { cohorts: [...secondary], resolved: false };
    secondary.add(next);
  }
  return { cohorts: [...secondary], resolved: true };
}

/** Every split of every cohort into two (U = A ∪ B, A holding U's lowest value), by number of values. */
const SPLITS = new Map<number, Int32Array>();
function splitsOf(m: number): Int32Array {
  let out = SPLITS.get(m);
  if (!out) {
    const list: number[] = [];
    for (let u = 1; u < 1 << m; u++) {
      const low = u & -u;
      for (let a = (u - 1) & u; a > 0; a = (a - 1) & u) if (a & low) list.push(u, a, u ^ a);
    }
    out = Int32Array.from(list);
    SPLITS.set(m, out);
  }
  return out;
}

/** Every cohort's range (lo, hi by its bits), narrowed in place by every split U = A + B until nothing changes. */
function narrowCohorts(m: number, lo: Float64Array, hi: Float64Array): void {
  const splits = splitsOf(m);
  let changed = true;
  for (let pass = 0; pass < 100 && changed; pass++) {
    changed = false;
    const set = (k: number, l: number, h: number) => {
      const nl = Math.max(lo[k]!, l);
      const nh = Math.min(hi[k]!, h);
      if (nl <= nh && (nl !== lo[k] || nh !== hi[k])) {
        lo[k] = nl;
        hi[k] = nh;
        changed = true;
      }
    };
    for (let i = 0; i < splits.length; i += 3) {
      const u = splits[i]!;
      const a = splits[i + 1]!;
      const b = splits[i + 2]!;
      set(u, lo[a]! + lo[b]!, hi[a]! + hi[b]!);
      set(a, lo[u]! - hi[b]!, hi[u]! - lo[b]!);
      set(b, lo[u]! - hi[a]!, hi[u]! - lo[a]!);
    }
  }
}
