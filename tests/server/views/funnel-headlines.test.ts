// The funnel's headlines (issue 9 audit, findings 1 and 2):
//   - "the highest council (X)" a year earlier is X's own figure for the same window a year earlier, never
//     the highest council of that year (it read another council's 93 of 111); "no data" when X has none
//     then, and not published when the data's edges cut X's year-earlier window short;
//   - a viewer's highest and lowest councils are ranked among those whose rate is published to them: a
//     [c] council named "the lowest" gave its order away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { makeDataset, startViewerServer, toCsv, type ViewerTestServer } from '../api/harness.js';

type Row = Record<string, string | number | null>;
const WINDOW = 'from=2023-03-01&to=2023-12-31';
const EARLIER = 'from=2022-03-01&to=2022-12-31';

/** A council whose contacts all lead to a referral (rate 1), its data starting on `from`. */
function allReferred(children: number, seed: number, from: number): string {
  const d = makeDataset(children, seed);
  return toCsv(d.records.filter((r) => r.day >= from && !(r.type === 'contact' && r.outcome === 'nfa')), d.children);
}
/** A council of contacts alone, none leading to a referral (rate 0), its data starting on `from`. */
function noneReferred(children: number, seed: number, from: number): string {
  const d = makeDataset(children, seed);
  return toCsv(d.records.filter((r) => r.day >= from && r.type === 'contact').map((r) => ({ ...r, outcome: 'nfa' })), d.children);
}

const headline = (body: { headlines: Row[] }, key: string) => body.headlines.find((h) => h.key === key)!;

describe('the funnel headlines: a year earlier is the same council', () => {
  let server: ViewerTestServer;
  beforeAll(async () => {
    server = await startViewerServer({
      big: makeDataset(300, 3).csv,
      mid: makeDataset(200, 4).csv,
      // data from 2023: nothing a year before the window
      fresh: allReferred(300, 8, dayFromCivil(2023, 1, 1)),
      // data from June 2022: the year-earlier window (from March 2022) is cut short
      low: noneReferred(300, 9, dayFromCivil(2022, 6, 1)),
      // every contact referred too, but its data end on 27 December 2023: the window's figure is cut short
      // (a contact's 7-day follow-up runs past the data), and it sorts before "fresh" by name
      cut: allReferred(300, 10, dayFromCivil(2022, 1, 1)).split('\n').filter((line, i) => i === 0 || (line.split(',')[2] ?? '') <= '2023-12-27').join('\n'),
    });
  }, 60_000);
  afterAll(async () => server.close());
  const get = async (query: string) => (await server.app.inject({ method: 'GET', url: `/api/compare/funnel?${query}`, headers: server.analyst })).json();

  it('says "no data" for a council with none a year earlier, and does not publish a cut-short one', async () => {
    const body = await get(`rate=contact_to_referral&${WINDOW}`);
    const high = headline(body, 'highest');
    expect(high.label).toMatch(/\(fresh\)/);
    expect(high.value).toBe(1);
    expect([high.last_value, high.last_k, high.last_n]).toEqual([null, null, null]);
    expect(high.last_note).toMatch(/^No data for fresh/);
    const low = headline(body, 'lowest');
    expect(low.label).toMatch(/\(low\)/);
    expect(low.value).toBe(0);
    expect([low.last_value, low.last_k, low.last_n]).toEqual([null, null, null]);
    expect(low.last_note).toMatch(/^Not published: Incomplete/);
  }, 60_000);

  it('pools the same councils in the headline as in the target line (the complete ones)', async () => {
    const body = await get(`rate=contact_to_referral&${WINDOW}`);
    const incomplete = (body.points as Row[]).filter((p) => p.incomplete !== null).map((p) => p.dataset);
    expect(incomplete, 'one council cut short: the test can fail').toEqual(['cut']);
    const together = headline(body, 'contact_to_referral');
    expect(together.label).toMatch(/the complete councils together$/);
    expect(together.label).toContain(body.pooled);
    expect(Number((together.value as number).toFixed(4))).toBe(body.target);
    const complete = (body.points as Row[]).filter((p) => p.incomplete === null);
    expect(headline(body, 'cases').value).toBe(complete.reduce((sum, p) => sum + (p.n as number), 0));
  }, 60_000);

  it('names no council whose figure the data\'s edges cut short while another\'s is complete', async () => {
    const body = await get(`rate=contact_to_referral&${WINDOW}`);
    const cut = (body.points as Row[]).find((p) => p.dataset === 'cut')!;
    expect(cut.rate, 'the cut-short council has the top rate too: the test can fail').toBe(1);
    expect(cut.incomplete).not.toBeNull();
    expect(headline(body, 'highest').label).toMatch(/\(fresh\)/);
  }, 60_000);

  for (const rate of ['contact_to_referral', 'referral_nfa', 'referral_to_assessment']) {
    it(`${rate}: the highest and lowest councils a year earlier are their own figures for that window`, async () => {
      const now = await get(`rate=${rate}&${WINDOW}`);
      const then = await get(`rate=${rate}&${EARLIER}`);
      for (const key of ['highest', 'lowest']) {
        const h = headline(now, key);
        const council = /\(([^)]+)\)$/.exec(String(h.label))![1]!;
        const own = (then.points as Row[]).find((p) => p.dataset === council)!;
        if (own.n === 0 || own.n === null) expect(h.last_note, `${rate} ${key}`).toMatch(/^No data/);
        else if (own.incomplete !== null) expect(h.last_note, `${rate} ${key}`).toMatch(/^Not published/);
        else {
          expect([h.last_k, h.last_n], `${rate} ${key} ${council}`).toEqual([own.k, own.n]);
          expect(h.last_value as number).toBeCloseTo(own.rate as number, 4);
        }
      }
    }, 60_000);
  }
});

