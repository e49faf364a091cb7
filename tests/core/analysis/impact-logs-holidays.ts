// A second synthetic log generator for the impact verdict, written apart from impact-logs.ts and from
// the analysis, to a different recipe, so that the verdict is not tuned to one generator's habits:
//   - every rate moves as a straight line on the log-odds scale (not on the probability scale), with
//     its own AR(1) weekly noise on the log-odds;
//   - volume has one smooth annual wave (a sinusoid with a phase of its own), a log-linear trend, and
//     SHARP school-holiday dips: the summer holiday (about 22 July to 2 September) and Christmas to New
//     Year (about 21 December to 3 January), not monthly factors;
//   - assessments started from late November to late January run late more often (a December–January
//     bump in late assessments, on the log-odds);
//   - children come back on a schedule drawn when they are referred (a share return, after a delay that
//     is usually months and sometimes years), starting three years before the extract, so re-referrals
//     and prior referrals look back into time the extract does not hold;
//   - contacts that do not become referrals are other children.
// Optionally one rate steps at a date (its log-odds line is replaced by the step's level from then on,
// its weekly noise carries on). The log is cut to [start, end] like a real extract.
import type { EventRecord } from '../../../core/event-table.js';

export interface HolidayLogOptions {
  seed: number;
  /** referrals per week on average over the extract */
  referralsPerWeek: number;
  /** first and last date of the extract, YYYY-MM-DD */
  start: string;
  end: string;
  /** log-volume change per year. @default drawn from the seed in [−0.08, +0.10] */
  volumeTrend?: number;
  /** amplitude of the smooth annual wave on the log-volume. @default 0.08 */
  waveAmplitude?: number;
  /** volume factor in the summer holiday and at Christmas–New Year. @default 0.7 and 0.45 */
  summerFactor?: number;
  christmasFactor?: number;
  /** log-odds added to "late" for assessments started from late November to late January. @default 0.6 */
  winterLateBump?: number;
  /** lag-1 correlation and spread of the weekly AR(1) noise (volume on the log scale, rates on the log-odds). */
  noiseRho?: number;
  volumeNoiseSd?: number;
  rateNoiseSd?: number;
  /** log-odds trend per year of every rate: drawn per rate from the seed in ±trendSpread. @default 0.15 */
  trendSpread?: number;
  /** NFA at referral at the start of the extract (its trend is drawn like the others unless nfaTrend is given). */
  nfaStart?: number;
  nfaTrend?: number;
  /** share of referrals after which the child comes back. @default 0.3 */
  returnShare?: number;
  /** NFA at referral becomes `to` (a probability) from `date` on */
  step?: { measure: 'referral_nfa'; date: string; to: number };
}

/** splitmix32: a different generator from the other log file's, sharing nothing with the analysis. */
function splitmix(seed: number): () => number {
  let state = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
}

/** Marsaglia's polar method. */
function normal(u: () => number): number {
  for (;;) {
    const a = 2 * u() - 1;
    const b = 2 * u() - 1;
    const s = a * a + b * b;
    if (s > 0 && s < 1) return a * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Poisson by counting exponential gaps (small means) or a rounded normal (large means). */
function poissonDraw(mean: number, u: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(u)));
  let k = 0;
  let t = -Math.log(1 - u());
  while (t < mean) {
    k++;
    t += -Math.log(1 - u());
  }
  return k;
}

const toLogOdds = (p: number) => Math.log(p / (1 - p));
const fromLogOdds = (x: number) => 1 / (1 + Math.exp(-x));

const MS_PER_DAY = 86_400_000;
/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(text: string): number {
  return Math.round(Date.parse(`${text}T00:00:00Z`) / MS_PER_DAY);
}
const calendarOf = (day: number) => {
  const d = new Date(day * MS_PER_DAY);
  return { month: d.getUTCMonth() + 1, date: d.getUTCDate(), weekday: d.getUTCDay() };
};
const isWeekend = (day: number) => {
  const w = calendarOf(day).weekday;
  return w === 0 || w === 6;
};
function addWorkingDays(day: number, n: number): number {
  let d = day;
  for (let left = n; left > 0; ) {
    d++;
    if (!isWeekend(d)) left--;
  }
  return d;
}

