// The re-implemented CIN census rules (see ../rule.ts). One file per rule or per small group.
import type { Rule } from '../rule.js';
import type { CinReturn } from '../cin.js';

export const RULES: Rule<CinReturn>[] = [];

/** Flattens a CIN census XML text into the validator's tables (written with the rules). */
export function loadCin(_xml: string, year: number, la = '201'): CinReturn {
  throw new Error(`loadCin (${year}, ${la}) is not written yet`);
}
