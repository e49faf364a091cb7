// Test generator D, "trips": ported from the independent review's generator (gen.py, written from the
// issue's text only, never from synth/). A child arrives (arrivals with a growth per year, a September
// peak and an August dip, quiet weekends) and makes trips: a contact that a referral follows or not.
// An episode: assessment; a strategy discussion 0–6 days before its S47 (half on the same day); an S47
// end recorded for 60% only; an ICPC ~19 days on; a CP plan at the ICPC or up to 21 days later; CIN
// plans; care from a CP plan or straight after an episode; the case closed once everything has ended.
// The gap to the next contact is log-normal and shrinks with the number of episodes; with `frailty`,
// a child-level gamma risk shortens it, raises the referral and the S47 chances (children who come
// back are the ones at risk). `history` years: children arrive before the log's start and the log keeps,
// from before it, only the trips still open on it, whole (a census-style extract). Its own PRNG
// (splitmix32), Box–Muller normals and Marsaglia–Tsang gammas.
import type { EventRecord } from '../../../core/event-table.js';
import { addMonths, civilFromDay, weekday } from '../../../core/dates.js';
import type { EventType } from '../../../core/events.js';
import { testLog, type TestChild, type TestLog, type TestLogOptions } from './log.js';

export interface TripsOptions {
  /** episode ids on episode steps (else blank, linked by the importer) */
  ids?: boolean;
  /** arrivals multiply by this each year (1: flat) */
  growth?: number;
  /** child-level gamma frailty (shape 0.7) on return gaps, referral and S47 chances */
  frailty?: boolean;
  /** years of arrivals before the log's start, of which only trips open on the start are kept */
  history?: number;
  /** scales every return gap */
  gapScale?: number;
  /** share of first episodes that are transfer-in conferences (no S47) */
  transfer?: number;
  /** contact-to-referral chance falls linearly from 0.42 to 0.26 over the log (else 0.34) */
  falling?: boolean;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return ((z ^ (z >>> 15)) >>> 0) / 4294967296;
  };
}

const SEASON = [1.0, 1.05, 1.1, 0.95, 1.05, 1.05, 0.95, 0.6, 1.35, 1.15, 1.1, 0.75];
const YEAR = 365.25;

