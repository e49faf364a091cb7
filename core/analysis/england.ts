// England's published figures beside a council's own, from ../shared/data/calibration-england.md (DfE
// Children in need and Children looked after statistics; years to 31 March). Each figure says its
// year and whether DfE publishes it as such [R] or it is computed from published counts [C] or only a
// proxy [I]; tests/core/analysis/england.test.ts checks every value against a copy of that file.
import type { RateKey } from '../metrics.js';

export interface EnglandFigure {
  value: number;
  /** the year to 31 March it describes, e.g. "2024-25" */
  year: string;
  /** how the figure was obtained: R read, C computed, I proxy */
  tag: 'R' | 'C' | 'I';
  /** the section and row of calibration-england.md it comes from */
  source: string;
  /** what the figure measures, where it differs from our definition */
  caveat?: string;
}

export type EnglandKey =
  | RateKey
  | 'icpc_within_15_wd'
  | 'assessment_wd_median'
  | 's47_to_icpc_wd_median';

export const ENGLAND: Readonly<Partial<Record<EnglandKey, EnglandFigure>>> = {
  rereferral_12m: { value: 0.226, year: '2024-25', tag: 'R', source: '§2 Referrals, 2025: re-referrals <12m 142,900 (22.6%)' },
  referral_nfa: { value: 0.065, year: '2024-25', tag: 'R', source: '§2 Referrals, 2025: NFA at referral 6.5%' },
  assessment_within_45_wd: { value: 0.857, year: '2024-25', tag: 'C', source: '§3 Assessments, 2025 duration bands: 85.7% within 45 working days' },
  s47_to_icpc: { value: 0.313, year: '2024-25', tag: 'C', source: '§4 S47 and ICPC, 2025: ICPCs 72,100 ÷ S47s 230,590 = 31.3%', caveat: 'ICPCs ÷ S47 enquiries, not enquiries followed by an ICPC' },
  icpc_to_cp_plan: { value: 0.86, year: '2024-25', tag: 'I', source: '§4 S47 and ICPC, 2025: CPP starts ÷ ICPCs 86%', caveat: 'CP plan starts ÷ ICPCs, a proxy: DfE does not publish ICPCs leading to a plan' },
  cp_plan_second_or_subsequent: { value: 0.245, year: '2024-25', tag: 'R', source: '§5 CP plans, 2025: second or subsequent plan 24.5%' },
  contact_to_referral: { value: 0.21, year: '2023-24', tag: 'C', source: '§1 Contacts, 2023/24: DfE referrals ÷ ADCS contacts ~21%', caveat: 'rough: ADCS contact totals are grossed up and each council defines a contact its own way' },
  icpc_within_15_wd: { value: 0.814, year: '2024-25', tag: 'C', source: '§4 S47 and ICPC, 2025: ICPC within 15 WD of S47 start 81.4%' },
  assessment_wd_median: { value: 33, year: '2024-25', tag: 'R', source: '§3 Assessments, 2025: median duration 33 working days' },
  s47_to_icpc_wd_median: { value: 14, year: '2024-25', tag: 'R', source: '§4 S47 and ICPC, 2025: median S47 to ICPC 14 working days' },
};

export const ENGLAND_SOURCE = 'England: DfE Children in need statistics (years to 31 March), as collected in calibration-england.md.';

export function englandFigure(key: EnglandKey): EnglandFigure | null {
  return ENGLAND[key] ?? null;
}
