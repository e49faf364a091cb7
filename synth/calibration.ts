// The national figures the built-in model aims at (shared/data/calibration-england.md, England, years
// to March 2022–2025), each with the range a synthetic council of a few thousand children should land
// in, and the same figures measured on a dataset. Volumes are compared as ratios to referrals, because
// the demo council's population is implied by its referral count (~520 referrals per 10,000 children).
import { addMonths } from '../core/dates.js';
import { EV, outcomeCode } from '../core/events.js';
import type { EventTable } from '../core/event-table.js';
import type { Metrics } from '../core/metrics.js';

export type CalibrationKey =
  | 'referral_nfa' | 'rereferral_12m' | 'prior_referral_36m' | 'contact_to_referral' | 'referral_to_assessment'
  | 'assessment_within_45_wd' | 'assessment_days_median' | 'assessed_not_in_need' | 's47_per_referral' | 's47_to_icpc' | 's47_to_icpc_wd_median'
  | 'icpc_to_cp_plan' | 'cp_starts_per_referral' | 'cp_plan_second_or_subsequent' | 'cp_le_3m' | 'cp_3_6m' | 'cp_6_12m' | 'cp_1_2y' | 'cp_gt_2y'
  | 'referrals_per_child' | 'cin_ended_le_3m' | 'cin_ended_gt_2y' | 'cin_open_per_referral' | 'cp_open_per_referral' | 'cla_open_per_referral' | 'cla_starts_per_referral' | 'referrals_per_year';

export interface CalibrationTarget {
  key: CalibrationKey;
  label: string;
  /** the published figure, as printed */
  target: string;
  /** the range a calibrated synthetic council should land in (inclusive) */
  range: readonly [number, number];
  unit: '%' | 'days' | 'ratio' | 'count';
}

export const CALIBRATION_TARGETS: readonly CalibrationTarget[] = [
  { key: 'referral_nfa', label: 'NFA at referral', target: '6.0–7.6% (2021–25)', range: [0.04, 0.1], unit: '%' },
  { key: 'rereferral_12m', label: 'Re-referral within 12 months', target: '21.5–22.7%', range: [0.18, 0.27], unit: '%' },
  { key: 'prior_referral_36m', label: 'Prior referral within 36 months', target: 'Kent 60% (no national)', range: [0.42, 0.62], unit: '%' },
  { key: 'contact_to_referral', label: 'Contacts converted to referral', target: '~21–27% (ADCS)', range: [0.17, 0.3], unit: '%' },
  { key: 'referral_to_assessment', label: 'Referrals with an assessment', target: '~90% [I]', range: [0.85, 0.97], unit: '%' },
  { key: 'assessment_within_45_wd', label: 'Assessments within 45 working days', target: '85.7% (2025)', range: [0.8, 0.92], unit: '%' },
  { key: 'assessment_days_median', label: 'Median assessment (calendar days)', target: '33 WD ≈ 46 days', range: [38, 52], unit: 'days' },
  { key: 'assessed_not_in_need', label: 'Assessed not in need (per referral)', target: '28.8–30.8%', range: [0.24, 0.36], unit: '%' },
  { key: 's47_per_referral', label: 'S47s per referral', target: '0.36 (2024–25)', range: [0.28, 0.45], unit: 'ratio' },
  { key: 's47_to_icpc', label: 'S47s leading to an ICPC', target: '31–38%', range: [0.25, 0.42], unit: '%' },
  { key: 's47_to_icpc_wd_median', label: 'Median S47 to ICPC (working days)', target: '14 WD', range: [11, 17], unit: 'days' },
  { key: 'icpc_to_cp_plan', label: 'ICPCs leading to a CP plan', target: '~86% (proxy)', range: [0.78, 0.92], unit: '%' },
  { key: 'cp_starts_per_referral', label: 'CP plans started per referral', target: '0.098 (61,840/632,830)', range: [0.07, 0.13], unit: 'ratio' },
  { key: 'cp_plan_second_or_subsequent', label: 'CP plans that are a second or later', target: '22.1–24.7%', range: [0.221, 0.247], unit: '%' },
  { key: 'cp_le_3m', label: 'CP plans ended: up to 3 months', target: '15.9% (2025)', range: [0.1, 0.22], unit: '%' },
  { key: 'cp_3_6m', label: 'CP plans ended: 3–6 months', target: '11.0%', range: [0.06, 0.16], unit: '%' },
  { key: 'cp_6_12m', label: 'CP plans ended: 6–12 months', target: '43.5%', range: [0.36, 0.51], unit: '%' },
  { key: 'cp_1_2y', label: 'CP plans ended: 1–2 years', target: '25.2%', range: [0.18, 0.32], unit: '%' },
  { key: 'cp_gt_2y', label: 'CP plans ended: over 2 years', target: '4.4%', range: [0.015, 0.08], unit: '%' },
  { key: 'referrals_per_child', label: 'Referrals per referred child (last year)', target: '1.13 (2024–25)', range: [1.05, 1.22], unit: 'ratio' },
  { key: 'cin_ended_le_3m', label: 'CIN episodes ended: up to 3 months', target: '47.5% (2024)', range: [0.38, 0.57], unit: '%' },
  { key: 'cin_ended_gt_2y', label: 'CIN episodes ended: over 2 years', target: '9.8% (2024)', range: [0.04, 0.15], unit: '%' },
  { key: 'cin_open_per_referral', label: 'Children in need 31 Mar ÷ referrals in year', target: '0.64 (402,400/632,830)', range: [0.4, 0.85], unit: 'ratio' },
  { key: 'cp_open_per_referral', label: 'CP plans open 31 Mar ÷ referrals in year', target: '0.078 (49,420/632,830)', range: [0.05, 0.11], unit: 'ratio' },
  { key: 'cla_open_per_referral', label: 'Looked after 31 Mar ÷ referrals in year', target: '0.13 (81,770/632,830)', range: [0.07, 0.19], unit: 'ratio' },
  { key: 'cla_starts_per_referral', label: 'Care starts ÷ referrals in year', target: '0.051 (32,270/632,830)', range: [0.025, 0.08], unit: 'ratio' },
  { key: 'referrals_per_year', label: 'Referrals in the last year', target: '520 per 10,000 children', range: [0, Infinity], unit: 'count' },
];

