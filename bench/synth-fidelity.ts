// Issue 10's criteria at full size, on logs from the test generators the model was not written
// with (tests/synth/generators/): 50,000 children each, fit, generate 50,000, report. Prints, per
// generator, every rate and median real against synthetic, the worst yearly volume, grammar breaks and
// the privacy figures, with timings. Usage: npx tsx bench/synth-fidelity.ts [children] [seed] [generator,…]
// The log's seed is `seed`, the copy's `seed + 1`, or COPY_SEED when set (the unseen tests use copy seed 1).
// DECOMPOSE=1 adds care decomposed, log against copy: entries per year by age band at entry, ended periods'
// median length by age at entry, back-to-back periods, care (and CP plans, assessments, CIN plans) open at the end by age.
import { addMonths, dayFromCivil, parseDay } from '../core/dates.js';
import type { EventTable } from '../core/event-table.js';
import { EV, EVENT_TYPES, outcomeCode } from '../core/events.js';
import { prepareMetrics } from '../core/metrics.js';
import { fidelityReport } from '../synth/fidelity.js';
import { fittedPeriod } from '../synth/generate.js';
import { fitModel } from '../synth/fit.js';
import { generateDataset } from '../synth/output.js';
import { privacyReport } from '../synth/privacy.js';
import { censusLog } from '../tests/synth/generators/census.js';
import { countyLog } from '../tests/synth/generators/county.js';
import { backlogLog, driftLog } from '../tests/synth/generators/drift.js';
import { growingLog } from '../tests/synth/generators/growing.js';
import { tripsLog } from '../tests/synth/generators/trips.js';
import type { TestLogOptions } from '../tests/synth/generators/log.js';

const children = Number(process.argv[2] ?? 50_000);
const seed = Number(process.argv[3] ?? 5);
const FROM = dayFromCivil(2018, 4, 1);
const TO = dayFromCivil(2025, 3, 31);
const generators = {
  county: countyLog, census: censusLog, growing: growingLog,
  // The independent review's generator (ported): its plain log C and its log G growing 20% a year.
  trips: (o: TestLogOptions) => tripsLog(o, { ids: true }),
  'trips-growth': (o: TestLogOptions) => tripsLog(o, { ids: true, gapScale: 6, growth: 1.2 }),
  // Written for the review's lost logs A and B: conversions falling year by year; six years of history before the extract.
  drift: driftLog, backlog: backlogLog,
};

const ADOPTED = new Set(['E11', 'E12'].map(outcomeCode));
/** Care by age (not a criterion; README "Synthetic data"): entries at 16+, and adoptions among care ends under 5 and at 16+. */
function careByAge(table: EventTable, dob: ArrayLike<number>): string {
  let entries = 0, entries16 = 0;
  const ends = [0, 0], adopted = [0, 0];
  for (let c = 0; c < table.childIds.length; c++) {
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const years = (table.day[i]! - dob[c]!) / 365.25;
      if (table.type[i] === EV.cla_start) (entries++, (entries16 += years >= 16 ? 1 : 0));
      const band = years < 5 ? 0 : years >= 16 ? 1 : -1;
      if (table.type[i] === EV.cla_end && band >= 0) (ends[band]!++, (adopted[band]! += ADOPTED.has(table.outcome[i]!) ? 1 : 0));
    }
  }
  return `care entries ${entries} (16+: ${entries16}); adoptions of care ends under 5 ${adopted[0]}/${ends[0]}, 16+ ${adopted[1]}/${ends[1]}`;
}

