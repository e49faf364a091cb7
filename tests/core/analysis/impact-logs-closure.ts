// A fourth synthetic log generator for the impact verdict, written apart from the analysis and to a
// recipe unlike the other three (impact-logs.ts: monthly factors; impact-logs-holidays.ts: log-odds lines
// and school-holiday dips; impact-logs-council.ts: month-set volumes and staffing shifts):
//   - volume DRIFTS slowly upwards (+20% a year by default, compounding day by day), with no annual wave;
//   - the service CLOSES for three weeks at Christmas (the Saturday before 18 December to the Sunday after
//     7 January): only emergencies come in (15% of the usual volume), and the first two weeks after it take
//     a backlog (volume × 1.35), so the year's sharpest feature is a three-week hole and a rebound;
//   - April is EASTER-HEAVY: the Easter school fortnight is quiet (× 0.8), the fortnight after it, when
//     children are back at school and disclose, is busy (× 1.45);
//   - rates WANDER: each rate's log-odds follows a slow random walk (a small weekly step that accumulates)
//     on top of a straight trend, so the rate has no fixed level to return to; in the closure only
//     emergencies come in, so fewer end in no further action, and assessments started within 45 working
//     days of the closure run late more often (the closure's working days still count);
//   - re-referrals: a quarter of children come back after a delay drawn uniformly from 3 to 30 months.
// Optionally NFA at referral steps to a level at a date. The log is cut to [start, end] like a real extract.
import type { EventRecord } from '../../../core/event-table.js';
import { xorshift } from '../awkward-log.js';

export interface ClosureLogOptions {
  seed: number;
  /** referrals per week on average over the extract */
  referralsPerWeek: number;
  /** first and last date of the extract, YYYY-MM-DD */
  start: string;
  end: string;
  /** growth in volume per year. @default 0.2 */
  growth?: number;
  /** volume in the Christmas closure (share of the usual) and in the two weeks after it. @default 0.15, 1.35 */
  closure?: number;
  rebound?: number;
  /** volume in the Easter school fortnight and in the fortnight after it. @default 0.8, 1.45 */
  easterQuiet?: number;
  easterBusy?: number;
  /** weekly step of every rate's log-odds random walk. @default 0.02 */
  wander?: number;
  /** NFA at referral at the start and its log-odds trend per year. @default 0.09, 0.1 */
  nfaStart?: number;
  nfaTrend?: number;
  /** NFA at referral becomes `to` from `date` on (its wander goes on around the new level) */
  step?: { measure: 'referral_nfa'; date: string; to: number };
}

const DAY_MS = 86_400_000;
const dayNo = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
const parse = (text: string) => {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return dayNo(y, m, d);
};
const weekday = (day: number) => new Date(day * DAY_MS).getUTCDay();
const yearOf = (day: number) => new Date(day * DAY_MS).getUTCFullYear();

/** xorshift32 (a test helper's, not the analysis's nor another impact generator's), from a mixed seed. */
function random(seed: number): () => number {
  const z0 = (seed * 0x9e3779b9 + 0x7f4a7c15) >>> 0;
  const z = Math.imul(z0 ^ (z0 >>> 16), 0x85ebca6b) >>> 0;
  return xorshift((z ^ (z >>> 13)) >>> 0);
}

/** Easter Sunday (Meeus/Jones/Butcher), written out again here on purpose. */
function easterSunday(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return dayNo(y, month, ((h + l - 7 * m + 114) % 31) + 1);
}

