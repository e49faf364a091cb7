// A TypeScript port of the independent review's generator (/work/verify/scratch8/gen.py): children with
// seasonal, trending arrivals; contacts ending in NFA, advice or early help; referrals with assessments,
// strategy discussions, S47s ending icpc/cin/nfa, conferences, CP plans, care and CIN plans; half the
// children with episode ids. It was written without the map's walk in view and knows nothing of core/
// beyond the record shape. Its answer key (`s47Key`) says which S47s are still waiting on a date the way
// the review's s47b.py does. `sameDayOrders` lists the rows of each child's day in the orders an extract
// might hold them (as generated, by event name, reversed, shuffled).
import type { EventRecord } from '../../core/event-table.js';
import type { EventType } from '../../core/events.js';
import { mulberry32 } from '../maps/reference-generator.js';

export interface ReviewS47 {
  child: string;
  start: number;
  /** the day the enquiry stopped waiting: its end with outcome cin/nfa, its conference, or care or a CIN plan starting; null = still open */
  concluded: number | null;
}

export interface ReviewLog {
  /** rows grouped by child, each child's rows in date order, same-day rows in the order generated */
  records: EventRecord[];
  s47s: ReviewS47[];
  firstDay: number;
  lastDay: number;
}

const DAY0 = Date.UTC(2016, 0, 1) / 86400000;

export function reviewLog(seed: number, children: number, firstDay = DAY0, lastDay = Date.UTC(2025, 2, 31) / 86400000): ReviewLog {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
    let u = rand() * weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < items.length; k++) if ((u -= weights[k]!) < 0) return items[k]!;
    return items[items.length - 1]!;
  };
  const lognormal = (mu: number, sigma: number) => Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
  const records: EventRecord[] = [];
  const s47s: ReviewS47[] = [];
  for (let k = 0; k < children; k++) {
    const child = `R${seed}-${k}`;
    const rows: EventRecord[] = [];
    const add = (type: EventType, day: number, episodeId: string | null, outcome: string | null = null) => {
      if (day <= lastDay) rows.push({ child, type, day, seconds: -1, episodeId, outcome });
    };
    // Care or a CIN plan starting after an S47 in its episode concludes it, conference or not.
    const movedOn = (s: ReviewS47 | null, day: number) => {
      if (s && day >= s.start && day <= lastDay && (s.concluded === null || day < s.concluded)) s.concluded = day;
    };
    let d = firstDay;
    for (;;) {
      d = firstDay + int(0, lastDay - firstDay);
      const month = new Date(d * 86400000).getUTCMonth();
      const weight = 0.5 + (0.5 * (d - firstDay)) / (lastDay - firstDay) + (month >= 8 && month <= 10 ? 0.3 : 0);
      if (rand() < weight / 1.3) break;
    }
    const useIds = rand() < 0.5;
    const trips = pick([1, 2, 3], [3, 1, 1]);
    for (let trip = 1; trip <= trips && d <= lastDay; trip++) {
      const ep = useIds ? `${child}-E${trip}` : null;
      const r = rand();
      if (r < 0.22) {
        add('contact', d, null, r < 0.15 ? 'nfa' : 'advice');
        d += int(60, 900);
        continue;
      }
      if (r < 0.3) {
        add('contact', d, null, 'early_help');
        const s = d + int(1, 5);
        const e = s + int(20, 300);
        add('early_help_start', s, null);
        add('early_help_end', e, null);
        d = e + int(60, 900);
        continue;
      }
      add('contact', d, null, 'referral');
      const referral = d + int(0, 5);
      if (rand() < 0.08) {
        add('referral', referral, ep, 'nfa');
        d = referral + int(60, 900);
        continue;
      }
      add('referral', referral, ep);
      const a = referral + int(0, 10);
      const assessmentEnd = a + Math.floor(lognormal(3.4, 0.5));
      add('assessment_start', a, ep);
      let last = assessmentEnd;
      let s47: ReviewS47 | null = null;
      if (rand() < 0.2) {
        const strategy = a + int(0, 5);
        add('strategy_discussion', strategy, ep);
        const s = strategy + int(0, 2);
        add('s47_start', s, ep);
        const se = s + int(5, 40);
        const outcome = pick(['icpc', 'cin', 'nfa'], [0.4, 0.45, 0.15]);
        add('s47_end', se, ep, outcome);
        last = Math.max(last, se);
        let concluded: number | null = outcome === 'icpc' ? null : se;
        if (outcome === 'icpc') {
          const icpc = se + int(0, 10);
          const decision = pick(['cp_plan', 'no_plan'], [0.85, 0.15]);
          // A plan starting at its conference is listed before it, as some case systems export it.
          if (decision === 'cp_plan') add('cp_plan_start', icpc, ep);
          add('icpc', icpc, ep, decision);
          if (icpc <= lastDay) concluded = icpc;
          last = Math.max(last, icpc);
          if (decision === 'cp_plan') {
            const planEnd = icpc + int(60, 900);
            add('cp_plan_end', planEnd, ep);
            last = Math.max(last, planEnd);
          }
        }
        s47 = { child, start: s, concluded: concluded !== null && concluded <= lastDay ? concluded : null };
        s47s.push(s47);
      }
      add('assessment_end', assessmentEnd, ep, pick(['cin', 'nfa', 'early_help'], [0.5, 0.4, 0.1]));
      if (rand() < 0.06) {
        const cs = a + int(1, 60);
        const ce = cs + Math.floor(-Math.log(1 - rand()) * 500) + 1;
        add('cla_start', cs, ep);
        movedOn(s47, cs);
        add('cla_end', ce, ep, 'E11');
        last = Math.max(last, ce);
      } else if (rand() < 0.3) {
        const ps = assessmentEnd + int(0, 10);
        const pe = ps + int(30, 400);
        add('cin_plan_start', ps, ep);
        movedOn(s47, ps);
        add('cin_plan_end', pe, ep);
        last = Math.max(last, pe);
      }
      const closed = last + int(0, 20);
      add('case_closed', closed, ep, 'RC8');
      d = closed + int(30, 900);
    }
    // Date order, generation order within a date (a stable sort).
    rows.sort((x, y) => x.day - y.day);
    records.push(...rows);
  }
  return { records, s47s, firstDay, lastDay };
}

