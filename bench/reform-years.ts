// Year by year on a log whose practice changes in mid-log (test generator "reform"): the log's figures beside a
// copy's, financial year by financial year (metrics.md on each year's window). Prints a table.
// npx tsx bench/reform-years.ts [children] [copy seeds, comma-separated] [--placebo]
import { dayFromCivil, formatDay } from '../core/dates.js';
import { computeMetrics, prepareMetrics } from '../core/metrics.js';
import { fitModel } from '../synth/fit.js';
import { fittedPeriod } from '../synth/generate.js';
import { generateDataset } from '../synth/output.js';
import { reformLog } from '../tests/synth/generators/reform.js';

const children = Number(process.argv[2] ?? 50_000);
const seeds = (process.argv[3] ?? '7').split(',').map(Number);
const placebo = process.argv.includes('--placebo');
const from = dayFromCivil(2018, 4, 1);
const to = dayFromCivil(2025, 3, 31);
const log = reformLog({ children, from, to, seed: 11 }, placebo ? {} : { reformDay: dayFromCivil(2021, 10, 1) });
let t0 = performance.now();
const model = fitModel(log.table, log.children);
console.log(`fit ${((performance.now() - t0) / 1000).toFixed(2)} s; durationTrends ${JSON.stringify((model as { durationTrends?: unknown }).durationTrends ?? null)}`);
const real = prepareMetrics(log.table);
const years = [2018, 2019, 2020, 2021, 2022, 2023, 2024].map((y) => ({ from: dayFromCivil(y, 4, 1), to: dayFromCivil(y + 1, 3, 31) }));
const row = (m: ReturnType<typeof computeMetrics>) => ({
  a: m.durations.assessment_days_median, cp: m.durations.cp_plan_days_median, w45: m.rates.assessment_within_45_wd,
  s47: m.counts.s47_start, cin: m.counts.cin_plan_start, ref: m.counts.referral, oa: m.open_at_end.assessment, ocp: m.open_at_end.cp_plan,
});
const realRows = years.map((w) => row(computeMetrics(real, w)));
for (const seed of seeds) {
  t0 = performance.now();
  const copy = generateDataset(model, { children: log.table.childIds.length, ...fittedPeriod(model), seed });
  const syn = prepareMetrics(copy.table);
  console.log(`copy seed ${seed} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log('year       | assess med  | cp med      | within45      | s47          | cin plans    | referrals      | open assess | open cp');
  years.forEach((w, k) => {
    const r = realRows[k]!;
    const s = row(computeMetrics(syn, w));
    const f = (a: number | null | undefined, b: number | null | undefined, d = 0) => `${a == null ? '-' : a.toFixed(d)}/${b == null ? '-' : b.toFixed(d)}`.padEnd(12);
    console.log(`${formatDay(w.from)} | ${f(r.a, s.a)}| ${f(r.cp, s.cp)}| ${f(r.w45, s.w45, 3)}  | ${f(r.s47, s.s47)} | ${f(r.cin, s.cin)} | ${f(r.ref, s.ref).padEnd(14)} | ${f(r.oa, s.oa)}| ${f(r.ocp, s.ocp)}`);
  });
  const whole = { from, to };
  const a = computeMetrics(real, whole);
  const b = computeMetrics(syn, whole);
  console.log(`whole: assess med ${a.durations.assessment_days_median}/${b.durations.assessment_days_median} cp med ${a.durations.cp_plan_days_median}/${b.durations.cp_plan_days_median} open assess ${a.open_at_end.assessment}/${b.open_at_end.assessment} open cp ${a.open_at_end.cp_plan}/${b.open_at_end.cp_plan} s47->icpc ${a.rates.s47_to_icpc?.toFixed(3)}/${b.rates.s47_to_icpc?.toFixed(3)}`);
}
