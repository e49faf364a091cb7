// Applies the disclosure policy (policy.ts) to a view's tables: counts suppressed or rounded, and the
// rates, intervals, medians and verdicts built on a suppressed count suppressed with it. The views'
// JSON is assembled from the tables this returns, so every place a viewer looks shows the same number.
import { columnIndex, type Cell, type ViewTable } from '../analysis/view-table.js';
import { publishCount, publishCountAs, publishShare, roundTo, SUPPRESSED, tooFewForRate, type CountPolicy } from './policy.js';
import { recomputeRow } from './recompute.js';

export interface Disclosed {
  tables: ViewTable[];
  /** counts shown as [c], and counts rounded to a different value */
  suppressed: number;
  rounded: number;
}

/**
 * Counts that are a cohort's in an answer that holds everyone's too (the cohorts view: A everyone, B girls):
 * in table `table`, the count columns `columns` and every count of the rows `rows` go by the cohort policy.
 */
export interface CohortCounts {
  table: string;
  columns?: readonly string[];
  rows?: readonly number[];
}

/**
 * `policy` (default everyone's): in a cohort's answer every count under 10 (0 too) is [c], rates are
 * worked out from the published counts and any other figure on a [c] count is [c] (policy.ts).
 * `cohortCounts`: counts under the cohort policy in an answer that is otherwise everyone's; a figure
 * built on one of them goes by the cohort policy too.
 */
export function discloseTables(tables: readonly ViewTable[], options: { exact: boolean; policy?: CountPolicy; cohortCounts?: readonly CohortCounts[] }): Disclosed {
  const policy = options.policy ?? 'everyone';
  if (options.exact) return { tables: tables.map(({ controlled: _, ...t }) => ({ ...t, rows: t.rows.map((r) => [...r]) })), suppressed: 0, rounded: 0 };
  let suppressed = 0;
  let rounded = 0;
  const published = tables.map(({ controlled, ...table }) => {
    const counts = table.columns.flatMap((c, j) => (c.kind === 'count' ? [j] : []));
    const basisOf = table.columns.map((c) => (c.basis ? c.basis.map((k) => columnIndex(table, k)) : counts));
    // A text cell goes only when it says it is built on counts (a verdict such as "differs: yes").
    const derived = table.columns.map((c) => c.kind === 'rate' || c.kind === 'number' || (c.kind === 'text' && c.basis !== undefined));
    const outOf = table.columns.map((c) => (c.outOf ? columnIndex(table, c.outOf) : -1));
    // the headlines' unit column: a share's n is the second of its basis (k, n), k or not
    const unitAt = table.id === 'headlines' ? table.columns.findIndex((c) => c.key === 'unit') : -1;
    const marked = (options.cohortCounts ?? []).filter((c) => c.table === table.id);
    const policyAt = (r: number, j: number): CountPolicy =>
      policy === 'cohort' || marked.some((c) => c.columns?.includes(table.columns[j]!.key) || c.rows?.includes(r)) ? 'cohort' : 'everyone';
    const rows = table.rows.map((row, r) => {
      const policies = row.map((_, j) => policyAt(r, j));
      // a figure goes by the cohort policy when a count it is built on does
      const cohortFigure = basisOf.map((basis) => basis.some((b) => policies[b] === 'cohort'));
      // linked counts rounded together (controlled.ts): shown as given, and a figure built on one goes
      // with it only when that published count is small (the published count is all it holds)
      const given = controlled?.rows[r] ?? null;
      const givenAt = (j: number) => (given && table.columns[j]!.key in given ? given[table.columns[j]!.key]! : undefined);
      const small = row.map((cell, j) => {
        const g = givenAt(j);
        if (g !== undefined) return g === SUPPRESSED || (controlled!.figuresFrom !== undefined && g < controlled!.figuresFrom);
        if (table.columns[j]!.kind !== 'count' || typeof cell !== 'number') return false;
        // a cohort's count under 10, 0 included, is [c]: what is built on it goes with it
        return publishCountAs(cell, policies[j]!) === SUPPRESSED;
      });
      const shownCounts = row.map((cell, j) => givenAt(j) ?? (table.columns[j]!.kind === 'count' && typeof cell === 'number' ? publishCountAs(cell, policies[j]!) : cell));
      // the published counts (or what a row gives) a figure is built on
      const shownBasis = (j: number) => basisOf[j]!.map((b) => givenAt(b) ?? (table.columns[b]!.kind === 'count' ? shownCounts[b]! : row[b] ?? null));
      return row.map((cell: Cell, j) => {
        const column = table.columns[j]!;
        if (column.kind === 'count' && typeof cell === 'number') {
          const shown = shownCounts[j]!;
          if (shown === SUPPRESSED) suppressed++;
          else if (shown !== cell) rounded++;
          return shown;
        }
        // given by the route as the request may see it (a survival or median of time in care, survival.ts)
        if (column.published) return cell;
        const cohort = cohortFigure[j]!;
        // a cohort's rate k/n is worked out from the published counts alone ([c] when either is [c])
        if (cohort && derived[j] && !column.recompute && isRatio(cell, column.kind, basisOf[j]!.map((b) => row[b] ?? null))) {
          const [k, n] = shownBasis(j);
          return typeof k === 'number' && typeof n === 'number' ? publishShare(k, n) : SUPPRESSED;
        }
        // a cohort's other figures go with a [c] count whether or not there is one (no figure for an exact
        // 0, one for 1 to 9, would tell them apart: an interval or a difference of rates out of 0 is none)
        if (derived[j] && (cell !== null || cohort) && basisOf[j]!.some((b) => small[b])) return SUPPRESSED;
        // A share out of too few to give a rate is [c] even when it is not k/n (a Kaplan–Meier share at a
        // year, out of the stays begun): the column names its population, or a headline's share its n.
        if (derived[j] && typeof cell === 'number' && outOf[j]! >= 0 && tooFewForRate(shownCounts[outOf[j]!])) return SUPPRESSED;
        if (derived[j] && typeof cell === 'number' && unitAt >= 0 && row[unitAt] === 'share' && basisOf[j]!.length === 2 && tooFewForRate(shownCounts[basisOf[j]![1]!])) return SUPPRESSED;
        if (column.recompute && cell !== null) {
          // an interval or a difference of rates out of too few to give a rate goes with the rate
          const denominators = column.recompute.startsWith('wilson') ? [1] : [1, 3];
          if (denominators.some((d) => tooFewForRate(shownCounts[basisOf[j]![d]!]))) return SUPPRESSED;
          return recomputeRow(column.recompute, basisOf[j]!.map((b) => shownCounts[b] ?? null));
        }
        // a headline count (value = k, no n) given controlled is that published count
        if (derived[j] && typeof cell === 'number' && basisOf[j]!.length === 2 && row[basisOf[j]![1]!] === null && cell === row[basisOf[j]![0]!] && givenAt(basisOf[j]![0]!) !== undefined) return shownCounts[basisOf[j]![0]!]!;
        if (derived[j] && typeof cell === 'number') return publishDerived(cell, column.kind, column.key, basisOf[j]!.map((b) => (givenAt(b) !== undefined ? shownCounts[b]! : row[b] ?? null)));
        return cell;
      });
    });
    return { ...table, rows };
  });
  return { tables: published, suppressed, rounded };
}