export function generateClosureLog(options: ClosureLogOptions): EventRecord[] {
  const r = random(options.seed);
  const normal = () => {
    let u = r();
    while (u === 0) u = r();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  };
  const start = parse(options.start);
  const end = parse(options.end);
  const firstDay = start - 3 * 365;
  // The closures and the Easter fortnights of every year the log touches.
  const closed: Array<[number, number]> = [];
  const rebound: Array<[number, number]> = [];
  const quiet: Array<[number, number]> = [];
  const busy: Array<[number, number]> = [];
  for (let y = yearOf(firstDay) - 1; y <= yearOf(end) + 1; y++) {
    let a = dayNo(y, 12, 18);
    while (weekday(a) !== 6) a--;
    let b = dayNo(y + 1, 1, 7);
    while (weekday(b) !== 0) b++;
    closed.push([a, b]);
    rebound.push([b + 1, b + 14]);
    const easter = easterSunday(y);
    quiet.push([easter - 8, easter + 7]);
    busy.push([easter + 8, easter + 21]);
  }
  const inAny = (list: Array<[number, number]>, day: number) => list.some(([a, b]) => day >= a && day <= b);
  const closureShare = options.closure ?? 0.15;
  const volumeAt = (day: number) => {
    let f = Math.exp(Math.log(1 + (options.growth ?? 0.2)) * ((day - start) / 365.25));
    const w = weekday(day);
    f *= w === 0 || w === 6 ? 0.08 : [0, 1.15, 1.05, 1.0, 0.95, 0.9, 0][w]!;
    if (inAny(closed, day)) f *= closureShare;
    else if (inAny(rebound, day)) f *= options.rebound ?? 1.35;
    else if (inAny(quiet, day)) f *= options.easterQuiet ?? 0.8;
    else if (inAny(busy, day)) f *= options.easterBusy ?? 1.45;
    return f;
  };
  let yearSum = 0;
  for (let d = start; d < start + 365; d++) yearSum += volumeAt(d);
  // Scaled so the extract's first year has the asked weekly volume at its start's growth level.
  const perUnit = (options.referralsPerWeek * 52.18) / yearSum / Math.exp(Math.log(1 + (options.growth ?? 0.2)) * 0.5);

  // Rates: a straight trend on the log-odds plus a random walk of small weekly steps.
  const logit = (p: number) => Math.log(p / (1 - p));
  const weeks = Math.ceil((end - firstDay + 1) / 7) + 60;
  const wanderSd = options.wander ?? 0.02;
  const walk = () => {
    const out = new Float64Array(weeks);
    let x = 0;
    for (let i = 0; i < weeks; i++) {
      x += wanderSd * normal();
      out[i] = x;
    }
    return out;
  };
  const rates = {
    contact: { at0: logit(0.55), perYear: 0.1 * (r() - 0.5), walk: walk() },
    nfa: { at0: logit(options.nfaStart ?? 0.09), perYear: options.nfaTrend ?? 0.1, walk: walk() },
    late: { at0: logit(0.15), perYear: 0.2 * (r() - 0.5), walk: walk() },
    s47: { at0: logit(0.2), perYear: 0.1 * (r() - 0.5), walk: walk() },
    icpc: { at0: logit(0.35), perYear: 0.1 * (r() - 0.5), walk: walk() },
    plan: { at0: logit(0.85), perYear: 0.1 * (r() - 0.5), walk: walk() },
  };
  type Rate = keyof typeof rates;
  const stepDay = options.step ? parse(options.step.date) : Infinity;
  const prob = (name: Rate, day: number, extra = 0) => {
    const spec = rates[name];
    const i = Math.min(weeks - 1, Math.max(0, Math.floor((day - firstDay) / 7)));
    let z = spec.at0 + spec.perYear * ((day - start) / 365.25) + spec.walk[i]!;
    if (name === 'nfa' && day >= stepDay) z = logit(options.step!.to) + spec.walk[i]! - spec.walk[Math.floor((stepDay - firstDay) / 7)]!;
    return 1 / (1 + Math.exp(-(z + extra)));
  };
  const isWorking = (day: number) => weekday(day) !== 0 && weekday(day) !== 6;
  const addWorking = (day: number, n: number) => {
    let d = day;
    for (let left = n; left > 0; ) if (isWorking(++d)) left--;
    return d;
  };

  const records: EventRecord[] = [];
  const keep = (rec: EventRecord) => {
    if (rec.day >= start && rec.day <= end) records.push(rec);
  };
  const returns = new Map<number, string[]>();
  let serial = 0;
  const poisson = (mean: number) => {
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    let k = 0;
    let p = Math.exp(-mean);
    let c = p;
    const u = r();
    while (u > c && k < 400) {
      k++;
      p *= mean / k;
      c += p;
    }
    return k;
  };
  for (let day = firstDay; day <= end; day++) {
    const referrals = poisson(perUnit * volumeAt(day));
    const back = returns.get(day) ?? [];
    returns.delete(day);
    for (let i = 0; i < referrals; i++) refer(back[i] ?? `Q${options.seed}-${(serial++).toString(36)}`, day);
    // Contacts that do not become referrals, so that the conversion rate wanders as well.
    const pc = prob('contact', day);
    const others = poisson((perUnit * volumeAt(day) * (1 - pc)) / pc);
    for (let i = 0; i < others; i++) keep({ child: `Q${options.seed}-o${(serial++).toString(36)}`, type: 'contact', day, outcome: r() < 0.5 ? 'advice' : 'nfa' });
  }
  return records;

  function refer(child: string, day: number): void {
    keep({ child, type: 'contact', day, outcome: 'referral' });
    if (r() < 0.25) {
      const when = day + 91 + Math.floor(r() * 822);
      const list = returns.get(when);
      if (list) list.push(child);
      else returns.set(when, [child]);
    }
    const emergency = inAny(closed, day);
    if (r() < prob('nfa', day, emergency ? -0.7 : 0)) {
      keep({ child, type: 'referral', day, outcome: 'nfa' });
      return;
    }
    keep({ child, type: 'referral', day, outcome: null });
    const aStart = isWorking(day) ? day : addWorking(day, 1);
    keep({ child, type: 'assessment_start', day: aStart });
    // 45 working days from a start up to nine weeks before the closure's end reach into it.
    const nearClosure = closed.some(([a, b]) => aStart <= b && aStart >= a - 63);
    const late = r() < prob('late', aStart, nearClosure ? 0.8 : 0);
    const aEnd = addWorking(aStart, late ? 46 + Math.floor(30 * r()) : 3 + Math.floor(42 * r()));
    if (r() >= prob('s47', aStart)) {
      keep({ child, type: 'assessment_end', day: aEnd, outcome: r() < 0.5 ? 'nfa' : 'cin' });
      return;
    }
    const s47 = addWorking(aStart, 1 + Math.floor(4 * r()));
    keep({ child, type: 'strategy_discussion', day: s47 });
    keep({ child, type: 's47_start', day: s47 });
    keep({ child, type: 'assessment_end', day: aEnd, outcome: 'cin' });
    if (r() >= prob('icpc', s47)) {
      keep({ child, type: 's47_end', day: addWorking(s47, 3 + Math.floor(10 * r())), outcome: r() < 0.5 ? 'cin' : 'nfa' });
      return;
    }
    const icpc = addWorking(s47, 5 + Math.floor(15 * r()));
    keep({ child, type: 's47_end', day: icpc - 1, outcome: 'icpc' });
    const plan = r() < prob('plan', icpc);
    keep({ child, type: 'icpc', day: icpc, outcome: plan ? 'cp_plan' : 'no_plan' });
    if (plan) {
      keep({ child, type: 'cp_plan_start', day: icpc });
      keep({ child, type: 'cp_plan_end', day: icpc + 90 + Math.floor(500 * r()) });
    }
  }
}
