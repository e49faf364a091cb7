// The re-implemented CIN census rules (see ../rule.ts). One file per rule or per small group.
import type { CinReturn } from '../cin.js';
import type { Rule } from '../rule.js';
import { ASSESSMENT_RULES } from './assessments.js';
import { BIRTH_DEATH_RULES } from './births-deaths.js';
import { CHARACTERISTIC_RULES } from './characteristics.js';
import { CONFERENCE_RULES } from './conferences.js';
import { EPISODE_DATE_RULES } from './episode-dates.js';
import { EPISODE_RULES } from './episodes.js';
import { HEADER_RULES } from './header.js';
import { IDENTIFIER_RULES } from './identifiers.js';
import { LA_LEVEL_RULES } from './la-level.js';
import { PLAN_RULES } from './plans.js';
import { PRE_PROCEEDINGS_RULES } from './pre-proceedings.js';
import { PROTECTION_PLAN_RULES } from './protection-plans.js';
import { SECTION47_RULES } from './section47.js';
import type { CinRule } from './rule.js';

export { loadCin } from './load.js';

export const CIN_RULES: CinRule[] = [...HEADER_RULES, ...IDENTIFIER_RULES, ...EPISODE_DATE_RULES, ...LA_LEVEL_RULES, ...CONFERENCE_RULES, ...EPISODE_RULES, ...PLAN_RULES, ...CHARACTERISTIC_RULES, ...BIRTH_DEATH_RULES, ...ASSESSMENT_RULES, ...SECTION47_RULES, ...PROTECTION_PLAN_RULES, ...PRE_PROCEEDINGS_RULES];
export const RULES: Rule<CinReturn>[] = CIN_RULES;