/**
 * A rate, value or number as a viewer sees it: only ever from what is published beside it, so that no
 * exact count can be solved back from it (0.0599781897 × 917 = 55).
 *   - a share k/n of two published counts is worked out again from the rounded counts (to 0.1 of a point),
 *     and is [c] when the published n is below RATE_MIN_DENOMINATOR (too few to give a rate);
 *   - a headline count (value = k, no n) is the rounded count;
 *   - a p-value is kept to one significant figure (P = 0.8576^n would give n away);
 *   - any other share built on counts (a survival, a confidence limit) to a whole percent, a modelled share
 *     to 0.1 of a point, any other number to 3 significant figures.
 */
export function publishDerived(value: number, kind: string, key: string, basis: readonly Cell[]): Cell {
  const [a, b] = basis;
  // counts published together (controlled.ts) may read 0 out of 0 where the exact n is not: no rate
  if (basis.length === 2 && typeof a === 'number' && b === 0) return null;
  // A rate on two counts is their ratio (the routes round it to 4 decimals, so it is not compared with
  // k/n: a share kept to 2 decimals from the exact counts gave them away, 10/170 → 0.06 not 0.059).
  if (basis.length === 2 && typeof a === 'number' && typeof b === 'number' && b > 0 && (kind === 'rate' || Math.abs(value - a / b) < 1e-9)) {
    // [c] when a count is 1 to 4 or the published n is too few to give a rate (policy.ts)
    return publishShare(a, b);
  }
  if (basis.length === 2 && typeof a === 'number' && b === null && value === a) {
    const k = publishCount(a);
    return typeof k === 'number' ? k : null;
  }
  if (/^p(_|$)/.test(key) && value >= 0 && value <= 1) return roundSignificant(value, 1);
  // A share built on counts that is not their ratio (a survival curve, a confidence limit): to a whole
  // percent, so that a step of it cannot be divided back into the few that ended (1 − 0.9917 of 365 = 3).
  if (kind === 'rate') return roundTo(value, basis.length > 0 ? 2 : 3);
  return roundSignificant(value, 3);
}

/** A figure that is its basis's ratio k/n (publishDerived's test). */
function isRatio(value: Cell, kind: string, basis: readonly Cell[]): boolean {
  const [a, b] = basis;
  return basis.length === 2 && typeof value === 'number' && typeof a === 'number' && typeof b === 'number' && b > 0 && (kind === 'rate' || Math.abs(value - a / b) < 1e-9);
}

function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return roundTo(value, Math.max(0, digits - 1 - magnitude));
}
