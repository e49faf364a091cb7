// The review's differencing attacks (scratch9/recover_*.py), ported: with only what a viewer is shown,
// rebuild a suppressed count exactly from a cohort, its complement and everyone; from a pathway node's
// trips less the other links into it; from consecutive at-risk rows and the survivals of a life table.
// Each must fail on every [c]; each must succeed on a naive publication (counts rounded but figures built
// on them from the exact counts), or the attack proves nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, formatDay } from '../../../core/dates.js';
import { publishCount } from '../../../core/disclosure/policy.js';
import { today } from '../../../server/import/events-csv.js';
import { randomRecords } from '../../core/analysis/fixtures.js';
import { startSafeAndExact, type TestServer } from '../api/harness.js';
import { council } from './council.js';
import { attackCohorts, attackLifeTable, attackPathways, recovered, type Attempt, type PublishedCell } from './attacks.js';

type Row = Record<string, PublishedCell>;

describe('differencing attacks on what a viewer sees', () => {
  let safe: TestServer;
  let exact: TestServer;
  let viewer: Record<string, string> = {};
  let close = async () => {};
  beforeAll(async () => {
    // and the fixtures' council with branching journeys (many links into each node)
    const busy = ['child_id,event,date,outcome', ...randomRecords(1500, 3).filter((r) => r.day <= addMonths(today(), 12)).map((r) => `${r.child},${r.type},${formatDay(r.day)},${r.outcome ?? ''}`)].join('\n') + '\n';
    // A signed-in viewer: without users the loopback caller reads the moves and the views answer it exactly
    // (README: exact without sign-in), so suppression is what a viewer gets.
    ({ safe, exact, viewer, close } = await startSafeAndExact([['c1', council(2500, 1)], ['c2', council(1200, 7)], ['c3', busy]]));
  }, 120_000);
  afterAll(() => close());
  const both = async (url: string) => {
    const [a, b] = await Promise.all([safe.app.inject({ method: 'GET', url, headers: viewer }), exact.app.inject({ method: 'GET', url })]);
    expect(a.statusCode, url).toBe(200);
    expect(b.statusCode, url).toBe(200);
    return { shown: a.json(), truth: b.json() };
  };
  /** The exact answer with only its counts rounded: what a publication without the fixes would show. */
  const naive = (rows: readonly Row[], countKeys: readonly string[]) =>
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, countKeys.includes(k) && typeof v === 'number' ? publishCount(v) : typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v])));
  const exactHits = (attempts: readonly Attempt[]) => recovered(attempts).filter((a) => a.possible[0] === a.truth);

  const LIFE = ['c1 ?kind=cla&by=sex', 'c1 ?kind=cla&by=eth', 'c1 ?kind=cp_plan&by=prev', 'c2 ?kind=cla&by=age', 'c2 ?kind=cp_plan&by=sex'];
  it('time in care: no "ended" of 1 to 4 comes back from the at-risk chain and the survivals', async () => {
    let attacked = 0;
    let naiveHits = 0;
    for (const spec of LIFE) {
      const [name, query] = spec.split(' ');
      const { shown, truth } = await both(`/api/datasets/${name}/views/time-in-care${query}`);
      // no [c] left to attack (counts rounded together, life-table-solve.test.ts): an ended of 1 to 4 read
      // off the at-risk chain is the published multiple of 5, never the truth
      shown.lifeTable.forEach((r: Row, i: number) => {
        const next = shown.lifeTable[i + 1];
        const exactEnded = truth.lifeTable[i].ended as number;
        if (exactEnded < 1 || exactEnded > 4) return;
        attacked++;
        expect((r.at_risk as number) - (next?.group === r.group ? (next.at_risk as number) : 0) - (r.censored as number), spec).not.toBe(exactEnded);
      });
      expect(exactHits(attackLifeTable(shown.lifeTable, truth.lifeTable)), spec).toEqual([]);
      naiveHits += exactHits(attackLifeTable(naive(truth.lifeTable, ['at_risk', 'ended', 'censored']).map((r) => (r.ended === '[c]' ? { ...r, survival: '[c]' } : r)), truth.lifeTable)).length;
    }
    expect(attacked).toBeGreaterThan(40);
    expect(naiveHits).toBeGreaterThan(0);
  }, 120_000);

  it('pathways: no [c] link comes back from its node’s trips less the other links into it', async () => {
    let attacked = 0;
    let naiveHits = 0;
    for (const url of [
      '/api/datasets/c1/views/pathways?from=2019-01-01&to=2023-12-31',
      '/api/datasets/c2/views/pathways?from=2019-01-01&to=2024-12-31&episodes=3&cohort=sex:U|',
      '/api/datasets/c1/views/pathways?from=2019-01-01&to=2024-12-31&episodes=3&cohort=eth:other',
      '/api/datasets/c2/views/pathways?from=2020-01-01&to=2021-12-31&cohort=eth:mixed|black',
      '/api/datasets/c3/views/pathways?from=2019-01-01&to=2023-12-31',
      '/api/datasets/c3/views/pathways?from=2020-01-01&to=2022-12-31&episodes=3',
    ]) {
      const { shown, truth } = await both(url);
      const attempts = attackPathways(shown.nodes, shown.links, truth.links);
      attacked += attempts.length;
      expect(exactHits(attempts), url).toEqual([]);
      naiveHits += exactHits(attackPathways(naive(truth.nodes, ['trips']), naive(truth.links, ['count', 'source_trips']), truth.links)).length;
    }
    expect(attacked).toBeGreaterThan(10);
    expect(naiveHits).toBeGreaterThan(0);
  }, 120_000);

  it('cohorts: no [c] count of a cohort comes back from its complement and everyone', async () => {
    const cases = [
      ['eth:other', 'eth:white|mixed|asian|black|unknown|'],
      ['sex:U|', 'sex:M|F'],
      ['prev:3%2B', 'prev:0|1|2'],
      ['age:under_1', 'age:unknown|1_4|5_9|10_15|16_plus'],
    ];
    const counts = ['a_k', 'a_n', 'b_k', 'b_n'];
    let attacked = 0;
    let naiveHits = 0;
    for (const name of ['c1', 'c2']) {
      for (const window of ['', '&from=2022-01-01&to=2022-06-30']) {
        const everyone = await both(`/api/datasets/${name}/views/cohorts?a=&b=${window}`);
        for (const [a, b] of cases) {
          const { shown, truth } = await both(`/api/datasets/${name}/views/cohorts?a=${a}&b=${b}${window}`);
          const attempts = attackCohorts(shown.rates, everyone.shown.rates, truth.rates);
          attacked += attempts.length;
          expect(exactHits(attempts), `${name} ${a}${window}`).toEqual([]);
          const naiveAB = naive(truth.rates, counts).map((r) => (r.a_k === '[c]' || r.a_n === '[c]' ? { ...r, a_rate: '[c]', a_ci_lower: '[c]', a_ci_upper: '[c]' } : r));
          naiveHits += exactHits(attackCohorts(naiveAB, naive(everyone.truth.rates, counts), truth.rates)).length;
        }
      }
    }
    expect(attacked).toBeGreaterThan(5);
    expect(naiveHits).toBeGreaterThan(0);
  }, 180_000);
});
