// A generator of awkward event logs for the "who is where" tests, written without looking at the walk
// it tests: its own PRNG (xorshift32) and its own structure. Each child gets a handful of independent
// "threads" (a front-door episode, a protection spell, a care spell, a CIN plan, early help) laid on a
// timeline with gaps, then the whole file is shuffled, so same-day events arrive in any order. It makes
// the cases a real extract has: a CP plan while looked after, two care starts with no end between,
// ends with no start, starts never ended (open at the end of the data), episode ids on some children,
// on some events only, or on none, many events on one day, months with nothing.
import type { EventRecord } from '../../core/event-table.js';
import type { EventType } from '../../core/events.js';
import { emptyChildAttributes, type ChildAttributes } from '../../core/children.js';
import { formatDay } from '../../core/dates.js';
import { DISABILITY_CODES, ETHNICITY_CODES, SEX_CODES } from '../../core/events.js';

/** xorshift32; also the fourth impact log generator's PRNG (tests/core/analysis/impact-logs-closure.ts). */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

export interface AwkwardLog {
  records: EventRecord[];
  children: ChildAttributes;
  firstDay: number;
  lastDay: number;
}

export function awkwardLog(options: { children: number; firstDay: number; lastDay: number; seed: number }): AwkwardLog {
  const rand = xorshift(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const chance = (p: number) => rand() < p;
  const { firstDay, lastDay } = options;
  const span = lastDay - firstDay;
  const records: EventRecord[] = [];
  const attributes = emptyChildAttributes(options.children);

  for (let c = 0; c < options.children; c++) {
    const child = `K${c}`;
    // How this child's extract names episodes: 0 never, 1 always, 2 on some events only.
    const idStyle = int(0, 2);
    let episodeNo = 0;
    const push = (type: EventType, day: number, outcome: string | null = null, episode: string | null = null) => {
      if (day < firstDay || day > lastDay) return; // outside the extract: cut off, as a real extract is
      const named = idStyle === 1 || (idStyle === 2 && chance(0.5)) ? episode : null;
      records.push({ child, type, day, outcome, episodeId: named });
    };
    attributes.dob[c] = firstDay - int(0, 17 * 365);
    attributes.sex[c] = int(0, 3);
    attributes.ethnicity[c] = chance(0.1) ? 0 : int(1, ETHNICITY_CODES.length);
    attributes.disability[c] = int(0, 3);

    const threads = int(1, 4);
    for (let k = 0; k < threads; k++) {
      const t0 = firstDay - 200 + int(0, span + 200); // some threads start before the extract
      const kind = rand();
      const episode = `${child}-E${++episodeNo}`;
      if (kind < 0.4) {
        // Front door: contact, maybe referral, maybe assessment (ended, unended, or ended twice).
        push('contact', t0, chance(0.5) ? (chance(0.6) ? 'referral' : 'nfa') : null);
        if (chance(0.7)) {
          const r = t0 + int(0, 9);
          push('referral', r, chance(0.1) ? 'nfa' : null, episode);
          if (chance(0.8)) {
            const a = r + int(0, 5);
            push('assessment_start', a, null, episode);
            const roll = rand();
            if (roll < 0.7) push('assessment_end', a + int(0, 90), chance(0.5) ? 'cin' : chance(0.5) ? 'nfa' : null, episode);
            else if (roll < 0.8) {
              push('assessment_end', a + int(0, 30), null, episode);
              push('assessment_end', a + int(31, 60), null, episode); // a second end pairs with the same start
            } // else never ended
            if (chance(0.15)) push('assessment_start', a + int(0, 3), null, episode); // a duplicate start
          }
        }
      } else if (kind < 0.6) {
        // Protection: strategy, S47, ICPC, CP plan (sometimes never ended), sometimes with care on top.
        const s = t0;
        push('referral', s, null, episode);
        push('strategy_discussion', s + int(0, 2), null, episode);
        push('s47_start', s + int(0, 3), null, episode);
        const icpc = s + int(5, 30);
        if (chance(0.7)) push('s47_end', icpc - int(0, 5), chance(0.7) ? 'icpc' : 'nfa', episode);
        if (chance(0.6)) {
          push('icpc', icpc, chance(0.8) ? 'cp_plan' : null, episode);
          push('cp_plan_start', icpc + int(0, 2), null, episode);
          if (chance(0.3)) {
            push('cla_start', icpc + int(0, 200), null, episode); // in care while still on the plan
            if (chance(0.5)) push('cla_end', icpc + int(201, 600), 'E11', episode);
          }
          if (chance(0.65)) push('cp_plan_end', icpc + int(30, 700), null, episode);
        }
      } else if (kind < 0.75) {
        // Care with no referral (an SSDA903-style extract): no episode at all, sometimes two starts.
        push('cla_start', t0);
        if (chance(0.15)) push('cla_start', t0 + int(0, 100));
        if (chance(0.55)) push('cla_end', t0 + int(0, 900), chance(0.5) ? 'E4A' : null);
        if (chance(0.1)) push('cla_end', t0 - int(1, 50), null); // an end before any start: unpaired
      } else if (kind < 0.9) {
        // CIN plan, often stepped up to a CP plan on the same day the CIN plan ends.
        push('referral', t0, null, episode);
        push('cin_plan_start', t0 + int(0, 20), null, episode);
        const end = t0 + int(20, 400);
        if (chance(0.7)) push('cin_plan_end', end, null, episode);
        if (chance(0.3)) {
          push('cp_plan_start', end, null, episode);
          if (chance(0.5)) push('cp_plan_end', end + int(0, 300), null, episode);
        }
        if (chance(0.5)) push('case_closed', end + int(0, 30), 'RC1', episode);
      } else {
        // Early help, with or without an end; sometimes a same-day burst of everything.
        push('early_help_start', t0);
        if (chance(0.6)) push('early_help_end', t0 + int(0, 200));
        if (chance(0.3)) {
          for (const type of ['referral', 'assessment_start', 'strategy_discussion', 'cp_plan_start', 'cla_start', 'cla_end', 'cp_plan_end'] as const) {
            if (chance(0.7)) push(type, t0, type === 'cla_end' ? 'E13' : null, episode);
          }
        }
      }
    }
  }
  // File order is random: same-day events arrive in any order.
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  // buildEventTable numbers children by first appearance: align the attributes with that order.
  const order: number[] = [];
  const seen = new Set<string>();
  for (const r of records) if (!seen.has(r.child)) seen.add(r.child), order.push(Number(r.child.slice(1)));
  const children = emptyChildAttributes(order.length);
  order.forEach((c, k) => {
    children.dob[k] = attributes.dob[c]!;
    children.sex[k] = attributes.sex[c]!;
    children.ethnicity[k] = attributes.ethnicity[c]!;
    children.disability[k] = attributes.disability[c]!;
  });
  return { records, children, firstDay, lastDay };
}

/** The log as an events CSV (the file order kept), episode ids and child attributes on every row. */
export function awkwardCsv(log: AwkwardLog): string {
  const index = new Map<string, number>();
  for (const r of log.records) if (!index.has(r.child)) index.set(r.child, index.size);
  const code = (codes: readonly string[], value: number) => (value === 0 ? '' : codes[value - 1]!);
  const lines = ['child_id,event,date,outcome,episode_id,dob,sex,ethnicity,disability'];
  for (const r of log.records) {
    const c = index.get(r.child)!;
    lines.push(
      [r.child, r.type, formatDay(r.day), r.outcome ?? '', r.episodeId ?? '', formatDay(log.children.dob[c]!),
        code(SEX_CODES, log.children.sex[c]!), code(ETHNICITY_CODES, log.children.ethnicity[c]!), code(DISABILITY_CODES, log.children.disability[c]!)].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
