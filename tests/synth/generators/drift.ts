// Test generators F ("drift") and G ("backlog"): one agenda-driven process, written without reference to
// synth/ or to the other generators here. Each child holds an agenda of dated steps; the earliest is
// taken and may schedule others (so steps of one episode interleave with care, which runs on its own
// clock). No episode ids: steps join the child's latest referral, as the importer links them, so a new
// referral waits until the last episode is closed. The project's seeded PRNG for test data (core/random.ts, not synth/'s) and its own normals (polar method).
//
// What the calendar changes ("drift"): arrivals grow 4% a year; S47 → ICPC falls from 46% by 2.5 points a
// year and ICPC → CP plan from 93% by 2.5 points a year; the gap before a child comes back shrinks by 8% a
// year (re-referrals trend up). A strategy discussion comes 1–3 days before its S47; the S47's end is
// recorded on the conference day; a CP plan starts at the ICPC for half, up to 9 days later for the rest.
// Care lasts by the age at entry (infants two years, 16-year-olds five months) and ends at 18 at the latest.
// Children differ in risk (a log-normal factor on referral, S47 and return chances).
//
// "backlog": the same process run from six years before the log's start; the log is an extract from its
// start: every event from then on, and from before it only what is still open on it (the open episode
// from its referral, a period of care, early help), so children arrive with earlier episodes the log does
// not show and with steps already under way.
import type { EventRecord } from '../../../core/event-table.js';
import { addMonths, civilFromDay, weekday } from '../../../core/dates.js';
import type { EventType } from '../../../core/events.js';
import { seededRandom } from '../../../core/random.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export interface AgendaOptions {
  /** years the process runs before the log's start, of which the log keeps only what is open on it */
  historyYears?: number;
  /** the calendar drifts (conversions fall, returns come sooner, arrivals grow); else every year alike */
  drift?: boolean;
}

const MONTH_WEIGHT = [1.15, 1.05, 1.05, 0.95, 1.05, 1.0, 0.95, 0.7, 1.05, 1.15, 1.1, 0.8];
const START_OF: Partial<Record<EventType, EventType>> = {
  assessment_end: 'assessment_start', s47_end: 's47_start', cp_plan_end: 'cp_plan_start', cin_plan_end: 'cin_plan_start',
  cla_end: 'cla_start', early_help_end: 'early_help_start',
};
const EPISODE: ReadonlySet<EventType> = new Set<EventType>([
  'referral', 'assessment_start', 'assessment_end', 'strategy_discussion', 's47_start', 's47_end', 'icpc', 'cin_plan_start', 'cin_plan_end', 'cp_plan_start', 'cp_plan_end', 'case_closed',
]);

/** Median days in care by age at entry, and the log-scale spread. */
function careMedian(age: number): number {
  return age < 1 ? 720 : age < 5 ? 540 : age < 10 ? 420 : age < 14 ? 300 : age < 16 ? 210 : 150;
}

