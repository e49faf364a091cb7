// Power and placebo on the second step-power generator (tests/core/analysis/impact-logs-august.ts): an NFA step
// of 7 points on each step date × seed, counted found as impact-step-power.ts counts it; and markers on logs with
// no step, counted when any measure is reported changed.
// Usage: npx tsx bench/impact-august-power.ts [--seeds 5] [--dates …] [--placebo-seeds 3] ; JUMP='{...}' JumpOptions.
import { augustFinding } from '../tests/core/analysis/impact-logs-august.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seeds = Number(arg('seeds') ?? 5);
const placeboSeeds = Number(arg('placebo-seeds') ?? 3);
const dates = (arg('dates') ?? '2022-12-05,2023-03-06,2023-06-05,2023-09-04,2023-11-06').split(',');
const jump = JSON.parse(process.env.JUMP ?? '{}');
const pct = (x: number | null | undefined) => (x == null ? '-' : (100 * x).toFixed(1));
let found = 0;
let runs = 0;
for (const date of dates) {
  for (let seed = 1; seed <= seeds; seed++) {
    const { nfa } = augustFinding(seed, date, date, jump);
    const ok = nfa.untested === null && nfa.changed && nfa.direction === 'up' && nfa.lower! < 0.07 && nfa.upper! > 0.07;
    runs++;
    if (ok) found++;
    console.log(`${date} seed ${seed}: ${ok ? 'found' : 'missed'}  estimate ${pct(nfa.estimate)} (${pct(nfa.lower)} to ${pct(nfa.upper)})  p ${nfa.p?.toFixed(3) ?? '-'}`);
  }
}
console.log(`steps found ${found} of ${runs}`);
let flagged = 0;
let markers = 0;
for (let seed = 101; seed < 101 + placeboSeeds; seed++) {
  for (let m = 0; m < 40; m++) {
    const day = new Date(Date.UTC(2022, 2, 7) + m * 14 * 86_400_000).toISOString().slice(0, 10);
    if (day > '2023-11-20') break;
    const { any } = augustFinding(seed, day, null, jump);
    markers++;
    if (any) flagged++;
  }
}
console.log(`placebo: markers with any change ${flagged} of ${markers}`);
