// Issue 12 (audit of 2026-12-06, F3): the impact view's before and after windows run from the marker's day for the
// weeks asked, each count rounded once for its window, and the weekly running totals beside them. With a date and
// weeks of one's own, a viewer slid those windows a day at a time: over a year of markers (weeks 2 and 3) interval
// propagation pinned 299 of 1,230 day counts of 1 to 4 on an 800-child council, 862 of 3,147 over three years. A
// viewer's impact view is now of the council's saved markers (an analyst's to make), with the page's 26 weeks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savedMarker, startSafeAndExact, userHeaders, type TestServer } from '../api/harness.js';
import { council } from './council.js';

describe("a viewer's impact view is of a saved marker, with 26 weeks either side", () => {
  let safe: TestServer;
  let exact: TestServer;
  let viewer: Record<string, string> = {};
  let close = async () => {};
  let marker = 0;
  beforeAll(async () => {
    ({ safe, exact, viewer, close } = await startSafeAndExact([['c1', council(600, 3)]]));
    marker = await savedMarker(safe, 'c1', '2021-06-07', await userHeaders(safe.app, 'ana', 'analyst'));
  }, 120_000);
  afterAll(() => close());
  const ask = (query: string, headers = viewer) => safe.app.inject({ method: 'GET', url: `/api/datasets/c1/views/impact?${query}`, headers });

  it('refuses a date of its own (403), saying why and what to do', async () => {
    const res = await ask('date=2021-06-08');
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatch(/saved marker .*26 weeks.*ask an analyst to save the marker/);
  });

  it('refuses other weeks either side, even of a saved marker', async () => {
    for (const weeks of [2, 3, 25, 27, 52]) expect((await ask(`marker=${marker}&weeks=${weeks}`)).statusCode, `weeks ${weeks}`).toBe(403);
  });

  it('answers a saved marker with 26 weeks, as the analyst does for its date, its counts published', async () => {
    const res = await ask(`marker=${marker}`);
    expect(res.statusCode).toBe(200);
    expect((await ask(`marker=${marker}&weeks=26`)).statusCode).toBe(200);
    const body = res.json();
    expect(body.marker).toBe('2021-06-07');
    expect(body.disclosure.exactCounts).toBe(false);
    // an analyst (exact counts) still reads any date and weeks
    expect((await exact.app.inject({ method: 'GET', url: '/api/datasets/c1/views/impact?date=2021-06-08&weeks=3' })).statusCode).toBe(200);
  });
});
