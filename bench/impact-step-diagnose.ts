// Why the step-power generator's steps are missed (brief pw9): for each seed × date, NFA at referral's jump at the
// marker, its standard error, the season's own jump there and the share of the month pattern kept, its rank among the
// K positions' T, which positions and measures reach it, and the weights and values of the weeks around the marker.
// Usage: npx tsx bench/impact-step-diagnose.ts [--seeds 1,2] [--dates 2023-01-02] [--weeks 1: the weeks around the
// marker and the two lines]. JUMP='{"season":false}' (JSON): the jump options (unset = the defaults).
import { buildEventTable } from '../core/event-table.js';
import { IMPACT_MEASURES, WEEKLY_COUNT_KEY } from '../core/analysis/impact.js';
import { cachedJumpTable, maxTCritical, type JumpOptions } from '../core/analysis/in-time-placebo.js';
import { rateIndicators } from '../core/analysis/rate-indicators.js';
import { prepareMetrics } from '../core/metrics.js';
import { civilFromDay } from '../core/dates.js';
import { stepLog, toDay } from '../tests/core/analysis/impact-logs-step.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seeds = (arg('seeds') ?? '1,2,3,4,5,6').split(',').map(Number);
const dates = (arg('dates') ?? '2023-01-02').split(',');
const showWeeks = arg('weeks') === '1';
const jump: JumpOptions = JSON.parse(process.env.JUMP ?? '{}');
const iso = (d: number) => {
  const c = civilFromDay(d);
  return `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
};
const pct = (x: number) => (100 * x).toFixed(2);
for (const date of dates) {
  for (const seed of seeds) {
    const records = stepLog(seed, 20_000, '2022-04-04', '2024-04-01', date);
    const prepared = prepareMetrics(buildEventTable(records));
    const indicators = rateIndicators(prepared);
    const span = { first: toDay('2022-04-04'), last: toDay('2024-04-01') };
    const marker = toDay(date);
    const table = cachedJumpTable(prepared, indicators, null, span, marker, 26, 26, IMPACT_MEASURES, WEEKLY_COUNT_KEY, jump);
    const at = table.weekStarts.indexOf(marker);
    const position = table.positions.indexOf(at);
    const d = maxTCritical(table.T, 0.05);
    const j = table.jumps.referral_nfa![position]!;
    const order = [...table.T].map((t, i) => ({ t, i })).sort((a, b) => b.t - a.t);
    const rank = order.findIndex((o) => o.i === position) + 1;
    const beat = order.filter((o) => o.t >= Math.abs(j.t));
    const who = (i: number) => {
      let best = '';
      let bt = -1;
      for (const m of IMPACT_MEASURES) {
        const x = table.jumps[m]![i];
        if (x && Math.abs(x.t) > bt) { bt = Math.abs(x.t); best = m; }
      }
      return best;
    };
    console.log(
      `${date} seed ${seed}: K ${d.K} allowed ${d.allowed} c ${d.critical.toFixed(2)} | NFA ${pct(j.estimate)} se ${pct(j.se)} t ${j.t.toFixed(2)} lag1 ${j.lag1.toFixed(2)} season jump ${pct(j.season?.jump ?? 0)} kept ${(j.season?.kept ?? 0).toFixed(2)} | rank ${rank} ${Math.abs(j.t) > d.critical ? 'FOUND' : 'missed'}`,
    );
    console.log(`   reach: ${beat.map((o) => `${iso(table.weekStarts[table.positions[o.i]!]!)}(${o.i - position >= 0 ? '+' : ''}${o.i - position}) ${who(o.i)} ${o.t.toFixed(2)}`).join('; ')}`);
    console.log(`   top4: ${order.slice(0, 4).map((o) => `${iso(table.weekStarts[table.positions[o.i]!]!)}(${o.i - position >= 0 ? '+' : ''}${o.i - position}) ${who(o.i)} ${o.t.toFixed(2)}`).join('; ')}`);
    if (showWeeks) {
      const s = table.series.referral_nfa!;
      const rows: string[] = [];
      for (let k = at - 8; k < at + 6; k++) rows.push(`${iso(table.weekStarts[k]!).slice(5)} n${s.weight[k]} ${pct(s.value[k]!)}`);
      console.log(`   weeks: ${rows.join(' | ')}`);
      console.log(`   lines: before level ${pct(j.before.level)} slope/wk ${pct(j.before.slope)}  after level ${pct(j.after.level)} slope/wk ${pct(j.after.slope)}`);
    }
  }
}
