// Chance or a model gap (audit a13d finding B3, log up12_41): logs from the auditor's own generator (gen2.py, not in
// this repository: needs python3 and its path as the first argument) whose contacts are flat and turn to +20% a year
// 12 months before the forecast's date (`--trend 1.0 --bend 2023-04-01:1.20 --season summer`), and the same seeds with
// no bend (the placebo), each ingested and forecast by the CLI exactly as issue 13's back-test does (--as-of
// 2024-03-31 --months 12 --seed 1 --json) and scored by its rule: the 80% band holds the actual monthly referrals in at
// least 8 of 12 months and the 95% band the month-12 stocks of CP plans and of children looked after. Prints per log the
// months inside, the 12 months' actual referrals against the forecast's median sum, each month-12 stock against its
// band with the quantile the truth sits at (linear between the forecast's p2.5, p10, p25, p50, p75, p90 and p97.5),
// then the totals per kind of log.
// Usage: npx tsx bench/forecast-upturn-seeds.ts GEN2_PY [first seed = 141] [seeds = 20] [runs = 400]
// Logs, truths and the database go to a fresh directory under the system's temporary directory (printed, kept).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [gen2, firstText = '141', countText = '20', runsText = '400'] = process.argv.slice(2);
if (!gen2) throw new Error('usage: npx tsx bench/forecast-upturn-seeds.ts GEN2_PY [first seed] [seeds] [runs]');
const first = Number(firstText), count = Number(countText), runs = Number(runsText);
const dir = mkdtempSync(join(tmpdir(), 'bench-upturn-'));
const root = join(import.meta.dirname, '..');
const env = { ...process.env, JOURNEYS_KEY_FILE: join(dir, 'key') };
const cli = (...args: string[]) => execFileSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 28 });
const QUANTILES = [['p2_5', 0.025], ['p10', 0.1], ['p25', 0.25], ['p50', 0.5], ['p75', 0.75], ['p90', 0.9], ['p97_5', 0.975]] as const;
type Band = Record<(typeof QUANTILES)[number][0], number[]>;

/** where `actual` sits in month `k`'s forecast distribution: 0 below p2.5, 1 above p97.5, else linear between quantiles */
function quantileOf(band: Band, k: number, actual: number): number {
  const xs = QUANTILES.map(([key, q]) => [band[key][k]!, q] as const);
  if (actual < xs[0]![0]) return 0;
  if (actual > xs[xs.length - 1]![0]) return 1;
  for (let i = 1; i < xs.length; i++) {
    const [x0, q0] = xs[i - 1]!, [x1, q1] = xs[i]!;
    if (actual <= x1) return x1 === x0 ? q0 : q0 + ((q1 - q0) * (actual - x0)) / (x1 - x0);
  }
  return 1;
}

console.log(`logs in ${dir}; ${runs} runs each`);
for (const [kind, bend] of [['upturn 12 months back', ['--bend', '2023-04-01:1.20']], ['placebo (flat)', []]] as const) {
  const tally = { logs: 0, ref8: 0, months: 0, above: 0, ratio: 0, cp: 0, cla: 0, rule: 0, claQ: [] as number[], cpQ: [] as number[] };
  console.log(`\n${kind}`);
  for (let seed = first; seed < first + count; seed++) {
    const name = `${kind.startsWith('up') ? 'up' : 'flat'}_${seed}`;
    const csv = join(dir, `${name}.csv`), truthFile = join(dir, `${name}.json`);
    execFileSync('python3', [gen2, csv, truthFile, '--seed', String(seed), '--trend', '1.0', ...bend, '--season', 'summer']);
    cli('ingest', '--db', join(dir, 'f.db'), '--dataset', name, '--json', csv);
    const f = JSON.parse(cli('forecast', '--db', join(dir, 'f.db'), '--dataset', name, '--as-of', '2024-03-31', '--months', '12', '--runs', String(runs), '--seed', '1', '--json'));
    const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
    const months: string[] = f.months;
    const ref: Band = f.series.referral;
    const inside = months.filter((m, k) => truth.referral[m] >= ref.p10[k]! && truth.referral[m] <= ref.p90[k]!).length;
    const actualSum = months.reduce((s, m) => s + truth.referral[m], 0);
    const medianSum = ref.p50.reduce((s, x) => s + x, 0);
    let ok = inside >= 8;
    const stocks = (['open_cp_plan', 'open_looked_after'] as const).map((s) => {
      const band: Band = f.series[s], a: number = truth[s][months[11]!], q = quantileOf(band, 11, a);
      const inBand = a >= band.p2_5[11]! && a <= band.p97_5[11]!;
      ok &&= inBand;
      (s === 'open_cp_plan' ? tally.cpQ : tally.claQ).push(q);
      if (inBand) tally[s === 'open_cp_plan' ? 'cp' : 'cla']++;
      return `${s} ${a} [${band.p2_5[11]}, ${band.p97_5[11]}] median ${band.p50[11]} quantile ${q.toFixed(2)}${inBand ? '' : ' OUT'}`;
    });
    tally.logs++;
    tally.months += inside;
    if (inside >= 8) tally.ref8++;
    if (actualSum > medianSum) tally.above++;
    tally.ratio += actualSum / medianSum;
    if (ok) tally.rule++;
    console.log(`seed ${seed}: referrals inside 80% ${inside}/12, actual ${actualSum} median sum ${medianSum.toFixed(0)}; ${stocks.join('; ')}${ok ? '' : '  FAIL'}`);
  }
  const spread = (qs: number[]) => `${qs.filter((q) => q < 0.1).length} below 0.1, ${qs.filter((q) => q >= 0.1 && q < 0.5).length} 0.1-0.5, ${qs.filter((q) => q >= 0.5 && q < 0.9).length} 0.5-0.9, ${qs.filter((q) => q >= 0.9).length} 0.9 and above (mean ${(qs.reduce((a, b) => a + b, 0) / qs.length).toFixed(2)})`;
  console.log(`totals, ${kind}: ${tally.logs} logs; referrals 8+ of 12 inside in ${tally.ref8} (mean ${(tally.months / tally.logs).toFixed(1)} months); actual 12-month referrals above the median sum in ${tally.above} (actual ÷ median ${(tally.ratio / tally.logs).toFixed(3)} on average); CP plans inside the 95% band ${tally.cp}, looked after ${tally.cla}; rule met ${tally.rule}`);
  console.log(`  looked-after truth's quantile: ${spread(tally.claQ)}; CP plans': ${spread(tally.cpQ)}`);
}
