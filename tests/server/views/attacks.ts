// An attacker who holds only what a viewer is shown (the views' published JSON) and tries to rebuild a
// suppressed count exactly. Written from the attacks of the review of issue 9 (scratch9/recover_*.py),
// not from the disclosure code: the attacker knows how figures are defined (a share is k/n, a
// Kaplan–Meier survival is the product of 1 − ended/at risk, an interval is Wilson's), the documented
// sums (a node's trips are the links into it; at risk next = at risk − ended − still open; everyone =
// a cohort + its complement), and reads the precision of each published number from its digits.
// Each attack returns, for every suppressed cell it could reach, the exact values still possible; a
// cell is recovered when exactly one is left.

export type PublishedCell = string | number | null;
type Row = Record<string, PublishedCell>;

export interface Attempt {
  cell: string;
  /** exact values consistent with everything published */
  possible: number[];
  /** the true value (from a server allowed exact numbers) */
  truth: number;
}

export const recovered = (attempts: readonly Attempt[]) => attempts.filter((a) => a.possible.length === 1);

/** Exact values a published count can stand for: [c] is 1–4, 0 is 0, anything else v±2 (rounded to 5) — or v if v is not a multiple of 5. */
export function countCandidates(cell: PublishedCell): number[] {
  if (cell === '[c]') return [1, 2, 3, 4];
  if (typeof cell !== 'number') return [];
  if (cell === 0) return [0];
  if (cell % 5 !== 0) return [cell];
  return [cell - 2, cell - 1, cell, cell + 1, cell + 2].filter((v) => v >= 5);
}

/** The half-width of the rounding of a published number, read from how many decimals a column shows. */
export function halfStep(values: readonly PublishedCell[]): number {
  let decimals = 0;
  for (const v of values) {
    if (typeof v !== 'number' || Number.isInteger(v)) continue;
    const text = String(v);
    const d = text.includes('e-') ? Number(text.split('e-')[1]) : (text.split('.')[1] ?? '').length;
    decimals = Math.max(decimals, d);
  }
  return 0.5 * 10 ** -decimals + 1e-12;
}

const within = (value: number, published: PublishedCell, half: number) => typeof published !== 'number' || Math.abs(value - published) <= half;

/** Wilson score interval (95%), as any statistics text gives it. */
export function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The exact (k, n) pairs a published count, out-of, rate and Wilson interval allow. */
function ratePairs(row: Row, k: string, n: string, rate: string, lower: string, upper: string, halves: Record<string, number>): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  // A figure that is just the published counts worked through the formula tells nothing more: only a
  // figure that differs from that is taken to come from the exact counts.
  const pk = row[k];
  const pn = row[n];
  const fromPublished = typeof pk === 'number' && typeof pn === 'number' && pn > 0;
  const [plo, phi] = fromPublished ? wilson(pk, pn) : [NaN, NaN];
  const informs = (key: string, published: number) => !(fromPublished && within(published, row[key] ?? null, halves[key] ?? 0));
  for (const kk of countCandidates(row[k] ?? null)) {
    for (const nn of countCandidates(row[n] ?? null)) {
      if (nn <= 0 || kk > nn) continue;
      if (informs(rate, fromPublished ? pk / pn : NaN) && !within(kk / nn, row[rate] ?? null, halves[rate] ?? 0)) continue;
      const [lo, hi] = wilson(kk, nn);
      if (informs(lower, plo) && !within(lo, row[lower] ?? null, halves[lower] ?? 0)) continue;
      if (informs(upper, phi) && !within(hi, row[upper] ?? null, halves[upper] ?? 0)) continue;
      pairs.push([kk, nn]);
    }
  }
  return pairs;
}

function columnHalves(rows: readonly Row[], keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, halfStep(rows.map((r) => r[key] ?? null))]));
}

const uniq = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

/**
 * Cohorts: A small, B its complement, E everyone (a cohorts view with no filter). Every count of A that
 * is [c] is E − B for some exact (k, n) of E and of B consistent with their counts, rates and intervals.
 * `ab`: the rates of the view A vs B; `everyone`: the rates of a view whose column A is everyone.
 */
export function attackCohorts(ab: readonly Row[], everyone: readonly Row[], truth: readonly Row[]): Attempt[] {
  const cols = ['a_k', 'a_n', 'a_rate', 'a_ci_lower', 'a_ci_upper', 'b_k', 'b_n', 'b_rate', 'b_ci_lower', 'b_ci_upper'];
  const hAB = columnHalves(ab, cols);
  const hE = columnHalves(everyone, cols);
  const out: Attempt[] = [];
  ab.forEach((row, i) => {
    const e = everyone.find((r) => r.rate === row.rate);
    if (!e) return;
    for (const part of ['k', 'n'] as const) {
      if (row[`a_${part}`] !== '[c]') continue;
      const fromE = ratePairs(e, 'a_k', 'a_n', 'a_rate', 'a_ci_lower', 'a_ci_upper', hE);
      const fromB = ratePairs(row, 'b_k', 'b_n', 'b_rate', 'b_ci_lower', 'b_ci_upper', hAB);
      const possible: number[] = [];
      for (const [ke, ne] of fromE) {
        for (const [kb, nb] of fromB) {
          const [ka, na] = [ke - kb, ne - nb];
          if (!countCandidates(row.a_k ?? null).includes(ka) || !countCandidates(row.a_n ?? null).includes(na)) continue;
          possible.push(part === 'k' ? ka : na);
        }
      }
      out.push({ cell: `${String(row.rate)} a_${part}`, possible: uniq(possible), truth: truth[i]![`a_${part}`] as number });
    }
  });
  return out;
}

