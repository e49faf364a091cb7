// Plain-English names for the metric keys of metrics.md, so a chart never shows `rereferral_12m` to a
// director; the tables and CSVs keep the keys (they are the API's contract).
import type { RateKey } from '../../../core/metrics.js';

export const RATE_LABELS: Record<RateKey, string> = {
  contact_to_referral: 'Contacts that became referrals',
  referral_nfa: 'Referrals ending in no further action',
  rereferral_12m: 'Re-referrals within 12 months (DfE)',
  prior_referral_36m: 'Referrals with another in the previous 36 months',
  referral_to_assessment: 'Referrals that led to an assessment',
  assessment_within_45_wd: 'Assessments done within 45 working days',
  s47_to_icpc: 'Section 47 enquiries that led to an ICPC',
  icpc_to_cp_plan: 'ICPCs that led to a child protection plan',
  cp_plan_second_or_subsequent: 'CP plans that were a second or later plan',
};

export function rateLabel(key: string): string {
  return (RATE_LABELS as Record<string, string>)[key] ?? key.replace(/_/g, ' ');
}

/** "1 Apr 2024 to 31 Mar 2025" from two ISO dates. */
export function windowText(from: string, to: string): string {
  return `${longDate(from)} to ${longDate(to)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  if (!y || !m) return iso;
  return `${d ? `${Number(d)} ` : ''}${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

export const count = (n: number) => n.toLocaleString('en-GB');
