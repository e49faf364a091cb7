// NFA at referral's finding at a marker on events CSVs (the 9d audit's gen.py logs), through the core functions with
// chosen jump options: each FILE:MARKER pair imports FILE into a temporary store and reports the finding at MARKER.
// FILE:START:END instead sweeps markers every 14 days from START to END (placebo: counts the markers where any measure
// is called changed, as bench/impact-sweep.ts does through the server, but with the jump options below).
// Usage: npx tsx bench/impact-csv-power.ts FILE.csv:YYYY-MM-DD ... FILE.csv:START:END ... [--weeks 26]
// JUMP='{"...":...}' (JSON): JumpOptions (unset = the defaults). VERBOSE=1: NFA's jump at the marker (estimate, se,
// the season's own jump, lag-1) and the table's eight largest T with the measure that sets each. DAILY=1: see below.
// Brief pow11 (issue 9 item 1): the auditor's gen.py logs, /tmp/audit9d-scratch/gen.py.
import type { AnalysisContext } from '../core/analysis/context.js';
import { impactOfChange, IMPACT_MEASURES, WEEKLY_COUNT_KEY } from '../core/analysis/impact.js';
import { cachedJumpTable } from '../core/analysis/in-time-placebo.js';
import { formatDay, parseDay } from '../core/dates.js';
import { withCsvContext } from './csv-context.js';

const args = process.argv.slice(2);
const wi = args.indexOf('--weeks');
const weeks = wi >= 0 ? Number(args[wi + 1]) : 26;
const pairs = args.filter((a, i) => a.includes(':') && (wi < 0 || i !== wi + 1));
const jump = JSON.parse(process.env.JUMP ?? '{}');
const pct = (x: number | null | undefined) => (x == null ? '-' : (100 * x).toFixed(1));
// DAILY=1: the critical from the positions of all seven weekday tables pooled (every day a position), the same
// table for every marker; a measure changed when its |t| at the marker exceeds it (max-T with K' = 7K positions).
const daily = process.env.DAILY === '1';
type Ctx = AnalysisContext;
function dailyVerdict(ctx: Ctx, span: { first: number; last: number }, d: number): { critical: number; t: Record<string, number>; estimate: number | null } {
  const all: number[] = [];
  let own: ReturnType<typeof cachedJumpTable> | null = null;
  for (let k = 0; k < 7; k++) {
    const table = cachedJumpTable(ctx.prepared, ctx.indicators, null, span, d + k, weeks, weeks, IMPACT_MEASURES, WEEKLY_COUNT_KEY, jump);
    if (k === 0) own = table;
    for (const v of table.T) all.push(v);
  }
  all.sort((a, b) => b - a);
  const allowed = Math.floor(0.05 * all.length + 1e-9);
  const critical = all[allowed] ?? Infinity;
  const position = own!.positions.indexOf(own!.weekStarts.indexOf(d));
  const t: Record<string, number> = {};
  let estimate: number | null = null;
  if (position >= 0) for (const [m, row] of Object.entries(own!.jumps)) {
    const j = row[position];
    if (j) t[m] = j.t;
    if (j && m === 'referral_nfa') estimate = j.estimate;
  }
  return { critical, t, estimate };
}
let found = 0;
let steps = 0;
let placeboMarkers = 0;
let placeboChanged = 0;
for (const pair of pairs) {
  const [file, marker] = pair.split(':') as [string, string];
  await withCsvContext(file, (ctx, span) => {
    const end = pair.split(':')[2];
    if (end) {
      let markers = 0;
      let changed = 0;
      const flagged: string[] = [];
      for (let d = parseDay(marker)!; d <= parseDay(end)!; d += 14) {
        markers++;
        let ch: string[];
        if (daily) {
          const v = dailyVerdict(ctx, span, d);
          ch = Object.entries(v.t).filter(([, t]) => Math.abs(t) > v.critical).map(([m]) => m);
        } else {
          const r = impactOfChange(ctx.prepared, ctx.indicators, d, { weeksEitherSide: weeks, span, model: 'max-t', jump });
          ch = r.findings.filter((x) => x.changed).map((x) => x.measure);
        }
        if (ch.length) {
          changed++;
          flagged.push(`${formatDay(d)} ${ch.join(',')}`);
        }
      }
      placeboMarkers += markers;
      placeboChanged += changed;
      console.log(`${file} sweep ${marker} to ${end}: ${changed} of ${markers} markers changed ${flagged.join('; ')}`);
      return;
    }
    steps++;
    if (daily) {
      const v = dailyVerdict(ctx, span, parseDay(marker)!);
      const t = v.t.referral_nfa;
      const ok = t !== undefined && t > v.critical;
      if (ok) found++;
      console.log(`${file} ${marker}: ${ok ? 'found' : 'missed'} estimate ${pct(v.estimate)} t ${t?.toFixed(2)} daily critical ${v.critical.toFixed(2)}`);
      return;
    }
    const result = impactOfChange(ctx.prepared, ctx.indicators, parseDay(marker)!, { weeksEitherSide: weeks, span, model: 'max-t', jump });
    const f = result.findings.find((x) => x.measure === 'referral_nfa')!;
    const ok = f.untested === null && f.changed && f.direction === 'up';
    if (ok) found++;
    const cal = (result as unknown as { calibration?: { critical: number; positions: number } }).calibration;
    if (process.env.VERBOSE) {
      const md = parseDay(marker)!;
      const table = cachedJumpTable(ctx.prepared, ctx.indicators, null, span, md, weeks, weeks, IMPACT_MEASURES, WEEKLY_COUNT_KEY, jump);
      const position = table.positions.indexOf(table.weekStarts.indexOf(md));
      const j = table.jumps.referral_nfa![position];
      const top = [...table.T].map((t, i) => ({ t, i })).sort((a, b) => b.t - a.t).slice(0, 8);
      console.log('  top T: ' + top.map(({ t, i }) => {
        const m = Object.entries(table.jumps).map(([k, row]) => ({ k, t: Math.abs(row[i]?.t ?? 0) })).sort((a, b) => b.t - a.t)[0]!;
        return `${formatDay(table.weekStarts[table.positions[i]!]!)} ${t.toFixed(2)} ${m.k}`;
      }).join('; '));
      if (j) console.log(`  jump ${pct(j.estimate)} se ${pct(j.se)} t ${j.t.toFixed(2)} season ${pct(j.season?.jump)} kept ${j.season?.kept} lag1 ${j.lag1.toFixed(2)} slopes ${(100 * j.before.slope).toFixed(3)} ${(100 * j.after.slope).toFixed(3)} levels ${pct(j.before.level)} ${pct(j.after.level)}`);
    }
    console.log(`${file} ${marker}: ${ok ? 'found' : 'missed'} estimate ${pct(f.estimate)} (${pct(f.lower)} to ${pct(f.upper)}) p ${f.p?.toFixed(3) ?? '-'} critical ${cal?.critical?.toFixed(2)} K ${cal?.positions} ${f.untested ?? ''}`);
  });
}
console.log(`found ${found} of ${steps}; placebo ${placeboChanged} of ${placeboMarkers} markers`);
