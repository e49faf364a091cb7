// The step-power generator of impact-step-power.test.ts (issue 9, item 1), apart so bench/impact-step-power.ts runs
// the same logs: children arrive by inverse-CDF sampling of a daily intensity (a 15% a year trend, a deep August and
// December, quiet weekends); each child's first contact becomes a referral with a chance that has a ±4-point sine
// season; NFA at referral is 7% plus a small sine season, and 14% from the step on; about a fifth of children come
// back once, 2 to 14 months later; referrals that are not NFA get an assessment of 10 to 60 days.
import type { EventRecord } from '../../../core/event-table.js';
import { buildEventTable } from '../../../core/event-table.js';
import { impactOfChange, type ImpactOptions } from '../../../core/analysis/impact.js';
import { rateIndicators } from '../../../core/analysis/rate-indicators.js';
import { prepareMetrics } from '../../../core/metrics.js';
import { seededRandom } from '../../../core/random.js';

const DAY = 86_400_000;
export const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
/** volume by calendar month, January first: a deep August and December */
const MONTH_VOLUME = [1.05, 1.1, 1.1, 1.0, 1.05, 1.05, 0.95, 0.75, 1.1, 1.15, 1.1, 0.65];

export function stepLog(seed: number, children: number, start: string, end: string, stepDate: string): EventRecord[] {
  const random = seededRandom(seed * 7919 + 17);
  const first = toDay(start);
  const last = toDay(end);
  const step = toDay(stepDate);
  // cumulative daily intensity of first contacts
  const cumulative: number[] = [];
  let total = 0;
  for (let d = first; d <= last; d++) {
    const date = new Date(d * DAY);
    const weekday = date.getUTCDay();
    const years = (d - first) / 365.25;
    total += (1 + 0.15 * years) * MONTH_VOLUME[date.getUTCMonth()]! * (weekday === 0 || weekday === 6 ? 0.25 : 1);
    cumulative.push(total);
  }
  const drawDay = () => {
    const u = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return first + lo;
  };
  const phase = (d: number) => Math.sin((2 * Math.PI * (d - first)) / 365.25);
  const records: EventRecord[] = [];
  const contact = (child: string, day: number) => {
    if (day > last) return;
    const becomesReferral = random() < 0.78 + 0.04 * phase(day);
    records.push({ child, type: 'contact', day, outcome: becomesReferral ? 'referral' : null });
    if (!becomesReferral) return;
    const referral = day + (random() < 0.8 ? 0 : 1);
    if (referral > last) return;
    const nfa = random() < (referral >= step ? 0.14 : 0.07) + 0.01 * phase(referral + 60);
    records.push({ child, type: 'referral', day: referral, outcome: nfa ? 'nfa' : null });
    if (nfa) return;
    const started = referral + 1 + Math.floor(random() * 5);
    if (started > last) return;
    records.push({ child, type: 'assessment_start', day: started });
    const ended = started + 10 + Math.floor(random() * 50);
    if (ended <= last) records.push({ child, type: 'assessment_end', day: ended, outcome: random() < 0.5 ? 'nfa' : 'cin' });
  };
  for (let c = 0; c < children; c++) {
    const child = `S${seed}-${c}`;
    const day = drawDay();
    contact(child, day);
    if (random() < 0.2) contact(child, day + 60 + Math.floor(random() * 360));
  }
  return records;
}

/** NFA at referral's finding at the step, on a 20,000-child two-year log (April 2022 to April 2024). */
export function nfaFinding(seed: number, stepDate: string, jump?: ImpactOptions['jump']) {
  const records = stepLog(seed, 20_000, '2022-04-04', '2024-04-01', stepDate);
  const prepared = prepareMetrics(buildEventTable(records));
  const indicators = rateIndicators(prepared);
  const span = { first: toDay('2022-04-04'), last: toDay('2024-04-01') };
  const result = impactOfChange(prepared, indicators, toDay(stepDate), { weeksEitherSide: 26, span, ...(jump ? { jump } : {}) });
  return result.findings.find((f) => f.measure === 'referral_nfa')!;
}
