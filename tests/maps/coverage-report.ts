// Prints, per shipped map, the share of moves in independent logs (and in the same logs with steps
// missing for some children, as in data with gaps) that no segment joins and the moves whose track
// passes a third station, with the top pairs. Run: npx tsx tests/maps/coverage-report.ts
// [children per log, default 3000]
import { readFileSync, readdirSync } from 'node:fs';
import { parseMapDefinition } from '../../core/map-schema.js';
import { gappyLogs, independentLogs, measureCoverage, sumOf } from './coverage.js';

const children = Number(process.argv[2] ?? 3000);
const dir = new URL('../../maps/', import.meta.url);
const independent = independentLogs({ children, seeds: [3, 17, 29], awkward: true });
const logs = [...independent, ...gappyLogs(independent.filter((l) => !l.name.startsWith('awkward')))];
const top = (counts: Map<string, number>, n = 12) => [...counts].sort((x, y) => y[1] - x[1]).slice(0, n);
const pct = (x: number, of: number) => `${((100 * x) / Math.max(1, of)).toFixed(2)}%`;

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const map = parseMapDefinition(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file);
  console.log(`\n${file}`);
  for (const group of ['county', 'census', 'growing', 'reference', 'review', 'demo-model', 'awkward', 'all but awkward', 'gappy']) {
    const chosen = logs.filter((l) => (group === 'all but awkward' ? !l.name.startsWith('awkward') && !l.name.startsWith('gappy') : l.name.startsWith(group)));
    const c = measureCoverage(map, chosen);
    const missing = sumOf(c.missing);
    const passing = sumOf(c.passing);
    console.log(`  ${group.padEnd(16)} moves ${String(c.between).padStart(7)}  no segment ${String(missing).padStart(6)} (${pct(missing, c.between)})  past a third station ${String(passing).padStart(5)} (${pct(passing, c.between)})`);
    if (group === 'all but awkward' || group === 'awkward' || group === 'gappy') {
      for (const [pair, n] of top(c.missing)) console.log(`      no segment  ${pair.padEnd(28)} ${n}`);
      for (const [pair, n] of top(c.passing)) console.log(`      passes      ${pair.padEnd(40)} ${n}`);
    }
  }
}
