// Issue 10's criteria at full size, on logs from the test generators the model was not written
// with (tests/synth/generators/): 50,000 children each, fit, generate 50,000, report. Prints, per
// generator, every rate and median real against synthetic, the worst yearly volume, grammar breaks and
// the privacy figures, with timings. Usage: npx tsx bench/synth-fidelity.ts [children] [seed] [generator,…]
// The log's seed is `seed`, the copy's `seed + 1`, or COPY_SEED when set (the unseen tests use copy seed 1).
import { dayFromCivil } from '../core/dates.js';
import type { EventTable } from '../core/event-table.js';
import { EV, outcomeCode } from '../core/events.js';
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
  console.log(`  ${p.smallCells?.pass ? 'ok  ' : 'FAIL'} small cells (min ${model.minCell})            ${p.smallCells?.violations.length} violations; ${model.merged.length} cells merged`);
}
