// A second step-power generator, written apart from impact-logs-step.ts and with another structure (after
// review v9d's description of its own): children arrive week by week, the week's volume a multiplicative random
// walk times a 10% a year trend and a summer dip (July and August three quarters of the rest); days within a week
// uniform; contacts become referrals at a rate with its own weekly random walk on the log-odds; NFA at referral is
// 7% and 21% in August (a sharp one-month season), plus the step of 7 points from the step date; referrals not
// NFA get an assessment of 5 to 70 working-ish days and, for one in five, a strategy discussion and S47 with an
// ICPC for a third of those; a quarter of children come back one to 20 months later. Two years and eight months.
import type { EventRecord } from '../../../core/event-table.js';
import { buildEventTable } from '../../../core/event-table.js';
import { impactOfChange, type ImpactOptions } from '../../../core/analysis/impact.js';
import { rateIndicators } from '../../../core/analysis/rate-indicators.js';
import { prepareMetrics } from '../../../core/metrics.js';
import { seededRandom } from '../../../core/random.js';

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const monthOf = (day: number) => new Date(day * DAY).getUTCMonth();

export const AUGUST_SPAN = { start: '2021-09-06', end: '2024-05-12' };

export function augustLog(seed: number, children: number, stepDate: string | null, stepPoints = 0.07): EventRecord[] {
  const random = seededRandom(seed * 104_729 + 3);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const first = toDay(AUGUST_SPAN.start);
  const last = toDay(AUGUST_SPAN.end);
  const step = stepDate === null ? Infinity : toDay(stepDate);
  const weeks = Math.floor((last - first + 1) / 7);
  // weekly volume and conversion walks
  const volume: number[] = [];
  const conversion: number[] = [];
  let walk = 0;
  let convWalk = 0;
  let sum = 0;
  for (let w = 0; w < weeks; w++) {
    walk = 0.9 * walk + 0.06 * normal();
    convWalk = 0.92 * convWalk + 0.05 * normal();
    const day = first + 7 * w + 3;
    const month = monthOf(day);
    const v = Math.exp(walk) * (1 + 0.1 * ((day - first) / 365.25)) * (month === 6 || month === 7 ? 0.75 : 1);
    volume.push(v);
    conversion.push(convWalk);
    sum += v;
  }
  const cumulative: number[] = [];
  let acc = 0;
  for (const v of volume) cumulative.push((acc += v));
  const drawWeek = () => {
    const u = random() * acc;
    let lo = 0;
    let hi = weeks - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  void sum;
  const records: EventRecord[] = [];
  const contact = (child: string, day: number) => {
    if (day > last) return;
    const w = Math.min(weeks - 1, Math.max(0, Math.floor((day - first) / 7)));
    const p = 1 / (1 + Math.exp(-(Math.log(0.7 / 0.3) + conversion[w]!)));
    const referred = random() < p;
    records.push({ child, type: 'contact', day, outcome: referred ? 'referral' : 'nfa' });
    if (!referred) return;
    const referral = day + (random() < 0.7 ? 0 : 1 + Math.floor(random() * 3));
    if (referral > last) return;
    const nfaRate = 0.07 + (monthOf(referral) === 7 ? 0.14 : 0) + (referral >= step ? stepPoints : 0);
    const nfa = random() < nfaRate;
    records.push({ child, type: 'referral', day: referral, outcome: nfa ? 'nfa' : null });
    if (nfa) return;
    const started = referral + Math.floor(random() * 4);
    if (started > last) return;
    records.push({ child, type: 'assessment_start', day: started });
    const ended = started + 5 + Math.floor(random() * 65);
    if (ended <= last) records.push({ child, type: 'assessment_end', day: ended, outcome: random() < 0.55 ? 'nfa' : 'cin' });
    if (random() < 0.2) {
      const sd = started + Math.floor(random() * 10);
      if (sd > last) return;
      records.push({ child, type: 'strategy_discussion', day: sd });
      records.push({ child, type: 's47_start', day: sd });
      if (random() < 0.33) {
        const icpc = sd + 5 + Math.floor(random() * 20);
        if (icpc <= last) records.push({ child, type: 'icpc', day: icpc, outcome: random() < 0.85 ? 'cp_plan' : 'no_plan' });
      }
    }
  };
  for (let c = 0; c < children; c++) {
    const child = `A${seed}-${c}`;
    const day = first + 7 * drawWeek() + Math.floor(random() * 7);
    contact(child, day);
    if (random() < 0.25) contact(child, day + 30 + Math.floor(random() * 600));
  }
  return records;
}

/** NFA at referral's finding at `markerDate` on a 20,000-child log of augustLog (a step there unless `stepDate` is null). */
export function augustFinding(seed: number, markerDate: string, stepDate: string | null, jump?: ImpactOptions['jump']) {
  const records = augustLog(seed, 20_000, stepDate);
  const prepared = prepareMetrics(buildEventTable(records));
  const indicators = rateIndicators(prepared);
  const span = { first: toDay(AUGUST_SPAN.start), last: toDay(AUGUST_SPAN.end) };
  const result = impactOfChange(prepared, indicators, toDay(markerDate), { weeksEitherSide: 26, span, ...(jump ? { jump } : {}) });
  return { nfa: result.findings.find((f) => f.measure === 'referral_nfa')!, any: result.findings.some((f) => f.changed) };
}
