// Cohort filters: which children and episodes a view counts. A filter is written
//   age:1_4|5_9;sex:F;eth:white|black;dis:Y;prev:0|1|3+
// i.e. `;`-separated dimensions, each `name:value|value…` (a child matches a dimension when it
// matches any of its values, and the filter when it matches every dimension given):
//   age  age band (AGE_BANDS: unknown, under_1, 1_4, 5_9, 10_15, 16_plus) on the episode's first date
//   sex  M, F, U, or blank for not recorded
//   eth  ethnicity group (white, mixed, asian, black, other, unknown) or blank for not recorded
//   dis  disability Y, N, U, or blank
//   prev referrals of the child dated before the episode's first date: 0, 1, 2 or 3+
// An event in an episode is judged on the episode's first date, so an episode is never split between
// cohorts; an event in no episode (a contact) on its own date. An empty filter matches everything.
import { AGE_BANDS, ageBandAt, ethnicityGroupOf, type ChildAttributes } from '../children.js';
import { DISABILITY_CODES, ETHNICITY_GROUP_NAMES, EV, SEX_CODES } from '../events.js';
import type { EventTable } from '../event-table.js';

export const COHORT_DIMENSIONS = ['age', 'sex', 'eth', 'dis', 'prev'] as const;
export type CohortDimension = (typeof COHORT_DIMENSIONS)[number];
export const PREVIOUS_REFERRAL_GROUPS = ['0', '1', '2', '3+'] as const;

/** Values accepted per dimension; '' stands for "not recorded". */
export const COHORT_VALUES: Readonly<Record<CohortDimension, readonly string[]>> = {
  age: AGE_BANDS,
  sex: [...SEX_CODES, ''],
  eth: [...ETHNICITY_GROUP_NAMES, ''],
  dis: [...DISABILITY_CODES, ''],
  prev: PREVIOUS_REFERRAL_GROUPS,
};

/** For each dimension given, the allowed value indices into COHORT_VALUES[dimension]. */
export type CohortFilter = Partial<Record<CohortDimension, readonly number[]>>;

export class CohortSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CohortSyntaxError';
  }
}

/** Parses the filter syntax above; throws CohortSyntaxError naming the bad part. */
export function parseCohort(text: string): CohortFilter {
  const filter: CohortFilter = {};
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon < 0) throw new CohortSyntaxError(`cohort part "${part}" needs the form dimension:value|value`);
    const name = part.slice(0, colon).trim() as CohortDimension;
    if (!COHORT_DIMENSIONS.includes(name)) {
      throw new CohortSyntaxError(`unknown cohort dimension "${name}" (use ${COHORT_DIMENSIONS.join(', ')})`);
    }
    if (filter[name]) throw new CohortSyntaxError(`cohort dimension "${name}" is given twice`);
    const allowed = COHORT_VALUES[name];
    filter[name] = part
      .slice(colon + 1)
      .split('|')
      .map((raw) => {
        const value = raw.trim();
        const index = allowed.indexOf(value);
        if (index < 0) {
          const shown = allowed.map((v) => (v === '' ? '(blank)' : v)).join(', ');
          throw new CohortSyntaxError(`cohort ${name} has no value "${value}" (use ${shown})`);
        }
        return index;
      });
  }
  return filter;
}

/** The canonical text of a filter (dimensions in a fixed order), usable as a cache key. */
export function formatCohort(filter: CohortFilter): string {
  return COHORT_DIMENSIONS.filter((d) => filter[d])
    .map((d) => `${d}:${[...filter[d]!].sort((a, b) => a - b).map((i) => COHORT_VALUES[d][i]).join('|')}`)
    .join(';');
}

/**
 * The dimensions a filter narrows: those given with fewer than all their values (every child has one value of
 * each dimension, so a dimension with every value ticked holds everyone and narrows nothing).
 */
export function narrowingDimensions(filter: CohortFilter): CohortDimension[] {
  return COHORT_DIMENSIONS.filter((d) => filter[d] !== undefined && new Set(filter[d]).size < COHORT_VALUES[d].length);
}

/** Each value in words that stand alone ("female", "under 1", "no earlier referral"): legends, chips, headlines. */
export const COHORT_VALUE_WORDS: Readonly<Record<CohortDimension, Record<string, string>>> = {
  age: { unknown: 'age unknown', under_1: 'under 1', '1_4': '1–4', '5_9': '5–9', '10_15': '10–15', '16_plus': '16+' },
  sex: { M: 'male', F: 'female', U: 'unknown / indeterminate', '': 'sex not recorded' },
  eth: { white: 'White', mixed: 'Mixed', asian: 'Asian', black: 'Black', other: 'other ethnic group', unknown: 'ethnicity unknown', '': 'ethnicity not recorded' },
  dis: { Y: 'disabled', N: 'not disabled', U: 'disability unknown', '': 'disability not recorded' },
  prev: { '0': 'no earlier referral', '1': '1 earlier referral', '2': '2 earlier referrals', '3+': '3 or more earlier referrals' },
};

