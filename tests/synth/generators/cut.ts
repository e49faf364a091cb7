// Test generator E, "cut": a steady-state population simulated from `burnYears` before the log's first
// day, then cut on dates: the log holds every event dated in [from, to] and nothing before, as a
// council's extract that begins on a date does. So children in care, on early help, on a plan or part-way
// through an assessment or an enquiry on the first day appear by the ends of those spans, with no start
// (core/grammar.ts openAtStartRows). Structure: arrivals are a homogeneous Poisson stream (exponential
// gaps between children, not per-child draws); each child runs a queue of services one after another
// (early help, or an episode: assessment, then a CIN plan, or an S47 with a conference, a CP plan and
// care in some), with gamma-distributed lengths, and returns after an exponential gap. Its own PRNG (xorshift128).
import type { EventRecord } from '../../../core/event-table.js';
import { addMonths } from '../../../core/dates.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export interface CutOptions {
  /** episode ids on episode steps (else blank: linked by date) */
  ids?: boolean;
  /** years simulated before the log's first day (default 6) */
  burnYears?: number;
}

/**
 * Marsaglia's xorshift128 on 32-bit words (period 2^128 - 1). The 64-bit xorshift128+ written on 32-bit
 * words before had short cycles: the log's 187 periods of care took 12 distinct lengths (456 days 45 times,
 * 81 days 41 times), and a median by age band sat on whichever atom it hit.
 */
function xorshift(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  let y = (seed ^ 0x5bd1e995) >>> 0 || 2;
  let z = 362436069;
  let w = 521288629;
  for (let i = 0; i < 16; i++) next();
  function next(): number {
    const t = (x ^ (x << 11)) >>> 0;
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return w;
  }
  return () => next() / 4294967296;
}

/** Gamma(shape k, mean m) by the sum of k exponentials (k a small integer). */
function gammaDays(random: () => number, k: number, mean: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s -= Math.log(1 - random());
  return Math.max(1, Math.round((s * mean) / k));
}

/**
 * A log of about `options.children` children (those with an event in the window), 2018–2025 say, from a
 * population that has run for `burnYears` before it.
 */
export function cutLog(options: TestLogOptions, cut: CutOptions = {}): TestLog {
  const random = xorshift(options.seed);
  const burn = Math.round((cut.burnYears ?? 6) * 365.25);
  const start = options.from - burn;
  const windowDays = options.to - options.from + 1;
  // Children with an event in the window: those arriving in it plus those still returning from before.
  // Tuned so that about `children` are in the log: arrivals over window + burn-in, a share seen again.
  const perDay = options.children / (windowDays + 0.35 * burn);
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  let clock = start;
  let n = 0;
  for (;;) {
    clock += -Math.log(1 - random()) / perDay;
    const arrival = Math.floor(clock);
    if (arrival > options.to) break;
    const id = `T${(n++).toString(36).toUpperCase()}`;
    const ageDays = Math.floor(random() * 13 * 365);
    const dob = arrival - ageDays;
    const eighteenth = addMonths(dob, 216);
    const own: EventRecord[] = [];
    const add = (type: EventType, day: number, outcome: string | null = null, episode: string | null = null): void => {
      own.push({ child: id, type, day, outcome, episodeId: cut.ids ? episode : null, source: type === 'contact' || type === 'referral' ? '1A' : null });
    };
    let t = arrival;
    let episodes = 0;
    while (t < options.to && t < eighteenth - 3 * 365) {
      const contactDay = t;
      const referred = random() < 0.5;
      add('contact', contactDay, referred ? 'referral' : random() < 0.5 ? 'early_help' : 'nfa');
      let last = contactDay;
      if (!referred) {
        if (own[own.length - 1]!.outcome === 'early_help') {
          const s = contactDay + 3;
          add('early_help_start', s);
          last = s + gammaDays(random, 3, 160);
          add('early_help_end', last);
        }
      } else {
        const ep = `E${++episodes}`;
        const r = contactDay + Math.floor(random() * 3);
        const nfa = random() < 0.07;
        add('referral', r, nfa ? 'nfa' : null, ep);
        last = r;
        if (!nfa) {
          const a = r + 1 + Math.floor(random() * 4);
          add('assessment_start', a, null, ep);
          const aEnd = a + gammaDays(random, 4, 30);
          const path = random();
          let closeFrom = aEnd;
          if (path < 0.22) {
            // S47 during the assessment, then a conference; most conferences decide on a plan.
            const s = a + 2 + Math.floor(random() * 5);
            add('strategy_discussion', s, null, ep);
            add('s47_start', s, null, ep);
            const conference = random() < 0.45;
            add('s47_end', s + 8 + Math.floor(random() * 6), conference ? 'icpc' : 'nfa', ep);
            add('assessment_end', Math.max(aEnd, s + 16), 'cin', ep);
            closeFrom = Math.max(aEnd, s + 16);
            if (conference) {
              const icpc = s + 15 + Math.floor(random() * 10);
              const plan = random() < 0.8;
              add('icpc', icpc, plan ? 'cp_plan' : 'no_plan', ep);
              closeFrom = Math.max(closeFrom, icpc);
              if (plan) {
                add('cp_plan_start', icpc, null, ep);
                const planEnd = icpc + gammaDays(random, 3, 260);
                add('cp_plan_end', planEnd, null, ep);
                closeFrom = Math.max(closeFrom, planEnd);
                if (random() < 0.2) {
                  const care = icpc + 20 + Math.floor(random() * 60);
                  add('cla_start', care);
                  const careEnd = care + gammaDays(random, 2, 420);
                  add('cla_end', careEnd, 'E11');
                  closeFrom = Math.max(closeFrom, careEnd);
                }
              }
            }
          } else if (path < 0.6) {
            add('assessment_end', aEnd, 'cin', ep);
            const planEnd = aEnd + gammaDays(random, 3, 280);
            add('cin_plan_start', aEnd, null, ep);
            add('cin_plan_end', planEnd, null, ep);
            closeFrom = planEnd;
          } else add('assessment_end', aEnd, 'nfa', ep);
          last = closeFrom + 1 + Math.floor(random() * 5);
          add('case_closed', last, 'RC1', ep);
        }
      }
      t = last + 30 + Math.round(-Math.log(1 - random()) * 1100);
    }
    // The cut: what the extract holds, every event in the window and nothing else.
    const kept = own.filter((e) => e.day >= options.from && e.day <= options.to && e.day < eighteenth);
    if (kept.length === 0) continue;
    kept.sort((x, y) => x.day - y.day);
    records.push(...kept);
    people.push({ id, dob, sex: random() < 0.5 ? 'F' : 'M', ethnicity: 'WBRI', disability: 'N' });
  }
  return testLog(records, people);
}
