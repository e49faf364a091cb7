// The query strings of the views, as zod schemas: validated once at the edge, parsed into day numbers,
// cohort filters and bounded integers, with messages that name the field and the rule.
import { z } from 'zod';
import { DaySchema, MapIdSchema, DEFAULT_MAP_ID } from '../../../core/api-schemas.js';
import { strictObject } from '../../../core/zod.js';
import { COHORT_DIMENSIONS, CohortSyntaxError, formatCohort, parseCohort, type CohortFilter } from '../../../core/analysis/cohort.js';
import { SPELL_KINDS } from '../../../core/analysis/time-in-care.js';
import { DEFAULT_IMPACT_MODEL, DEFAULT_IMPACT_WEEKS } from '../../../core/analysis/impact.js';
import { RATE_KEYS } from '../../../core/metrics.js';

/** A cohort filter (see core/analysis/cohort.ts), parsed; `key` is its canonical text. */
export const CohortSchema = z
  .string()
  .max(500, { message: 'a cohort filter is at most 500 characters' })
  .transform((text, ctx): { filter: CohortFilter; key: string } => {
    try {
      const filter = parseCohort(text);
      return { filter, key: formatCohort(filter) };
    } catch (error) {
      if (!(error instanceof CohortSyntaxError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });

const integer = (min: number, max: number) =>
  z.coerce.number({ message: 'expected a whole number' }).int({ message: 'expected a whole number' }).min(min, { message: `at least ${min}` }).max(max, { message: `at most ${max}` });

const base = {
  from: DaySchema.optional(),
  to: DaySchema.optional(),
  cohort: CohortSchema.optional(),
  format: z.enum(['json', 'csv'], { message: 'format is json or csv' }).default('json'),
  /** which table a CSV export holds (default: the view's first) */
  table: z.string().regex(/^[a-z0-9_-]{1,40}$/, { message: 'a table id is a short slug' }).optional(),
};

const ordered = <T extends { from?: number | undefined; to?: number | undefined }>(q: T) => q.from === undefined || q.to === undefined || q.from <= q.to;
const orderMessage = { message: 'from must be on or before to', path: ['from'] };

export const BaseViewQuerySchema = strictObject(base).refine(ordered, orderMessage);

export const PathwaysQuerySchema = strictObject({ ...base, map: MapIdSchema.default(DEFAULT_MAP_ID), episodes: integer(1, 6).default(3), steps: integer(1, 12).default(6) })
  .refine(ordered, orderMessage);

export const TwoPointQuerySchema = strictObject({ ...base, map: MapIdSchema.default(DEFAULT_MAP_ID), a: DaySchema.optional(), b: DaySchema.optional() })
  .refine((q) => q.a === undefined || q.b === undefined || q.a <= q.b, { message: 'date a must be on or before date b', path: ['a'] });

export const FlowQuerySchema = strictObject({ ...base, map: MapIdSchema.default(DEFAULT_MAP_ID) }).refine(ordered, orderMessage);

export const ImpactQuerySchema = strictObject({
    ...base,
    marker: z.string().regex(/^[1-9][0-9]{0,15}$/, { message: 'a marker id is a positive integer' }).transform(Number).optional(),
    date: DaySchema.optional(),
    weeks: integer(2, 104).default(DEFAULT_IMPACT_WEEKS),
    /** the verdict's model (core/analysis/impact.ts): 'max-t' (the default: the jump against every week of the data) or 'series' (trend and season) */
    model: z.enum(['max-t', 'series'], { message: 'model is max-t or series' }).default(DEFAULT_IMPACT_MODEL),
  })
  .refine((q) => q.marker !== undefined || q.date !== undefined, { message: 'give a marker (an id) or a date', path: ['marker'] })
  .refine((q) => q.marker === undefined || q.date === undefined, { message: 'give either marker (an id) or date, not both', path: ['marker'] });

export const CohortsQuerySchema = strictObject({ ...base, a: CohortSchema.optional(), b: CohortSchema.optional(), seed: integer(0, 2 ** 31 - 1).default(1) }).refine(ordered, orderMessage);

export const TimeInCareQuerySchema = strictObject({ ...base, kind: z.enum(SPELL_KINDS, { message: `kind is ${SPELL_KINDS.join(' or ')}` }).default('cla'), by: z.enum(COHORT_DIMENSIONS, { message: `by is one of ${COHORT_DIMENSIONS.join(', ')}` }).optional() })
  .refine(ordered, orderMessage);

export const FunnelQuerySchema = strictObject({
    ...base,
    rate: z.enum(RATE_KEYS, { message: `rate is one of ${RATE_KEYS.join(', ')}` }),
    /** what the councils are placed against: the rate of all of them together, or England's figure */
    target: z.enum(['pooled', 'england'], { message: 'target is pooled or england' }).default('pooled'),
  })
  .refine(ordered, orderMessage);
