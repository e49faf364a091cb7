// Test generator "reentry" (issue 10, review findings F4 and F7): children who leave care and come back
// into it months later, and CP plans that mostly end on their own but sometimes on the day the child
// comes into care. Written on its own: core/random.ts's PRNG, log-normal lengths by Box–Muller, and a
// child-level memory the chain of states does not carry: a child who has been in care is more likely to
// be referred again, to go on to a plan, and to come into care again (in the same episode, after months
// at home, or in a later one). Simulated from `burnYears` before the log's first day and cut to the
// window [from, to]: children are mid-journey on both dates, as in the reviewer's log D.
import type { EventRecord } from '../../../core/event-table.js';
import { addMonths } from '../../../core/dates.js';
import { seededRandom } from '../../../core/random.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export interface ReentryOptions {
  /** years simulated before the log's first day (default 5) */
  burnYears?: number;
  /** chance that a CP plan still running when the child comes into care ends that day (default 0.25) */
  planEndsAtCare?: number;
  /**
   * What the log keeps from before `from`: `window` nothing (spans open on it appear by their ends), or
   * `open` the episodes not yet closed on it, from their referral, and the start of a care period under
   * way (a council's extract of the journeys open on a date). Default `window`.
   */
  cut?: 'window' | 'open';
}

/** Whole days (at least `min`) from a log-normal of median `median` and log-scale spread `sigma`. */
function logNormalDays(random: () => number, median: number, sigma: number, min = 1): number {
  const u = 1 - random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return Math.max(min, Math.round(median * Math.exp(sigma * z)));
}

const CARE_REASONS = ['E11', 'E12', 'E13', 'E4A', 'E41', 'E8'];
const SOURCES = ['1A', '1B', '2A', '3A', '3B', '5A', '9'];

/** A log of about `options.children` children with an event in [from, to]. */
export function reentryLog(options: TestLogOptions, settings: ReentryOptions = {}): TestLog {
  const random = seededRandom((options.seed * 0x9e3779b9) >>> 0);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const planEndsAtCare = settings.planEndsAtCare ?? 0.25;
  const burn = Math.round((settings.burnYears ?? 5) * 365.25);
  const start = options.from - burn;
  // About half the children arriving in the burn-in are still seen in the window.
  const total = Math.round(options.children * (options.to - start) / (options.to - options.from + 0.45 * burn));
  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let n = 0; n < total; n++) {
    const id = `R${options.seed}-${n}`;
    const arrival = start + Math.floor(random() * (options.to - start));
    const dob = arrival - Math.floor(random() * 16 * 365);
    const eighteenth = addMonths(dob, 216);
    const events: EventRecord[] = [];
    const add = (type: EventType, day: number, outcome: string | null = null, episodeId: string | null = null): void => {
      events.push({ child: id, type, day, outcome, episodeId, source: type === 'contact' || type === 'referral' ? pick(SOURCES) : null });
    };
    let beenInCare = false;
    let episodes = 0;
    let t = arrival;
    while (t < eighteenth && t <= options.to) {
      add('contact', t, 'referral');
      if (random() > (beenInCare ? 0.8 : 0.55)) {
        // a contact that goes no further; most children come back later
        events[events.length - 1]!.outcome = pick(['nfa', 'advice']);
        t += logNormalDays(random, 250, 0.8);
        if (random() < 0.5) continue;
        break;
      }
      const ep = `${id}-E${++episodes}`;
      const referral = t + Math.floor(random() * 3);
      add('referral', referral, null, ep);
      const aStart = referral + 1 + Math.floor(random() * 4);
      const aEnd = aStart + logNormalDays(random, 28, 0.5);
      add('assessment_start', aStart, null, ep);
      /** the day everything of the episode has ended (its closure follows) */
      let done = aEnd;
      /** a care period: its start on `day`, the re-entries after it (same episode), returns the last end */
      const care = (day: number): number => {
        let careDay = day;
        for (let period = 0; ; period++) {
          beenInCare = true;
          add('cla_start', careDay, null, null);
          const careEnd = careDay + logNormalDays(random, 210, 0.8, 7);
          add('cla_end', careEnd, pick(CARE_REASONS), null);
          // home for some months, then back into care in the same episode
          if (period >= 2 || random() > 0.3) return careEnd;
          careDay = careEnd + logNormalDays(random, 150, 0.5, 30);
        }
      };
      if (random() < (beenInCare ? 0.3 : 0.45)) {
        add('assessment_end', aEnd, 'nfa', ep);
      } else if (random() < (beenInCare ? 0.45 : 0.65)) {
        add('assessment_end', aEnd, 'cin', ep);
      } else if (random() < (beenInCare ? 0.7 : 0.5)) {
        // child protection: strategy discussion and S47 during the assessment
        const strategy = aStart + Math.floor(random() * 5);
        add('strategy_discussion', strategy, null, ep);
        const s47 = strategy + Math.floor(random() * 2);
        add('s47_start', s47, null, ep);
        const s47End = s47 + logNormalDays(random, 12, 0.4);
        const toConference = random() < 0.6;
        add('s47_end', s47End, toConference ? 'icpc' : 'cin', ep);
        add('assessment_end', Math.max(aEnd, s47End), 'cin', ep);
        done = Math.max(aEnd, s47End);
        if (toConference) {
          const icpc = s47End + 1 + Math.floor(random() * 6);
          const plan = random() < 0.85;
          add('icpc', icpc, plan ? 'cp_plan' : 'no_plan', ep);
          done = Math.max(done, icpc);
          if (plan) {
            const planStart = icpc + (random() < 0.8 ? 0 : 1 + Math.floor(random() * 3));
            add('cp_plan_start', planStart, null, ep);
            let planEnd = planStart + logNormalDays(random, 280, 0.55, 14);
            if (random() < (beenInCare ? 0.5 : 0.3)) {
              const careDay = planStart + 1 + Math.floor(random() * (planEnd - planStart - 1));
              // a plan still running when the child comes into care: ended that day in some councils' practice
              if (random() < planEndsAtCare) planEnd = careDay;
              done = Math.max(done, care(careDay));
            }
            add('cp_plan_end', planEnd, null, ep);
            done = Math.max(done, planEnd);
          }
        }
      }
      const needsPlan = events.some((e) => e.episodeId === ep && e.outcome === 'cin') && !events.some((e) => e.episodeId === ep && e.type === 'cp_plan_start');
      if (needsPlan) {
        const planStart = done + Math.floor(random() * 8);
        add('cin_plan_start', planStart, null, ep);
        const planEnd = planStart + logNormalDays(random, 200, 0.6, 14);
        done = Math.max(planEnd, planStart);
        if (random() < (beenInCare ? 0.3 : 0.08)) done = Math.max(done, care(planStart + 1 + Math.floor(random() * (planEnd - planStart - 1))));
        add('cin_plan_end', planEnd, null, ep);
      }
      const closed = done + Math.floor(random() * 15);
      add('case_closed', closed, pick(['RC1', 'RC2', 'RC8']), ep);
      // back to the front door later: sooner and more often for a child who has been in care
      if (random() > (beenInCare ? 0.55 : 0.3)) break;
      t = closed + logNormalDays(random, beenInCare ? 240 : 400, 0.7, 20);
    }
    // Nothing on or after the 18th birthday (an end on it closes what is open), and the window only.
    const clipped = clipAtEighteen(events, eighteenth).sort((a, b) => a.day - b.day);
    const openOnFrom = settings.cut === 'open' ? openBefore(clipped, options.from) : new Set<EventRecord>();
    const kept = clipped.filter((e) => (e.day >= options.from || openOnFrom.has(e)) && e.day <= options.to);
    if (kept.length === 0) continue;
    records.push(...kept);
    people.push({ id, dob, sex: pick(['M', 'F'] as const), ethnicity: pick(['WBRI', 'WIRI', 'MWBC', 'AIND', 'BAFR']), disability: random() < 0.1 ? 'Y' : 'N' });
  }
  return testLog(records, people);
}

