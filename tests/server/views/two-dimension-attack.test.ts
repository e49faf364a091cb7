// Issue 9 item 5, what cohort-attack.test.ts left out: cohorts of two dimensions, and the map's stations
// endpoint. Written apart from the disclosure code, as a viewer who knows the stated policy would work:
// every count a viewer is shown is read as the range it stands for (cohort-attacker.ts), the ranges are
// narrowed by the sums that hold in the exact counts, and a count of 1 to 4 left with one value is pinned.
//  - Two dimensions: `cohort=sex:M;eth:white` is the cell of boys of white ethnicity. A margin is the sum of
//    its cells (boys = Σ over ethnicity of boys × ethnicity; white = Σ over sex), everyone the sum of either
//    margin. Each answer rounded on its own, the cells beside their margins pinned counts (the old server).
//  - The stations endpoint for everyone, each sex and two complements (everyone = boys + girls + unknown
//    = a cohort + its complement), and for the cells of sex × ethnicity, at twelve dates.
// A request the server refuses tells the attacker nothing (its counts stay 0 to any size).
import { describe, expect, it } from 'vitest';
import { COHORT_NOTE } from '../../../core/disclosure/policy.js';
import type { TestServer } from '../api/harness.js';
import { BIG, pinned, propagate, rangeOf, smallLogServers, type Answer, type Cell, type Range } from './cohort-attacker.js';

/** Sex in three groups (unknown and not recorded together), ethnicity in five (the log has four, the rest none). */
const SEX_GROUPS = ['M', 'F', 'U|'] as const;
const ETH_GROUPS = ['white', 'black', 'asian', 'mixed', 'other|unknown|'] as const;
const ALL_SEX = 'M|F|U|';
const ALL_ETH = 'white|mixed|asian|black|other|unknown|';
/** A side of a cohort: a group, every group but it ("not"), or everything. */
type Side = { name: string; text: string };
const sides = (groups: readonly string[], all: string): Side[] => [
  ...groups.map((g) => ({ name: g, text: g })),
  ...groups.map((g) => ({ name: `not ${g}`, text: groups.filter((x) => x !== g).join('|') })),
  { name: '*', text: all },
];
const SEX_SIDES = sides(SEX_GROUPS, ALL_SEX);
const ETH_SIDES = sides(ETH_GROUPS, ALL_ETH);
/**
 * name → cohort text: every sex side × ethnicity side (everyone, the margins of one dimension, and the
 * cells of two with their complements within a row or column), and each sex side asked as two dimensions
 * with every ethnicity ticked ("wide": the same children as the one-dimension cohort).
 */
const COHORTS: Record<string, string> = {};
for (const a of SEX_SIDES) {
  for (const b of ETH_SIDES) {
    const parts = [a.name === '*' ? null : `sex:${a.text}`, b.name === '*' ? null : `eth:${b.text}`].filter((x) => x !== null);
    COHORTS[`${a.name}/${b.name}`] = parts.join(';');
  }
}
for (const a of SEX_SIDES.filter((x) => x.name !== '*')) COHORTS[`wide ${a.name}`] = `sex:${a.text};eth:${ALL_ETH}`;
/** total = Σ parts, by name: within each column (sex) and each row (ethnicity), a total is its groups and a group and its complement */
const splits = (groups: readonly string[]) => [
  ['*', [...groups]] as const,
  ...groups.map((g) => ['*', [g, `not ${g}`]] as const),
  ...groups.map((g) => [`not ${g}`, groups.filter((x) => x !== g)] as const),
];
const SUMS: Array<readonly [string, readonly string[]]> = [
  ...ETH_SIDES.flatMap((b) => splits(SEX_GROUPS).map(([t, ps]) => [`${t}/${b.name}`, ps.map((p) => `${p}/${b.name}`)] as const)),
  ...SEX_SIDES.flatMap((a) => splits(ETH_GROUPS).map(([t, ps]) => [`${a.name}/${t}`, ps.map((p) => `${a.name}/${p}`)] as const)),
  ...SEX_SIDES.filter((x) => x.name !== '*').map((a) => [`wide ${a.name}`, [`${a.name}/*`]] as const),
];
/**
 * One dimension's cohorts and complements (cohort-attack.test.ts asks them of the views), of sex and of
 * ethnicity, for the stations endpoint: names sex side/ethnicity side as above.
 */
