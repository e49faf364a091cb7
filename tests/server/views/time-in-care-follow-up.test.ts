// The time-in-care headline's "a year earlier" is followed for as long as this year's figure (audit 9c
// finding 9: "Median: not reached yet, a year earlier 389 days" set starts followed under a year beside
// starts followed up to two). A log written here: every period of care lasts 500 days, starts spread over
// four years, the data ending on 31 December 2024.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import { startTestServer, uploadCsv, type TestServer } from '../api/harness.js';

function fiveHundredDayStays(): string {
  const rows = ['child_id,event,date'];
  const first = dayFromCivil(2021, 1, 1);
  const last = dayFromCivil(2024, 12, 31);
  for (let c = 0; c < 600; c++) {
    const start = first + Math.floor((c * (last - first)) / 600);
    rows.push(`c${c},contact,${formatDay(start)}`, `c${c},cla_start,${formatDay(start)}`);
    if (start + 500 <= last) rows.push(`c${c},cla_end,${formatDay(start + 500)}`);
  }
  rows.push(`end,contact,${formatDay(last)}`);
  return `${rows.join('\n')}\n`;
}

describe('time in care: a year earlier, followed as long', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ exactCounts: true });
    const res = await uploadCsv(server.app, 'stays', fiveHundredDayStays());
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
  }, 60_000);
  afterAll(async () => server.close());

  it('gives no median a year earlier when the starts then, followed as long as this year\'s, have not reached it', async () => {
    const body = (await server.app.inject({ method: 'GET', url: '/api/datasets/stays/views/time-in-care?kind=cla&from=2024-01-01&to=2024-12-31' })).json();
    const median = body.headlines.find((h: { key: string }) => h.key === 'median_days');
    expect(median.value, 'this year\'s starts, followed under a year, have not reached 500 days').toBeNull();
    // followed to the end of the data, 2023's starts would give 500 days; followed a year less, none
    expect(median.last_value).toBeNull();
  });

  it('gives the median a year earlier when both years are followed long enough', async () => {
    const body = (await server.app.inject({ method: 'GET', url: '/api/datasets/stays/views/time-in-care?kind=cla&from=2022-01-01&to=2022-12-31' })).json();
    const median = body.headlines.find((h: { key: string }) => h.key === 'median_days');
    expect(median.value).toBe(500);
    // 2021's starts censored at the end of 2023: followed 730 days or more, every one reached 500
    expect(median.last_value).toBe(500);
  });
});
