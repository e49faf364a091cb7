// Turns raw tallies into model cells under the small-cell rule: a cell describing fewer than minCell
// children is merged into a coarser cell (a step of a fine transition cell becomes "draw from the
// coarser cell"; a joint attribute cell loses its finest attribute) or, at the coarsest level, dropped.
// Every merge is listed by name in `merged`; counts of small cells are never written.
import { AGE_BANDS } from '../core/children.js';
import { incidenceWeights, type Observation } from './censoring.js';
import { durationFromSamples } from './durations.js';
import type { ChildCell, CodeShare, Model, NextStep, ReturnCell, TransitionCell } from './model.js';
import { COARSER, START } from './states.js';

/** Observations of one cell: parallel arrays, appended child by child. */
export interface ObservationCell {
  children: number[];
  /** step label, `end`, `return`, or null when censored */
  to: (string | null)[];
  /** days since the previous event (or until censoring) */
  t: number[];
}

type Merged = Model['merged'];

function distinct(children: readonly number[]): number {
  let n = 0;
  let last = -1;
  for (const c of children) if (c !== last) (n++, (last = c));
  return n;
}

interface Tally {
  children: number;
  /** per target: children, summed weight, durations and their weights */
  targets: Map<string, { children: number; lastChild: number; weight: number; t: number[]; w: number[] }>;
}

function tally(cell: ObservationCell): Tally {
  const labels = [...new Set(cell.to.filter((t): t is string => t !== null))];
  const index = new Map(labels.map((l, i) => [l, i]));
  const observations: Observation[] = cell.to.map((to, i) => ({ t: cell.t[i]!, cause: to === null ? -1 : index.get(to)! }));
  const weights = incidenceWeights(observations);
  const targets: Tally['targets'] = new Map();
  cell.to.forEach((to, i) => {
    if (to === null) return;
    let entry = targets.get(to);
    if (!entry) targets.set(to, (entry = { children: 0, lastChild: -1, weight: 0, t: [], w: [] }));
    const child = cell.children[i]!;
    if (child !== entry.lastChild) (entry.children++, (entry.lastChild = child));
    entry.weight += weights[i]!;
    entry.t.push(cell.t[i]!);
    entry.w.push(weights[i]!);
  });
  return { children: distinct(cell.children), targets };
}

export function buildTransitionCells(store: Map<string, ObservationCell>, minCell: number, merged: Merged): TransitionCell[] {
  const out: TransitionCell[] = [];
  const coarse = new Map<string, Set<string>>();
  // Coarsest cells first (one per state): they hold the durations; small steps there are dropped.
  for (const [key, cell] of store) {
    const [from, age, prev] = key.split('|') as [string, string, string];
    if (age !== '*' || prev !== '*') continue;
    const t = tally(cell);
    if (t.children < minCell) {
      merged.push({ cell: `transitions from ${from}`, into: 'dropped (trips end there)' });
      continue;
    }
    const next: NextStep[] = [];
    let total = 0;
    for (const [to, e] of t.targets) {
      if (e.children < minCell) {
        merged.push({ cell: `step ${from} -> ${to}`, into: 'dropped' });
        continue;
      }
      total += e.weight;
      const step: NextStep = { to, p: e.weight, children: e.children };
      if (from !== START && to.includes(':')) step.duration = durationFromSamples(e.t, e.children, e.w);
      next.push(step);
    }
    if (next.length === 0 || total <= 0) {
      merged.push({ cell: `transitions from ${from}`, into: 'dropped (trips end there)' });
      continue;
    }
    next.forEach((n) => (n.p /= total));
    coarse.set(from, new Set(next.map((n) => n.to)));
    out.push({ from, age: '*', prev: '*', children: t.children, next });
  }
  // Finer cells: by previous episodes, then by age band and previous episodes. Small steps defer to the coarser cell.
  for (const [key, cell] of store) {
    const [from, age, prev] = key.split('|') as [string, string, string];
    if (age === '*' && prev === '*') continue;
    const allowed = coarse.get(from);
    const name = `transitions from ${from} (age ${age}, previous episodes ${prev})`;
    if (!allowed) continue;
    const t = tally(cell);
    if (t.children < minCell) {
      merged.push({ cell: name, into: age === '*' ? 'all ages and episodes' : `all ages, previous episodes ${prev}` });
      continue;
    }
    const next: NextStep[] = [];
    let deferred = 0;
    let total = 0;
    for (const [to, e] of t.targets) {
      total += e.weight;
      if (e.children < minCell || !allowed.has(to)) {
        deferred += e.weight;
        merged.push({ cell: `step ${from} -> ${to} (age ${age}, previous episodes ${prev})`, into: 'the coarser cell' });
      } else next.push({ to, p: e.weight, children: e.children });
    }
    if (next.length === 0 || total <= 0) continue;
    if (deferred > 0) next.push({ to: COARSER, p: deferred, children: 0 });
    next.forEach((n) => (n.p /= total));
    out.push({ from, age: age as TransitionCell['age'], prev: prev as TransitionCell['prev'], children: t.children, next });
  }
  return out;
}

