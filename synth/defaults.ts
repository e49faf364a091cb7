// The built-in model: a front door calibrated by hand to the national figures of
// shared/data/calibration-england.md (England, years to March 2019–2025). Each figure it aims at is
// noted beside the numbers that carry it. Cell sizes are nominal (the model is not fitted on children).
import { ETHNICITY_GROUPS } from '../core/events.js';
import { durationFromCdf, durationLognormal as lognormal } from './durations.js';
import { MIN_CELL, type CodeShare, type Duration, type Model, type ReturnCell, type TransitionCell } from './model.js';
import { PLAN_BUCKETS } from './states.js';

/** Nominal number of children behind every cell of the built-in model. */
const NOMINAL = 1000;

type Next = [to: string, p: number, duration?: Duration];

function cell(from: string, next: Next[], prev: TransitionCell['prev'] = '*'): TransitionCell {
  const total = next.reduce((s, [, p]) => s + p, 0);
  return {
    from,
    age: '*',
    prev,
    children: NOMINAL,
    next: next.map(([to, p, duration]) => ({ to, p: p / total, children: NOMINAL, ...(duration ? { duration } : {}) })),
  };
}

/** The same cell for every history bucket of children who had a CP plan in an earlier trip. */
function afterPlan(from: string, next: Next[]): TransitionCell[] {
  return PLAN_BUCKETS.map((prev) => cell(from, next, prev));
}

function shares(entries: Record<string, number>): CodeShare[] {
  const total = Object.values(entries).reduce((s, v) => s + v, 0);
  return Object.entries(entries).map(([code, v]) => ({ code, share: v / total, children: NOMINAL }));
}

// Assessment length: DfE 2025 bands in working days (same day 1.8%, ≤10 13.5%, ≤20 30.8%, ≤30 46.6%,
// ≤40 66.8%, ≤45 85.7%, ≤50 91.5%, ≤60 95.8%), at 7 calendar days per 5 working days: median ≈ 33 WD.
const ASSESSMENT = durationFromCdf([[0, 0.018], [16, 0.135], [32, 0.308], [46, 0.466], [60, 0.668], [65, 0.83], [72, 0.89], [86, 0.94], [150, 1]]);
// CP plans ended, 2025: ≤3m 15.9%, 3–6m 11.0%, 6–12m 43.5%, 1–2y 25.2%, 2y+ 4.4%.
// The plan's end is drawn from the assessment's end, ~16 days after the plan starts (or from the start of
// care, later still): the knots are ~20 days shorter than the published bands.
const CP_PLAN = durationFromCdf([[0, 0], [12, 0.03], [71, 0.159], [162, 0.269], [280, 0.55], [345, 0.704], [710, 0.956], [1080, 1]]);
// CIN episodes: about half end within 3 months; a CIN plan typically runs 6–9 months [I]. Children in
// need at 31 March ≈ 0.64 × the year's referrals.
const CIN_PLAN = lognormal(200, 0.9);
// Looked after at 31 March ≈ 2.5 years of care starts (81,770 against 32,270 a year), so stays are long;
// care ends on the 18th birthday at the latest (generate.ts).
const CLA = lognormal(900, 1.1);
const QUICK = lognormal(2, 0.9, 0.4);
const NEXT_DAY = lognormal(1, 0.5, 0.6);

const CLA_REASONS: Next[] = [
  ['cla_end:E4A', 0.2, CLA], ['cla_end:E11', 0.1, CLA], ['cla_end:E45', 0.12, CLA], ['cla_end:E8', 0.12, CLA],
  ['cla_end:E13', 0.08, CLA], ['cla_end:E17', 0.16, CLA], ['cla_end:E15', 0.06, CLA], ['cla_end:E41', 0.06, CLA],
  ['cla_end:E4B', 0.1, CLA],
];

