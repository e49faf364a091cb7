// Why spring markers are called changed (brief sp9): on the spring test's eight three-year logs (impact-spring.test.ts),
// for every marker every 3 days from 1 March to 30 April 2022 and 2023, whether the default verdict flags it, which
// measure and by how much, and over the whole year of positions the share flagged by calendar month and by measure.
// Usage: npx tsx bench/impact-spring-diagnose.ts [--seeds 901,902] [--verbose 1]. JUMP='{"annual":false}' (JSON): the
// jump options (unset = the defaults). Reads the jump tables directly (cachedJumpTable), as maxTVerdict does.
import { IMPACT_MEASURES, WEEKLY_COUNT_KEY } from '../core/analysis/impact.js';
import { cachedJumpTable, maxTCritical, type JumpOptions } from '../core/analysis/in-time-placebo.js';
import { civilFromDay } from '../core/dates.js';
import { dayOf, generateLog, MARCH_DIP } from '../tests/core/analysis/impact-logs.js';
import { logOf, PER_WEEK } from '../tests/core/analysis/impact-analysed-log.js';

/** as impact-spring.test.ts */
const SPRING_DIP = MARCH_DIP.map((x, month) => (month === 1 || month === 2 ? -0.25 : month === 3 ? 0.02 : x));
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seeds = (arg('seeds') ?? '901,902,903,904,905,906,907,908').split(',').map(Number);
const verbose = arg('verbose') === '1';
const jump: JumpOptions = JSON.parse(process.env.JUMP ?? '{}');
const alpha = Number(process.env.ALPHA ?? 0.05);
const iso = (d: number) => {
  const c = civilFromDay(d);
  return `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
};
let markers = 0;
let flagged = 0;
const byMeasure: Record<string, number> = {};
const byYear: Record<string, number> = {};
const monthPos = new Float64Array(12);
const monthFlag = new Float64Array(12);
const yearMeasure: Record<string, number> = {};
for (const seed of seeds) {
  const l = logOf(generateLog({ seed, referralsPerWeek: PER_WEEK * 0.4, start: '2021-01-04', end: '2024-01-01', within45: { base: 0.84, drift: -0.01, season: SPRING_DIP } }));
  let seedFlags = 0;
  // every weekday's table, over the whole year: flagged positions by month and measure
  for (let w = 0; w < 7; w++) {
    const marker = dayOf('2022-03-01') + w;
    const table = cachedJumpTable(l.prepared, l.indicators, null, l.span, marker, 26, 26, IMPACT_MEASURES, WEEKLY_COUNT_KEY, jump);
    const d = maxTCritical(table.T, alpha);
    table.positions.forEach((at, i) => {
      const month = civilFromDay(table.weekStarts[at]! + 3).month - 1;
      monthPos[month]!++;
      if (table.T[i]! > d.critical) {
        monthFlag[month]!++;
        for (const m of IMPACT_MEASURES) {
          const j = table.jumps[m]![i];
          if (j && Math.abs(j.t) > d.critical) yearMeasure[m] = (yearMeasure[m] ?? 0) + 1;
        }
      }
    });
  }
  for (const year of [2022, 2023]) {
    for (let m = dayOf(`${year}-03-01`); m <= dayOf(`${year}-04-30`); m += 3) {
      const table = cachedJumpTable(l.prepared, l.indicators, null, l.span, m, 26, 26, IMPACT_MEASURES, WEEKLY_COUNT_KEY, jump);
      const at = table.weekStarts.indexOf(m);
      const i = table.positions.indexOf(at);
      if (i < 0) continue;
      const d = maxTCritical(table.T, alpha);
      const tested = IMPACT_MEASURES.filter((x) => table.jumps[x]![i]);
      if (tested.length === 0) continue;
      markers++;
      const changed = tested.filter((x) => Math.abs(table.jumps[x]![i]!.t) > d.critical);
      if (changed.length === 0) continue;
      flagged++;
      seedFlags++;
      byYear[year] = (byYear[year] ?? 0) + 1;
      for (const x of changed) byMeasure[x] = (byMeasure[x] ?? 0) + 1;
      if (verbose) {
        console.log(`seed ${seed} ${iso(m)} c ${d.critical.toFixed(2)} K ${d.K}: ${changed.map((x) => {
          const j = table.jumps[x]![i]!;
          return `${x} est ${j.estimate.toFixed(4)} t ${j.t.toFixed(2)} season ${(j.season?.jump ?? 0).toFixed(4)} kept ${(j.season?.kept ?? 0).toFixed(2)} lag1 ${j.lag1.toFixed(2)}`;
        }).join('; ')}`);
      }
    }
  }
  console.log(`seed ${seed}: spring flags ${seedFlags}`);
}
console.log(`spring: ${flagged} of ${markers} (${((100 * flagged) / markers).toFixed(1)}%) by measure ${JSON.stringify(byMeasure)} by year ${JSON.stringify(byYear)}`);
console.log(`all positions, flagged % by month: ${[...monthFlag].map((f, m) => `${m + 1}:${((100 * f) / monthPos[m]!).toFixed(1)}`).join(' ')}; total ${((100 * monthFlag.reduce((a, b) => a + b)) / monthPos.reduce((a, b) => a + b)).toFixed(2)}%`);
console.log(`all positions, flags by measure ${JSON.stringify(yearMeasure)}`);
