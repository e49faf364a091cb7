// An independent front-door simulation (its own PRNG, exponential and gamma durations) written for the
// old synthetic-data tests and kept for the map tests: the moves children make in data the map was not
// drawn from. It does not follow the journey grammar everywhere (some steps after 18), which the map
// tests do not need.
import { emptyChildAttributes, type ChildAttributes } from '../../core/children.js';
import { ETHNICITY_CODES, SOURCE_CODES, type EventType } from '../../core/events.js';
import { buildEventTable, type EventRecord, type EventTable } from '../../core/event-table.js';

/** mulberry32: a different PRNG from the one in synth/. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ReferenceOptions {
  children: number;
  from: number;
  to: number;
  seed: number;
}

export interface ReferenceDataset {
  records: EventRecord[];
  table: EventTable;
  children: ChildAttributes;
}

export function referenceDataset({ children, from, to, seed }: ReferenceOptions): ReferenceDataset {
  const rand = mulberry32(seed);
  const exp = (mean: number): number => -Math.log(1 - rand()) * mean;
  // Gamma with integer shape k: a sum of k exponentials.
  const gamma = (k: number, scale: number): number => {
    let s = 0;
    for (let i = 0; i < k; i++) s += exp(scale);
    return s;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const records: EventRecord[] = [];
  const attrs = emptyChildAttributes(children);

  for (let c = 0; c < children; c++) {
    const id = `REAL${String(c).padStart(6, '0')}`;
    const own: EventRecord[] = [];
    const emit = (type: EventType, day: number, outcome: string | null = null, source: string | null = null): number => {
      own.push({ child: id, type, day: Math.round(day), outcome, source });
      return Math.round(day);
    };
    let t = from + Math.floor(rand() * (to - from + 1));
    if (new Date(t * 864e5).getUTCMonth() === 7 && rand() < 0.3) t += 31; // fewer first contacts in August
    const ageDays = Math.floor(rand() * 18 * 365);
    attrs.dob[c] = t - ageDays;
    attrs.sex[c] = rand() < 0.5 ? 1 : rand() < 0.96 ? 2 : 3;
    attrs.ethnicity[c] = 1 + ETHNICITY_CODES.indexOf(rand() < 0.7 ? 'WBRI' : pick(['WOTH', 'MWBC', 'APKN', 'BAFR', 'OOTH', 'NOBT']));
    attrs.disability[c] = rand() < 0.15 ? 1 : 2;
    let episodes = 0;
    let hadCp = false;

    for (let guard = 0; guard < 30 && t <= to; guard++) {
      const source = pick(SOURCE_CODES.slice(0, 12));
      const converts = rand() < (episodes > 0 ? 0.55 : 0.3);
      const contactOutcome = converts ? 'referral' : rand() < 0.45 ? 'nfa' : rand() < 0.6 ? 'advice' : 'early_help';
      let day = emit('contact', t, contactOutcome, source);
      if (contactOutcome === 'early_help') {
        day = emit('early_help_start', day + exp(10));
        day = emit('early_help_end', day + 20 + gamma(2, 50));
      }
      if (converts) {
        day = emit('referral', day + (rand() < 0.6 ? 0 : 1 + exp(1.5)), rand() < 0.12 ? 'nfa' : null, source);
        episodes++;
        if (own.at(-1)!.outcome === 'nfa') day = emit('case_closed', day + exp(3), 'RC8');
        else {
          const assessStart = emit('assessment_start', day + exp(1.2));
          day = assessStart;
          let assessmentOutcome = rand() < 0.45 ? 'nfa' : rand() < 0.75 ? 'cin' : 'early_help';
          let plan: 'cp' | 'cin' | 'none' = 'none';
          if (rand() < (episodes > 1 ? 0.5 : 0.35)) {
            day = emit('strategy_discussion', day + exp(2));
            const s47 = emit('s47_start', day + (rand() < 0.6 ? 0 : 1));
            if (rand() < 0.45) {
              day = emit('s47_end', s47 + 5 + gamma(2, 3), 'icpc');
              const toPlan = rand() < (hadCp ? 0.9 : 0.78);
              day = emit('icpc', Math.max(day, s47 + 10 + gamma(3, 3)), toPlan ? 'cp_plan' : 'no_plan');
              if (toPlan) {
                day = emit('cp_plan_start', day);
                plan = 'cp';
              }
              assessmentOutcome = 'cin';
            } else {
              day = emit('s47_end', s47 + gamma(2, 6), rand() < 0.5 ? 'nfa' : 'cin');
              assessmentOutcome = own.at(-1)!.outcome === 'cin' ? 'cin' : assessmentOutcome;
            }
            day = emit('assessment_end', Math.max(day + 1, assessStart + gamma(3, 9)), assessmentOutcome);
          } else day = emit('assessment_end', assessStart + gamma(3, 9), assessmentOutcome);
          if (plan === 'none' && assessmentOutcome === 'cin' && rand() < 0.85) plan = 'cin';
          if (plan === 'cp') {
            hadCp = true;
            const cpEnd = day + 30 + gamma(2, 130);
            if (rand() < 0.15) {
              // The plan ends soon after the child comes into care; the care period runs its own course.
              const claStart = emit('cla_start', day + exp(40));
              day = emit('cp_plan_end', Math.min(cpEnd, claStart + exp(15)));
              day = emit('cla_end', Math.max(day, claStart + 60 + gamma(2, 200)), pick(['E4A', 'E11', 'E13', 'E8']));
            } else {
              day = emit('cp_plan_end', cpEnd);
              if (rand() < 0.5) {
                day = emit('cin_plan_start', day);
                day = emit('cin_plan_end', day + gamma(2, 80));
              }
            }
          } else if (plan === 'cin') {
            day = emit('cin_plan_start', day + exp(4));
            if (rand() < 0.05) {
              const claStart = emit('cla_start', day + exp(60));
              day = emit('cin_plan_end', claStart + exp(10));
              day = emit('cla_end', Math.max(day, claStart + 30 + gamma(2, 150)), pick(['E4A', 'E13', 'E41']));
            } else day = emit('cin_plan_end', day + 20 + gamma(2, 90));
          }
          day = emit('case_closed', day + exp(5), assessmentOutcome === 'nfa' ? 'RC8' : 'RC6');
        }
      }
      const back = episodes === 0 ? 0.45 : episodes === 1 ? 0.6 : 0.7;
      if (rand() >= back) break;
      t = day + 1 + exp(episodes === 0 ? 300 : 220);
    }
    for (const r of own) if (r.day <= to) records.push(r);
  }
  // Children with every event after `to` have no rows: keep ids and attributes aligned with the table.
  const table = buildEventTable(records);
  const index = new Map(Array.from({ length: children }, (_, c) => [`REAL${String(c).padStart(6, '0')}`, c]));
  const aligned = emptyChildAttributes(table.childIds.length);
  table.childIds.forEach((id, k) => {
    const c = index.get(id)!;
    aligned.dob[k] = attrs.dob[c]!;
    aligned.sex[k] = attrs.sex[c]!;
    aligned.ethnicity[k] = attrs.ethnicity[c]!;
    aligned.disability[k] = attrs.disability[c]!;
  });
  return { records, table, children: aligned };
}
