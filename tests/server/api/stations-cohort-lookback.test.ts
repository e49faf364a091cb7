// The map's counts for a cohort of previous referrals (prev:0) on a date less than 36 months after the data's
// first date hold children referred before the data as having none: the stations and a station's children say
// so (cutoffs.ts cohortLookBackNote), as the views do; without `prev`, or 36 months on, they say nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServerWith, type TestServer } from './harness.js';
import { cohortLookBackCsv } from '../cohort-lookback-log.js';

const CUT = /^Incomplete: the data start on 1 April 2022, less than 36 months before 1 April 2023, so referrals before then are not counted as previous ones in the cohort 'no earlier referral'\.$/;

describe('the map asked with a cohort of previous referrals', () => {
  let server: TestServer;
  beforeAll(async () => {
    // the compute worker, as `npm start` runs: its answer carries the note too
    server = await startTestServerWith('la', cohortLookBackCsv(), { computeWorker: true });
  });
  afterAll(async () => server.close());
  const notes = async (at: string, cohort: string) => {
    const query = `map=front-door&at=${at}&cohort=${encodeURIComponent(cohort)}`;
    const answers = await Promise.all([`/api/datasets/la/stations?${query}`, `/api/datasets/la/stations/assessment/children?${query}`].map((url) => server.app.inject({ method: 'GET', url })));
    return answers.map((res) => {
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return (res.json() as { cohortNote?: unknown }).cohortNote;
    });
  };

  it('says the look-back is cut on a date less than 36 months after the data', async () => {
    for (const note of await notes('2023-04-01', 'prev:0')) expect(note).toMatch(CUT);
  });

  it('says nothing for a cohort without prev, or on a date 36 months after the data', async () => {
    for (const note of [...(await notes('2023-04-01', 'sex:F')), ...(await notes('2025-04-01', 'prev:0'))]) expect(note).toBeNull();
  });
});
