// A third synthetic log generator for the impact verdict, written apart from the analysis and to a
// different recipe from impact-logs.ts (monthly factors, trends on the probability scale) and
// impact-logs-holidays.ts (log-odds lines, a smooth wave, sharp school holidays):
//   - a GROWING council: volume is set month by month (not week by week or day by day), from a
//     population that grows faster as time goes on (new housing), a month-of-year shape drawn from the
//     seed with a deep December, and a random month-to-month wobble that persists (an AR(1) over months);
//   - days are UNEQUAL: bank holidays (computed here from the rules: Easter, May, August, Christmas with
//     substitute days) take almost no referrals, the days before Christmas and after New Year take few,
//     and the working week peaks on Monday and Friday, so a week's volume depends on its calendar;
//   - rates are DIFFERENT from the other generators: NFA at referral around 11% and falling on the
//     log-odds; each month the service's staffing shifts every rate a little (a month effect shared by
//     all rates, different in size for each), and each week adds noise that echoes the week before;
//   - assessments are timed in working days that skip bank holidays, and run late more often when
//     their 45 working days include the Christmas fortnight;
//   - re-referrals come from a share of children who come back after a delay drawn from a mixture
//     (weeks, months or two years), from two years before the extract on.
// Optionally NFA at referral steps to a level at a date. The log is cut to [start, end] like a real extract.
import type { EventRecord } from '../../../core/event-table.js';
import { seededRandom } from '../../../core/random.js';

export interface CouncilLogOptions {
  seed: number;
  /** referrals per week on average over the extract */
  referralsPerWeek: number;
  /** first and last date of the extract, YYYY-MM-DD */
  start: string;
  end: string;
  /** population growth per year at the extract's start, and its increase per year (growth that speeds up). @default 0.05 and 0.04 */
  growth?: number;
  growthAcceleration?: number;
  /** volume factor of December (the other months are drawn around 1). @default 0.72 */
  december?: number;
  /** spread of the persistent month-to-month volume wobble (log scale) and its month-to-month correlation. @default 0.05, 0.6 */
  monthWobble?: number;
  monthRho?: number;
  /** spread of the monthly staffing effect on every rate's log-odds. @default 0.06 */
  staffing?: number;
  /** spread and lag-1 correlation of the weekly noise on each rate's log-odds. @default 0.08, 0.4 */
  weekNoise?: number;
  weekRho?: number;
  /** NFA at referral at the start and its log-odds trend per year. @default 0.11, −0.12 */
  nfaStart?: number;
  nfaTrend?: number;
  /** NFA at referral becomes `to` from `date` on */
  step?: { measure: 'referral_nfa'; date: string; to: number };
}

const DAY_MS = 86_400_000;
const dayNo = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function councilDay(text: string): number {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return dayNo(y, m, d);
}
const ymd = (day: number) => {
  const d = new Date(day * DAY_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), w: d.getUTCDay() };
};

/**
 * Easter Sunday (anonymous Gregorian algorithm). A copy of core/analysis/school-holidays.ts's easterSunday on
 * purpose: this generator must not share code with the analysis it tests, or a wrong Easter there would
 * move both the data's holidays and the model's, and the test could not see it.
 */
function easter(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNo(y, month, day);
}

/** The nth (1-based) or last (n = −1) Monday of a month. */
function monday(y: number, m: number, n: number): number {
  if (n > 0) {
    const first = dayNo(y, m, 1);
    return first + ((8 - ymd(first).w) % 7) + 7 * (n - 1);
  }
  const last = dayNo(y, m + 1, 1) - 1;
  return last - ((ymd(last).w + 6) % 7);
}

/** England and Wales bank holidays of a year, from the rules (substitute days when they fall at a weekend). */
function bankHolidays(y: number): number[] {
  const out = [easter(y) - 2, easter(y) + 1, monday(y, 5, 1), monday(y, 5, -1), monday(y, 8, -1)];
  let newYear = dayNo(y, 1, 1);
  while (ymd(newYear).w === 0 || ymd(newYear).w === 6) newYear++;
  out.push(newYear);
  const christmas = dayNo(y, 12, 25);
  const cw = ymd(christmas).w;
  // Christmas on Saturday: Monday 27 and Tuesday 28; on Sunday: Tuesday 27 (Boxing Day on Monday 26).
  if (cw === 6) out.push(christmas + 2, christmas + 3);
  else if (cw === 0) out.push(christmas + 1, christmas + 2);
  else if (cw === 5) out.push(christmas, christmas + 3);
  else out.push(christmas, christmas + 1);
  return out;
}

