// The re-implemented 903 rules of this part (see ../rule.ts). One file per rule or per small group.
import type { Rule } from '../rule.js';
import type { Ssda903Return } from '../ssda903.js';

export const RULES: Rule<Ssda903Return>[] = [];