export function agendaLog({ children, from, to, seed }: TestLogOptions, options: AgendaOptions = {}): TestLog {
  const { historyYears = 0, drift = false } = options;
  const u = seededRandom(seed * 7919 + 17);
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * u() - 1;
      y = 2 * u() - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = y * f;
    return x * f;
  };
  const ln = (median: number, sigma: number): number => Math.max(0, Math.round(median * Math.exp(sigma * normal())));
  const chance = (p: number): boolean => u() < p;
  const pick = <T>(pairs: ReadonlyArray<readonly [T, number]>): T => {
    let x = u() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[pairs.length - 1]![0];
  };
  const first = from - Math.round(historyYears * 365.25);
  const years = (day: number): number => (drift ? Math.max(0, (day - from) / 365.25) : 0);
  /** arrivals per day, relative: growth with drift, a season, quiet weekends */
  const rate = (day: number): number => (drift ? Math.pow(1.04, (day - first) / 365.25) : 1) * MONTH_WEIGHT[civilFromDay(day).month - 1]! * (weekday(day) >= 5 ? 0.35 : 1);
  const maxRate = (drift ? Math.pow(1.04, (to - first) / 365.25) : 1) * 1.15;
  // With history, children arrive over the whole run; those with nothing in the log are left out by the
  // extract, and children are drawn until `children` are in it.
  const records: EventRecord[] = [];
  const people: TestChild[] = [];

  for (let c = 0; people.length < children; c++) {
    const id = `AGD-${seed}-${c}`;
    let arrival: number;
    do arrival = first + Math.floor(u() * (to - first + 1));
    while (u() * maxRate > rate(arrival));
    const ageYears = pick([[0, 0.11], [1 + Math.floor(u() * 4), 0.21], [5 + Math.floor(u() * 5), 0.27], [10 + Math.floor(u() * 6), 0.31], [16 + Math.floor(u() * 2), 0.1]] as const);
    const dob = arrival - ageYears * 365 - Math.floor(u() * 365);
    const eighteenth = addMonths(dob, 216);
    const risk = Math.exp(0.45 * normal() - 0.1);
    const person: TestChild = {
      id, dob, sex: chance(0.51) ? 'M' : chance(0.98) ? 'F' : 'U',
      ethnicity: pick([['WBRI', 0.62], ['WIRI', 0.02], ['MWBC', 0.06], ['MOTH', 0.03], ['AIND', 0.04], ['APKN', 0.05], ['BAFR', 0.07], ['BCRB', 0.03], ['CHNE', 0.02], ['OOTH', 0.03], ['', 0.03]] as const),
      disability: chance(0.09) ? 'Y' : chance(0.85) ? 'N' : 'U',
    };

    // The agenda: dated steps not yet taken, taken earliest first (ties in the order scheduled).
    const agenda: Array<{ day: number; seq: number; run: () => void }> = [];
    let seq = 0;
    const at = (day: number, run: () => void): void => {
      agenda.push({ day, seq: seq++, run });
    };
    const rows: EventRecord[] = [];
    const emit = (type: EventType, day: number, outcome: string | null = null, source: string | null = null): void => {
      rows.push({ child: id, type, day, outcome, episodeId: null, source });
    };
    let episodes = 0;
    let hadPlan = false;
    let inCare = false;
    /** steps of the open episode still to come before it can close */
    let pending = 0;
    let episodeOpen = false;
    let closeOutcome = 'RC8';
    const settle = (day: number): void => {
      if (--pending > 0) return;
      at(day + ln(4, 0.8), () => {
        emit('case_closed', agendaDay, closeOutcome);
        episodeOpen = false;
        returnLater(agendaDay);
      });
    };
    const returnLater = (day: number): void => {
      const p = Math.min(0.92, (episodes === 0 ? 0.42 : hadPlan ? 0.62 : 0.55) * Math.sqrt(risk));
      if (!chance(p)) return;
      const gap = 1 + ln((episodes === 0 ? 330 : 240) * Math.pow(0.92, years(day)) / Math.sqrt(risk), 1.0);
      at(day + gap, () => contact(agendaDay));
    };
    const careSpell = (day: number, then: (end: number) => void): void => {
      if (inCare) return then(day);
      inCare = true;
      emit('cla_start', day);
      const age = (day - dob) / 365.25;
      const end = day + 1 + ln(careMedian(age), 0.75);
      const reason = age < 5 ? pick([['E11', 0.35], ['E41', 0.2], ['E12', 0.15], ['E4A', 0.3]] as const) : age >= 16 ? pick([['E8', 0.5], ['E4A', 0.3], ['E13', 0.2]] as const) : pick([['E4A', 0.45], ['E41', 0.15], ['E12', 0.2], ['E13', 0.2]] as const);
      at(end, () => {
        emit('cla_end', agendaDay, reason);
        inCare = false;
        then(agendaDay);
      });
    };
    const episode = (day: number, source: string): void => {
      episodes++;
      episodeOpen = true;
      pending = 1;
      closeOutcome = 'RC8';
      if (chance(0.06)) {
        emit('referral', day, 'nfa', source);
        at(day + ln(2, 0.6), () => {
          emit('case_closed', agendaDay, 'RC8');
          episodeOpen = false;
          returnLater(agendaDay);
        });
        return;
      }
      emit('referral', day, null, source);
      at(day + (chance(0.35) ? 0 : ln(2, 0.9)), () => {
        const start = agendaDay;
        emit('assessment_start', start);
        const assessmentEnd = start + 1 + ln(27, 0.5);
        let outcome: 'cin' | 'nfa' | 'early_help' = pick([['nfa', 0.52], ['cin', 0.38], ['early_help', 0.1]] as const);
        // The strategy discussion and whether its S47 leads to a conference are decided as the assessment
        // starts (the calendar drift is on that day).
        const enquiry = chance(Math.min(0.8, (hadPlan ? 0.38 : 0.2) * risk));
        const conference = enquiry && chance(Math.min(0.95, Math.max(0.05, 0.46 - 0.025 * years(start)) * (hadPlan ? 1.25 : 1)));
        if (enquiry) {
          outcome = 'cin';
          const sd = start + ln(4, 0.9);
          at(sd, () => emit('strategy_discussion', agendaDay));
          pending++;
          at(sd + 1 + Math.floor(u() * 3), () => {
            const s47 = agendaDay;
            emit('s47_start', s47);
            if (!conference) {
              at(s47 + 1 + ln(11, 0.5), () => {
                emit('s47_end', agendaDay, chance(0.45) ? 'cin' : 'nfa');
                settle(agendaDay);
              });
              return;
            }
            let icpc = s47 + 5 + ln(10, 0.35);
            while (weekday(icpc) >= 5) icpc++;
            at(icpc, () => {
              emit('s47_end', agendaDay, 'icpc');
              const plan = chance(Math.max(0.3, 0.93 - 0.025 * years(agendaDay)));
              emit('icpc', agendaDay, plan ? 'cp_plan' : 'no_plan');
              if (!plan) return settle(agendaDay);
              closeOutcome = 'RC2';
              at(agendaDay + (chance(0.5) ? 0 : 1 + Math.floor(u() * 9)), () => {
                const planStart = agendaDay;
                emit('cp_plan_start', planStart);
                hadPlan = true;
                if (chance(0.18)) {
                  // Into care: the plan ends weeks after the care starts; the case closes when both have ended.
                  pending++;
                  const careDay = planStart + ln(45, 1);
                  at(careDay, () => careSpell(agendaDay, () => settle(agendaDay)));
                  at(careDay + 1 + ln(25, 0.8), () => {
                    emit('cp_plan_end', agendaDay);
                    settle(agendaDay);
                  });
                  return;
                }
                at(planStart + 1 + ln(250, 0.6), () => {
                  emit('cp_plan_end', agendaDay);
                  settle(agendaDay);
                });
              });
            });
          });
        }
        at(assessmentEnd, () => {
          emit('assessment_end', agendaDay, outcome);
          if (outcome === 'cin' && !conference && chance(0.7)) {
            closeOutcome = 'RC1';
            pending++;
            at(agendaDay + ln(6, 0.7), () => {
              emit('cin_plan_start', agendaDay);
              const care = chance(0.04 * risk);
              at(agendaDay + 1 + ln(190, 0.65), () => {
                emit('cin_plan_end', agendaDay);
                if (care) careSpell(agendaDay + ln(15, 0.8), () => settle(agendaDay));
                else settle(agendaDay);
              });
            });
          }
          settle(agendaDay);
        });
      });
    };
    const contact = (day: number): void => {
      if (day >= eighteenth || day > to) return;
      const source = pick([['6', 0.28], ['2A', 0.2], ['5A', 0.12], ['8', 0.1], ['1A', 0.08], ['3A', 0.06], ['7', 0.1], ['9', 0.06]] as const);
      const toReferral = Math.min(0.9, (episodes === 0 ? 0.3 : 0.46) * Math.sqrt(risk));
      if (!episodeOpen && chance(toReferral)) {
        emit('contact', day, 'referral', source);
        at(day + (chance(0.6) ? 0 : 1 + Math.floor(u() * 2)), () => episode(agendaDay, source));
        return;
      }
      const outcome = pick([['advice', 0.5], ['nfa', 0.35], ['early_help', 0.15]] as const);
      emit('contact', day, outcome, source);
      if (outcome === 'early_help') {
        at(day + 2 + ln(5, 0.7), () => {
          emit('early_help_start', agendaDay);
          at(agendaDay + 1 + ln(100, 0.55), () => {
            emit('early_help_end', agendaDay);
            returnLater(agendaDay);
          });
        });
      } else if (!episodeOpen) returnLater(day);
    };

    let agendaDay = arrival;
    contact(arrival);
    for (let n = 0; n < 2000 && agenda.length > 0; n++) {
      let k = 0;
      for (let j = 1; j < agenda.length; j++) if (agenda[j]!.day < agenda[k]!.day || (agenda[j]!.day === agenda[k]!.day && agenda[j]!.seq < agenda[k]!.seq)) k = j;
      const next = agenda.splice(k, 1)[0]!;
      if (next.day > to + 400) break;
      agendaDay = next.day;
      next.run();
    }

    // Rows in date order (ties in the order taken), cut at the log's end and at the 18th birthday: no
    // step on or after it; an end due after it falls on it, and the case is closed then.
    const ordered = rows.map((r, i) => [r, i] as const).sort((a, b) => a[0].day - b[0].day || a[1] - b[1]).map(([r]) => r);
    const open = new Set<EventType>();
    const kept: EventRecord[] = [];
    for (const r of ordered) {
      if (r.day > to) break;
      const start = START_OF[r.type];
      if (r.day < eighteenth) {
        if (start) open.delete(start);
        else if (r.type !== 'contact' && r.type !== 'referral' && r.type !== 'case_closed' && r.type !== 'strategy_discussion' && r.type !== 'icpc') open.add(r.type);
        kept.push(r);
      } else if (start && open.has(start)) {
        open.delete(start);
        kept.push({ ...r, day: eighteenth });
      }
    }
    const inLog = historyYears > 0 ? extract(kept, from) : kept;
    if (inLog.length === 0) continue;
    records.push(...inLog);
    people.push(person);
  }
  return testLog(records, people);
}