describe('the funnel headlines: a viewer ranks only the councils whose rate is published', () => {
  let server: ViewerTestServer;
  beforeAll(async () => {
    const start = dayFromCivil(2022, 1, 1);
    server = await startViewerServer({
      big: makeDataset(300, 3).csv,
      mid: makeDataset(200, 4).csv,
      tinyhigh: allReferred(20, 11, start),
      tinylow: noneReferred(20, 12, start),
    });
  }, 60_000);
  afterAll(async () => server.close());
  const get = async (headers: Record<string, string>) => (await server.app.inject({ method: 'GET', url: `/api/compare/funnel?rate=contact_to_referral&${WINDOW}`, headers })).json();

  it('names a [c] council neither the highest nor the lowest', async () => {
    const exact = await get(server.analyst);
    // the small councils are the extremes, and a viewer is not shown their rates
    expect(headline(exact, 'highest').label).toMatch(/\(tinyhigh\)/);
    expect(headline(exact, 'lowest').label).toMatch(/\(tinylow\)/);
    const seen = await get(server.viewer);
    const rates = new Map((seen.points as Row[]).map((p) => [p.dataset, p.rate]));
    expect([rates.get('tinyhigh'), rates.get('tinylow')]).toEqual(['[c]', '[c]']);
    for (const key of ['highest', 'lowest']) {
      const h = headline(seen, key);
      expect(h.label, key).not.toMatch(/tiny/);
      const council = /\(([^)]+)\)$/.exec(String(h.label))![1]!;
      expect(typeof rates.get(council), `${key} ${council}`).toBe('number');
      expect(h.value).toBe(rates.get(council));
    }
    // highest is the larger of the published rates
    const published = [...rates.values()].filter((r): r is number => typeof r === 'number');
    expect(headline(seen, 'highest').value).toBe(Math.max(...published));
    expect(headline(seen, 'lowest').value).toBe(Math.min(...published));
  }, 60_000);
});

describe('the funnel headlines: one council to rank', () => {
  let server: ViewerTestServer;
  beforeAll(async () => {
    server = await startViewerServer({
      big: makeDataset(300, 3).csv, // from January 2022: a 12-month look-back from March 2023 is inside its data
      fresh: allReferred(300, 8, dayFromCivil(2023, 1, 1)), // look-back cut short
      low: noneReferred(300, 9, dayFromCivil(2022, 6, 1)), // look-back cut short
    });
  }, 60_000);
  afterAll(async () => server.close());

  it('names a lone complete council once, as the only one, not as both the highest and the lowest', async () => {
    const body = (await server.app.inject({ method: 'GET', url: `/api/compare/funnel?rate=rereferral_12m&${WINDOW}`, headers: server.analyst })).json();
    const complete = (body.points as Row[]).filter((p) => p.incomplete === null).map((p) => p.dataset);
    expect(complete, 'one complete council: the test can fail').toEqual(['big']);
    const keys = (body.headlines as Row[]).map((h) => h.key);
    expect(keys).toContain('highest');
    expect(keys).not.toContain('lowest');
    expect(headline(body, 'highest').label).toMatch(/the only council whose figure is complete \(big\)$/);
  }, 60_000);
});

describe('the funnel headlines: councils tied at the top or the bottom', () => {
  let server: ViewerTestServer;
  beforeAll(async () => {
    server = await startViewerServer({
      // three councils of contacts none of which led to a referral: every rate is 0
      zeroa: noneReferred(200, 21, dayFromCivil(2022, 1, 1)),
      zerob: noneReferred(200, 22, dayFromCivil(2022, 1, 1)),
      zeroc: noneReferred(200, 23, dayFromCivil(2022, 1, 1)),
    });
  }, 60_000);
  afterAll(async () => server.close());
  const get = async (query: string) => (await server.app.inject({ method: 'GET', url: `/api/compare/funnel?${query}`, headers: server.analyst })).json();

  it('names no council both the highest and the lowest when every council reads the same', async () => {
    const body = await get(`rate=contact_to_referral&${WINDOW}`);
    const values = (body.points as Row[]).map((p) => (p.incomplete === null ? p.rate : 'incomplete'));
    expect(values, 'three complete councils at 0: the test can fail').toEqual([0, 0, 0]);
    const keys = (body.headlines as Row[]).map((h) => h.key);
    expect(keys).not.toContain('lowest');
    expect(headline(body, 'highest').label).toMatch(/every council the same \(zeroa, zerob, zeroc\)$/);
    expect(headline(body, 'highest').last_note).toMatch(/tied/);
  }, 60_000);
});
