// The step-power generator's runs (tests/core/analysis/impact-logs-step.ts; issue 9, item 1): a step in NFA at
// referral from 7% to 14% on a two-year 20,000-child log, seeds × step dates, counted found when NFA at referral is
// reported changed, upwards, with the interval holding the step's 7 points (what the test asks).
// Usage: npx tsx bench/impact-step-power.ts [--seeds 6] [--dates 2023-01-02,2023-03-06,2023-08-07,2023-10-02]
// JUMP='{...}' (JSON): JumpOptions. ANNUAL=1|0: JumpOptions.annual (unset = the default). MONTH_SHRINK=wald|james-stein|pretest: JumpOptions.monthShrink.
import { nfaFinding } from '../tests/core/analysis/impact-logs-step.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seeds = Number(arg('seeds') ?? 6);
const dates = (arg('dates') ?? '2023-01-02,2023-03-06,2023-08-07,2023-10-02').split(',');
const jump = { ...JSON.parse(process.env.JUMP ?? '{}'), ...(process.env.MONTH_SHRINK ? { monthShrink: process.env.MONTH_SHRINK as 'wald' | 'james-stein' | 'pretest' } : {}), ...(process.env.ANNUAL ? { annual: process.env.ANNUAL === '1' } : {}), ...(process.env.ANNUAL_ORDER ? { annualOrder: process.env.ANNUAL_ORDER as 'before' | 'after' } : {}) };
let found = 0;
let runs = 0;
for (const date of dates) {
  for (let seed = 1; seed <= seeds; seed++) {
    const f = nfaFinding(seed, date, jump);
    const ok = f.untested === null && f.changed && f.direction === 'up' && f.lower! < 0.07 && f.upper! > 0.07;
    runs++;
    if (ok) found++;
    const pct = (x: number | null | undefined) => (x == null ? '-' : (100 * x).toFixed(1));
    console.log(`${date} seed ${seed}: ${ok ? 'found' : 'missed'}  estimate ${pct(f.estimate)} (${pct(f.lower)} to ${pct(f.upper)})  p ${f.p?.toFixed(3) ?? '-'}`);
  }
}
console.log(`found ${found} of ${runs}`);