export function generateCouncilLog(options: CouncilLogOptions): EventRecord[] {
  const r = seededRandom(options.seed * 104_729 + 3);
  const gauss = () => {
    let u = r();
    while (u === 0) u = r();
    return Math.sqrt(-2 * Math.log(u)) * Math.sin(2 * Math.PI * r());
  };
  const start = councilDay(options.start);
  const end = councilDay(options.end);
  const firstDay = start - 730;
  const firstYear = ymd(firstDay).y;
  const holidays = new Set<number>();
  for (let y = firstYear; y <= ymd(end).y + 1; y++) for (const d of bankHolidays(y)) holidays.add(d);
  // The calendar of every day the log can touch, worked out once.
  const lastDay = end + 400;
  const calendar = Array.from({ length: lastDay - firstDay + 1 }, (_, i) => ymd(firstDay + i));
  const dateOf = (day: number) => calendar[Math.min(lastDay, Math.max(firstDay, day)) - firstDay]!;
  const working = calendar.map((c, i) => c.w !== 0 && c.w !== 6 && !holidays.has(firstDay + i));
  const isWorking = (day: number) => day > lastDay || working[day - firstDay]!;
  const addWorking = (day: number, n: number) => {
    let d = day;
    for (let left = n; left > 0; ) if (isWorking(++d)) left--;
    return d;
  };

  // Month index from firstDay's month; per-month volume level and staffing effect.
  const monthIndex = (day: number) => {
    const { y, m } = dateOf(day);
    return (y - firstYear) * 12 + (m - 1);
  };
  const months = monthIndex(end) + 2;
  const december = options.december ?? 0.72;
  const shape = Array.from({ length: 12 }, (_, m) => (m === 11 ? december : Math.exp(0.06 * gauss())));
  const wobbleSd = options.monthWobble ?? 0.05;
  const monthRho = options.monthRho ?? 0.6;
  const wobble: number[] = [];
  let x = gauss() * wobbleSd;
  for (let i = 0; i < months; i++) {
    wobble.push(x);
    x = monthRho * x + Math.sqrt(1 - monthRho * monthRho) * wobbleSd * gauss();
  }
  const staffingSd = options.staffing ?? 0.06;
  const staffing = Array.from({ length: months }, () => gauss() * staffingSd);
  const growth = options.growth ?? 0.05;
  const acceleration = options.growthAcceleration ?? 0.04;
  const years = (day: number) => (day - start) / 365.25;
  const population = (day: number) => Math.exp(growth * years(day) + 0.5 * acceleration * years(day) ** 2);

  // Day weights: Monday and Friday peaks, weekends and bank holidays almost nothing, Christmas fortnight low.
  const dayWeight = (day: number) => {
    const { m, d, w } = dateOf(day);
    if (!isWorking(day)) return 0.06;
    const week = [0, 1.25, 1.0, 0.95, 1.0, 1.2, 0][w]!;
    const festive = (m === 12 && d >= 20) || (m === 1 && d <= 4) ? 0.6 : 1;
    return week * festive;
  };
  let weightSum = 0;
  for (let d = start; d < start + 365; d++) weightSum += dayWeight(d) * shape[dateOf(d).m - 1]!;
  const perDay = (options.referralsPerWeek * 52.18) / weightSum;

  // Weekly rate noise that echoes the week before, per rate.
  const weekNoiseSd = options.weekNoise ?? 0.08;
  const weekRho = options.weekRho ?? 0.4;
  const weeks = Math.ceil((end - firstDay + 1) / 7) + 1;
  const rateNames = ['nfa', 'late', 's47', 'icpc', 'plan'] as const;
  type Rate = (typeof rateNames)[number];
  const weekNoise = Object.fromEntries(
    rateNames.map((name) => {
      const out = new Float64Array(weeks);
      let e = gauss() * weekNoiseSd;
      for (let i = 0; i < weeks; i++) {
        out[i] = e;
        e = weekRho * e + Math.sqrt(1 - weekRho * weekRho) * weekNoiseSd * gauss();
      }
      return [name, out];
    }),
  ) as Record<Rate, Float64Array>;
  // How strongly each rate feels the month's staffing (late assessments most).
  const staffingLoad: Record<Rate, number> = { nfa: 0.8, late: 2.0, s47: -0.6, icpc: 0.5, plan: 0.3 };
  const logit = (p: number) => Math.log(p / (1 - p));
  const base: Record<Rate, { at0: number; perYear: number }> = {
    nfa: { at0: logit(options.nfaStart ?? 0.11), perYear: options.nfaTrend ?? -0.12 },
    late: { at0: logit(0.2), perYear: 0.1 * (r() - 0.3) },
    s47: { at0: logit(0.24), perYear: 0.1 * (r() - 0.5) },
    icpc: { at0: logit(0.3), perYear: 0.1 * (r() - 0.5) },
    plan: { at0: logit(0.82), perYear: 0.05 * (r() - 0.5) },
  };
  const stepDay = options.step ? councilDay(options.step.date) : Infinity;
  const prob = (name: Rate, day: number, extra = 0) => {
    const clamped = Math.min(end, Math.max(firstDay, day));
    let z = base[name].at0 + base[name].perYear * years(day);
    if (name === 'nfa' && day >= stepDay) z = logit(options.step!.to);
    z += staffingLoad[name] * staffing[monthIndex(clamped)]! + weekNoise[name][Math.floor((clamped - firstDay) / 7)]! + extra;
    return 1 / (1 + Math.exp(-z));
  };

  const records: EventRecord[] = [];
  const keep = (rec: EventRecord) => {
    if (rec.day >= start && rec.day <= end) records.push(rec);
  };
  const comeBack = new Map<number, string[]>();
  let serial = 0;
  for (let day = firstDay; day <= end; day++) {
    const mean = perDay * population(day) * shape[dateOf(day).m - 1]! * Math.exp(wobble[monthIndex(day)]!) * dayWeight(day);
    // Poisson by inversion for small means, normal approximation for large ones.
    let count: number;
    if (mean > 50) count = Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
    else {
      count = 0;
      let p = Math.exp(-mean);
      let cdf = p;
      const u = r();
      while (u > cdf && count < 500) {
        count++;
        p *= mean / count;
        cdf += p;
      }
    }
    const returning = comeBack.get(day) ?? [];
    comeBack.delete(day);
    const children = returning.slice(0, count);
    while (children.length < count) children.push(`C${options.seed}-${(serial++).toString(36)}`);
    for (const child of children) refer(child, day);
    // Contacts about other children that stop at the front door.
    const stops = Math.round(mean * (0.6 + 0.2 * r()));
    for (let i = 0; i < stops; i++) keep({ child: `C${options.seed}-k${(serial++).toString(36)}`, type: 'contact', day, outcome: r() < 0.6 ? 'advice' : 'nfa' });
  }
  return records;

  function refer(child: string, day: number): void {
    keep({ child, type: 'contact', day: day - (r() < 0.5 ? 0 : 1 + Math.floor(2 * r())), outcome: 'referral' });
    if (r() < 0.26) {
      const u = r();
      const delay = u < 0.3 ? 15 + Math.floor(60 * r()) : u < 0.8 ? 90 + Math.floor(270 * r()) : 365 + Math.floor(400 * r());
      const list = comeBack.get(day + delay);
      if (list) list.push(child);
      else comeBack.set(day + delay, [child]);
    }
    if (r() < prob('nfa', day)) {
      keep({ child, type: 'referral', day, outcome: 'nfa' });
      return;
    }
    keep({ child, type: 'referral', day, outcome: null });
    const aStart = isWorking(day) ? day : addWorking(day, 1);
    keep({ child, type: 'assessment_start', day: aStart });
    // 45 working days from a start in the second half of November on reach over Christmas.
    const { m, d } = dateOf(aStart);
    const overChristmas = (m === 11 && d >= 15) || m === 12;
    const late = r() < prob('late', aStart, overChristmas ? 0.5 : 0);
    const aEnd = addWorking(aStart, late ? 46 + Math.floor(40 * r() * r()) : 6 + Math.floor(39 * r()));
    if (r() >= prob('s47', day)) {
      keep({ child, type: 'assessment_end', day: aEnd, outcome: r() < 0.4 ? 'nfa' : 'cin' });
      return;
    }
    const strategy = addWorking(aStart, Math.floor(5 * r()));
    keep({ child, type: 'strategy_discussion', day: strategy });
    keep({ child, type: 's47_start', day: strategy });
    keep({ child, type: 'assessment_end', day: aEnd, outcome: 'cin' });
    if (r() >= prob('icpc', strategy)) {
      keep({ child, type: 's47_end', day: addWorking(strategy, 4 + Math.floor(12 * r())), outcome: r() < 0.55 ? 'cin' : 'nfa' });
      return;
    }
    const conference = addWorking(strategy, 6 + Math.floor(18 * r() * r()));
    keep({ child, type: 's47_end', day: conference - 1, outcome: 'icpc' });
    const plan = r() < prob('plan', conference);
    keep({ child, type: 'icpc', day: conference, outcome: plan ? 'cp_plan' : 'no_plan' });
    if (plan) {
      keep({ child, type: 'cp_plan_start', day: conference });
      keep({ child, type: 'cp_plan_end', day: conference + 100 + Math.floor(450 * r()) });
    }
  }
}
