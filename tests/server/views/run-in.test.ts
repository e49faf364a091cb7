// Issue 9 item 3 (audit 9c, findings A and B): a count of children waiting near the data's first day misses
// those who arrived before it, and a station whose period ends never appear counts starts, not children
// waiting. The log is written by hand: it begins on 1 January 2021 as if cut there (the ends of CP plans
// begun before it are in it, their starts are not); a CP plan lasts 200 days; early help has starts and
// no end. The flow view's work in progress, the stations endpoint (the map) and the two-point view each
// mark the CP plan count incomplete inside the run-in and complete after it, and flag early help.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay, parseDay } from '../../../core/dates.js';
import { longDate } from '../../../core/analysis/date-text.js';
import { shortCountsNote } from '../../../core/analysis/run-in.js';
import { startTestServer, uploadCsv, type TestServer } from '../api/harness.js';

const FIRST = parseDay('2021-01-01')!;
const LAST = parseDay('2023-06-30')!;

function csv(): string {
  const lines = ['child_id,event,date,outcome'];
  // plans begun before the cut: only their ends are in the data
  for (let n = 0, d = FIRST - 198; d < FIRST; n++, d += 2) lines.push(`old${n},cp_plan_end,${formatDay(d + 200)},`);
  for (let n = 0, d = FIRST; d <= LAST; n++, d += 2) {
    lines.push(`p${n},icpc,${formatDay(d)},cp_plan`, `p${n},cp_plan_start,${formatDay(d)},`);
    if (d + 200 <= LAST) lines.push(`p${n},cp_plan_end,${formatDay(d + 200)},`);
  }
  for (let n = 0, d = FIRST; d <= LAST; n++, d += 3) lines.push(`e${n},contact,${formatDay(d)},early_help`, `e${n},early_help_start,${formatDay(d)},`);
  return lines.join('\n') + '\n';
}

describe('stocks near the data\'s first day are marked incomplete; early help with no ends is flagged', () => {
  let server: TestServer | null = null;
  beforeAll(async () => {
    server = await startTestServer({ exactCounts: true });
    expect((await uploadCsv(server.app, 'cut', csv())).statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });
  const get = async (url: string) => {
    const res = await server!.app.inject({ url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('the flow view hatches the CP plan weeks in the run-in, and says early help counts starts', async () => {
    const flow = await get('/api/datasets/cut/views/flow?from=2021-01-04&to=2022-06-26&format=json');
    const wip = flow.workInProgress;
    const cp = wip.stations.find((s: { station: string }) => s.station === 'cp_plan');
    const weeks = wip.days.length;
    expect(cp.incomplete[0]).toBe(true);
    expect(cp.incomplete[weeks - 1]).toBe(false);
    // the count is whole 200 days on: the run-in ends by then
    expect(cp.completeFrom >= '2021-05-01' && cp.completeFrom <= '2021-07-20').toBe(true);
    const firstComplete = cp.incomplete.indexOf(false);
    expect(cp.incomplete.slice(firstComplete).every((f: boolean) => !f)).toBe(true);
    // the note and the table's cell in run-in.ts's words (shortCountsNote, pinned in tests/core/run-in.test.ts)
    const plan = { name: 'CP plan', completeFrom: parseDay(cp.completeFrom)! };
    expect(cp.note).toBe(shortCountsNote(`in the first ${firstComplete} weeks (hatched)`, [plan], parseDay('2021-01-01')!));
    // the table (and so its CSV) says so on each such week, and not after
    type Wip = { name: string; incomplete: boolean[]; completeFrom: string; endsMissing: boolean; endsNote: string | null };
    const stations = wip.stations as Wip[];
    const cell = (w: number) =>
      shortCountsNote(
        `in the week to ${longDate(parseDay(wip.days[w])!)}`,
        stations.filter((s) => s.incomplete[w]).map((s) => ({ name: s.name, completeFrom: parseDay(s.completeFrom)! })),
        parseDay('2021-01-01')!,
        stations.flatMap((s) => (s.endsMissing ? [s.endsNote!] : [])),
      );
    expect(flow.wip[0].incomplete).toBe(cell(0));
    expect(flow.wip[0].incomplete).toContain(`CP plan (complete from ${longDate(plan.completeFrom)})`);
    expect(String(flow.wip[weeks - 1].incomplete ?? '')).not.toMatch(/CP plan/);
    const eh = wip.stations.find((s: { station: string }) => s.station === 'early_help');
    expect(eh.endsMissing).toBe(true);
    expect(eh.endsNote).toMatch(/Early help: no end of it is recorded anywhere in the data, so its count is of starts with no end recorded, not of children waiting/);
    expect(wip.stations.at(-1).station).toBe('early_help');
    const csvText = (await server!.app.inject({ url: '/api/datasets/cut/views/flow?from=2021-01-04&to=2022-06-26&format=csv&table=wip' })).body;
    expect(csvText).toMatch(/Incomplete/);
  });

  it('the stations endpoint (the map) marks CP plan incomplete in the run-in and complete after it', async () => {
    const early = await get('/api/datasets/cut/stations?map=front-door&at=2021-02-01');
    const late = await get('/api/datasets/cut/stations?map=front-door&at=2022-06-01');
    const cp = (r: { stations: Array<{ id: string }> }) => r.stations.find((s) => s.id === 'cp_plan') as unknown as { incomplete: boolean; note: string | null; waiting: number };
    expect(cp(early).incomplete).toBe(true);
    expect(cp(early).note).toMatch(/Incomplete: CP plan on 1 February 2021 misses children who arrived before the data's first day, 1 January 2021/);
    expect(cp(late)).toMatchObject({ incomplete: false, note: null });
    const eh = late.stations.find((s: { id: string }) => s.id === 'early_help');
    expect(eh).toMatchObject({ incomplete: true, endsMissing: true });
  });

  it('the two-point view marks a date A inside the run-in, and not a date B after it', async () => {
    const view = await get('/api/datasets/cut/views/two-point?a=2021-02-01&b=2022-02-01&format=json');
    const row = (rows: Array<{ id: string; incomplete: string | null }>, id: string) => rows.find((r) => r.id === id)!;
    expect(row(view.atA, 'cp_plan').incomplete).toMatch(/Incomplete: CP plan on 1 February 2021/);
    expect(row(view.atB, 'cp_plan').incomplete).toBeNull();
    expect(row(view.atA, 'open').incomplete).toMatch(/CP plan \(complete from/);
    const still = view.headlines.find((h: { key: string }) => h.key === 'still_open');
    expect(still.note).toMatch(/Incomplete: on 1 February 2021, the count/);
  });
});
