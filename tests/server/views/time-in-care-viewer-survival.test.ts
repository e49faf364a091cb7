// Issue 9 (brief vkm11): a viewer's share still in care and median are close to the truth and read the
// same wherever they are shown. Worked out again from the counts rounded to 5 down the life table, a
// viewer read 0.333 where the truth was 0.419 (the demo, by sex: up to 0.068 off; CP plans by age: 0.20
// off), and the groups table beside it read 0.59 where the life table read 0.625 for the same group at a
// year. Now one function (core/disclosure/survival.ts) gives each figure from the exact curve, to 5 points.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURVIVAL_MIN_AT_RISK, SURVIVAL_STEP } from '../../../core/disclosure/survival.js';
import { startSafeAndExact, viewerAndTruth, type TestServer } from '../api/harness.js';
import { council } from './council.js';

type Row = Record<string, string | number | null>;

describe('time in care for a viewer: survivals near the truth, one figure everywhere', () => {
  let safe: TestServer;
  let exact: TestServer;
  let viewer: Record<string, string> = {};
  let close = async () => {};
  beforeAll(async () => {
    ({ safe, exact, viewer, close } = await startSafeAndExact([['big', council(3000, 5)]]));
  }, 120_000);
  afterAll(() => close());

  const get = (url: string) => viewerAndTruth(safe, exact, viewer, url);

  for (const kind of ['cla', 'cp_plan']) {
    for (const by of ['', 'sex', 'age']) {
      it(`${kind}${by ? ` by ${by}` : ''}: each share within 2.5 points of the truth, or [c] where few are followed`, async () => {
        const { seen, truth } = await get(`/api/datasets/big/views/time-in-care?kind=${kind}${by ? `&by=${by}` : ''}`);
        let shown = 0;
        seen.lifeTable.forEach((r: Row, i: number) => {
          const x = truth.lifeTable[i] as Row;
          expect([r.group, r.from]).toEqual([x.group, x.from]);
          // no share where the analyst has none (the curve cut, or no one followed): null or [c]
          if (x.survival === null) return expect([null, '[c]']).toContain(r.survival);
          if (r.survival === '[c]') return expect(r.at_risk === '[c]' || (r.at_risk as number) < SURVIVAL_MIN_AT_RISK, `${r.group} ${r.from}`).toBe(true);
          shown++;
          expect(Math.abs((r.survival as number) - (x.survival as number)), `${r.group} from ${r.from}: ${r.survival} against ${x.survival}`).toBeLessThanOrEqual(SURVIVAL_STEP / 2 + 1e-9);
          // the band holds the exact one
          expect(r.lower as number).toBeLessThanOrEqual(x.lower as number);
          expect(r.upper as number).toBeGreaterThanOrEqual(x.upper as number);
        });
        expect(shown).toBeGreaterThan(10);
        // the groups table's share at a year is the life table's at the end of day 364, for the viewer and the analyst
        for (const view of [seen, truth]) {
          for (const g of view.groups as Row[]) {
            const atYear = (view.lifeTable as Row[]).find((r) => r.group === g.group && r.to === 364)!;
            if (g.still_in_1y !== null) expect(g.still_in_1y, String(g.group)).toBe(atYear.survival);
          }
        }
        // the medians are the analyst's, or [c]
        (seen.groups as Row[]).forEach((g, i) => expect(g.median === '[c]' || g.median === truth.groups[i].median, String(g.group)).toBe(true));
      });
    }
  }

  it('the groups table, the life table and the CSV give the same share and median', async () => {
    // A viewer's time in care is for the data's whole span (dataset-window.ts); its headlines are of the span's last
    // 12 months' starts (headlines.ts headlineWindow), other starts than the tables', so they are not compared here.
    const url = '/api/datasets/big/views/time-in-care?kind=cp_plan&from=2020-04-01&to=2021-03-31';
    const { seen } = await get(url);
    const all = (seen.groups as Row[])[0]!;
    expect(typeof all.still_in_1y).toBe('number');
    expect((seen.lifeTable as Row[]).find((r) => r.to === 364)!.survival).toBe(all.still_in_1y);
    const csv = await safe.app.inject({ method: 'GET', url: `${url}&format=csv&table=life-table`, headers: viewer });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split(/\r?\n/).filter((l) => /^all,/.test(l));
    expect(lines.length).toBe((seen.lifeTable as Row[]).length);
    (seen.lifeTable as Row[]).forEach((r, i) => expect(lines[i]!.split(',')[6]).toBe(r.survival === null ? '' : String(r.survival)));
  });
});
