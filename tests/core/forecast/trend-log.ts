// A council's events log written for the forecast tests, independently of synth/ and of core/forecast:
// contacts arrive day by day at a rate with a yearly trend and a season (peak in the autumn term, low in
// August), and each contact is followed by a hand-written chain with its own probabilities and delays.
// Some children come back (a second contact reuses an earlier id), rows are written in shuffled order,
// and no episode ids are given (linking is by date). Known truths are returned with the log.
import { dayFromCivil, formatDay } from '../../../core/dates.js';
import { buildEventTable, type EventRecord, type EventTable } from '../../../core/event-table.js';
import { EVENT_TYPES, outcomeName, type EventType } from '../../../core/events.js';
import { seededRandom } from '../../../core/random.js';
import { englandWalesCalendar } from '../../../core/working-days.js';

export interface TrendLogOptions {
  seed: number;
  /** contacts a day at the start */
  perDay: number;
  /** multiplicative change a year (1 = none) */
  trendPerYear: number;
  /** amplitude of the season (0 = none) */
  season: number;
  from: number;
  to: number;
  /** contacts on a weekend day or bank holiday, as a share of a working day's (1 = no difference) */
  offDayRate: number;
  /** rates that wander year to year: each calendar year every step's probability (contact → referral, S47,
   * ICPC, CP plan, care) and the typical length of CIN plans, CP plans and care is multiplied by its own
   * factor exp(N(0, wander²)) (0 = constant rates) */
  wander: number;
  /** the trend bends: from each `day` on (in order), contacts change by `trendPerYear` a year instead (the rate
   * runs on continuously from where the earlier trend left it) */
  bends?: ReadonlyArray<{ day: number; trendPerYear: number }>;
  /** the contact → referral share multiplied by this each year from `from` (a front door drifting; 1 or absent: none) */
  convertTrendPerYear?: number;
  /** the S47 rate multiplied by `factor` for referrals from `day` on (a step change) */
  step?: { day: number; factor: number };
  /** the log starts on this day as an extract does: of the rows before it, only those of contacts whose
   * chain (referral, plans, care, closure) is still open on it are kept (none dropped when not given) */
  carriedInFrom?: number;
  /** rows added to the log as they are (an odd month's extra S47s, say), before the rows are shuffled */
  extra?: ReadonlyArray<EventRecord>;
}

/** The wandering factors, per calendar year and per parameter, from their own random stream (so a log with
 * wander 0 is the very log written before the option existed). */
const WANDERING = ['convert', 's47', 'icpc', 'plan', 'claViaCp', 'claDirect', 'cinLength', 'cpLength', 'careLength'] as const;
type Wandering = (typeof WANDERING)[number];

export const SEASON_SHAPE = [0.05, 0.08, 0.06, 0.0, 0.02, 0.03, -0.1, -0.3, 0.0, 0.12, 0.1, -0.06];

export function contactRate(o: TrendLogOptions, day: number): number {
  const month = new Date(day * 86400000).getUTCMonth();
  const offDay = o.offDayRate !== 1 && englandWalesCalendar().between(day - 1, day) === 0 ? o.offDayRate : 1;
  let level = 0;
  let since = o.from;
  let trend = o.trendPerYear;
  for (const bend of o.bends ?? []) {
    if (day < bend.day) break;
    level += Math.log(trend) * (bend.day - since) / 365.25;
    since = bend.day;
    trend = bend.trendPerYear;
  }
  level += Math.log(trend) * (day - since) / 365.25;
  return o.perDay * Math.exp(level) * (1 + o.season * SEASON_SHAPE[month]!) * offDay;
}

