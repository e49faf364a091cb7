// Placebo and power of the impact verdict under a minimum change that matters, from a dump of
// bench/impact-calibration.ts (DUMP=file: every finding beyond the noise, per placebo marker and per step).
// A margin only removes findings, so this gives what MARGIN=… would, without refitting.
//   npx tsx bench/impact-margins.ts FILE [--rule none|estimate|interval] [--abs 0.02] [--rel 0.15] [--count 0.1] [--sizes]
// --sizes: the size of each false change against the level before (|estimate| ÷ level), and each step's estimate.
import { readFileSync } from 'node:fs';

interface Found { m: string; e: number; l: number; u: number; b: number | null }
interface Row {
  kind: 'placebo' | 'power';
  generator: string;
  week?: number;
  seed: number;
  noisy: Found[];
  nfa?: { noise: boolean; e: number | null; l: number | null; u: number | null; b: number | null };
}
const args = process.argv.slice(2);
const value = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const rule = value('rule', 'estimate');
const [abs, rel, count] = [Number(value('abs', '0.02')), Number(value('rel', '0.15')), Number(value('count', '0.1'))];
const rows: Row[] = readFileSync(args[0]!, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const margin = (f: Found) => (f.m === 'referrals_per_week' ? count * (f.b ?? 0) : Math.max(abs, rel * (f.b ?? 0)));
const beyond = (f: Found) => rule === 'none' || (rule === 'estimate' ? Math.abs(f.e) > margin(f) : f.l > margin(f) || f.u < -margin(f));
const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
  return s.length ? `n ${s.length}, min ${q(0)}, median ${q(0.5)}, max ${s[s.length - 1]!.toFixed(2)}` : 'none';
};
for (const g of [...new Set(rows.map((r) => r.generator))]) {
  const placebo = rows.filter((r) => r.generator === g && r.kind === 'placebo');
  const power = rows.filter((r) => r.generator === g && r.kind === 'power');
  const flagged = placebo.filter((r) => r.noisy.some(beyond)).length;
  const found = power.filter((r) => r.nfa!.noise && r.nfa!.e! > 0 && beyond({ m: 'referral_nfa', e: r.nfa!.e!, l: r.nfa!.l!, u: r.nfa!.u!, b: r.nfa!.b })).length;
  console.log(`${g}: placebo ${flagged} of ${placebo.length} markers (${((100 * flagged) / Math.max(1, placebo.length)).toFixed(1)}%), power ${found} of ${power.length} (rule ${rule}, ${abs} / ${rel} / ${count})`);
  if (!args.includes('--sizes')) continue;
  const falses = placebo.flatMap((r) => r.noisy);
  const size = (f: Found) => Math.abs(f.e) / (f.b ?? NaN);
  console.log(`  false changes in referrals a week, |estimate| ÷ level before: ${quantiles(falses.filter((f) => f.m === 'referrals_per_week').map(size))}`);
  const shares = falses.filter((f) => f.m !== 'referrals_per_week');
  console.log(`  false changes in shares, |estimate| ÷ level before: ${quantiles(shares.map(size))}; |estimate| in points: ${quantiles(shares.map((f) => 100 * Math.abs(f.e)))}`);
  console.log(`  false changes in shares, interval end nearest 0 (points): ${quantiles(shares.map((f) => 100 * Math.min(Math.abs(f.l), Math.abs(f.u))))}`);
  const steps = power.filter((r) => r.nfa!.e !== null);
  console.log(`  steps: estimate (points) ${quantiles(steps.map((r) => 100 * r.nfa!.e!))}; estimate ÷ level before ${quantiles(steps.map((r) => r.nfa!.e! / r.nfa!.b!))}`);
}