/** Values of a sum of independent terms, each from its own set. */
function sumset(sets: readonly number[][]): Set<number> {
  let acc = new Set([0]);
  for (const s of sets) {
    const next = new Set<number>();
    for (const a of acc) for (const b of s) next.add(a + b);
    acc = next;
  }
  return acc;
}

/**
 * Pathways: a node's trips are the sum of the links into it; each link's count also fits its share of
 * the trips at its source. A suppressed link is the node less the other links into it.
 */
export function attackPathways(nodes: readonly Row[], links: readonly Row[], truthLinks: readonly Row[]): Attempt[] {
  const half = halfStep(links.map((l) => l.share ?? null));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  // each link's exact candidates, narrowed by its share of the source's trips
  const linkCands = links.map((l) => {
    const source = nodeById.get(l.source ?? '');
    const sources = source ? countCandidates(source.trips ?? null) : [];
    // a share that is the published count over the published trips tells nothing more
    const fromPublished = typeof l.count === 'number' && typeof source?.trips === 'number' && source.trips > 0 && within(l.count / source.trips, l.share ?? null, half);
    return countCandidates(l.count ?? null).filter((k) => fromPublished || sources.length === 0 || sources.some((n) => n > 0 && within(k / n, l.share ?? null, half)));
  });
  const out: Attempt[] = [];
  links.forEach((l, i) => {
    if (l.count !== '[c]') return;
    const node = nodeById.get(l.target ?? '');
    if (!node || node.step === 1 || typeof node.trips !== 'number') return;
    const others = links.map((o, j) => ({ o, j })).filter(({ o, j }) => o.target === l.target && j !== i);
    if (others.length > 6) return;
    const rest = sumset(others.map(({ j }) => linkCands[j]!));
    const possible = linkCands[i]!.filter((k) => countCandidates(node.trips ?? null).some((t) => rest.has(t - k)));
    out.push({ cell: `${String(l.source)}→${String(l.target)}`, possible, truth: truthLinks[i]!.count as number });
  });
  return out;
}

/**
 * Time in care: at risk next = at risk − ended − still open, and the published survival S of a row is
 * the one before it times (1 − ended/at risk). A suppressed "ended" is pinned by the at-risk chain and by
 * the survivals published on either side of it (the review: 1 − 0.9917 of 365 = 3).
 */
export function attackLifeTable(life: readonly Row[], truth: readonly Row[]): Attempt[] {
  const half = halfStep(life.map((r) => r.survival ?? null));
  const out: Attempt[] = [];
  life.forEach((r, i) => {
    if (r.ended !== '[c]') return;
    const same = (j: number) => j >= 0 && j < life.length && life[j]!.group === r.group;
    const next = same(i + 1) ? life[i + 1]! : null;
    // the at-risk chain
    let possible = countCandidates('[c]').filter((d) => {
      if (!next) return true;
      return countCandidates(r.at_risk ?? null).some((n) => countCandidates(r.censored ?? null).some((c) => countCandidates(next.at_risk ?? null).includes(n - d - c)));
    });
    // survivals: the nearest published one before (or 1 at the start) and after, through the rows between
    let p = i - 1;
    while (same(p) && typeof life[p]!.survival !== 'number') p--;
    const before: [number, number] = same(p) ? [(life[p]!.survival as number) - half, (life[p]!.survival as number) + half] : [1, 1];
    let q = i;
    while (same(q) && typeof life[q]!.survival !== 'number') q++;
    if (same(q) && q - p <= 4 && !survivalFromPublished(life, half)) {
      const after: [number, number] = [(life[q]!.survival as number) - half, (life[q]!.survival as number) + half];
      const rows = life.slice(p + 1, q + 1);
      possible = possible.filter((d) => {
        // products of (1 − d_j/n_j) over the rows between, with row i's ended fixed at d
        const factors = rows.map((row, j) => {
          const ds = p + 1 + j === i ? [d] : countCandidates(row.ended ?? null);
          const fs: number[] = [];
          for (const n of countCandidates(row.at_risk ?? null)) for (const dd of ds) if (n > 0 && dd <= n) fs.push(1 - dd / n);
          return fs;
        });
        let products = [1];
        for (const fs of factors) {
          products = products.flatMap((x) => fs.map((f) => x * f));
          if (products.length > 200_000) return true;
        }
        return products.some((x) => x * before[1] >= after[0] && x * before[0] <= after[1]);
      });
    }
    out.push({ cell: `${String(r.group)} ${String(r.from)}–${String(r.to)} ended`, possible, truth: truth[i]!.ended as number });
  });
  return out;
}

/** Whether every published survival is just Kaplan–Meier over the published counts ([c] as 2.5): then it tells nothing more. */
function survivalFromPublished(life: readonly Row[], half: number): boolean {
  let group: PublishedCell | undefined;
  let s = 1;
  for (const r of life) {
    if (r.group !== group) [group, s] = [r.group, 1];
    const n = r.at_risk === '[c]' ? 2.5 : r.at_risk;
    const d = r.ended === '[c]' ? 2.5 : r.ended;
    if (typeof n === 'number' && typeof d === 'number' && n > 0) s *= 1 - Math.min(d, n) / n;
    if (typeof r.survival === 'number' && !within(s, r.survival, half)) return false;
  }
  return true;
}
