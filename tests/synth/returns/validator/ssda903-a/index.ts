// The re-implemented 903 rules of this part (see ../rule.ts). One file per rule or per small group.
import type { Rule } from '../rule.js';
import type { Ssda903Return } from '../ssda903.js';
import { NO_POSTCODE_IS_LISTED, rules100 } from './rules-100.js';
import { rules200 } from './rules-200.js';
import { rules300 } from './rules-300.js';

export const RULES: Rule<Ssda903Return>[] = [
  ...rules100(NO_POSTCODE_IS_LISTED),
  ...rules200(NO_POSTCODE_IS_LISTED, null),
  ...rules300(NO_POSTCODE_IS_LISTED),
];