export function buildReturnCells(store: Map<string, ObservationCell>, minCell: number, merged: Merged): ReturnCell[] {
  const out: ReturnCell[] = [];
  const order = [...store.keys()].sort((a, b) => (a.match(/\*/g)?.length ?? 0) - (b.match(/\*/g)?.length ?? 0)).reverse();
  for (const key of order) {
    const [, age, prev] = key.split('|') as [string, string, string];
    const t = tally(store.get(key)!);
    const back = t.targets.get('return');
    const returned = back?.children ?? 0;
    if (t.children < minCell || returned < minCell) {
      if (age === '*' && prev === '*') {
        merged.push({ cell: 'returns', into: 'dropped (no child comes back)' });
        out.push({ age: '*', prev: '*', children: t.children >= minCell ? t.children : 0, probability: 0, gap: durationFromSamples([], 0) });
      } else merged.push({ cell: `returns (age ${age}, previous episodes ${prev})`, into: 'the coarser cell' });
      continue;
    }
    out.push({
      age: age as ReturnCell['age'],
      prev: prev as ReturnCell['prev'],
      children: t.children,
      probability: Math.min(1, back!.weight),
      gap: durationFromSamples(back!.t, returned, back!.w),
    });
  }
  return out;
}

export interface ChildDescription {
  age: string;
  sex: string;
  ethnicityGroup: string;
  ethnicity: string;
  disability: string;
}

const CHILD_LEVELS: ReadonlyArray<ReadonlyArray<keyof ChildCell>> = [
  ['age', 'sex', 'ethnicityGroup', 'disability'],
  ['age', 'sex', 'ethnicityGroup'],
  ['age', 'sex'],
  ['age'],
  [],
];

export function buildChildCells(children: readonly ChildDescription[], minCell: number, merged: Merged): Model['children'] {
  // Each child sits in the finest joint cell of at least minCell children; smaller cells lose attributes.
  let pending: ChildDescription[] = [...children];
  const cells: ChildCell[] = [];
  for (const [level, keep] of CHILD_LEVELS.entries()) {
    const groups = new Map<string, ChildDescription[]>();
    for (const child of pending) {
      const key = keep.map((k) => child[k as keyof ChildDescription]).join('|');
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(child);
    }
    pending = [];
    for (const members of groups.values()) {
      const sample = members[0]!;
      const cell: ChildCell = {
        age: keep.includes('age') ? (sample.age as ChildCell['age']) : '*',
        sex: keep.includes('sex') ? (sample.sex as ChildCell['sex']) : '*',
        ethnicityGroup: keep.includes('ethnicityGroup') ? (sample.ethnicityGroup as ChildCell['ethnicityGroup']) : '*',
        disability: keep.includes('disability') ? (sample.disability as ChildCell['disability']) : '*',
        children: members.length,
      };
      if (members.length >= minCell) cells.push(cell);
      else {
        const name = `children ${keep.map((k) => `${k}=${cell[k] || 'blank'}`).join(', ') || 'all'}`;
        merged.push({ cell: name, into: level + 1 < CHILD_LEVELS.length ? `cell without ${keep.at(-1)}` : 'dropped' });
        pending.push(...members);
      }
    }
  }
  const marginal = (field: keyof ChildDescription): CodeShare[] => {
    const counts = new Map<string, number>();
    for (const child of children) counts.set(child[field], (counts.get(child[field]) ?? 0) + 1);
    const childSets = new Map([...counts].map(([k, n]) => [k, n]));
    return codeShares(`children ${field}`, counts, childSets, minCell, merged);
  };
  return {
    cells,
    marginals: {
      age: marginal('age').filter((s) => (AGE_BANDS as readonly string[]).includes(s.code)),
      sex: marginal('sex'),
      ethnicityGroup: marginal('ethnicityGroup'),
      ethnicity: marginal('ethnicity'),
      disability: marginal('disability'),
    },
  };
}

/** Shares of codes by events, keeping only codes seen for at least minCell children. */
export function codeShares(
  what: string, events: Map<string, number>, children: Map<string, Set<number> | number>, minCell: number, merged: Merged,
): CodeShare[] {
  const kept: CodeShare[] = [];
  let total = 0;
  for (const [code, n] of events) {
    const c = children.get(code);
    const count = typeof c === 'number' ? c : (c?.size ?? 0);
    if (count < minCell) {
      merged.push({ cell: `${what} ${code || 'blank'}`, into: 'dropped' });
      continue;
    }
    kept.push({ code, share: n, children: count });
    total += n;
  }
  kept.forEach((k) => (k.share /= total));
  return kept.sort((a, b) => b.share - a.share);
}

