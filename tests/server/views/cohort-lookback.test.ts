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
});
