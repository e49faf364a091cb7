// A front door for England written as a process, with the published national figures it is calibrated to
// (shared/data/calibration-england.md) noted beside the numbers that carry them. The built-in model
// (default-model.json, synth/defaults.ts) is this process fitted by synth/fit.ts, so it has the same
// states and semantics as any council's fitted model; `npx tsx synth/build-default-model.ts` rebuilds it.
import { ageBandAt } from '../core/children.js';
import { addMonths, civilFromDay, weekday } from '../core/dates.js';
import type { EventRecord } from '../core/event-table.js';
import type { EventType } from '../core/events.js';
import { drawDays, durationFromCdf, durationLognormal } from './durations.js';
import type { Duration } from './model.js';
import { createRandom, type Random } from './random.js';

export interface NationalChild {
  id: string;
  dob: number;
  sex: string;
  ethnicity: string;
  disability: string;
}

// Assessment length, start to authorisation: DfE 2025 bands in working days (same day 1.8%, ≤10 13.5%,
// ≤20 30.8%, ≤30 46.6%, ≤40 66.8%, ≤45 85.7%, ≤50 91.5%, ≤60 95.8%), 7 calendar days per 5 working days.
const ASSESSMENT = durationFromCdf([[0, 0.018], [16, 0.135], [30, 0.308], [44, 0.466], [58, 0.668], [64, 0.84], [71, 0.9], [85, 0.95], [150, 1]]);
// CP plans ended, 2025: ≤3m 15.9%, 3–6m 11.0%, 6–12m 43.5%, 1–2y 25.2%, 2y+ 4.4% (start to end).
const CP_PLAN = durationFromCdf([[0, 0], [20, 0.03], [91, 0.145], [182, 0.235], [300, 0.54], [365, 0.7], [730, 0.955], [1100, 1]]);
// CIN plans typically run 6–9 months [I]; about half of CIN episodes end within 3 months.
const CIN_PLAN = durationLognormal(200, 0.9);
// Looked after at 31 March ≈ 2.5 years of care starts (81,770 against 32,270 a year): long stays;
// care ends on the 18th birthday at the latest.
const CARE = durationLognormal(760, 1.1);
// ICPC a median 14 working days after the S47 starts (interquartile 13–15).
const S47_TO_ICPC = durationLognormal(19, 0.25);
const QUICK = durationLognormal(2, 0.9, 0.4);

