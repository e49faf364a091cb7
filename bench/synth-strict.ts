// Issue 10's fixed bounds, without the report's 3-standard-error allowance: on each of the four unseen-generator
// logs (50,000 children, log seed 5, copy seed 1, as tests/synth/unseen-*.test.ts), every median within 10% and
// every yearly volume within 5% of the log's. Prints what misses, or "all strict ok".
// Usage: npx tsx bench/synth-strict.ts
import { dayFromCivil } from '../core/dates.js';
import { checkUnseen } from '../tests/synth/unseen.js';
import { censusLog } from '../tests/synth/generators/census.js';
import { countyLog } from '../tests/synth/generators/county.js';
import { driftLog } from '../tests/synth/generators/drift.js';
import { growingLog } from '../tests/synth/generators/growing.js';
import type { TestLog, TestLogOptions } from '../tests/synth/generators/log.js';

const generators: Record<string, (options: TestLogOptions) => TestLog> = { census: censusLog, county: countyLog, drift: driftLog, growing: growingLog };
for (const [name, generator] of Object.entries(generators)) {
  const real = generator({ children: 50_000, from: dayFromCivil(2018, 4, 1), to: dayFromCivil(2025, 3, 31), seed: 5 });
  const { fidelity } = checkUnseen(real, 1);
  const misses: string[] = [];
  for (const m of fidelity.medians) {
    const d = m.relativeDifference ?? 0;
    if (Math.abs(d) > 0.1) misses.push(`median ${m.key} ${m.real} -> ${m.synthetic} (${(d * 100).toFixed(1)}%)`);
  }
  for (const v of fidelity.volumes) {
    const d = v.relativeDifference ?? 0;
    if (Math.abs(d) > 0.05) misses.push(`${v.measure} from ${v.from} ${v.real} -> ${v.synthetic} (${(d * 100).toFixed(1)}%)`);
  }
  console.log(`${name}: ${misses.length ? misses.join('; ') : 'all strict ok'}`);
}