const ONE_DIMENSION = Object.fromEntries(Object.entries(COHORTS).filter(([name, text]) => !name.startsWith('wide') && !text.includes(';')));
const ONE_DIMENSION_SUMS = SUMS.filter(([total, parts]) => [total, ...parts].every((n) => n in ONE_DIMENSION));
interface Attack {
  ranges: Map<string, Range>;
  truth: Map<string, number>;
  /** row|column of every count seen */
  rowCols: Set<string>;
  refused: number;
  answered: number;
}

describe('a viewer differencing two-dimension cohorts and the stations endpoint pins no count of 1 to 4', () => {
  const servers = smallLogServers();

  const inject = (server: TestServer, url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url, headers });

  /**
   * Asks every cohort of `cohorts` as a viewer and exactly; `cells` reads an answer's counts as
   * row|column → value. A refused request leaves its counts unknown (0 to any size).
   */
  const attack = async (cohorts: Record<string, string>, urlOf: (cohort: string) => string[], cells: (answer: unknown) => Map<string, Cell>): Promise<Attack> => {
    const a: Attack = { ranges: new Map(), truth: new Map(), rowCols: new Set(), refused: 0, answered: 0 };
    for (const [name, cohort] of Object.entries(cohorts)) {
      for (const url of urlOf(cohort)) {
        const exactRes = await inject(servers.exact, url);
        expect(exactRes.statusCode, `exact ${url}`).toBe(200);
        for (const [k, v] of cells(exactRes.json())) {
          a.truth.set(`${name}|${url.replace(/[&?]cohort=[^&]*/, '')}|${k}`, v as number);
          a.rowCols.add(`${url.replace(/[&?]cohort=[^&]*/, '')}|${k}`);
        }
        const shownRes = await inject(servers.safe, url, servers.viewer);
        if (shownRes.statusCode !== 200) {
          // refused: 4xx that says why, never a 5xx
          expect(shownRes.statusCode, url).toBeGreaterThanOrEqual(400);
          expect(shownRes.statusCode, url).toBeLessThan(500);
          a.refused++;
          continue;
        }
        a.answered++;
        const shown = shownRes.json() as { disclosure?: { note: string | null } };
        const cohortPolicy = (shown.disclosure?.note ?? '').startsWith(COHORT_NOTE);
        for (const [k, v] of cells(shown)) {
          const key = `${name}|${url.replace(/[&?]cohort=[^&]*/, '')}|${k}`;
          a.ranges.set(key, rangeOf(v, cohortPolicy, a.truth.get(key)));
        }
      }
    }
    return a;
  };

  /** Narrows by the sums, with every count not shown unknown; returns the pins and what was there to pin. */
  const solve = (a: Attack, names: readonly string[], sums: ReadonlyArray<readonly [string, readonly string[]]>) => {
    for (const rc of a.rowCols) for (const n of names) if (!a.ranges.has(`${n}|${rc}`)) a.ranges.set(`${n}|${rc}`, [0, BIG]);
    const relations = [...a.rowCols].flatMap((rc) => sums.map(([total, parts]) => ({ total: `${total}|${rc}`, parts: parts.map((p) => `${p}|${rc}`) })));
    propagate(a.ranges, relations);
    const small = [...a.truth].filter(([, v]) => v >= 1 && v <= 4).length;
    return { ...pinned(a.ranges, a.truth), small };
  };

  /** The counts of the tables of a view's answer, as table|row key|column. */
  const viewCells = (tables: ReadonlyArray<readonly [string, string]>) => (answer: unknown) => {
    const out = new Map<string, Cell>();
    for (const [tableId, keyColumn] of tables) {
      const t = (answer as Answer).tables.find((x) => x.id === tableId)!;
      expect(t, tableId).toBeDefined();
      const at = t.columns.findIndex((c) => c.key === keyColumn);
      for (const row of t.rows) t.columns.forEach((c, j) => c.kind === 'count' && out.set(`${tableId}|${row[at]}|${c.key}`, row[j]!));
    }
    return out;
  };

  it('refuses a viewer a cohort of two dimensions (views, the cohorts view\'s A and B, the stations) with a 403 that says why; answers it exactly', async () => {
    const two = encodeURIComponent('sex:F;eth:white');
    for (const url of [
      `/api/datasets/small/views/flow?cohort=${two}`,
      `/api/datasets/small/views/rereferrals?cohort=${two}&format=csv`,
      `/api/datasets/small/views/cohorts?a=${two}`,
      `/api/datasets/small/views/cohorts?a=sex%3AF&b=${two}`,
      `/api/datasets/small/stations?at=2022-06-01&cohort=${two}`,
    ]) {
      const res = await inject(servers.safe, url, servers.viewer);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error, url).toMatch(/narrows 2 dimensions \(sex, eth\).*one dimension at a time.*counts of 1 to 4/);
      expect((await inject(servers.exact, url)).statusCode, url).toBe(200);
    }
    // a dimension with every value ticked narrows nothing: the one-dimension cohort's answer, same numbers
    const wide = await inject(servers.safe, `/api/datasets/small/stations?at=2022-06-01&cohort=${encodeURIComponent(`sex:F;eth:${ALL_ETH}`)}`, servers.viewer);
    const narrow = await inject(servers.safe, '/api/datasets/small/stations?at=2022-06-01&cohort=sex%3AF', servers.viewer);
    expect(wide.statusCode).toBe(200);
    expect(wide.json().stations).toEqual(narrow.json().stations);
  }, 120_000);

  const flowUrls = (c: string) => [`/api/datasets/small/views/flow?from=2021-04-01&to=2024-03-31${c ? `&cohort=${encodeURIComponent(c)}` : ''}`];
  const flowCells = viewCells([['wip', 'day'], ['conversion', 'month']]);
  const DATES = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2021, 6 + 3 * i, 15)).toISOString().slice(0, 10));
  const WEEKS = Array.from({ length: 150 }, (_, i) => new Date(Date.UTC(2021, 4, 3 + 7 * i)).toISOString().slice(0, 10));
  const stationsUrls = (dates: readonly string[]) => (c: string) => dates.map((at) => `/api/datasets/small/stations?at=${at}${c ? `&cohort=${encodeURIComponent(c)}` : ''}`);
  const stationCells = (answer: unknown) => {
    const out = new Map<string, Cell>();
    for (const s of (answer as { stations: Array<Record<string, Cell>> }).stations) {
      for (const k of ['waiting', 'children', 'overTarget', 'pastHorizon']) out.set(`${s.id}|${k}`, s[k]!);
    }
    return out;
  };
  const ONE = [ONE_DIMENSION, ONE_DIMENSION_SUMS] as const;
  const TWO = [COHORTS, SUMS] as const;

  // Before (the server of 2026-12-03 morning): flow two dimensions 469 pinned of 24,463 counts of 1 to 4;
  // stations one dimension 8 of 3,598 (2 with the stations' secondary suppression but not everyone's count taken
  // as known: the sexes' answers pinned everyone 31, shown 30, and an ethnicity's 4 came back beside it);
  // stations two dimensions 74 of 1,858. cohort-attack.test.ts asks one dimension; the flow here asks two,
  // each on its own (they share everyone).
  it.each([
    ['flow (work in progress, conversion): cells of sex × ethnicity against both margins and everyone', TWO, flowUrls, flowCells, 100],
    ['flow (work in progress, conversion): cohorts of sex, of ethnicity, their complements and everyone', ONE, flowUrls, flowCells, 100],
    ['stations: cohorts of sex, of ethnicity, their complements and everyone, every week for three years', ONE, stationsUrls(WEEKS), stationCells, 20],
    ['stations: cells of sex × ethnicity against both margins and everyone, at twelve dates', TWO, stationsUrls(DATES), stationCells, 20],
  ] as const)('%s', async (label, [cohorts, sums], urlOf, cells, minSmall) => {
    const a = await attack(cohorts, urlOf, cells);
    const { pins, violations, small } = solve(a, Object.keys(cohorts), sums);
    if (process.env.DEBUG_ATTACK) console.log(`PINS ${label}: ${pins.length} pinned of ${small} counts of 1 to 4; ${a.refused} refused, ${a.answered} answered`, pins.slice(0, 3));
    if (cohorts === ONE_DIMENSION) expect(a.refused).toBe(0);
    expect(violations, 'the attacker reads the policy right').toEqual([]);
    expect(small, 'the log has counts of 1 to 4 to protect').toBeGreaterThan(minSmall);
    expect(pins.length, pins.slice(0, 5).join(', ')).toBe(0);
  }, 300_000);
});