/** The same rows with each child's same-day rows reordered by `order` (given the day's rows, returns them reordered). */
export function reorderSameDay(records: readonly EventRecord[], order: (rows: EventRecord[]) => EventRecord[]): EventRecord[] {
  const out: EventRecord[] = [];
  for (let i = 0; i < records.length; ) {
    let j = i + 1;
    while (j < records.length && records[j]!.child === records[i]!.child && records[j]!.day === records[i]!.day) j++;
    out.push(...order(records.slice(i, j)));
    i = j;
  }
  return out;
}

/** Same-day orders an extract might use: as generated, by event name, reversed, and two shuffles. */
export function sameDayOrders(records: readonly EventRecord[]): Array<{ name: string; records: EventRecord[] }> {
  const shuffle = (seed: number) => {
    const rand = mulberry32(seed);
    return (rows: EventRecord[]) => {
      const out = rows.slice();
      for (let k = out.length - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [out[k], out[j]] = [out[j]!, out[k]!];
      }
      return out;
    };
  };
  return [
    { name: 'as generated', records: records.slice() },
    { name: 'by event name', records: reorderSameDay(records, (rows) => rows.slice().sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))) },
    { name: 'reversed', records: reorderSameDay(records, (rows) => rows.slice().reverse()) },
    { name: 'shuffle 1', records: reorderSameDay(records, shuffle(1)) },
    { name: 'shuffle 2', records: reorderSameDay(records, shuffle(2)) },
  ];
}

/** Working days after `from` up to and including `to` (Monday–Friday; the bank holidays are passed in). */
export function workingDaysBetween(from: number, to: number, holidays: ReadonlySet<number>): number {
  let n = 0;
  for (let d = from + 1; d <= to; d++) {
    const weekday = (d + 4) % 7; // 1970-01-01 was a Thursday (4)
    if (weekday >= 1 && weekday <= 5 && !holidays.has(d)) n++;
  }
  return n;
}

/** The review's answer key for Section 47 at the end of `day`: enquiries started and not concluded, and how many past 15 working days. */
export function s47Key(log: ReviewLog, day: number, holidays: ReadonlySet<number>): { waiting: number; overTarget: number } {
  let waiting = 0;
  let overTarget = 0;
  for (const s of log.s47s) {
    if (s.start > day || (s.concluded !== null && s.concluded <= day)) continue;
    waiting++;
    if (workingDaysBetween(s.start, day, holidays) > 15) overTarget++;
  }
  return { waiting, overTarget };
}
