// The synthetic-data model: aggregates only. Every cell carries the number of distinct children it
// describes, so the small-cell rule (no cell of fewer than MIN_CELL children) can be checked on the
// file itself; cells that were too small are listed in `merged` by name, never with their count.
//
// Version 2: one chain per child from its first event to its last. A state is `event:outcome/letters`
// (synth/states.ts); from each state, the next step (an event with its outcome, or `end`: no event ever
// again) and its days. Days are counted from the step's anchor: an end from its start, an ICPC from the
// S47 awaiting it, a CP plan from the conference that decided on it, any other step from the previous
// event. Coming back after a closed episode is a step like any other, from the state the child was left in.
import { z } from 'zod';
import { AGE_BANDS } from '../core/children.js';
import { ETHNICITY_GROUP_NAMES, EVENT_TYPES } from '../core/events.js';
import { HISTORY_BUCKETS } from './states.js';

export const MIN_CELL = 10;
/** Knots of a duration's quantile function: p = 0, 0.05, …, 1 (a cell of fewer than 200 children). */
export const QUANTILE_KNOTS = 21;
/**
 * The most knots a duration has: a cell of many children gets one knot per 10 of them up to this many,
 * so that a gap in its durations (CP plans ending at the first review, about 3 months, then hardly any
 * until 6) is not filled in by interpolation between knots 5% apart (audit a10b F4).
 */
export const MAX_QUANTILE_KNOTS = 101;

const count = z.number().int().nonnegative();
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** Factors on the odds of a quick and of a later return (synth/return-odds.ts). */
const oddsPair = z.tuple([z.number().positive(), z.number().positive()]);
const share = z.number().min(0).max(1);
/** What a child had open on its 18th birthday, in the order heldPastEighteenByKind reads it: the first open. */
export const HELD_KINDS = ['cla', 'cp_plan', 'cin_plan', 'early_help'] as const;
const ageOrAny = z.enum([...AGE_BANDS, '*']);
// previous episodes: 0, 1, 2, 3+, or 1cp, 2cp, 3+cp when an earlier trip had a CP plan, 0cl…3+cl when a period of care has ended, 1cpcl…3+cpcl both
const prevOrAny = z.enum([...HISTORY_BUCKETS, '*']);

/** Days from a step's anchor: a share of zero days, and the quantile function of log(1 + days) of the rest. */
export const DurationSchema = z.object({
  children: count,
  sameDay: share,
  logQuantiles: z
    .array(z.number().nonnegative())
    .min(QUANTILE_KNOTS)
    .max(MAX_QUANTILE_KNOTS)
    .refine((q) => q.every((v, i) => i === 0 || v >= q[i - 1]!), 'logQuantiles must not decrease'),
});
export type Duration = z.infer<typeof DurationSchema>;

export const NextStepSchema = z.object({
  /** `event:outcome`, `end` (the trip ends) or `coarser` (draw again from the coarser cell) */
  to: z.string().min(1),
  p: share,
  children: count,
  /** days from the step's anchor; required for an event target in the coarsest cell of a state, optional in finer ones */
  duration: DurationSchema.optional(),
  /** `previous`: the days count from the previous event rather than the step's own anchor (set in the coarsest cell, for every cell of the state) */
  anchor: z.literal('previous').optional(),
});
export type NextStep = z.infer<typeof NextStepSchema>;

export const TransitionCellSchema = z.object({
  /** `start` or `event:outcome/letters` */
  from: z.string().min(1),
  age: ageOrAny,
  prev: prevOrAny,
  children: count,
  next: z.array(NextStepSchema).min(1),
});
export type TransitionCell = z.infer<typeof TransitionCellSchema>;

const CodeShareSchema = z.object({ code: z.string(), share, children: count });
export type CodeShare = z.infer<typeof CodeShareSchema>;

export const ChildCellSchema = z.object({
  age: ageOrAny,
  sex: z.enum(['M', 'F', 'U', '', '*']),
  ethnicityGroup: z.enum([...ETHNICITY_GROUP_NAMES, '', '*']),
  disability: z.enum(['Y', 'N', 'U', '', '*']),
  children: count,
});
export type ChildCell = z.infer<typeof ChildCellSchema>;

