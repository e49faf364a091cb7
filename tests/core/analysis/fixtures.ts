// Test data for the analysis views: a seeded random dataset with the awkward cases (blank outcomes,
// same-day events, re-referrals within and beyond 12 and 36 months, unpaired ends), and helpers.
import { seededRandom } from '../../../core/random.js';
import { dayFromCivil, parseDay } from '../../../core/dates.js';
import { buildEventTable, type EventRecord } from '../../../core/event-table.js';
import type { EventType } from '../../../core/events.js';
import { emptyChildAttributes, type ChildAttributes } from '../../../core/children.js';

export function day(text: string): number {
  const d = parseDay(text);
  if (d === null) throw new Error(`bad test date ${text}`);
  return d;
}

export function ev(child: string, type: EventType, date: string, outcome: string | null = null): EventRecord {
  return { child, type, day: day(date), outcome };
}

/** `children` random children over 2019–2023, each with 1–4 episodes. */
export function randomRecords(children: number, seed = 1): EventRecord[] {
  const r = seededRandom(seed);
  const out: EventRecord[] = [];
  const start = dayFromCivil(2019, 1, 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  for (let c = 0; c < children; c++) {
    const child = `c${c}`;
    let d = start + Math.floor(r() * 365 * 4);
    const episodes = 1 + Math.floor(r() * r() * 4);
    for (let e = 0; e < episodes; e++) {
      out.push({ child, type: 'contact', day: d, outcome: pick(['referral', null, null, 'nfa', 'advice']) });
      d += Math.floor(r() * 9);
      out.push({ child, type: 'referral', day: d, outcome: r() < 0.15 ? 'nfa' : null });
      if (r() < 0.85) out.push({ child, type: 'assessment_start', day: d + Math.floor(r() * 3) });
      d += Math.floor(r() * 80);
      if (r() < 0.9) out.push({ child, type: 'assessment_end', day: d, outcome: pick(['nfa', 'cin', null, 'early_help']) });
      if (r() < 0.35) {
        out.push({ child, type: 'strategy_discussion', day: d });
        out.push({ child, type: 's47_start', day: d + Math.floor(r() * 2) });
        if (r() < 0.5) {
          d += Math.floor(r() * 30);
          out.push({ child, type: 'icpc', day: d, outcome: pick(['cp_plan', null, 'no_plan']) });
          if (r() < 0.7) {
            out.push({ child, type: 'cp_plan_start', day: d + Math.floor(r() * 9) });
            d += 30 + Math.floor(r() * 500);
            if (r() < 0.8) out.push({ child, type: 'cp_plan_end', day: d });
          }
        }
        if (r() < 0.2) {
          out.push({ child, type: 'cla_start', day: d });
          d += Math.floor(r() * 700);
          if (r() < 0.6) out.push({ child, type: 'cla_end', day: d, outcome: 'E11' });
        }
      } else if (r() < 0.5) {
        out.push({ child, type: 'cin_plan_start', day: d });
        d += Math.floor(r() * 200);
        out.push({ child, type: 'cin_plan_end', day: d });
      }
      if (r() < 0.6) out.push({ child, type: 'case_closed', day: d, outcome: 'RC1' });
      d += Math.floor(r() * r() * 1500);
    }
  }
  return out;
}

/** Child attributes for a table's children, set by `of(childId)`. */
export function attributes(childIds: readonly string[], of: (id: string) => Partial<{ dob: string; sex: number; ethnicity: number; disability: number }>): ChildAttributes {
  const attrs = emptyChildAttributes(childIds.length);
  childIds.forEach((id, c) => {
    const a = of(id);
    if (a.dob) attrs.dob[c] = day(a.dob);
    if (a.sex) attrs.sex[c] = a.sex;
    if (a.ethnicity) attrs.ethnicity[c] = a.ethnicity;
    if (a.disability) attrs.disability[c] = a.disability;
  });
  return attrs;
}

export { buildEventTable };