const BAND_NAMES = ['0-4', '5-9', '10-15', '16-17', '18+'];
const bandOf = (dob: number, day: number): number => {
  if (day >= addMonths(dob, 216)) return 4;
  const years = (day - dob) / 365.25;
  return years < 5 ? 0 : years < 10 ? 1 : years < 16 ? 2 : 3;
};
const medianOf = (xs: number[]): number => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1]! : NaN);
/** cla_days_median's sample taken apart: care ends in the window, paired in their episode (metrics.md), 0 days (an end paired with the start of a back-to-back period that day), and the rest's median. */
function claDaysParts(table: EventTable, from: number, to: number): string {
  const { pairedStart } = prepareMetrics(table);
  let ends = 0, zero = 0;
  const rest: number[] = [];
  for (let i = 0; i < table.length; i++) {
    if (table.type[i] !== EV.cla_end || table.day[i]! < from || table.day[i]! > to) continue;
    ends++;
    const s = pairedStart[i]!;
    if (s < 0) continue;
    const d = table.day[i]! - table.day[s]!;
    if (d === 0) zero++;
    else rest.push(d);
  }
  return `ends ${ends}, paired ${zero + rest.length}, 0 days ${zero}, rest median ${medianOf(rest)}`;
}
/** Care decomposed (DECOMPOSE=1): rows per age band, the log's figure then the copy's. */
function careDecomposition(table: EventTable, dob: ArrayLike<number>, from: number, to: number) {
  const years = Math.ceil((to - from + 1) / 365.25);
  const entries = Array.from({ length: 5 }, () => new Array<number>(years).fill(0));
  const lengths = Array.from({ length: 5 }, () => [] as number[]);
  const backToBack = new Array<number>(5).fill(0);
  /** entries by the child's previous event's type, per band */
  const after = Array.from({ length: 5 }, () => new Map<string, number>());
  const openAtEnd: Record<string, number[]> = { care: new Array(5).fill(0), cp_plan: new Array(5).fill(0), assessment: new Array(5).fill(0), cin_plan: new Array(5).fill(0) };
  const spans = { care: [EV.cla_start, EV.cla_end], cp_plan: [EV.cp_plan_start, EV.cp_plan_end], assessment: [EV.assessment_start, EV.assessment_end], cin_plan: [EV.cin_plan_start, EV.cin_plan_end] } as const;
  for (let c = 0; c < table.childIds.length; c++) {
    const open: Record<string, number> = { care: 0, cp_plan: 0, assessment: 0, cin_plan: 0 };
    let careStart = -1, lastEnd = -1;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const t = table.type[i]!, d = table.day[i]!;
      for (const [k, [s, e]] of Object.entries(spans)) {
        if (t === s) open[k]!++;
        else if (t === e && open[k]! > 0) open[k]!--;
      }
      if (t === EV.cla_start) {
        careStart = d;
        const b = bandOf(dob[c]!, d);
        if (d >= from && d <= to) entries[b]![Math.floor((d - from) / 365.25)]!++;
        if (d === lastEnd) backToBack[b]!++;
        const prev = i > table.childStart[c]! ? EVENT_TYPES[table.type[i - 1]!]! : 'none';
        if (d >= from && d <= to) after[b]!.set(prev, (after[b]!.get(prev) ?? 0) + 1);
      } else if (t === EV.cla_end && careStart >= 0) {
        if (d >= from && d <= to) lengths[bandOf(dob[c]!, careStart)]!.push(d - careStart);
        lastEnd = d;
        careStart = -1;
      }
    }
    for (const k of Object.keys(open)) if (open[k]! > 0) openAtEnd[k]![bandOf(dob[c]!, to)]!++;
  }
  return { entries, lengths, backToBack, openAtEnd, after };
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const only = process.argv[4]?.split(',');
for (const [name, generator] of Object.entries(generators)) {
  if (only && !only.includes(name)) continue;
  const real = generator({ children, from: FROM, to: TO, seed });
  let t0 = performance.now();
  const model = fitModel(real.table, real.children);
  const fitSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const synthetic = generateDataset(model, { children: real.table.childIds.length, ...fittedPeriod(model), seed: Number(process.env.COPY_SEED ?? seed + 1) });
  const generateSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const f = fidelityReport(real, synthetic);
  const p = privacyReport(real, synthetic, model);
  const reportSeconds = (performance.now() - t0) / 1000;
  console.log(`\n${name}: ${real.table.childIds.length} children, ${real.table.length} events real / ${synthetic.table.length} synthetic (${f.window.from} to ${f.window.to}); fit ${fitSeconds.toFixed(1)} s, generate ${generateSeconds.toFixed(1)} s, report ${reportSeconds.toFixed(1)} s`);
  console.log(`  verdict: fidelity ${f.pass ? 'pass' : 'FAIL'}, privacy ${p.pass ? 'pass' : 'FAIL'}`);
  for (const r of f.rates) console.log(`  ${r.pass ? 'ok  ' : 'FAIL'} ${r.key.padEnd(30)} ${pct(r.real).padStart(6)} ${pct(r.synthetic).padStart(6)}  ${(r.differencePoints ?? 0).toFixed(2).padStart(6)} pts (allowed ${r.tolerancePoints.toFixed(2)})`);
  for (const r of f.cpPlanBands) console.log(`  ${r.pass ? 'ok  ' : 'FAIL'} ${`cp plans ${r.band}`.padEnd(30)} ${pct(r.real).padStart(6)} ${pct(r.synthetic).padStart(6)}  ${(r.differencePoints ?? 0).toFixed(2).padStart(6)} pts (allowed ${r.tolerancePoints.toFixed(2)})`);
  for (const o of f.openAtEnd) console.log(`  ${o.pass ? 'ok  ' : 'FAIL'} ${`open at end ${o.stage}`.padEnd(30)} ${String(o.real).padStart(6)} ${String(Math.round(o.synthetic)).padStart(6)}  ${((o.relativeDifference ?? 0) * 100).toFixed(1).padStart(6)}% (allowed ${(o.toleranceRelative * 100).toFixed(1)}%)`);
  for (const m of f.medians) console.log(`  ${m.pass ? 'ok  ' : 'FAIL'} ${m.key.padEnd(30)} ${String(m.real).padStart(6)} ${String(m.synthetic).padStart(6)}  ${((m.relativeDifference ?? 0) * 100).toFixed(1).padStart(6)}%`);
  for (const measure of ['contacts', 'referrals', 'events'] as const) {
    const rows = f.volumes.filter((v) => v.measure === measure);
    const worst = rows.reduce((w, v) => (Math.abs(v.relativeDifference ?? 0) > Math.abs(w.relativeDifference ?? 0) ? v : w), rows[0]!);
    console.log(`  ${rows.every((v) => v.pass) ? 'ok  ' : 'FAIL'} ${`${measure} per year, worst`.padEnd(30)} ${((worst.relativeDifference ?? 0) * 100).toFixed(1)}% (${worst.from}: ${worst.real} vs ${worst.synthetic}); by year ${rows.map((v) => `${((v.relativeDifference ?? 0) * 100).toFixed(1)}`).join(' ')}`);
  }
  console.log(`  ${f.grammar.pass ? 'ok  ' : 'FAIL'} grammar breaks                 real ${f.grammar.realBreaks}, synthetic ${f.grammar.syntheticBreaks}`);
  console.log(`  ${p.journeys.pass ? 'ok  ' : 'FAIL'} copies of 6+ event journeys    ${p.journeys.informativeMatches} (expected by chance ${p.journeys.expectedByChance.toFixed(1)}, allowed ${p.journeys.allowed.toFixed(1)})`);
  const d = p.dcr;
  console.log(`  ${d.pass ? 'ok  ' : 'FAIL'} distance to closest record     closer than real 5th pct: synthetic ${pct(d.syntheticToReal.closeShare)} vs real ${pct(d.realToReal.closeShare)} (+${(d.allowedExcess.closeShare * 100).toFixed(1)} allowed); at 0: ${pct(d.syntheticToReal.zeroShare)} vs ${pct(d.realToReal.zeroShare)}; median ${d.syntheticToReal.median} vs ${d.realToReal.median}, 5th pct ${d.syntheticToReal.p5} vs ${d.realToReal.p5}`);
  console.log(`  info care by age: real ${careByAge(real.table, real.children.dob)}; synthetic ${careByAge(synthetic.table, synthetic.children.dob)}`);
  if (process.env.DECOMPOSE) {
    const from = parseDay(f.window.from)!;
    const to = parseDay(f.window.to)!;
    const a = careDecomposition(real.table, real.children.dob, from, to), b = careDecomposition(synthetic.table, synthetic.children.dob, from, to);
    for (let band = 0; band < 5; band++) {
      const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
      console.log(`  care ${BAND_NAMES[band]!.padEnd(5)} entries ${sum(a.entries[band]!)}/${sum(b.entries[band]!)} by year ${a.entries[band]!.map((x, y) => `${x}/${b.entries[band]![y]}`).join(' ')}; ended ${a.lengths[band]!.length}/${b.lengths[band]!.length} median ${medianOf(a.lengths[band]!)}/${medianOf(b.lengths[band]!)}; back-to-back ${a.backToBack[band]}/${b.backToBack[band]}; open at end ${Object.keys(a.openAtEnd).map((k) => `${k} ${a.openAtEnd[k]![band]}/${b.openAtEnd[k]![band]}`).join(', ')}`);
    }
    for (let band = 0; band < 5; band++) {
      const keys = [...new Set([...a.after[band]!.keys(), ...b.after[band]!.keys()])].sort();
      if (keys.length) console.log(`  care ${BAND_NAMES[band]!.padEnd(5)} entries after ${keys.map((k) => `${k} ${a.after[band]!.get(k) ?? 0}/${b.after[band]!.get(k) ?? 0}`).join(', ')}`);
    }
    console.log(`  cla_days sample: log ${claDaysParts(real.table, from, to)}; copy ${claDaysParts(synthetic.table, from, to)}`);
    const all = (x: typeof a) => x.lengths.flat();
    console.log(`  care all ended median ${medianOf(all(a))}/${medianOf(all(b))} (${all(a).length}/${all(b).length}); open at end ${a.openAtEnd.care!.reduce((x, y) => x + y)}/${b.openAtEnd.care!.reduce((x, y) => x + y)}`);
  }
  console.log(`  ${p.smallCells?.pass ? 'ok  ' : 'FAIL'} small cells (min ${model.minCell})            ${p.smallCells?.violations.length} violations; ${model.merged.length} cells merged`);
}