export function tripsLog({ children, from, to, seed }: TestLogOptions, options: TripsOptions = {}): TestLog {
  const { ids = false, growth = 1, frailty = false, history = 0, gapScale = 1, transfer = 0, falling = false } = options;
  const r = splitmix32(seed * 2654435761);
  const chance = (p: number): boolean => r() < p;
  const between = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  /** log-normal whole days around `median` */
  const ln = (median: number, sigma: number): number => Math.max(0, Math.round(median * Math.exp(sigma * normal())));
  const gamma = (shape: number): number => {
    // Marsaglia–Tsang, with the shape < 1 boost.
    const boost = shape < 1 ? Math.pow(r(), 1 / shape) : 1;
    const d = (shape < 1 ? shape + 1 : shape) - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = Math.pow(1 + c * x, 3);
      if (v > 0 && Math.log(1 - r()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * boost;
    }
  };
  const pick = <T>(pairs: ReadonlyArray<readonly [T, number]>): T => {
    let x = r() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[pairs.length - 1]![0];
  };
  const first = from - Math.floor(history * YEAR);
  const years = (d: number): number => (d - from) / YEAR;
  const peak = 1.35 * Math.pow(growth, Math.max(0, years(to)));
  const arrival = (): number => {
    for (;;) {
      const d = between(first, to);
      const w = SEASON[civilFromDay(d).month - 1]! * Math.pow(growth, Math.max(-3, years(d))) * (weekday(d) >= 5 ? 0.25 : 1);
      if (r() * peak < w) return d;
    }
  };
  const conversion = (d: number): number => (falling ? 0.42 - (0.16 * Math.min(7, Math.max(0, years(d)))) / 7 : 0.34);

  const records: EventRecord[] = [];
  const people: TestChild[] = [];
  for (let c = 0; c < children; c++) {
    const id = `TRP${seed}-${c}`;
    const t0 = arrival();
    const age = pick<number>([[0, 0.12], [between(1, 4), 0.2], [between(5, 9), 0.24], [between(10, 15), 0.32], [between(16, 17), 0.12]]);
    const dob = t0 - age * 365 - between(0, 364);
    const eighteen = addMonths(dob, 216);
    const risk = frailty ? gamma(0.7) / 0.7 : 1;
    people.push({ id, dob, sex: pick([['F', 0.48], ['M', 0.5], ['U', 0.02]] as const), ethnicity: pick([['WBRI', 0.7], ['BAFR', 0.06], ['APKN', 0.06], ['MWBC', 0.05], ['WOTH', 0.07], ['OOTH', 0.03], ['REFU', 0.03]] as const), disability: pick([['Y', 0.09], ['N', 0.86], ['U', 0.05]] as const) });
    const rows: EventRecord[] = [];
    const ev = (type: EventType, day: number, episode: string | null = null, outcome = '', source = ''): number => {
      rows.push({ child: id, type, day, episodeId: ids ? episode : null, outcome: outcome || null, source: source || null });
      return day;
    };
    const trips: Array<{ lo: number; hi: number; start: number; end: number }> = [];
    let t = t0;
    let episodes = 0;
    let hadPlan = false;
    let careUntil = -1;
    while (t <= to && t < eighteen) {
      const lo = rows.length;
      const source = pick([['6', 0.28], ['2A', 0.15], ['3A', 0.1], ['5A', 0.08], ['1A', 0.07], ['8', 0.12], ['9', 0.05], ['10', 0.15]] as const);
      const referred = chance(Math.min(0.95, conversion(t) * (episodes ? 1.6 : 1) * (frailty ? 0.6 + 0.4 * risk : 1)));
      if (!referred) {
        const outcome = pick([['advice', 0.4], ['nfa', 0.4], ['early_help', 0.2]] as const);
        let last = ev('contact', t, null, outcome, source);
        if (outcome === 'early_help' && chance(0.8)) {
          const s = last + ln(8, 0.7);
          if (s < eighteen) {
            ev('early_help_start', s);
            last = ev('early_help_end', Math.min(s + Math.max(1, ln(120, 0.6)), eighteen));
          }
        }
        trips.push({ lo, hi: rows.length, start: t, end: last });
        t = Math.max(last + 1, t + ln((gapScale * 300) / risk / (1 + 0.4 * episodes), 1.1) + 1);
        continue;
      }
      const contactRow = rows.length;
      ev('contact', t, null, chance(0.15) ? '' : 'referral', source);
      episodes++;
      const episode = `${id}-E${episodes}`;
      const referral = t + (chance(0.3) ? between(0, 3) : 0);
      if (referral >= eighteen) break;
      const isTransfer = episodes === 1 && chance(transfer);
      const nfa = !isTransfer && chance(0.065);
      // A transfer-in comes from another council (5C): its contact too (the draws stay as they were).
      if (isTransfer) rows[contactRow]!.source = '5C';
      ev('referral', referral, episode, nfa ? 'nfa' : '', isTransfer ? '5C' : source);
      let end = referral;
      if (nfa) end = ev('case_closed', referral + between(0, 2), episode, 'RC8');
      else {
        let planStart: number | null = null;
        if (isTransfer) {
          const icpc = referral + between(5, 20);
          if (icpc < eighteen) {
            ev('icpc', icpc, episode, 'cp_plan');
            planStart = icpc + (chance(0.7) ? 0 : between(1, 10));
            end = icpc;
          }
        } else {
          const assessment = referral + ln(4, 0.8);
          if (assessment >= eighteen) break;
          ev('assessment_start', assessment, episode);
          const assessmentEnd = Math.min(assessment + Math.max(1, ln(28 + (age > 12 ? 3 : 0), 0.55)), eighteen);
          const protection = chance(Math.min(0.6, 0.14 * risk * (hadPlan ? 1.5 : 1)));
          end = assessmentEnd;
          if (protection) {
            const strategy = assessment + between(0, 6);
            const s47 = strategy + (chance(0.5) ? 0 : between(1, 6));
            if (s47 < eighteen) {
              ev('strategy_discussion', strategy, episode);
              ev('s47_start', s47, episode);
              end = Math.max(end, s47);
              const conferenceDay = s47 + ln(19, 0.35);
              const conference = chance(0.36) && conferenceDay < eighteen;
              if (chance(0.6)) {
                let s47End = s47 + ln(12, 0.5);
                if (conference) s47End = Math.min(s47End, conferenceDay);
                s47End = Math.min(s47End, eighteen);
                end = Math.max(end, ev('s47_end', s47End, episode, conference ? 'icpc' : chance(0.5) ? 'cin' : 'nfa'));
              }
              if (conference) {
                const plan = chance(0.86);
                end = Math.max(end, ev('icpc', conferenceDay, episode, plan ? (chance(0.1) ? '' : 'cp_plan') : 'no_plan'));
                if (plan) planStart = conferenceDay + (chance(0.65) ? 0 : between(1, 21));
              }
            }
          }
          const assessed = protection || chance(0.55) ? 'cin' : chance(0.75) ? 'nfa' : 'early_help';
          ev('assessment_end', assessmentEnd, episode, assessed);
          if (planStart === null && assessed === 'cin' && chance(0.7)) {
            const cin = assessmentEnd + between(0, 10);
            if (cin < eighteen) {
              ev('cin_plan_start', cin, episode);
              end = Math.max(end, ev('cin_plan_end', Math.min(cin + Math.max(1, ln(170, 0.7)), eighteen), episode));
            }
          }
        }
        if (planStart !== null && planStart < eighteen) {
          ev('cp_plan_start', planStart, episode);
          hadPlan = true;
          const planEnd = Math.min(planStart + Math.max(1, ln(260 - (age < 1 ? 40 : 0), 0.6)), eighteen);
          end = Math.max(end, ev('cp_plan_end', planEnd, episode));
          if (chance(0.1) && careUntil < planStart) {
            const care = planStart + between(10, Math.max(11, planEnd - planStart));
            if (care < eighteen) {
              ev('cla_start', care);
              careUntil = ev('cla_end', Math.min(care + Math.max(1, ln(320, 1.0)), eighteen), null, pick([['E4A', 0.4], ['E11', 0.15], ['E12', 0.1], ['E13', 0.2], ['E8', 0.15]] as const));
              end = Math.max(end, careUntil);
            }
          }
        } else if (chance(0.02) && careUntil < end) {
          const care = end + between(0, 5);
          if (care < eighteen) {
            ev('cla_start', care);
            careUntil = ev('cla_end', Math.min(care + Math.max(1, ln(200, 1.1)), eighteen), null, pick([['E4A', 0.5], ['E13', 0.3], ['E8', 0.2]] as const));
            end = Math.max(end, careUntil);
          }
        }
        const close = end + between(0, 15);
        if (close <= eighteen) end = ev('case_closed', close, episode, pick([['RC1', 0.3], ['RC2', 0.1], ['RC3', 0.1], ['RC7', 0.2], ['RC8', 0.3]] as const));
      }
      trips.push({ lo, hi: rows.length, start: t, end });
      t = end + ln((gapScale * 330) / risk / (1 + 0.5 * Math.min(episodes, 4)), 1.2) + 1;
    }
    // What a log from `from` to `to` holds: nothing after `to`; before `from`, only the trips open on it.
    for (const trip of trips) {
      if (trip.start < from && trip.end < from) continue;
      for (const row of rows.slice(trip.lo, trip.hi)) if (row.day <= to) records.push(row);
    }
  }
  return testLog(records, people);
}