const NFA = outcomeCode('nfa');

function perReferral(n: number, referrals: number): number | null {
  return referrals === 0 ? null : n / referrals;
}

/**
 * The calibration figures of a dataset for the window [from, to]: the metrics of core/metrics.ts,
 * plus volumes of the window's last 12 months (stocks open at `to`, per referral of that year).
 */
export function calibrationFigures(table: EventTable, metrics: Metrics, from: number, to: number): Record<CalibrationKey, number | null> {
  const yearFrom = Math.max(from, addMonths(to, -12) + 1);
  let referrals = 0;
  let claStarts = 0;
  const referredChildren = new Set<number>();
  // Children in need at `to`: a referral on or before it with no case closure between it and `to`.
  let inNeed = 0;
  let notInNeed = 0;
  // Episodes (referral to case closure) ended in the window, by length: up to 91 days, over 730.
  let ended = 0;
  let endedShort = 0;
  let endedLong = 0;
  for (let c = 0; c < table.childIds.length; c++) {
    let open = false;
    let referralDay = -1;
    for (let i = table.childStart[c]!; i < table.childStart[c + 1]!; i++) {
      const d = table.day[i]!;
      if (d >= from && d <= to && table.type[i] === EV.assessment_end && table.outcome[i] === NFA) notInNeed++;
      if (d <= to && table.type[i] === EV.referral) {
        if (!open) referralDay = d;
        open = true;
      } else if (d <= to && table.type[i] === EV.case_closed) {
        if (open && d >= from) {
          ended++;
          if (d - referralDay <= 91) endedShort++;
          if (d - referralDay > 730) endedLong++;
        }
        open = false;
      }
      if (d < yearFrom || d > to) continue;
      if (table.type[i] === EV.referral) {
        referrals++;
        referredChildren.add(c);
      } else if (table.type[i] === EV.cla_start) claStarts++;
    }
    if (open) inNeed++;
  }
  const { rates, durations, counts } = metrics;
  const bands = durations.cp_plan_bands;
  return {
    referral_nfa: rates.referral_nfa,
    rereferral_12m: rates.rereferral_12m,
    prior_referral_36m: rates.prior_referral_36m,
    contact_to_referral: rates.contact_to_referral,
    referral_to_assessment: rates.referral_to_assessment,
    assessment_within_45_wd: rates.assessment_within_45_wd,
    assessment_days_median: durations.assessment_days_median,
    assessed_not_in_need: perReferral(notInNeed, counts.referral ?? 0),
    s47_per_referral: perReferral(counts.s47_start ?? 0, counts.referral ?? 0),
    s47_to_icpc: rates.s47_to_icpc,
    s47_to_icpc_wd_median: durations.s47_to_icpc_wd_median,
    icpc_to_cp_plan: rates.icpc_to_cp_plan,
    cp_starts_per_referral: perReferral(counts.cp_plan_start ?? 0, counts.referral ?? 0),
    cp_plan_second_or_subsequent: rates.cp_plan_second_or_subsequent,
    cp_le_3m: bands.le_3m,
    cp_3_6m: bands['3_6m'],
    cp_6_12m: bands['6_12m'],
    cp_1_2y: bands['1_2y'],
    cp_gt_2y: bands.gt_2y,
    referrals_per_child: referredChildren.size === 0 ? null : referrals / referredChildren.size,
    cin_ended_le_3m: ended === 0 ? null : endedShort / ended,
    cin_ended_gt_2y: ended === 0 ? null : endedLong / ended,
    cin_open_per_referral: perReferral(inNeed, referrals),
    cp_open_per_referral: perReferral(metrics.open_at_end.cp_plan, referrals),
    cla_open_per_referral: perReferral(metrics.open_at_end.cla, referrals),
    cla_starts_per_referral: perReferral(claStarts, referrals),
    referrals_per_year: referrals,
  };
}