const AGE_AT_FIRST_CONTACT: Array<[number, number, number]> = [[0, 1, 0.09], [1, 5, 0.2], [5, 10, 0.24], [10, 16, 0.34], [16, 18, 0.13]];
// Ethnicity of children in need: ~72% White, Mixed/Asian/Black ~7–9% each, ~4% not recorded.
const ETHNICITY: Array<[string, number]> = [
  ['WBRI', 0.63], ['WIRI', 0.005], ['WIRT', 0.005], ['WOTH', 0.055], ['WROM', 0.01], ['MWBC', 0.03], ['MWBA', 0.01], ['MWAS', 0.01],
  ['MOTH', 0.03], ['AIND', 0.015], ['APKN', 0.025], ['ABAN', 0.01], ['AOTH', 0.02], ['BCRB', 0.015], ['BAFR', 0.035], ['BOTH', 0.015],
  ['CHNE', 0.003], ['OOTH', 0.03], ['REFU', 0.007], ['NOBT', 0.01], ['', 0.025],
];
// Referral sources 2019/20: police 29%, schools 18%+2%, health 15%, LA 14%, individuals 8%, other.
const SOURCES: Array<[string, number]> = [
  ['6', 0.29], ['2A', 0.18], ['2B', 0.02], ['3A', 0.03], ['3B', 0.03], ['3C', 0.01], ['3D', 0.02], ['3E', 0.03], ['3F', 0.03],
  ['5A', 0.08], ['5B', 0.02], ['5C', 0.03], ['5D', 0.01], ['1A', 0.04], ['1B', 0.01], ['1C', 0.02], ['1D', 0.01], ['7', 0.039],
  ['8', 0.049], ['9', 0.021], ['4', 0.013], ['10', 0.014],
];
// Reasons care ends by age at the end (2024, 33,780 ceased: adopted 9%, SGO 12%, home 20%, independent
// living 16%, staying put at 18 16%, another LA 6%, relatives 6%, child arrangements order 3%, other 8%).
// Age on ceasing: under 1 5%, 1–4 19%, 5–9 11%, 10–15 14%, 16–17 12%, 18 39%. Adoptions are of young
// children (an adoption order after a placement order and months in the adoptive placement: mostly
// ages 1–4, a few under 1 or 5–9, almost none older); SGOs and returns home at every age; independent
// living from 16 only; at 18, staying put or independent living. Rows: under 1, 1–4, 5–9, 10–15, 16–17.
const CARE_ENDS_BY_AGE: ReadonlyArray<ReadonlyArray<[string, number]>> = [
  [['E4A', 0.34], ['E13', 0.16], ['E45', 0.12], ['E41', 0.08], ['E11', 0.05], ['E4B', 0.05], ['E8', 0.12], ['E3', 0.08]],
  [['E11', 0.42], ['E45', 0.18], ['E4A', 0.17], ['E13', 0.06], ['E41', 0.06], ['E4B', 0.03], ['E8', 0.05], ['E3', 0.03]],
  [['E11', 0.06], ['E45', 0.2], ['E4A', 0.34], ['E13', 0.09], ['E41', 0.07], ['E4B', 0.07], ['E8', 0.1], ['E3', 0.07]],
  [['E11', 0.02], ['E45', 0.1], ['E4A', 0.36], ['E4B', 0.13], ['E13', 0.1], ['E41', 0.04], ['E8', 0.17], ['E3', 0.08]],
  [['E5', 0.26], ['E6', 0.06], ['E4A', 0.2], ['E4B', 0.12], ['E13', 0.1], ['E8', 0.17], ['E3', 0.08], ['E15', 0.01]],
];
const CARE_ENDS_AT_18: Array<[string, number]> = [['E17', 0.4], ['E5', 0.33], ['E6', 0.08], ['E8', 0.19]];
// Age at entry to care (2024): under 1 16%, 1–4 15%, 5–9 15%, 10–15 26%, 16+ 29% (of whom most are UASC,
// 22% of all starters, whom this process does not model). Babies and toddlers on a plan or in need
// come into care far more often than older children: the chance of care after an assessment or
// during a plan, by age band at that point (under 1, 1–4, 5–9, 10–15, 16–17), relative to the average.
const CARE_BY_AGE = [4, 1.6, 1, 0.85, 0.6];
// August and late-December dips, busy autumn and spring terms; referrals concentrate on weekdays.
export const NATIONAL_MONTHS = [1.06, 1.05, 1.07, 0.95, 1.02, 1.02, 1.03, 0.8, 1.05, 1.08, 1.08, 0.79];
export const NATIONAL_WEEKDAYS = [1.45, 1.3, 1.3, 1.25, 1.2, 0.28, 0.22];

function choose<T>(options: ReadonlyArray<readonly [T, number]>, random: Random): T {
  let u = random.next() * options.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of options) if ((u -= w) < 0) return value;
  return options[options.length - 1]![0];
}

function days(d: Duration, random: Random): number {
  return drawDays(d.sameDay, d.logQuantiles, random);
}

/**
 * Simulates `children` children arriving between `from` and `to` (flat with the seasons above) and
 * everything they go through up to `to`: rows in date order per child, and the children.
 */