/** Rows before `from` (of events in date order) of the episodes not closed before it, and the start of the care period under way on it. */
function openBefore(events: readonly EventRecord[], from: number): Set<EventRecord> {
  const closedBefore = new Set(events.filter((e) => e.type === 'case_closed' && e.day < from).map((e) => e.episodeId));
  const out = new Set<EventRecord>();
  let careStart: EventRecord | null = null;
  for (const e of events) {
    if (e.day >= from) break;
    if (e.type === 'cla_start') careStart = e;
    else if (e.type === 'cla_end') careStart = null;
    else if (e.episodeId && !closedBefore.has(e.episodeId)) out.add(e);
  }
  if (careStart) out.add(careStart);
  return out;
}

const END_OF: Partial<Record<EventType, EventType>> = {
  cla_start: 'cla_end', assessment_start: 'assessment_end', s47_start: 's47_end', cin_plan_start: 'cin_plan_end', cp_plan_start: 'cp_plan_end',
};

/** The events before the 18th birthday; what is still open then ends on it (care) or is closed with the case. */
function clipAtEighteen(events: EventRecord[], eighteenth: number): EventRecord[] {
  const before = events.filter((e) => e.day < eighteenth);
  if (before.length === events.length) return events;
  const open = new Map<string, EventRecord>();
  for (const e of [...before].sort((a, b) => a.day - b.day)) {
    const key = `${e.type.replace(/_(start|end)$/, '')}|${e.episodeId ?? ''}`;
    if (END_OF[e.type]) open.set(key, e);
    else if (e.type.endsWith('_end')) open.delete(key);
  }
  const out = [...before];
  for (const e of open.values()) {
    out.push({ child: e.child, type: END_OF[e.type]!, day: eighteenth, outcome: e.type === 'cla_start' ? 'E8' : e.type === 'assessment_start' ? 'nfa' : e.type === 's47_start' ? 'nfa' : null, episodeId: e.episodeId ?? null, source: null });
  }
  const last = before.filter((e) => e.episodeId).at(-1);
  if (last && !before.some((e) => e.type === 'case_closed' && e.episodeId === last.episodeId)) out.push({ child: last.child, type: 'case_closed', day: eighteenth, outcome: 'RC7', episodeId: last.episodeId!, source: null });
  return out;
}
