// The demo dataset against the national figures of shared/data/calibration-england.md: writes the demo
// CSV exactly as `npm start` does (timed), reads it back, and prints target vs achieved for the demo
// window (April 2021 – March 2025), with the same metrics code the service uses.
// Usage: npx tsx bench/demo-calibration.ts [children] [seed]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDay, parseDay } from '../core/dates.js';
import { buildEventTable, type EventRecord } from '../core/event-table.js';
import { EVENT_TYPES, type EventType } from '../core/events.js';
import { computeMetrics, prepareMetrics } from '../core/metrics.js';
import { DEMO_FROM, DEMO_TO, writeDemoCsv } from '../synth/demo.js';
import { CALIBRATION_TARGETS, calibrationFigures } from '../synth/calibration.js';

const children = process.argv[2] ? Number(process.argv[2]) : undefined;
const seed = process.argv[3] ? Number(process.argv[3]) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'demo-calibration-'));
try {
  const file = join(dir, 'demo.csv');
  const t0 = performance.now();
  const { rows } = await writeDemoCsv(file, { ...(children ? { children } : {}), ...(seed !== undefined ? { seed } : {}) });
  const seconds = (performance.now() - t0) / 1000;

  // A plain reader of the CSV the generator writes (no quoting, fixed column order).
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: EventRecord[] = [];
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (!line) continue;
    const [child, event, date, episode, outcome, source] = line.split(',');
    const day = parseDay(date!);
    if (day === null) throw new Error(`line ${k + 1}: bad date "${date}"`);
    records.push({ child: child!, type: event as EventType, day, episodeId: episode || null, outcome: outcome || null, source: source || null });
  }
  if (!records.every((r) => (EVENT_TYPES as readonly string[]).includes(r.type))) throw new Error('unknown event type in the demo CSV');
  const table = buildEventTable(records);
  const prepared = prepareMetrics(table);
  const figures = calibrationFigures(table, computeMetrics(prepared, { from: DEMO_FROM, to: DEMO_TO }), DEMO_FROM, DEMO_TO);
  // The whole file too: what the service shows when no window is asked for.
  let first = Infinity;
  for (let i = 0; i < table.length; i++) first = Math.min(first, table.day[i]!);
  const whole = calibrationFigures(table, computeMetrics(prepared, { from: first, to: DEMO_TO }), first, DEMO_TO);
  console.log(`demo: ${rows} events, ${table.childIds.length} children, ${formatDay(first)} to ${formatDay(DEMO_TO)}; written in ${seconds.toFixed(2)} s`);
  const perYear = figures.referrals_per_year ?? 0;
  console.log(`window ${formatDay(DEMO_FROM)} to ${formatDay(DEMO_TO)}; ${perYear} referrals in its last year: a council of ~${Math.round(perYear / 0.052 / 1000)},000 children at 520 per 10,000\n`);
  const pad = (s: string, n: number) => s.padEnd(n);
  const fmt = (v: number, unit: string) => (unit === '%' ? `${(v * 100).toFixed(1)}%` : unit === 'count' ? v.toFixed(0) : unit === 'ratio' ? v.toFixed(3) : v.toFixed(1));
  console.log(`${pad('measure', 46)}${pad('target', 26)}${pad('achieved', 12)}${pad('in range', 10)}whole file`);
  for (const target of CALIBRATION_TARGETS) {
    const value = figures[target.key];
    const shown = value === null ? '—' : fmt(value, target.unit);
    const ok = value !== null && value >= target.range[0] && value <= target.range[1];
    const all = whole[target.key];
    console.log(`${pad(target.label, 46)}${pad(target.target, 26)}${pad(shown, 12)}${pad(ok ? 'yes' : 'NO', 10)}${all === null ? '—' : fmt(all, target.unit)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
