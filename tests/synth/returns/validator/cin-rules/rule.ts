// A CIN rule with the validator's severity: codes ending Q are queries (RuleType.QUERY), the rest errors.
import type { Rule } from '../rule.js';
import type { CinReturn } from '../cin.js';

export interface CinRule extends Rule<CinReturn> {
  severity: 'error' | 'query';
}

/** A rule whose severity follows its code, as the validator names them. */
export function cinRule(rule: Rule<CinReturn>): CinRule {
  return { ...rule, severity: rule.code.endsWith('Q') ? 'query' : 'error' };
}
