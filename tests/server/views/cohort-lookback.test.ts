// A cohort of previous referrals (prev:0, "no earlier referral") counts them only from the data's first date:
// on a log starting on 1 April 2022, a window from 1 April 2023 holds children referred before the data as
// having none. Every view asked with such a cohort says so (cutoffs.ts cohortLookBackNote); one asked without
// `prev`, or over a window starting 36 months after the data, says nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServerWith, type TestServer } from '../api/harness.js';
import { cohortLookBackCsv } from '../cohort-lookback-log.js';

const CUT = /^Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the cohort 'no earlier referral'\.$/;

/** Each view's URL for a window from `from` (a year long), with `cohort` as its cohort. */
function viewUrls(from: string, cohort: string): Record<string, string> {
  const year = Number(from.slice(0, 4));
  const window = `from=${from}&to=${year + 1}-03-31`;
  // the impact view's window before the marker is its 26 weeks (182 days): a marker 182 days after `from`
  const marker = new Date(Date.parse(`${from}T00:00:00Z`) + 182 * 86_400_000).toISOString().slice(0, 10);
  const c = encodeURIComponent(cohort);
  return {
    pathways: `/api/datasets/la/views/pathways?${window}&cohort=${c}`,
    'two-point': `/api/datasets/la/views/two-point?a=${from}&b=${year + 1}-03-31&cohort=${c}`,
    rereferrals: `/api/datasets/la/views/rereferrals?${window}&cohort=${c}`,
    flow: `/api/datasets/la/views/flow?${window}&cohort=${c}`,
    impact: `/api/datasets/la/views/impact?date=${marker}&weeks=26&cohort=${c}`,
    cohorts: `/api/datasets/la/views/cohorts?${window}&a=${c}&b=sex:M`,
    'time-in-care': `/api/datasets/la/views/time-in-care?${window}&cohort=${c}`,
    funnel: `/api/compare/funnel?rate=referral_nfa&${window}&cohort=${c}`,
  };
}

describe('a view asked with a cohort of previous referrals', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServerWith('la', cohortLookBackCsv(), { exactCounts: true });
  });
  afterAll(async () => server.close());
  const get = async (url: string) => {
    const res = await server.app.inject({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res.json() as { cohortNote?: unknown };
  };

  it('says the look-back is cut when the window starts less than 36 months after the data', async () => {
    for (const [view, url] of Object.entries(viewUrls('2023-04-01', 'prev:0'))) {
      const note = (await get(url)).cohortNote;
      // the funnel names the councils the note is for
      expect(note, view).toMatch(view === 'funnel' ? /^For la: Incomplete: the data start on 1 April 2022/ : CUT);
    }
  }, 60_000);

  it('says nothing for a cohort without prev over the same window', async () => {
    for (const [view, url] of Object.entries(viewUrls('2023-04-01', 'sex:F'))) expect((await get(url)).cohortNote, view).toBeNull();
  }, 60_000);

  it('says nothing for a window starting 36 months after the data', async () => {
    for (const [view, url] of Object.entries(viewUrls('2025-04-01', 'prev:0'))) expect((await get(url)).cohortNote, view).toBeNull();
  }, 60_000);

  const SPLIT = "Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the groups by previous referrals.";
  type Rows = Array<Record<string, unknown>>;

  it('marks time in care by previous referrals (by=prev) incomplete, every group and life-table row, from 1 April 2023', async () => {
    const view = (await get('/api/datasets/la/views/time-in-care?from=2023-04-01&to=2024-03-31&by=prev')) as { cohortNote: unknown; groups: Rows; lifeTable: Rows };
    expect(view.cohortNote).toBe(SPLIT);
    expect(view.groups.map((g) => g.group)).toEqual(expect.arrayContaining(['0', '1']));
    expect(view.groups.reduce((n, g) => n + (g.spells as number), 0)).toBeGreaterThan(0);
    for (const row of [...view.groups, ...view.lifeTable]) expect(row.incomplete).toBe(SPLIT);
    // and its CSV, the groups table, says so on every row
    const csv = (await server.app.inject({ method: 'GET', url: '/api/datasets/la/views/time-in-care?from=2023-04-01&to=2024-03-31&by=prev&format=csv&table=groups' })).body;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/,Incomplete\?$/);
    for (const line of lines.slice(1)) expect(line).toContain(`"${SPLIT}"`);
  }, 60_000);

  it('leaves time in care by sex, and by previous referrals from 1 April 2025, unmarked', async () => {
    for (const url of ['/api/datasets/la/views/time-in-care?from=2023-04-01&to=2024-03-31&by=sex', '/api/datasets/la/views/time-in-care?from=2025-04-01&to=2026-03-31&by=prev']) {
      const view = (await get(url)) as { cohortNote: unknown; groups: Rows };
      expect(view.cohortNote, url).toBeNull();
      for (const row of view.groups) expect(row.incomplete, url).toBeNull();
    }
  }, 60_000);

  it('draws a council whose cohort is cut as incomplete in the funnel, not placed', async () => {
    const cut = (await get('/api/compare/funnel?rate=referral_nfa&from=2023-04-01&to=2024-03-31&cohort=prev%3A0')) as { points: Rows };
    expect(cut.points.map((p) => [p.dataset, p.position])).toEqual([['la', 'incomplete']]);
    expect(cut.points[0]!.incomplete).toMatch(/in the cohort 'no earlier referral'\.$/);
    const whole = (await get('/api/compare/funnel?rate=referral_nfa&from=2023-04-01&to=2024-03-31&cohort=sex%3AF')) as { points: Rows };
    expect(whole.points[0]!.position).not.toBe('incomplete');
    expect(whole.points[0]!.incomplete).toBeNull();
  }, 60_000);

  it('puts the note in every CSV downloaded with a cut cohort, and none without it', async () => {
    const csv = async (url: string) => (await server.app.inject({ method: 'GET', url })).body.trim().split('\r\n');
    for (const [view, url] of Object.entries(viewUrls('2023-04-01', 'prev:0'))) {
      const lines = await csv(`${url}&format=csv`);
      expect(lines[0], view).toMatch(/,Cohort incomplete\?$/);
      for (const line of lines.slice(1)) expect(line, view).toMatch(/Incomplete: the data start on 1 April 2022.*"$/);
    }
    for (const [view, url] of Object.entries({ ...viewUrls('2023-04-01', 'sex:F'), later: viewUrls('2025-04-01', 'prev:0').flow! })) {
      expect((await csv(`${url}&format=csv`)).join('\n'), view).not.toContain('Cohort incomplete?');
    }
  }, 60_000);
});
