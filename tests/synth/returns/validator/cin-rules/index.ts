// The re-implemented CIN census rules (see ../rule.ts). One file per rule or per small group.
import type { Rule } from '../rule.js';
import type { CinReturn } from '../cin.js';

export { loadCin } from './load.js';

export const RULES: Rule<CinReturn>[] = [];
