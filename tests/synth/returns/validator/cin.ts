// One CIN census return as the CIN validator sees it: the XML flattened into its tables (the
// validator's ingress: Header, ChildIdentifiers, ChildCharacteristics, Disabilities, CINdetails,
// Assessments, CINplanDates, Section47, ChildProtectionPlans, Reviews), keyed by LAchildID and
// CINdetailsID as the validator keys them. The loader is written with the rules (see cin-rules/).
import type { Row } from './rule.js';

export const CIN_TABLES = ['Header', 'ChildIdentifiers', 'ChildCharacteristics', 'Disabilities', 'CINdetails', 'Assessments', 'CINplanDates', 'Section47', 'ChildProtectionPlans', 'Reviews'] as const;
export type CinTable = (typeof CIN_TABLES)[number];

export interface CinReturn {
  year: number;
  collectionStart: number;
  collectionEnd: number;
  la: string;
  tables: Record<CinTable, Row[]>;
}
