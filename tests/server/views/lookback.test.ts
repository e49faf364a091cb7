// Time since the previous referral on a log shorter than the bins (review v9b finding 9): on a 2-year
// log the 24–36, 36–48, 48–60 and 60+ month bins read 0 although no such gap could be seen. Each bin
// says whether the data reach back far enough.
import { describe, expect, it } from 'vitest';
import { dayFromCivil } from '../../../core/dates.js';
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
        else expect(h.note, h.key).toBeNull();
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});