export const ModelSchema = z.object({
  format: z.literal('child-journey-synth-model'),
  version: z.literal(2),
  description: z.string(),
  minCell: z.number().int().min(MIN_CELL),
  fittedOn: z.object({
    children: count, events: count, from: isoDay, to: isoDay,
    /**
     * Where the extract really begins (synth/extract.ts): from here every journey is in the data; before
     * it only those still open on it. Absent: `from`.
     */
    extractFrom: isoDay.optional(),
    /**
     * What the extract keeps from before extractFrom (synth/extract.ts CarriedTally): the contacts that
     * began the trips open then (else only what is open: the episode from its referral, the period of
     * care, the early help), and episodes not yet closed though nothing is under way in them. Absent:
     * whole trips, and episodes with something under way. `byYear`: the children whose oldest episode
     * open on extractFrom was referred k whole years before it (the last entry: k or more years), each at
     * least minCell; the generator's forward model would leave more of them idle and open (absent: none
     * capped).
     */
    carried: z.object({ contacts: z.boolean(), unclosedEpisodes: z.boolean(), byYear: z.array(count).optional() }).optional(),
  }),
  arrivals: z.object({
    /**
     * The first day arrivals were fitted from (absent: `fittedOn.from`): the origin of the trend. Before
     * it the rate stays at its level there (the trend is not run backwards).
     */
    from: isoDay.optional(),
    /** first events of new children per week at `from` */
    perWeek: z.number().nonnegative(),
    /** multiplicative change of the arrival rate per year */
    trendPerYear: z.number().positive(),
    /** relative arrival rate by calendar month, January first, mean 1 */
    monthOfYear: z.array(z.number().nonnegative()).length(12),
    /** relative arrival rate by weekday, Monday first, mean 1 */
    dayOfWeek: z.array(z.number().nonnegative()).length(7),
    /**
     * Inside the fitted period, each month's arrivals against what trend and season predict (`YYYY-MM`,
     * a factor); months of fewer than minCell arrivals are left out (factor 1). Outside it, trend and
     * season alone.
     */
    months: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), factor: z.number().nonnegative() })),
    /**
     * Each day's own factor from 18 December to 5 January (19 days), beside its month and weekday, where the
     * data's days there differ from those (a likelihood-ratio pretest at 0.1%, with `bankHolidays`); absent: none.
     */
    christmas: z.array(z.number().nonnegative()).length(19).optional(),
    /** The other bank holidays' factor (Monday to Friday), fitted and kept with `christmas`. */
    bankHolidays: z.number().nonnegative().optional(),
  }),
  children: z.object({
    /** joint cells; `*` is drawn from the marginal of that attribute */
    cells: z.array(ChildCellSchema).min(1),
    /**
     * Per age band of at least minCell children, quantiles (1st to 99th percentile) of the position within
     * the band at the first event, 0 at its start and 1 at its end (synth/age-within.ts). Absent for a band:
     * uniform within it.
     */
    ageWithin: z.array(z.object({ age: z.enum(AGE_BANDS), children: count, quantiles: z.array(z.number().min(0).max(1)).min(2) })).optional(),
    marginals: z.object({
      age: z.array(CodeShareSchema),
      sex: z.array(CodeShareSchema),
      ethnicityGroup: z.array(CodeShareSchema),
      /** DfE codes (blank = not recorded) */
      ethnicity: z.array(CodeShareSchema),
      disability: z.array(CodeShareSchema),
    }),
  }),
  /**
   * source codes (blank = not recorded): `referral` of referrals no contact asked for; `contactReferral`
   * of a contact and the referral it asked for (states.ts keepsContactSource: one source for both), and
   * `contact` of the other contacts. A model without `contactReferral` (fitted before it) has every
   * contact in `contact`, and its referrals keep their contact's source.
   */
  sources: z.object({ contact: z.array(CodeShareSchema), referral: z.array(CodeShareSchema), contactReferral: z.array(CodeShareSchema).optional() }),
  transitions: z.array(TransitionCellSchema).min(1),
  /** cells merged into a coarser cell or dropped under the small-cell rule (names only) */
  merged: z.array(z.object({ cell: z.string(), into: z.string() })),
  /**
   * Per event type and year of the data, each outcome's events against what the cells predict for them
   * (synth/outcome-trends.ts): a trend in outcome shares the pooled cells would flatten. Absent: none.
   */
  outcomeTrends: z
    .array(z.object({
      event: z.string(),
      periods: z.array(z.object({ from: isoDay, to: isoDay, factors: z.array(z.object({ outcome: z.string(), factor: z.number().nonnegative() })) })).min(1),
    }))
    .optional(),
  /**
   * Per span end (assessment, CP plan, care) and year of its start, the log shift of its length (from the years'
   * Kaplan–Meier medians; synth/duration-trends.ts), taken off the cells' durations and added back by the
   * generator: a change of practice in mid-log the pooled cells would blend. Absent: every year alike.
   */
  durationTrends: z
    .array(z.object({
      event: z.enum(['assessment_end', 'cp_plan_end', 'cla_end']),
      periods: z.array(z.object({ from: isoDay, to: isoDay, logShift: z.number() })).min(2),
    }))
    .optional(),
  /**
   * Per kind of state (the type of its last event, `after`; "start" for a new child's first step) and year (or
   * quarter, where a kind changes within its years) of the day the state began, a factor on each next step type's
   * share in the state's cell (synth/step-trends.ts): a change in which step follows which the pooled cells would
   * blend. Absent: every year alike.
   */
  stepTrends: z
    .array(z.object({
      after: z.string(),
      periods: z.array(z.object({ from: isoDay, to: isoDay, factors: z.array(z.object({ event: z.string(), factor: z.number().positive() })) })).min(2),
    }))
    .optional(),
  /**
   * How soon children come back, per year of the data (synth/return-trend.ts): the hazard of a contact or
   * referral after a journey with nothing open, against a baseline by history and months since, as a factor
   * per year (averaging 1 over the returns seen). Absent: the same every year.
   */
  returnTrend: z.object({ periods: z.array(z.object({ from: isoDay, to: isoDay, factor: z.number().positive() })).min(2) }).optional(),
  /**
   * Whether a child with nothing open comes back within `withinDays[0]` days, or within `withinDays[1]`, per
   * quarter of the data (synth/return-odds.ts): factors on the odds of the two against anything else, by the
   * quarter the state began in, per group of states: the event the state began with (`after`), and whether
   * the child is in a seen-early history bucket (0a, 0b, 1a, 1b). A group not listed: the same every quarter.
   */
  returnOdds: z
    .object({
      withinDays: z.tuple([z.number().int().positive(), z.number().int().positive()]),
      groups: z.array(z.object({ after: z.string(), seenEarly: z.boolean(), periods: z.array(z.object({ from: isoDay, to: isoDay, factors: oddsPair })).min(2) })),
    })
    .optional(),
  /**
   * Periods of care and CP plans by the age band at their start (synth/span-durations.ts): the log-ratio of
   * the band's Kaplan–Meier median to all ages', applied to a span end's duration taken from a cell pooling
   * every age. Absent: none. `reasons`: the band's share of each end reason over all ages' share (a cell
   * pooling every age draws its reason in its own shares times the factor; absent: 1 for every reason).
   */
  spanDurations: z
    .array(z.object({
      event: z.enum(['cla_end', 'cp_plan_end']), age: z.enum(AGE_BANDS), children: count, logShift: z.number(),
      reasons: z.array(z.object({ outcome: z.string(), factor: z.number().nonnegative() })).optional(),
    }))
    .optional(),
  /**
   * Of the children who turned 18 in the data with an episode not closed by then, the share whose case was
   * closed on the 18th birthday (the rest are left with it never closed: a case closure due after the
   * birthday is not recorded). Absent: 1 (closed on the birthday).
   */
  closedAtEighteen: share.optional(),
  /**
   * Of the children who turned 18 in the data with an assessment under way, the share whose assessment was
   * never ended (an end due after the birthday is not recorded; CIN 8736 flags them). Written when those
   * left open describe minCell children (1 when those ended describe fewer). Absent: 0 (ended on the birthday).
   */
  assessmentOpenAtEighteen: share.optional(),
  /**
   * Written (true) when the fitted data ends with minCell children or more still in care or on a CP or CIN
   * plan past their 18th birthday, no end recorded: there an end due after the birthday is brought onto it
   * only when it was due by the data's end, and a later one is not recorded yet (the care or plan stays
   * open, as in the data). Absent: every care or plan open on the birthday ends on it. (The "county" and
   * "census" test logs leave 7% and 5% of their children in care at the end so: copies that ended every
   * such care on the birthday were that much short; and county, 50,000 children, log seed 5, 15 children on
   * a CIN plan past 18 at the end, its copies 0 to 2 when only care was left open.)
   */
  openPastEighteen: z.literal(true).optional(),
  /**
   * Of the children who turned 18 two years or more before the fitted data's end in care, on a CP or CIN plan or
   * in early help, the share with one of them never ended (no end on or after the birthday: the data stops recording a child
   * at 18 and leaves what was open so). The generator leaves that share's care and plans open past the
   * birthday, whatever their due end, and the child's case and early help with them. Written when those left open describe
   * minCell children (1 when those ended describe fewer). Absent: 0 (openPastEighteen alone). (Audit a10j's log
   * A left 119 children in care and 100 CP plans open past 18 and ended none on the birthday; its copy ended
   * all but 14 and 11 on it.)
   */
  heldPastEighteen: share.optional(),
  /**
   * heldPastEighteen by what the child had open on the birthday, the first of care, a CP plan, a CIN plan, early help
   * (HELD_KINDS): a council whose system leaves care open past 18 may end every plan there. A kind's share where its
   * children held open are minCell or more (1 when those ended are fewer), 0 where only its ended ones are; absent
   * for a kind (or the field, when heldPastEighteen is): heldPastEighteen. (Audit a10l's log held care open past 18
   * and ended plans; its copies, holding every kind in one share, had 24-31 CP plans of children 18 or over begun
   * three or more years before the end still open, the log 6.)
   */
  heldPastEighteenByKind: z.object({ cla: share.optional(), cp_plan: share.optional(), cin_plan: share.optional(), early_help: share.optional() }).optional(),
  /** The name openPastEighteen had when it covered care alone (models written before 2026-12-03): read as openPastEighteen. */
  careOpenPastEighteen: z.literal(true).optional(),
  /**
   * The reason (RC1–RC9) the fitted data gives most often to a case closed on the 18th birthday, written
   * when at least minCell children's cases were (absent: RC7, services ceased).
   */
  closedAtEighteenReason: z.enum(['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9']).optional(),
  /**
   * Children carried into the extract: on the log's first day they had spans open whose starts the log
   * does not hold (core/grammar.ts openAtStartRows; the log shows only their ends), by the letters of
   * what was open (synth/states.ts: the state `carried/letters` their journeys continue from). Each at
   * least minCell children; smaller sets merged into the nearest (listed in `merged`). Absent: none.
   */
  openAtStart: z.array(z.object({ state: z.string(), children: count })).optional(),
  /**
   * Of the children with a referral whose episodes the importer would link the same way by date alone
   * (synth/episode-ids.ts), the share whose episode steps carry no `episode_id` in the fitted data; the copy
   * writes that share of such children without ids. Written when minCell children or more have none (1
   * when fewer than minCell have them). Children with ids on some steps only are counted with those that
   * have them. Absent: every child's episode steps carry ids.
   */
  episodeIds: z.object({ children: count, none: share }).optional(),
  /**
   * The weekdays of contacts after a child's first event (`contact`), and of referrals no contact asked for after
   * a journey with nothing open (`referral`), Monday first, as shares (synth/return-weekdays.ts). Each written
   * where the data show a weekday pattern and each weekday's are of minCell children or more (or none). Absent:
   * such a step comes on the day its length gives.
   */
  returnWeekdays: z.object({ contact: z.array(share).length(7).optional(), referral: z.array(share).length(7).optional() }).optional(),
  /**
   * The weekdays of every step but a child's first, a contact, a referral or a conference (synth/step-weekdays.ts
   * stepWeekdayRule), by event type: the share of the type's steps on weekday l after the child's last step on
   * weekday s, at index s × 7 + l (Monday 0), 0 where fewer than minCell children's are; written for a type whose
   * steps' weekdays show a pattern (the returns' pretest). The copy draws such a step's duration again until its
   * weekday, given the last step's, is as the data's. Absent (or a type absent): the step comes on the day its
   * duration gives. (Audit a10j: four logs record no assessment, enquiry, plan or care start or closure on a
   * weekend; their copies put 27-29% of such steps on one.)
   */
  stepWeekdays: z.partialRecord(z.enum(EVENT_TYPES), z.array(share).length(49)).optional(),
  /**
   * For each type of stepWeekdays closed on bank holidays (Monday to Friday, England and Wales): its steps per bank
   * holiday over its steps per other Monday to Friday in the fitted span, written where that is at most 0.2 and 5 ×
   * minCell steps or more were expected at the other days' rate (0 where the holidays' steps are of fewer than minCell
   * children). The copy keeps a landing on a bank holiday in that rate. Absent (or a type absent): as on other days.
   */
  stepBankHolidays: z.partialRecord(z.enum(EVENT_TYPES), z.number().nonnegative()).optional(),
  /**
   * Steps whose days from their anchor (not from the previous event) are working days (England and Wales), written as
   * canonical days: n working days as 7 × floor(n / 5) + n mod 5 (synth/working-day-durations.ts); the copy dates
   * such a step on the n-th working day after its anchor. Absent: calendar days (the built-in model).
   */
  workingDaySteps: z.array(z.enum(EVENT_TYPES)).optional(),
  /** events of the fitted data the journey grammar does not accept, by rule (core/grammar.ts): not learned from */
  skipped: z.record(z.string(), count),
});
export type Model = z.infer<typeof ModelSchema>;

/** Validates a parsed model file; the error names every bad path. */
export function parseModel(json: unknown, source = 'model'): Model {
  const result = ModelSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new RangeError(`invalid ${source}: ${issues.slice(0, 10).join('; ')}${issues.length > 10 ? ` (+${issues.length - 10} more)` : ''}`);
  }
  return result.data;
}
