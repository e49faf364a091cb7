// Time since the previous referral on a log shorter than the bins (review v9b finding 9): on a 2-year
// log the 24–36, 36–48, 48–60 and 60+ month bins read 0 although no such gap could be seen. Each bin
// says whether the data reach back far enough.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
import { everLookBackNote } from '../../../core/analysis/cutoffs.js';
import { lookBackNote } from '../../../server/routes/views/rereferrals.js';

const first = dayFromCivil(2022, 4, 17);
const window = { from: dayFromCivil(2023, 4, 10), to: dayFromCivil(2024, 4, 9) };

describe('which gaps since the previous referral the data can show', () => {
  it('says a gap longer than the data cannot be seen, and one the data start cuts is incomplete', () => {
    expect(lookBackNote(0, 1, window, first)).toBeNull();
    expect(lookBackNote(1, 6, window, first)).toBeNull();
    expect(lookBackNote(12, 24, window, first)).toMatch(/^Incomplete/);
    for (const [lo, hi] of [[24, 36], [36, 48], [48, 60], [60, null]] as const) expect(lookBackNote(lo, hi, window, first), `${lo}`).toMatch(/^Cannot be seen/);
  });
});

describe('the two-dates headlines on a log that starts inside their look-back', () => {
  it('carry an incomplete note a year earlier when that look-back starts before the data', async () => {
    const { makeDataset, startTestServer, uploadCsv } = await import('../api/harness.js');
    const server = await startTestServer({ exactCounts: true });
    try {
      expect((await uploadCsv(server.app, 'la', makeDataset(120, 5).csv)).statusCode).toBe(201);
      const { from } = server.store.getDataset('la')!;
      // a = 9 months after the data start: a year earlier looks back to before the data
      const start = new Date(`${from}T00:00:00Z`);
      const a = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 9, 15)).toISOString().slice(0, 10);
      const b = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 21, 15)).toISOString().slice(0, 10);
      const body = (await server.app.inject({ method: 'GET', url: `/api/datasets/la/views/two-point?a=${a}&b=${b}` })).json();
      for (const h of body.headlines) {
        expect(h.last_note, h.key).toMatch(/^Incomplete: it looks back/);
        // this period's look-back is inside the data; a count of children waiting on a or b may still be
        // short, inside a station's run-in after the data's first day (core/analysis/run-in.ts), and says so
        if (h.key === 'open_on_b' || h.key === 'still_open') expect(h.note ?? 'Incomplete: on ', h.key).toMatch(/^(Incomplete: on |[A-Za-z ]+: no end of it is recorded|[A-Za-z ]+: (fewer than|no stay))/);
        // "first seen" looks back to the data's first date, 9 months before a (audit a9k)
        else if (h.key === 'new_since_a') expect(h.note, h.key).toMatch(/less than 36 months before .*, so children seen before then count as first seen here\.$/);
        else expect(h.note, h.key).toBeNull();
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});

// Audit a9k: "previous referrals" and "first seen" look back to the data's first date, however far. The same window
// (April 2023 to March 2024) read 995 referrals with a previous one on a log starting in April 2022 and 279 on the
// same log cut to start in April 2023, and 6,264 against 6,980 with none, neither marked incomplete.
describe('figures that look back to any earlier referral', () => {
  it('are incomplete where the data start less than 36 months before the window', () => {
    const from = dayFromCivil(2023, 4, 1);
    expect(everLookBackNote(from, dayFromCivil(2022, 4, 4))).toMatch(/^Incomplete: the data start on 4 April 2022, less than 36 months before 1 April 2023/);
    expect(everLookBackNote(from, dayFromCivil(2020, 4, 2))).toMatch(/^Incomplete/);
    expect(everLookBackNote(from, dayFromCivil(2020, 4, 1))).toBeNull();
  });

  it('the re-referrals view marks its "any time before", "no previous referral" and NFA-by-previous rows, until the data reach 36 months back', async () => {
    const { makeDataset, startTestServer, uploadCsv } = await import('../api/harness.js');
    const server = await startTestServer({ exactCounts: true });
    try {
      const csv = makeDataset(120, 5).csv;
      // the same children, and one contact of another child 5 years before the window
      const longer = `${csv.trimEnd()}\nC9999,contact,2018-06-01,nfa,2010-01-01,F\n`;
      expect((await uploadCsv(server.app, 'short', csv)).statusCode).toBe(201);
      expect((await uploadCsv(server.app, 'long', longer)).statusCode).toBe(201);
      const url = (name: string) => `/api/datasets/${name}/views/rereferrals?from=2023-04-01&to=2023-12-31`;
      const short = (await server.app.inject({ method: 'GET', url: url('short') })).json();
      const long = (await server.app.inject({ method: 'GET', url: url('long') })).json();
      const ever = (view: { timeSincePrevious: Array<Record<string, unknown>> }) => view.timeSincePrevious.filter((r) => /^(Any time before|No previous referral)/.test(String(r.bin)));
      expect(ever(short)).toHaveLength(2);
      for (const row of ever(short)) expect(row.incomplete, String(row.bin)).toMatch(/^Incomplete: the data start on .* less than 36 months before 1 April 2023/);
      expect(short.nfaByPrevious.length).toBeGreaterThan(0);
      for (const row of short.nfaByPrevious) expect(row.incomplete, String(row.previous)).toMatch(/^Incomplete/);
      for (const row of ever(long)) expect(row.incomplete ?? null, String(row.bin)).toBeNull();
      for (const row of long.nfaByPrevious) expect(row.incomplete ?? null, String(row.previous)).toBeNull();
    } finally {
      await server.close();
    }
  }, 60_000);
});