export function simulateNational(options: { children: number; from: number; to: number; seed: number }): { records: EventRecord[]; children: NationalChild[] } {
  const random = createRandom(options.seed);
  const chance = (p: number): boolean => random.next() < p;
  const ln = (median: number, sigma: number, sameDay = 0): number => days(durationLognormal(median, sigma, sameDay), random);
  const records: EventRecord[] = [];
  const children: NationalChild[] = [];
  const { from, to } = options;

  for (let c = 0; c < options.children; c++) {
    const id = `N${c}`;
    let arrival: number;
    do arrival = from + random.int(to - from + 1);
    while (random.next() * 1.1 * 1.45 > NATIONAL_MONTHS[civilFromDay(arrival).month - 1]! * NATIONAL_WEEKDAYS[weekday(arrival)]!);
    const [lo, hi] = choose(AGE_AT_FIRST_CONTACT.map(([a, b, p]) => [[a, b] as const, p] as const), random);
    const dob = arrival - Math.floor((lo + random.next() * (hi - lo)) * 365.25);
    const eighteenth = addMonths(dob, 216);
    /** Age band on `day`: 0 under 1, 1 for 1–4, 2 for 5–9, 3 for 10–15, 4 for 16–17 (whole years, as DfE counts them). */
    const band = (day: number): number => ageBandAt(dob, day) - 1;
    children.push({
      id, dob, sex: choose([['M', 0.535], ['F', 0.445], ['U', 0.02]], random), ethnicity: choose(ETHNICITY, random),
      disability: choose([['Y', 0.125], ['N', 0.82], ['U', 0.055]], random),
    });
    const rows: EventRecord[] = [];
    const add = (type: EventType, day: number, outcome: string | null = null, source: string | null = null): number => {
      rows.push({ child: id, type, day, outcome, source });
      return day;
    };
    let t = arrival;
    let episodes = 0;
    let plans = 0;
    while (t < eighteenth && t <= to) {
      const source = choose(SOURCES, random);
      // A first contact is mostly advice or nothing; children known before come back referred more often
      // (it carries the ~22% re-referral rate), children who were on a plan more often still.
      const contact = episodes === 0
        ? choose([['referral', 0.14], ['early_help', 0.13], ['advice', 0.41], ['nfa', 0.3], ['direct', 0.03]] as const, random)
        : plans > 0
          ? choose([['referral', 0.58], ['early_help', 0.06], ['advice', 0.12], ['nfa', 0.05], ['direct', 0.19]] as const, random)
          : choose([['referral', 0.5], ['early_help', 0.1], ['advice', 0.2], ['nfa', 0.08], ['direct', 0.13]] as const, random);
      let last = contact === 'direct' ? t : add('contact', t, contact, source);
      if (contact === 'early_help' && chance(0.9)) last = add('early_help_end', add('early_help_start', last + ln(7, 0.7, 0.1)) + ln(120, 0.6));
      if (contact === 'referral' || contact === 'direct') {
        episodes++;
        const referral = add('referral', contact === 'direct' ? t : last + ln(1, 0.5, 0.6), chance(0.065) ? 'nfa' : null, source);
        last = referral;
        if (rows[rows.length - 1]!.outcome === 'nfa') last = add('case_closed', referral + days(QUICK, random), 'RC8');
        else if (chance(0.05)) last = add('case_closed', referral + ln(10, 0.8), 'RC6');
        else last = assessment(referral, plans > 0);
      }
      const back = plans > 0 ? 0.84 + 0.03 * Math.min(2, episodes - 1) : [0.63, 0.76, 0.8][episodes] ?? 0.82;
      if (!chance(back)) break;
      t = last + 1 + ln([290, 250, 220][episodes] ?? 200, 1.1);
    }
    for (const row of untilEighteen(rows, eighteenth)) if (row.day <= to) records.push(row);

    /** An assessment and what follows it, to the case's closure; returns the closure day. */
    function assessment(referral: number, plannedBefore: boolean): number {
      const start = add('assessment_start', referral + ln(2, 1, 0.35));
      const length = days(ASSESSMENT, random);
      let last = start;
      let outcome = choose([['nfa', 0.37], ['early_help', 0.13], ['cin', 0.5]] as const, random);
      let plan = false;
      // About a third of referrals lead to an S47 (S47s ≈ 36% of referrals); more after an earlier plan: most
      // re-referred children who were on a plan get an S47 (with the age-dependent care above taking more of
      // them out of the front door for years, 0.72 left second plans ~22% of plans, at the low end of
      // England's 22.1–24.7%, and S47s at 0.32 per referral against England's 0.36).
      if (chance(plannedBefore ? 0.78 : 0.37)) {
        const strategy = add('strategy_discussion', start + ln(3, 1, 0.3));
        last = strategy;
        if (chance(0.9)) {
          const s47 = add('s47_start', strategy + ln(1, 0.5, 0.6));
          // About a third of S47s reach an ICPC (31–38%); ~86% of ICPCs lead to a CP plan.
          if (chance(plannedBefore ? 0.58 : 0.3)) {
            const end = add('s47_end', s47 + ln(9, 0.35), 'icpc');
            const icpc = add('icpc', Math.max(end, s47 + days(S47_TO_ICPC, random)), chance(0.85) ? 'cp_plan' : 'no_plan');
            last = icpc;
            outcome = 'cin';
            if (rows[rows.length - 1]!.outcome === 'cp_plan') {
              last = add('cp_plan_start', icpc + ln(1, 0.5, 0.9));
              plan = true;
              plans++;
            }
          } else {
            const s47Outcome = chance(0.4) ? 'cin' : 'nfa';
            last = add('s47_end', s47 + ln(12, 0.6), s47Outcome);
            if (s47Outcome === 'cin') outcome = 'cin';
            else if (outcome === 'cin' && chance(0.3)) outcome = 'nfa';
          }
        }
      }
      const assessed = add('assessment_end', Math.max(last + 1, start + length), outcome);
      if (plan) return cpPlan(rows.find((r) => r.type === 'cp_plan_start' && r.day >= start)!.day, assessed);
      if (outcome === 'nfa') return add('case_closed', assessed + days(QUICK, random), 'RC8');
      if (outcome === 'early_help') return add('case_closed', assessed + days(QUICK, random), 'RC9');
      const toCare = 0.1 * CARE_BY_AGE[band(assessed)]!;
      const next = choose([['cin_plan', 0.9 - toCare], ['close', 0.1], ['care', toCare]] as const, random);
      if (next === 'close') return add('case_closed', assessed + ln(30, 1), 'RC6');
      if (next === 'care') return add('case_closed', care(assessed + ln(20, 1)) + ln(20, 0.8), 'RC6');
      return cinPlan(assessed + ln(5, 1, 0.3));
    }

    function cinPlan(start: number): number {
      const end = add('cin_plan_end', add('cin_plan_start', start) + days(CIN_PLAN, random));
      return add('case_closed', end + ln(5, 1, 0.5), 'RC6');
    }

    /** A CP plan from `start` (the assessment ended on `assessed`); some children come into care during it. */
    function cpPlan(start: number, assessed: number): number {
      const length = days(CP_PLAN, random);
      // Care starts are ~5% of referrals (32,270 against 632,830), from a plan or straight after an assessment.
      if (chance(0.16 * CARE_BY_AGE[band(start)]!)) {
        // The plan ends soon after the child comes into care.
        const afterCare = ln(14, 0.6);
        const careStart = Math.max(assessed, start + Math.max(1, length - afterCare));
        const planEnd = add('cp_plan_end', careStart + afterCare);
        return add('case_closed', Math.max(planEnd, care(careStart)) + ln(20, 0.8), 'RC6');
      }
      const planEnd = add('cp_plan_end', start + length);
      if (chance(0.6)) return cinPlan(planEnd + ln(1, 0.5, 0.7));
      return add('case_closed', planEnd + ln(10, 0.8), 'RC6');
    }

    /** A period of care from `start`; it ends by the 18th birthday. Returns its end day. */
    function care(start: number): number {
      add('cla_start', start);
      const end = start + days(CARE, random);
      return end >= eighteenth ? add('cla_end', Math.max(start, eighteenth), choose(CARE_ENDS_AT_18, random)) : add('cla_end', end, choose(CARE_ENDS_BY_AGE[band(end)]!, random));
    }
  }
  return { records, children };
}

const STARTS: Partial<Record<EventType, EventType>> = {
  assessment_end: 'assessment_start', s47_end: 's47_start', cin_plan_end: 'cin_plan_start', cp_plan_end: 'cp_plan_start',
  cla_end: 'cla_start', early_help_end: 'early_help_start', case_closed: 'referral',
};

/** A child's rows in date order with nothing on or after the 18th birthday but the ends of what is open, moved to it. */
function untilEighteen(rows: EventRecord[], eighteenth: number): EventRecord[] {
  rows.sort((a, b) => a.day - b.day);
  const open = new Set<EventType>();
  const kept: EventRecord[] = [];
  for (const row of rows) {
    const start = STARTS[row.type];
    if (row.day < eighteenth) {
      if (start) open.delete(start);
      else open.add(row.type);
      kept.push(row);
    } else if (start && open.has(start)) {
      open.delete(start);
      kept.push({ ...row, day: eighteenth });
    }
  }
  return kept;
}
