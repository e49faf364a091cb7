// Test generator "unended": a small log where a known share of S47 enquiries has no recorded end (a
// council that records the end only when the enquiry closes without a conference, or not at all), the
// episode closing days after its last step. Every child has episode ids. Referral-led; durations are
// uniform and exponential draws from a multiply-with-carry PRNG of its own. Children are 0–8 at their
// first referral and the process runs at most 9 years, so nothing reaches the 18th birthday.
// Options: a share of plans during which the child comes into care, the care often outlasting the plan
// (the episode closes after the care ends, so care always sits in an open episode); and years the process
// runs before the log, which keeps from them only the episodes still open on its first day (an extract).
import type { EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

function multiplyWithCarry(seed: number): () => number {
  let z = (seed * 36969 + 1) >>> 0 || 1;
  let w = (seed * 18000 + 7) >>> 0 || 1;
  return () => {
    z = (36969 * (z & 0xffff) + (z >>> 16)) >>> 0;
    w = (18000 * (w & 0xffff) + (w >>> 16)) >>> 0;
    return (((z << 16) + w) >>> 0) / 4294967296;
  };
}

/** `recordedEnds`: the share of S47s whose `s47_end` the log records. */
/**
 * `keptByYear`: the share of the episodes still open on the log's first day that the extract keeps, by the
 * whole years between their referral and that day (the last share for those older): an extract that kept
 * fewer long-open episodes than the process leaves open (the rest, their later steps too, are not in it).
 */
export function unendedLog(
  { children, from, to, seed }: TestLogOptions,
  { recordedEnds, care = 0, historyYears = 0, keptByYear }: { recordedEnds: number; care?: number; historyYears?: number; keptByYear?: number[] },
): TestLog {
  const r = multiplyWithCarry(seed);
  const chance = (p: number): boolean => r() < p;
  const uniform = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const exp = (mean: number): number => Math.round(-Math.log(1 - r()) * mean);
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `UNE-${(c * 104729 + 31).toString(36)}`;
    const first = from - Math.round(historyYears * 365.25);
    let referral = first + Math.floor(r() * (to - first + 1));
    const rows: EventRecord[] = [];
    people.push({ id, dob: referral - uniform(30, 8 * 365), sex: chance(0.5) ? 'F' : 'M', ethnicity: chance(0.8) ? 'WBRI' : 'ASIA', disability: chance(0.1) ? 'Y' : 'N' });
    for (let n = 1; referral <= to; n++) {
      const ep = `E${n}`;
      const add = (type: EventType, day: number, outcome: string | null = null): number => {
        if (day <= to) rows.push({ child: id, type, day, outcome, source: type === 'referral' ? '6' : null, episodeId: type === 'cla_start' || type === 'cla_end' ? null : ep });
        return day;
      };
      const inCare = (planStart: number): void => {
        if (!chance(care)) return;
        const start = add('cla_start', planStart + uniform(10, 60));
        last = Math.max(last, add('cla_end', start + 60 + exp(400), 'E4A'));
      };
      add('referral', referral);
      const assessment = add('assessment_start', referral + uniform(0, 3));
      let last = add('assessment_end', assessment + uniform(10, 40), 'cin');
      if (chance(0.35)) {
        const s47 = add('s47_start', add('strategy_discussion', assessment + uniform(1, 8)) + (chance(0.5) ? 0 : uniform(1, 5)));
        const conference = chance(0.4);
        const end = s47 + uniform(5, 14);
        if (chance(recordedEnds)) last = Math.max(last, add('s47_end', end, conference ? 'icpc' : 'cin'));
        if (conference) {
          const icpc = add('icpc', end + uniform(0, 6), 'cp_plan');
          const plan = add('cp_plan_start', icpc);
          last = Math.max(last, add('cp_plan_end', plan + 60 + exp(200)));
          inCare(plan);
        } else {
          const plan = add('cin_plan_start', end + uniform(1, 10));
          last = Math.max(last, add('cin_plan_end', plan + 30 + exp(150)));
          inCare(plan);
        }
      }
      const closed = add('case_closed', last + uniform(3, 25), 'RC1');
      if (!chance(0.3)) break;
      referral = closed + 30 + exp(300);
    }
    rows.sort((a, b) => a.day - b.day);
    // Before the log's first day: only the episodes not closed by then, whole, with their care.
    const closedBefore = new Set<string>();
    for (const row of rows) if (row.type === 'case_closed' && row.day < from) closedBefore.add(row.episodeId!);
    const episodeOf = new Map<EventRecord, string>();
    let current = '';
    for (const row of rows) {
      if (row.episodeId) current = row.episodeId;
      episodeOf.set(row, current);
    }
    const dropped = new Set<string>();
    if (keptByYear) {
      for (const row of rows) {
        if (row.type !== 'referral' || row.day >= from || closedBefore.has(row.episodeId!)) continue;
        const years = Math.floor((from - row.day) / 365.25);
        if (!chance(keptByYear[Math.min(years, keptByYear.length - 1)]!)) dropped.add(row.episodeId!);
      }
    }
    for (const row of rows) if (!dropped.has(episodeOf.get(row)!) && (row.day >= from || !closedBefore.has(episodeOf.get(row)!))) records.push(row);
  }
  records.sort((a, b) => a.day - b.day);
  return testLog(records, people);
}