/** Summer holiday (22 July – 2 September) or Christmas–New Year (21 December – 3 January). */
export function holidayOf(day: number): 'summer' | 'christmas' | null {
  const { month, date } = calendarOf(day);
  if ((month === 7 && date >= 22) || month === 8 || (month === 9 && date <= 2)) return 'summer';
  if ((month === 12 && date >= 21) || (month === 1 && date <= 3)) return 'christmas';
  return null;
}

/** Late November to late January: assessments started then run over the holidays. */
function inWinterBacklog(day: number): boolean {
  const { month, date } = calendarOf(day);
  return (month === 11 && date >= 20) || month === 12 || (month === 1 && date <= 25);
}

const RATE_NAMES = ['nfa', 'late', 's47', 'icpc', 'plan', 'contactOnly'] as const;
type RateName = (typeof RATE_NAMES)[number];

export function generateHolidayLog(options: HolidayLogOptions): EventRecord[] {
  const u = splitmix(options.seed * 7919 + 17);
  const start = dayNumber(options.start);
  const end = dayNumber(options.end);
  const firstDay = start - 3 * 365;
  const years = (day: number) => (day - start) / 365.25;
  const spread = options.trendSpread ?? 0.15;
  const drawTrend = () => (2 * u() - 1) * spread;

  const volumeTrend = options.volumeTrend ?? -0.08 + 0.18 * u();
  const waveAmplitude = options.waveAmplitude ?? 0.08;
  const wavePhase = 2 * Math.PI * u();
  const summer = options.summerFactor ?? 0.7;
  const christmas = options.christmasFactor ?? 0.45;
  const winterBump = options.winterLateBump ?? 0.6;
  const noiseRho = options.noiseRho ?? 0.5;
  const volumeSd = options.volumeNoiseSd ?? 0.07;
  const rateSd = options.rateNoiseSd ?? 0.1;
  const returnShare = options.returnShare ?? 0.3;

  const lines: Record<RateName, { at0: number; perYear: number }> = {
    nfa: { at0: toLogOdds(options.nfaStart ?? 0.08), perYear: options.nfaTrend ?? drawTrend() },
    late: { at0: toLogOdds(0.17), perYear: drawTrend() },
    s47: { at0: toLogOdds(0.2), perYear: drawTrend() },
    icpc: { at0: toLogOdds(0.33), perYear: drawTrend() },
    plan: { at0: toLogOdds(0.85), perYear: drawTrend() },
    contactOnly: { at0: toLogOdds(0.4), perYear: drawTrend() },
  };
  const stepDay = options.step ? dayNumber(options.step.date) : Infinity;

  // Weekly AR(1) noise, stationary from the first week; weeks counted from firstDay.
  const weeks = Math.ceil((end - firstDay + 1) / 7) + 1;
  const ar1 = (sd: number) => {
    const out = new Float64Array(weeks);
    let x = normal(u) * sd;
    for (let w = 0; w < weeks; w++) {
      out[w] = x;
      x = noiseRho * x + Math.sqrt(1 - noiseRho * noiseRho) * sd * normal(u);
    }
    return out;
  };
  const volumeNoise = ar1(volumeSd);
  const rateNoise = Object.fromEntries(RATE_NAMES.map((k) => [k, ar1(rateSd)])) as Record<RateName, Float64Array>;
  const weekOf = (day: number) => Math.floor((day - firstDay) / 7);
  const probability = (name: RateName, day: number, shift = 0): number => {
    let x = lines[name].at0 + lines[name].perYear * years(day);
    if (name === 'nfa' && day >= stepDay) x = toLogOdds(options.step!.to);
    return fromLogOdds(x + shift + rateNoise[name][weekOf(Math.min(end, day))]!);
  };

  // The mean of the wave-and-holiday factor over a year, so referralsPerWeek is the average.
  let factorSum = 0;
  for (let d = start; d < start + 365; d++) factorSum += dayFactor(d);
  const scale = options.referralsPerWeek / 7 / (factorSum / 365);
  function dayFactor(day: number): number {
    const h = holidayOf(day);
    const holiday = h === 'summer' ? summer : h === 'christmas' ? christmas : 1;
    const weekday = isWeekend(day) ? 0.12 : 1.2;
    return Math.exp(waveAmplitude * Math.sin((2 * Math.PI * day) / 365.25 + wavePhase)) * holiday * weekday;
  }

  const records: EventRecord[] = [];
  const keep = (rec: EventRecord) => {
    if (rec.day >= start && rec.day <= end) records.push(rec);
  };
  const returns = new Map<number, string[]>();
  let serial = 0;

  for (let day = firstDay; day <= end; day++) {
    const mean = scale * Math.exp(volumeTrend * years(day) + volumeNoise[weekOf(day)]!) * dayFactor(day);
    const comingBack = returns.get(day) ?? [];
    returns.delete(day);
    const fresh = Math.max(0, poissonDraw(mean, u) - comingBack.length);
    const children = [...comingBack];
    for (let i = 0; i < fresh; i++) children.push(`H${options.seed}x${(serial++).toString(36)}`);
    for (const child of children) refer(child, day);
    // Contacts about other children that go no further.
    const contactsOnly = poissonDraw(mean * (probability('contactOnly', day) / (1 - probability('contactOnly', day))), u);
    for (let i = 0; i < contactsOnly; i++) keep({ child: `H${options.seed}c${(serial++).toString(36)}`, type: 'contact', day, outcome: u() < 0.5 ? 'advice' : 'nfa' });
  }
  return records;

  function refer(child: string, day: number): void {
    keep({ child, type: 'contact', day: day - (u() < 0.6 ? 0 : 1 + Math.floor(3 * u())), outcome: 'referral' });
    if (u() < returnShare) {
      // Usually months later, sometimes years.
      const delay = u() < 0.65 ? 20 + Math.floor(-150 * Math.log(1 - u())) : 365 + Math.floor(900 * u());
      const back = day + delay;
      if (back <= end) {
        const list = returns.get(back);
        if (list) list.push(child);
        else returns.set(back, [child]);
      }
    }
    if (u() < probability('nfa', day)) {
      keep({ child, type: 'referral', day, outcome: 'nfa' });
      return;
    }
    keep({ child, type: 'referral', day, outcome: null });
    const assessmentStart = isWeekend(day) ? addWorkingDays(day, 1) : day + (u() < 0.7 ? 0 : 1);
    keep({ child, type: 'assessment_start', day: assessmentStart });
    const late = u() < probability('late', assessmentStart, inWinterBacklog(assessmentStart) ? winterBump : 0);
    const length = late ? 46 + Math.floor(50 * u() * u()) : 8 + Math.floor(37 * u());
    const assessmentEnd = addWorkingDays(assessmentStart, length);
    if (u() >= probability('s47', day)) {
      keep({ child, type: 'assessment_end', day: assessmentEnd, outcome: u() < 0.5 ? 'cin' : 'nfa' });
      return;
    }
    const strategy = addWorkingDays(assessmentStart, Math.floor(6 * u()));
    keep({ child, type: 'strategy_discussion', day: strategy });
    const enquiry = strategy + (u() < 0.8 ? 0 : 1);
    keep({ child, type: 's47_start', day: enquiry });
    keep({ child, type: 'assessment_end', day: assessmentEnd, outcome: 'cin' });
    if (u() >= probability('icpc', enquiry)) {
      keep({ child, type: 's47_end', day: addWorkingDays(enquiry, 3 + Math.floor(15 * u())), outcome: u() < 0.6 ? 'cin' : 'nfa' });
      return;
    }
    const conference = addWorkingDays(enquiry, 5 + Math.floor(20 * u() * u()));
    keep({ child, type: 's47_end', day: conference - 1, outcome: 'icpc' });
    const plan = u() < probability('plan', conference);
    keep({ child, type: 'icpc', day: conference, outcome: plan ? 'cp_plan' : 'no_plan' });
    if (plan) {
      keep({ child, type: 'cp_plan_start', day: conference });
      keep({ child, type: 'cp_plan_end', day: conference + 90 + Math.floor(400 * u()) });
    }
  }
}