/**
 * The extract from `from`: every row from then on, and from before it only what is open on it: the
 * episode not yet closed (from its referral), the period of care and the early help under way.
 */
function extract(rows: readonly EventRecord[], from: number): EventRecord[] {
  let episodeFrom = -1;
  let careStart = -1;
  let earlyHelpStart = -1;
  let i = 0;
  for (; i < rows.length && rows[i]!.day < from; i++) {
    const r = rows[i]!;
    if (r.type === 'referral') episodeFrom = i;
    else if (r.type === 'case_closed') episodeFrom = -1;
    else if (r.type === 'cla_start') careStart = i;
    else if (r.type === 'cla_end') careStart = -1;
    else if (r.type === 'early_help_start') earlyHelpStart = i;
    else if (r.type === 'early_help_end') earlyHelpStart = -1;
  }
  const out: EventRecord[] = [];
  for (let k = 0; k < i; k++) {
    const r = rows[k]!;
    if ((episodeFrom >= 0 && k >= episodeFrom && EPISODE.has(r.type)) || k === careStart || k === earlyHelpStart) out.push(r);
  }
  for (; i < rows.length; i++) out.push(rows[i]!);
  return out;
}

/** Test generator F: conversions fall and returns come sooner year by year, arrivals grow. */
export const driftLog = (options: TestLogOptions): TestLog => agendaLog(options, { drift: true });

/** Test generator G: six years of the process before the log's start, which is an extract from it. */
export const backlogLog = (options: TestLogOptions): TestLog => agendaLog(options, { historyYears: 6 });