export function trendLog(options: Partial<TrendLogOptions> & { seed: number }): { table: EventTable; options: TrendLogOptions } {
  const o: TrendLogOptions = { perDay: 8, trendPerYear: 1, season: 1, from: dayFromCivil(2019, 1, 1), to: dayFromCivil(2024, 12, 31), offDayRate: 1, wander: 0, ...options };
  const rand = seededRandom(o.seed);
  const wanderRand = seededRandom(o.seed * 7919 + 17);
  const factors = new Map<number, Record<Wandering, number>>();
  /** A parameter's factor in the year of `day` (1 without wander). */
  const f = (what: Wandering, day: number) => {
    if (o.wander === 0) return 1;
    const year = new Date(day * 86400000).getUTCFullYear();
    let row = factors.get(year);
    if (!row) {
      const normal = () => Math.sqrt(-2 * Math.log(1 - wanderRand())) * Math.cos(2 * Math.PI * wanderRand());
      row = Object.fromEntries(WANDERING.map((w) => [w, Math.exp(o.wander * normal())])) as Record<Wandering, number>;
      factors.set(year, row);
    }
    return row[what];
  };
  const chance = (p: number) => rand() < Math.min(0.95, p);
  const uniformInt = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const poisson = (mean: number) => {
    let k = 0;
    let p = Math.exp(-mean);
    let c = p;
    const u = rand();
    while (u > c && k < 500) p *= mean / ++k, (c += p);
    return k;
  };
  const logNormalDays = (median: number, sigma: number) => Math.max(1, Math.round(median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()))));
  const records: EventRecord[] = [];
  const ids: string[] = [];
  const busyUntil = new Map<string, number>();
  const push = (child: string, type: EventType, day: number, outcome?: string) => {
    if (day <= o.to) records.push({ child, type, day, outcome: outcome ?? null });
  };
  for (let day = o.from; day <= o.to; day++) {
    const n = poisson(contactRate(o, day));
    for (let k = 0; k < n; k++) {
      // One contact in six is a child seen before (and free again).
      let child = '';
      if (ids.length > 50 && rand() < 1 / 6) {
        const earlier = ids[Math.floor(rand() * ids.length)]!;
        if ((busyUntil.get(earlier) ?? -1) < day) child = earlier;
      }
      if (!child) {
        child = `T${o.seed}-${ids.length}`;
        ids.push(child);
      }
      let end = day;
      const firstRow = records.length;
      const converts = chance(0.3 * f('convert', day) * (o.convertTrendPerYear ?? 1) ** ((day - o.from) / 365.25));
      push(child, 'contact', day, converts ? 'referral' : rand() < 0.5 ? 'advice' : 'nfa');
      if (!converts) {
        if (o.carriedInFrom !== undefined && day < o.carriedInFrom) records.length = firstRow;
        continue;
      }
      const ref = day + uniformInt(0, 5);
      const nfa = rand() < 0.08;
      push(child, 'referral', ref, nfa ? 'nfa' : undefined);
      end = ref;
      if (!nfa) {
        let cinEligible = false;
        if (rand() < 0.9) {
          const a = ref + uniformInt(1, 10);
          const ae = a + uniformInt(15, 60);
          push(child, 'assessment_start', a);
          cinEligible = rand() < 0.4;
          push(child, 'assessment_end', ae, cinEligible ? 'cin' : 'nfa');
          end = Math.max(end, ae);
          if (cinEligible) {
            const cs = ae + uniformInt(0, 14);
            const ce = cs + logNormalDays(200 * f('cinLength', cs), 0.5);
            push(child, 'cin_plan_start', cs);
            push(child, 'cin_plan_end', ce);
            end = Math.max(end, ce);
          }
        }
        let cpDay = -1;
        if (chance(0.3 * f('s47', ref) * (o.step && ref >= o.step.day ? o.step.factor : 1))) {
          const s = ref + uniformInt(0, 20);
          push(child, 'strategy_discussion', s);
          push(child, 's47_start', s);
          const icpc = chance(0.4 * f('icpc', s));
          push(child, 's47_end', s + uniformInt(5, 15), icpc ? 'icpc' : 'nfa');
          if (icpc) {
            const conf = s + uniformInt(10, 25);
            const plan = chance(0.85 * f('plan', conf));
            push(child, 'icpc', conf, plan ? 'cp_plan' : 'no_plan');
            if (plan) {
              cpDay = conf;
              const ce = conf + logNormalDays(270 * f('cpLength', conf), 0.6);
              push(child, 'cp_plan_start', conf);
              push(child, 'cp_plan_end', ce);
              end = Math.max(end, ce);
            }
          }
        }
        let claDay = -1;
        if (cpDay >= 0 && chance(0.15 * f('claViaCp', cpDay))) claDay = cpDay + uniformInt(30, 400);
        else if (chance(0.04 * f('claDirect', ref))) claDay = ref + uniformInt(10, 300);
        if (claDay >= 0) {
          const exit = claDay + Math.max(1, Math.round(-700 * f('careLength', claDay) * Math.log(1 - rand())));
          push(child, 'cla_start', claDay);
          push(child, 'cla_end', exit, 'E4A');
          end = Math.max(end, exit);
        }
        push(child, 'case_closed', end + 1, 'RC1');
        end += 1;
      }
      busyUntil.set(child, end);
      // Before an extract's start, a chain closed by then is not in the log.
      if (o.carriedInFrom !== undefined && end < o.carriedInFrom) records.length = firstRow;
    }
  }
  records.push(...(o.extra ?? []));
  // File order is not date order.
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  return { table: buildEventTable(records), options: o };
}

/**
 * The log's rows as events CSV lines (child_id,event,date,outcome), without a header; `blankColumns` empty
 * fields after them, for a header that names more columns (episode_id, sex…) which the log leaves blank.
 */
export function trendLogRows(table: EventTable, blankColumns = 0): string[] {
  const tail = ','.repeat(blankColumns);
  const rows: string[] = [];
  for (let i = 0; i < table.length; i++) rows.push(`${table.childIds[table.child[i]!]},${EVENT_TYPES[table.type[i]!]},${formatDay(table.day[i]!)},${outcomeName(table.outcome[i]!) ?? ''}${tail}`);
  return rows;
}
