// The two-date view places children where the map does (review v9d finding 3): on each date, the
// children it counts at each station are GET /stations' `children` for that day and cohort, the
// Sankey's bands out of (and into) a station add up to that count, and the view's own places (not yet
// seen, an exit, no open step) take the rest, each child once. Journeys from this file's own generator:
// an ICPC and a CP plan start on one day, cases closed, children on a CP plan while looked after or in
// early help during an assessment, early help alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uploadCsv, userHeaders, type TestServer } from '../api/harness.js';

type Row = Record<string, string | number | null>;

/** A small multiplicative congruential generator (Park–Miller), so the journeys are the same each run. */
function lcg(seed: number) {
  let x = seed % 2147483647 || 1;
  return (n: number) => {
    x = (x * 48271) % 2147483647;
    return x % n;
  };
}

const isoAfter = (start: string, days: number) => new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Rows `child_id,event,date,outcome,sex` for `n` children, one journey shape per child in turn. */
function journeysCsv(n: number, seed: number): string {
  const pick = lcg(seed);
  const lines = ['child_id,event,date,outcome,sex'];
  for (let i = 0; i < n; i++) {
    const id = `g${seed}-${i}`;
    const sex = pick(2) === 0 ? 'F' : 'M';
    const t0 = pick(540); // start between 1 Jan 2023 and late June 2024
    const at = (offset: number, event: string, outcome = '') => lines.push(`${id},${event},${isoAfter('2023-01-01', t0 + offset)},${outcome},${sex}`);
    const front = () => {
      at(0, 'contact', 'referral');
      at(1, 'referral');
      at(2, 'assessment_start');
    };
    switch (i % 6) {
      case 0: {
        // ICPC and the CP plan on one day; the plan ends for some
        front();
        at(4, 'strategy_discussion');
        at(5, 's47_start');
        at(12, 's47_end', 'icpc');
        at(18, 'assessment_end', 'cin');
        const conference = 20 + pick(15);
        at(conference, 'icpc', 'cp_plan');
        at(conference, 'cp_plan_start');
        if (pick(2) === 0) {
          at(conference + 120 + pick(200), 'cp_plan_end');
        }
        break;
      }
      case 1: {
        // closed: an assessment ending in no further action, then the case closed
        front();
        const end = 10 + pick(40);
        at(end, 'assessment_end', 'nfa');
        at(end + pick(3), 'case_closed', 'RC8');
        break;
      }
      case 2: {
        // a CP plan while looked after: two open steps at once
        front();
        at(6, 's47_start');
        at(14, 's47_end', 'icpc');
        at(20, 'assessment_end', 'cin');
        at(25, 'icpc', 'cp_plan');
        at(26, 'cp_plan_start');
        at(30 + pick(30), 'cla_start');
        if (pick(3) === 0) at(200 + pick(100), 'cla_end', 'E11');
        break;
      }
      case 3: {
        // early help, and an assessment begun while it is still open
        at(0, 'contact', 'early_help');
        at(1, 'early_help_start');
        if (pick(2) === 0) {
          at(30 + pick(30), 'referral');
          at(32 + pick(30), 'assessment_start');
        } else {
          at(60 + pick(200), 'early_help_end');
        }
        break;
      }
      case 4: {
        // a child in need: assessment, CIN plan, closed later for some
        front();
        at(30, 'assessment_end', 'cin');
        at(31, 'cin_plan_start');
        if (pick(2) === 0) {
          at(100 + pick(150), 'cin_plan_end');
          at(260, 'case_closed', 'RC4');
        }
        break;
      }
      default:
        at(0, 'contact', 'nfa');
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('the two-date view against the map', () => {
  let exact: TestServer;
  let safe: TestServer;
  let viewer: Record<string, string> = {};
  beforeAll(async () => {
    exact = await startTestServer({ exactCounts: true });
    safe = await startTestServer();
    const csv = journeysCsv(600, 29);
    for (const s of [exact, safe]) expect((await uploadCsv(s.app, 'la', csv)).statusCode).toBe(201);
    viewer = await userHeaders(safe.app, 'vic', 'viewer');
  }, 60_000);
  afterAll(async () => {
    await exact?.close();
    await safe?.close();
  });

  const json = async (server: TestServer, url: string, headers: Record<string, string> = {}) => {
    const answer = await server.app.inject({ method: 'GET', url, headers });
    expect(answer.statusCode, `${url}: ${answer.body.slice(0, 200)}`).toBe(200);
    return answer.json();
  };

  for (const cohort of ['', 'sex:F']) {
    for (const [a, b] of [['2023-09-30', '2024-06-30'], ['2024-02-15', '2024-03-01']] as const) {
      it(`counts each station's children as the map does on both dates (cohort "${cohort}", ${a} and ${b})`, async () => {
        const c = cohort ? `&cohort=${encodeURIComponent(cohort)}` : '';
        const view = await json(exact, `/api/datasets/la/views/two-point?a=${a}&b=${b}${c}`);
        expect([view.a, view.b]).toEqual([a, b]);
        const children = view.headlines.find((h: Row) => h.key === 'children').k as number;
        expect(children).toBeGreaterThan(100);
        const sum = (rows: Row[]) => rows.reduce((s, r) => s + (r.count as number), 0);
        expect(sum(view.links)).toBe(children);
        for (const [date, rows, side] of [[a, view.atA, 'from_id'], [b, view.atB, 'to_id']] as const) {
          const map = await json(exact, `/api/datasets/la/stations?map=front-door&at=${date}${c}`);
          let waitingSomewhere = 0;
          for (const s of map.stations as Array<{ id: string; children: number }>) {
            if (s.id === 'nfa' || s.id === 'closed') continue; // exits hold nobody on the map
            const row = (rows as Row[]).find((r) => r.id === s.id);
            expect(row?.children, `${s.id} on ${date}`).toBe(s.children);
            // the bands out of (into) every place that names the station add up to the map's count
            const bands = (view.links as Row[]).filter((l) => String(l[side]).split('+').includes(s.id));
            expect(sum(bands), `bands at ${s.id} on ${date}`).toBe(s.children);
            waitingSomewhere += s.children;
          }
          expect(waitingSomewhere).toBeGreaterThan(20);
          // the children counted somewhere (each once) and those counted nowhere are every child, once
          const open = (rows as Row[]).find((r) => r.id === 'open')!.children as number;
          const elsewhere = (rows as Row[]).filter((r) => r.kind === 'at no station');
          expect(open + elsewhere.reduce((s, r) => s + (r.children as number), 0), `partition on ${date}`).toBe(children);
          expect(open).toBeLessThanOrEqual(waitingSomewhere);
        }
        // An ICPC is a day's event: with the plan begun that day nobody waits at it on either date.
        expect(view.atB.find((r: Row) => r.id === 'icpc').children).toBe(0);
        expect(view.atB.find((r: Row) => r.id === 'cp_plan').children).toBeGreaterThan(5);
        // children on a CP plan while looked after are one place naming both
        expect((view.links as Row[]).some((l) => l.to_id === 'cp_plan+looked_after')).toBe(true);
        expect((view.atB as Row[]).map((r) => r.id)).toContain('closed');
      }, 60_000);
    }
  }

  it("gives a viewer the map's published counts and keeps [c] cells", async () => {
    const [a, b] = ['2023-09-30', '2024-06-30'];
    const view = await json(safe, `/api/datasets/la/views/two-point?a=${a}&b=${b}&cohort=sex%3AF`, viewer);
    expect(view.disclosure.exactCounts).toBe(false);
    // a viewer's dates are a financial year's end or the data's last day (server/routes/views/pathways.ts viewerDay)
    expect([view.a, view.b]).toEqual(['2023-03-31', '2024-03-31']);
    const map = await json(safe, `/api/datasets/la/stations?map=front-door&at=${view.b}&cohort=sex%3AF`, viewer);
    // A cohort's [c] is any count under 10, 0 included: its note says so in place of "1 to 4" (audit a9m F4).
    for (const note of [view.disclosure.note, map.disclosure.note] as string[]) {
      expect(note).toMatch(/^This answer is for a cohort \(anything but everyone\), so \[c\] = a count under 10, 0 included/);
      expect(note).not.toContain('1 to 4');
    }
    const everyone = await json(safe, `/api/datasets/la/views/two-point?a=${a}&b=${b}`, viewer);
    expect(everyone.disclosure.note).toMatch(/^\[c\] = a count of 1 to 4/);
    for (const s of map.stations as Array<{ id: string; children: number | string }>) {
      if (s.id === 'nfa' || s.id === 'closed') continue;
      expect(view.atB.find((r: Row) => r.id === s.id)?.children, s.id).toEqual(s.children);
    }
    const counts = [...view.links, ...view.atA, ...view.atB].map((r: Row) => r.count ?? r.children);
    expect(counts).toContain('[c]');
    for (const n of counts) if (typeof n === 'number') expect(n % 5, String(n)).toBe(0);
  }, 60_000);
});
