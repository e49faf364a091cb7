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
