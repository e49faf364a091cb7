// An auditor's attack (issue 12, 2026-12-06, F3): the two-point view for a viewer at many pairs of dates. Its
// headline "Children first seen after a" (new_since_a) counts the children first seen in (a, b], beside "Children
// seen by b" and the same pair a year earlier, each rounded on its own (0 exact, [c] = 1..4, else nearest 5). Every
// figure is a difference constraint on the cumulative count of children first seen; shortest paths give the
// tightest sound bounds. With a viewer's dates as asked, pairs a day to 8 days apart over a year pinned 177 of 188
// day counts of 1 to 4; a viewer's dates are now a financial year's end or the data's last day (pathways.ts
// viewerDay), and the same attack, read with the dates each answer names, pins none.
import { expect, test } from 'vitest';
import { startSafeAndExact } from '../api/harness.js';
import { generate } from './audit/rare-steps-log.js';
import { DiffSystem } from './audit/difference-bounds.js';

const DAY = 86400000;
const toDay = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
const addMonths = (d: number, m: number) => {
  const t = new Date(d * DAY);
  const y = t.getUTCFullYear(), mo = t.getUTCMonth() + m, day = t.getUTCDate();
  const last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, mo, Math.min(day, last)) / DAY);
};

const CHILDREN = Number(process.env.AUDIT_CHILDREN ?? 800);
const PROBE_DAYS = Number(process.env.AUDIT_PROBE_DAYS ?? 120);
const MAX_GAP = Number(process.env.AUDIT_MAX_GAP ?? 8);
const PROBE_START = process.env.AUDIT_PROBE_START ?? '2022-06-01';

type Row = Record<string, unknown>;
const range = (v: unknown): [number, number] => {
  if (v === '[c]') return [1, 4];
  if (typeof v !== 'number') throw new Error(`unexpected published count ${String(v)}`);
  if (v === 0) return [0, 0];
  return [Math.max(5, v - 2), v + 2];
};

test("two-point view at many pairs of dates: a viewer's answers pin no day's children first seen", async () => {
  const csv = generate({ children: CHILDREN, first: '2021-04-01', last: '2024-03-31', seed: 11 });
  const { safe, exact, viewer, close } = await startSafeAndExact([['c', csv]]);
  let requests = 0;
  try {
    const list = JSON.parse((await safe.app.inject({ method: 'GET', url: '/api/datasets', headers: viewer })).body) as Row[];
    requests++;
    const first = toDay(list[0]!.from as string);
    const last = toDay(list[0]!.to as string);
    const N = last - first + 1;
    const ask = async (server: typeof safe, a: number, b: number) => {
      const res = await server.app.inject({ method: 'GET', url: `/api/datasets/c/views/two-point?a=${iso(a)}&b=${iso(b)}`, headers: viewer });
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 300)}`);
      return JSON.parse(res.body) as { a: string; b: string; headlines: Row[] };
    };
    const probeStart = toDay(PROBE_START);
    // truth: the exact server's "children seen by b" for every day of the probed stretch (and the day before)
    const C = new Map<number, number>(); // node index -> children first seen on days < first + node
    for (let d = probeStart - 1; d < probeStart + PROBE_DAYS + MAX_GAP; d++) {
      const v = await ask(exact, d - 1, d);
      C.set(d + 1 - first, v.headlines.find((h) => h.key === 'children')!.k as number);
    }
    const s = new DiffSystem(N);
    const add = (a: number, b: number, h: Row, prefix: '' | 'last_') => {
      const seen = h[`${prefix}k`];
      if (h.key === 'children') { const [lo, hi] = range(seen); s.window(0, b + 1 - first, lo, hi, `children seen by ${iso(b)} (${prefix || 'this'}) shown ${String(seen)}: first seen [start..${iso(b)}]`); }
      if (h.key === 'new_since_a') { const [lo, hi] = range(seen); s.window(a + 1 - first, b + 1 - first, lo, hi, `first seen after ${iso(a)} by ${iso(b)} (${prefix || 'this'}) shown ${String(seen)}: first seen [${iso(a + 1)}..${iso(b)}]`); }
    };
    for (let a = probeStart - 1; a < probeStart + PROBE_DAYS; a++) {
      for (let g = 1; g <= MAX_GAP; g++) {
        const b = a + g;
        const v = await ask(safe, a, b);
        requests++;
        // the dates the answer is for (a viewer's are snapped), not the dates asked
        const [va, vb] = [toDay(v.a), toDay(v.b)];
        if (va === vb) continue;
        for (const h of v.headlines) {
          add(va, vb, h, '');
          const eb = addMonths(vb, -12);
          if (eb >= first && h.last_k !== null && h.last_k !== undefined) add(Math.max(first, addMonths(va, -12)), eb, h, 'last_');
        }
      }
    }
    const dist = s.solve();
    let pinned = 0, small = 0, unsound = 0;
    const examples: string[] = [];
    for (let d = probeStart; d < probeStart + PROBE_DAYS; d++) {
      const u = d - first, v = u + 1;
      const x = C.get(v)! - C.get(u)!;
      const hi = dist[u]![v]!, lo = -dist[v]![u]!;
      if (x < lo || x > hi) { unsound++; examples.push(`UNSOUND ${iso(d)} truth ${x} in [${lo}, ${hi}]`); }
      if (x >= 1 && x <= 4) { small++; if (lo === hi) { pinned++; if (examples.length < 10) examples.push(`children first seen on ${iso(d)} = ${x}`);
        if (process.env.AUDIT_PROOF && pinned === Number(process.env.AUDIT_PROOF)) console.log(`PROOF first seen on ${iso(d)} = ${x}\n upper (${hi}):\n  ${s.path(u, v).join('\n  ')}\n lower (${lo}):\n  ${s.path(v, u).join('\n  ')}`); } }
    }
    console.log(`children ${CHILDREN}, span ${iso(first)}..${iso(last)}, pairs (a, a+1..a+${MAX_GAP}) for ${PROBE_DAYS} days from ${PROBE_START}`);
    console.log(examples.join('\n'));
    console.log(`TOTAL requests ${requests}; day counts of 1-4 (children first seen) pinned ${pinned}/${small}; unsound ${unsound}`);
    expect(unsound).toBe(0);
    expect(small, 'the log has days of 1 to 4 children first seen').toBeGreaterThan(20);
    expect(pinned, examples.join('; ')).toBe(0);
  } finally {
    await close();
  }
}, 300_000);