/** A filter in words for a reader ("female; aged 1–4 or 5–9"; "everyone" when it narrows nothing). */
export function cohortInWords(filter: CohortFilter): string {
  const parts = narrowingDimensions(filter).map((d) => {
    const words = [...new Set(filter[d])].sort((a, b) => a - b).map((i) => COHORT_VALUE_WORDS[d][COHORT_VALUES[d][i]!] ?? COHORT_VALUES[d][i]!);
    const text = words.join(' or ');
    return d === 'age' && !/unknown/.test(text) ? `aged ${text}` : text;
  });
  return parts.length ? parts.join('; ') : 'everyone';
}

/** The canonical text of a filter ('sex:F') in words ('female'); text that does not parse is given back. */
export function cohortTextInWords(text: string): string {
  try {
    return cohortInWords(parseCohort(text));
  } catch {
    return text;
  }
}

export function isEmptyCohort(filter: CohortFilter): boolean {
  return COHORT_DIMENSIONS.every((d) => filter[d] === undefined);
}

/** Per event row: the date its cohort is judged on, and the child's referrals dated before that. */
export interface CohortAnchors {
  readonly anchorDay: Int32Array;
  readonly previousReferrals: Int32Array;
}

/** Computed once per table; every cohort mask reads it. */
export function cohortAnchors(table: EventTable): CohortAnchors {
  const n = table.length;
  const anchorDay = new Int32Array(n);
  const previousReferrals = new Int32Array(n);
  const firstDayOfEpisode = new Map<number, number>();
  for (let c = 0; c < table.childIds.length; c++) {
    const lo = table.childStart[c]!;
    const hi = table.childStart[c + 1]!;
    firstDayOfEpisode.clear();
    for (let i = lo; i < hi; i++) {
      const e = table.episode[i]!;
      if (e >= 0 && !firstDayOfEpisode.has(e)) firstDayOfEpisode.set(e, table.day[i]!);
    }
    // Referral days of the child are ascending (rows are sorted by date).
    const referralDays: number[] = [];
    for (let i = lo; i < hi; i++) if (table.type[i] === EV.referral) referralDays.push(table.day[i]!);
    for (let i = lo; i < hi; i++) {
      const e = table.episode[i]!;
      const anchor = e >= 0 ? firstDayOfEpisode.get(e)! : table.day[i]!;
      anchorDay[i] = anchor;
      previousReferrals[i] = countBelow(referralDays, anchor);
    }
  }
  return { anchorDay, previousReferrals };
}

function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The group index (into PREVIOUS_REFERRAL_GROUPS) of a count of previous referrals. */
export function previousReferralGroup(count: number): number {
  return Math.min(count, 3);
}

/** Index into COHORT_VALUES[dimension] of row `i`. */
export function cohortValueOf(
  dimension: CohortDimension, i: number, table: EventTable, children: ChildAttributes, anchors: CohortAnchors,
): number {
  const c = table.child[i]!;
  switch (dimension) {
    case 'age':
      return ageBandAt(children.dob[c]!, anchors.anchorDay[i]!);
    case 'sex':
      return children.sex[c] === 0 ? SEX_CODES.length : children.sex[c]! - 1;
    case 'eth': {
      const group = ethnicityGroupOf(children.ethnicity[c]!);
      return group === 0 ? ETHNICITY_GROUP_NAMES.length : group - 1;
    }
    case 'dis':
      return children.disability[c] === 0 ? DISABILITY_CODES.length : children.disability[c]! - 1;
    case 'prev':
      return previousReferralGroup(anchors.previousReferrals[i]!);
  }
}

/**
 * 1 for each event row in the cohort, 0 otherwise; null for an empty filter (everything counts), so
 * callers can skip the test entirely.
 */
export function cohortRowMask(
  table: EventTable, children: ChildAttributes, anchors: CohortAnchors, filter: CohortFilter,
): Uint8Array | null {
  if (isEmptyCohort(filter)) return null;
  const dims = COHORT_DIMENSIONS.filter((d) => filter[d]).map((d) => ({ d, allowed: new Set(filter[d]) }));
  const mask = new Uint8Array(table.length);
  for (let i = 0; i < table.length; i++) {
    let ok = 1;
    for (const { d, allowed } of dims) {
      if (!allowed.has(cohortValueOf(d, i, table, children, anchors))) {
        ok = 0;
        break;
      }
    }
    mask[i] = ok;
  }
  return mask;
}