const transitions: TransitionCell[] = [
  // A first trip: ~2,450 contacts and ~520 referrals per 10,000 children a year, so ~21% convert.
  cell('start', [['contact:referral', 0.14], ['contact:early_help', 0.13], ['contact:advice', 0.41], ['contact:nfa', 0.3], ['referral:', 0.028], ['referral:nfa', 0.002]], '0'),
  // Children already known come back referred more often: it carries the 22% re-referral rate.
  cell('start', [['contact:referral', 0.5], ['contact:early_help', 0.1], ['contact:advice', 0.2], ['contact:nfa', 0.08], ['referral:', 0.12], ['referral:nfa', 0.01]]),
  // Children who were on a CP plan before come back referred more often still.
  ...afterPlan('start', [['contact:referral', 0.58], ['contact:early_help', 0.06], ['contact:advice', 0.12], ['contact:nfa', 0.05], ['referral:', 0.18], ['referral:nfa', 0.01]]),
  // NFA at referral: 6–8% nationally (6.5% in 2025).
  cell('contact:referral/', [['referral:', 0.935, NEXT_DAY], ['referral:nfa', 0.065, NEXT_DAY]]),
  cell('contact:early_help/', [['early_help_start:', 0.9, lognormal(7, 0.7, 0.1)], ['end', 0.1]]),
  cell('contact:advice/', [['end', 1]]),
  cell('contact:nfa/', [['end', 1]]),
  cell('early_help_start:/e', [['early_help_end:', 1, lognormal(120, 0.6)]]),
  cell('early_help_end:/', [['end', 1]]),
  cell('referral:nfa/', [['case_closed:RC8', 1, QUICK]]),
  cell('referral:/', [['assessment_start:', 0.95, lognormal(2, 1, 0.35)], ['case_closed:RC6', 0.05, lognormal(10, 0.8)]]),
  // About a third of referrals lead to an S47 (S47s ≈ 36% of referrals), held during the assessment.
  cell('assessment_start:/a', [
    ['strategy_discussion:', 0.4, lognormal(3, 1, 0.3)],
    ['assessment_end:nfa', 0.22, ASSESSMENT], ['assessment_end:early_help', 0.08, ASSESSMENT], ['assessment_end:cin', 0.3, ASSESSMENT],
  ]),
  // A child who was on a plan before is more likely to need an S47 again (second plans are ~23% of plans).
  ...afterPlan('assessment_start:/a', [
    ['strategy_discussion:', 0.75], ['assessment_end:nfa', 0.08], ['assessment_end:early_help', 0.03], ['assessment_end:cin', 0.14],
  ]),
  cell('strategy_discussion:/a', [['s47_start:', 0.9, NEXT_DAY], ['assessment_end:nfa', 0.1, lognormal(20, 0.6)]]),
  // About a third of S47s reach an ICPC (31–38%), a median 14 working days after the S47 starts.
  cell('s47_start:/as', [['s47_end:icpc', 0.28, lognormal(9, 0.35)], ['s47_end:cin', 0.28, lognormal(12, 0.6)], ['s47_end:nfa', 0.43, lognormal(12, 0.6)]]),
  ...afterPlan('s47_start:/as', [['s47_end:icpc', 0.56], ['s47_end:cin', 0.24], ['s47_end:nfa', 0.2]]),
  // ~86% of ICPCs lead to a CP plan.
  cell('s47_end:icpc/a', [['icpc:cp_plan', 0.85, lognormal(10, 0.35, 0.05)], ['icpc:no_plan', 0.15, lognormal(10, 0.35, 0.05)]]),
  cell('icpc:cp_plan/a', [['cp_plan_start:', 1, lognormal(1, 0.5, 0.9)]]),
  cell('icpc:no_plan/a', [['assessment_end:cin', 1, lognormal(7, 0.7)]]),
  cell('cp_plan_start:/ap', [['assessment_end:cin', 1, lognormal(16, 0.8, 0.05)]]),
  // Some plans end when the child comes into care, soon after the care period starts. Care starts are
  // ~5% of referrals (32,270 against 632,830), from a plan or straight after an assessment.
  cell('assessment_end:cin/p', [['cp_plan_end:', 0.82, CP_PLAN], ['cla_start:', 0.18, CP_PLAN]]),
  cell('cla_start:/pl', [['cp_plan_end:', 1, lognormal(14, 0.6)]]),
  cell('cp_plan_end:/l', CLA_REASONS),
  cell('cp_plan_end:/', [['cin_plan_start:', 0.6, lognormal(1, 0.5, 0.7)], ['case_closed:RC6', 0.4, lognormal(10, 0.8)]]),
  cell('s47_end:cin/a', [['assessment_end:cin', 1, lognormal(20, 0.8)]]),
  cell('s47_end:nfa/a', [['assessment_end:nfa', 0.65, lognormal(20, 0.8)], ['assessment_end:cin', 0.35, lognormal(22, 0.8)]]),
  cell('assessment_end:cin/', [['cin_plan_start:', 0.8, lognormal(5, 1, 0.3)], ['case_closed:RC6', 0.07, lognormal(30, 1)], ['cla_start:', 0.09, lognormal(20, 1)]]),
  cell('assessment_end:nfa/', [['case_closed:RC8', 1, QUICK]]),
  cell('assessment_end:early_help/', [['case_closed:RC9', 1, QUICK]]),
  cell('cla_start:/l', CLA_REASONS),
  cell('cin_plan_start:/n', [['cin_plan_end:', 1, CIN_PLAN]]),
  cell('cin_plan_end:/', [['case_closed:RC6', 1, lognormal(5, 1, 0.5)]]),
  ...CLA_REASONS.map(([to]) => cell(`${to}/`, [['case_closed:RC6', 1, lognormal(20, 0.8)]])),
  ...['RC6', 'RC8', 'RC9'].map((rc) => cell(`case_closed:${rc}/`, [['end', 1]])),
];

// Ethnicity of children in need: ~72% White, Mixed/Asian/Black ~7–9% each, ~4% not recorded.
const ETHNICITY: Record<string, number> = {
  WBRI: 0.63, WIRI: 0.005, WIRT: 0.005, WOTH: 0.055, WROM: 0.01, MWBC: 0.03, MWBA: 0.01, MWAS: 0.01, MOTH: 0.03,
  AIND: 0.015, APKN: 0.025, ABAN: 0.01, AOTH: 0.02, BCRB: 0.015, BAFR: 0.035, BOTH: 0.015, CHNE: 0.003, OOTH: 0.03,
  REFU: 0.007, NOBT: 0.01, '': 0.025,
};
const groupShares: Record<string, number> = {};
for (const [code, share] of Object.entries(ETHNICITY)) {
  const group = code === '' ? '' : ETHNICITY_GROUPS[code]!;
  groupShares[group] = (groupShares[group] ?? 0) + share;
}

const AGE_AT_FIRST_CONTACT = { under_1: 0.09, '1_4': 0.2, '5_9': 0.24, '10_15': 0.34, '16_plus': 0.13 };

// After a trip ends: children with more previous episodes come back more often, and those who were on a
// CP plan more often still; most who come back do so within 1–3 years (re-referral within 12 months
// ~22%; 60% of Kent's referrals had one within 36 months). No trip starts after the 18th birthday.
const RETURNS: ReturnCell[] = [
  { age: '*', prev: '0', children: NOMINAL, probability: 0.64, gap: lognormal(290, 1.1, 0.01) },
  { age: '*', prev: '1', children: NOMINAL, probability: 0.76, gap: lognormal(250, 1.1, 0.01) },
  { age: '*', prev: '2', children: NOMINAL, probability: 0.8, gap: lognormal(220, 1.1, 0.01) },
  { age: '*', prev: '*', children: NOMINAL, probability: 0.82, gap: lognormal(200, 1.1, 0.01) },
  ...PLAN_BUCKETS.map((prev, k): ReturnCell => ({ age: '*', prev, children: NOMINAL, probability: 0.86 + 0.03 * k, gap: lognormal(220, 1.1, 0.01) })),
];

export const DEFAULT_MODEL: Model = {
  format: 'child-journey-synth-model',
  version: 1,
  description:
    'Built-in front door calibrated to national statistics for England (calibration-england.md): ' +
    'referral NFA ~6.5%, re-referral within 12 months ~22%, ~86% of assessments within 45 working days, ' +
    'about a third of S47s to ICPC, ~86% of ICPCs to a CP plan, ~23% of plans a second or later one, ' +
    'CP plan durations as published for 2025, looked-after children ~0.13 of a year\'s referrals. ' +
    'Generate with a burn-in (historyFrom years before from) so that look-backs find earlier episodes.',
  minCell: MIN_CELL,
  fittedOn: { children: 0, events: 0, from: '2021-04-01', to: '2025-03-31' },
  arrivals: {
    perWeek: 30,
    trendPerYear: 1.02,
    // August and late-December dips, busy autumn and spring terms (schools are the seasonal driver).
    monthOfYear: [1.06, 1.05, 1.07, 0.95, 1.02, 1.02, 1.03, 0.8, 1.05, 1.08, 1.08, 0.79],
    // Referrals concentrate on weekdays; weekends carry police/out-of-hours contacts only.
    dayOfWeek: [1.45, 1.3, 1.3, 1.25, 1.2, 0.28, 0.22],
  },
  children: {
    cells: Object.entries(AGE_AT_FIRST_CONTACT).map(([age, share]) => ({
      age: age as keyof typeof AGE_AT_FIRST_CONTACT, sex: '*', ethnicityGroup: '*', disability: '*', children: Math.round(share * 10 * NOMINAL),
    })),
    marginals: {
      age: shares(AGE_AT_FIRST_CONTACT),
      // CIN 2020: male 53.8%, female 44.2%, unborn/unknown 1.8%.
      sex: shares({ M: 0.535, F: 0.445, U: 0.02 }),
      ethnicityGroup: shares(groupShares),
      ethnicity: shares(ETHNICITY),
      // Disability recorded for ~12.5% of children in need.
      disability: shares({ Y: 0.125, N: 0.82, U: 0.055 }),
    },
  },
  // Referral sources 2019/20: police 29%, schools 18%+2%, health 15%, LA 14%, individuals 8%, other.
  sources: {
    contact: shares({
      '6': 0.29, '2A': 0.18, '2B': 0.02, '3A': 0.03, '3B': 0.03, '3C': 0.01, '3D': 0.02, '3E': 0.03, '3F': 0.03,
      '5A': 0.08, '5B': 0.02, '5C': 0.03, '5D': 0.01, '1A': 0.04, '1B': 0.01, '1C': 0.02, '1D': 0.01, '7': 0.039,
      '8': 0.049, '9': 0.021, '4': 0.013, '10': 0.014,
    }),
    referral: shares({
      '6': 0.287, '2A': 0.182, '2B': 0.021, '3A': 0.03, '3B': 0.03, '3C': 0.01, '3D': 0.02, '3E': 0.03, '3F': 0.03,
      '5A': 0.08, '5B': 0.02, '5C': 0.03, '5D': 0.011, '1A': 0.04, '1B': 0.011, '1C': 0.02, '1D': 0.01, '7': 0.039,
      '8': 0.049, '9': 0.021, '4': 0.013, '10': 0.014,
    }),
  },
  transitions,
  returns: RETURNS,
  merged: [],
  skipped: {},
};
