// The shapes of the HTTP API's params, query strings and bodies, as zod schemas. The server validates
// every request against these once, at the edge; the client may import them to build requests.
import { strictObject, z } from './zod.js';
import { parseDay } from './dates.js';

/** A count (or a figure built on one) of 1 to 4 that a request without exact counts is not shown (core/disclosure/policy.ts). */
const suppressed = z.literal('[c]');

/** A dataset name as it appears in URLs and the database. */
export const DATASET_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const MARKER_KINDS = ['inspection', 'threshold_change', 'practice_change', 'other'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

/** `YYYY-MM-DD` that names a real calendar date; parsed to a day number. */
export const DaySchema = z
  .string()
  .transform((text, ctx) => {
    const day = parseDay(text);
    if (day === null) {
      ctx.addIssue({ code: 'custom', message: `expected a date YYYY-MM-DD, got "${text.slice(0, 40)}"` });
      return z.NEVER;
    }
    return day;
  });

const datasetName = z
  .string()
  .regex(DATASET_NAME_PATTERN, { message: 'a dataset name is 1–64 letters, digits, "_" or "-"' });

/** A boolean query flag: `1`, `true`, `yes` or present-but-empty mean on. */
const flag = z
  .enum(['', '0', '1', 'true', 'false', 'yes', 'no'], { message: 'expected 1/0, true/false or yes/no' })
  .transform((v) => v === '' || v === '1' || v === 'true' || v === 'yes');

export const DatasetParamsSchema = z.object({ name: datasetName });
export type DatasetParams = z.output<typeof DatasetParamsSchema>;

/** Formats an upload can be in (`events` is our own CSV; the others are the files councils produce). */
export const IMPORT_FORMATS = ['events', 'annex-a', 'cin', 'ssda903'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const ImportQuerySchema = strictObject({ lenient: flag.optional(), format: z.enum(IMPORT_FORMATS).optional(), replaceWithEmpty: flag.optional() });
export type ImportQuery = z.output<typeof ImportQuerySchema>;

export const MetricsQuerySchema = strictObject({ from: DaySchema.optional(), to: DaySchema.optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must be on or before to',
    path: ['from'],
  });
export type MetricsQuery = z.output<typeof MetricsQuerySchema>;

export const MapIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'a map id is a lower-case slug' });

export const MapParamsSchema = z.object({ id: MapIdSchema });
export type MapParams = z.output<typeof MapParamsSchema>;

export const DEFAULT_MAP_ID = 'front-door';
export const MovesQuerySchema = strictObject({ map: MapIdSchema.default(DEFAULT_MAP_ID) });
export type MovesQuery = z.output<typeof MovesQuerySchema>;

/** Each station's waiting children at the end of a day (GET /api/datasets/:name/stations, core/whereabouts.ts). */
const StationFiguresSchema = z.object({
  id: z.string(),
  /** open steps: one per child at a one-step station, one per unended start at a station of periods (as the metrics count open periods) */
  waiting: z.union([z.number().int(), suppressed]),
  /** distinct children among them: fewer than `waiting` when a child has two starts and no end */
  children: z.union([z.number().int(), suppressed]),
  medianWaitDays: z.union([z.number(), suppressed]).nullable(),
  longestWaitDays: z.union([z.number().int(), suppressed]).nullable(),
  overTarget: z.union([z.number().int(), suppressed]),
  /** waiting past the station's plausibility horizon (staleAfterDays): probably records never closed */
  pastHorizon: z.union([z.number().int(), suppressed]),
});

export const StationsResponseSchema = z.object({
  at: z.string(),
  stations: z.array(
    StationFiguresSchema.extend({
      /**
       * at the S47 station of a map with a station of its own for the ICPC only: its children in two parts,
       * `s47_open` (enquiry open) and `awaiting_icpc` (the enquiry ended with a conference to come, no ICPC
       * yet; waits from the enquiry's end), adding up to the station's counts (core/whereabouts.ts)
       */
      parts: z.tuple([StationFiguresSchema, StationFiguresSchema]).optional(),
      /** the count may be short: the day is before the station's run-in after the data's first day, or its ends are missing (core/analysis/run-in.ts) */
      incomplete: z.boolean(),
      /** its stays almost never end in the data: the count is of starts with no end recorded, not of children waiting */
      endsMissing: z.boolean(),
      /** one plain sentence saying why, or null when complete */
      note: z.string().nullable(),
      /**
       * of `waiting`: periods an end of their kind, recorded while they were open but under another episode,
       * would have closed (episode ids given on some of a child's rows and not others): counted open, as the
       * specs link and pair them, but probably ended (core/whereabouts.ts unpairedOpenAt; the forecast's warning
       * gives the same number)
       */
      unpairedEnds: z.union([z.number().int(), suppressed]),
      /** one plain sentence saying so at a station of periods, or null when there are none */
      unpairedNote: z.string().nullable(),
    }),
  ),
  /** whether the counts are exact, or under the disclosure policy ([c] for 1-4, others rounded to 5) */
  disclosure: z.object({ exactCounts: z.boolean(), note: z.string().nullable() }),
  /** a cohort of previous referrals counts them only from the data's first date: one sentence when that is less than 36 months before `at`, else null (core/analysis/cutoffs.ts cohortLookBackNote) */
  cohortNote: z.string().nullable(),
});
export type StationsResponse = z.output<typeof StationsResponseSchema>;

/** GET /api/datasets/:name/stations/:station/children: the children a station counts, by index only. */
export const StationChildrenResponseSchema = z.object({
  at: z.string(),
  station: z.string(),
  /** as the stations' cohortNote */
  cohortNote: z.string().nullable(),
  /**
   * each child once, longest wait first; `child` is the child's index in the dataset, as in the moves,
   * `waitedDays` its longest wait there, `starts` how many of the station's open steps are its own
   */
  children: z.array(z.object({ child: z.number().int(), waitedDays: z.number().int(), starts: z.number().int() })),
});
export type StationChildrenResponse = z.output<typeof StationChildrenResponseSchema>;

/**
 * GET /api/datasets/:name/children/:child/waits: one child's (by index) steps begun by the end of `at`,
 * in the order they began, as the stations count them (core/whereabouts.ts waitsOfChild): `since` the
 * day it began, `until` the day it ended or null while open at `at` (never after `at`), `days` its
 * length or, open, days so far.
 */
export const ChildWaitsResponseSchema = z.object({
  at: z.string(),
  child: z.number().int(),
  steps: z.array(
    z.object({
      station: z.string(),
      since: z.string(),
      until: z.string().nullable(),
      days: z.number().int(),
      /** dates of ends of its kind recorded while it was open that the metrics pair with no start (another episode's): it stayed open */
      unpairedEnds: z.array(z.string()),
    }),
  ),
});
export type ChildWaitsResponse = z.output<typeof ChildWaitsResponseSchema>;

export const MarkerParamsSchema = z.object({
  name: datasetName,
  id: z.string().regex(/^[1-9][0-9]{0,15}$/, { message: 'a marker id is a positive integer' }).transform(Number),
});
export type MarkerParams = z.output<typeof MarkerParamsSchema>;

export const MarkerBodySchema = z.strictObject({
  date: DaySchema,
  label: z.string().trim().min(1, { message: 'label must not be empty' }).max(200, { message: 'label is at most 200 characters' }),
  kind: z.enum(MARKER_KINDS, { message: `kind is one of ${MARKER_KINDS.join(', ')}` }),
});
export type MarkerBody = z.output<typeof MarkerBodySchema>;

/** A marker as the API returns it. */
export const MarkerSchema = z.object({ id: z.number().int(), date: z.string(), label: z.string(), kind: z.enum(MARKER_KINDS) });
export type Marker = z.output<typeof MarkerSchema>;

export const MapSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  stations: z.number().int(),
});
export type MapSummary = z.output<typeof MapSummarySchema>;

// Response bodies. The server serialises through these, so a field added to a store row by mistake
// is never sent (no accidental disclosure).
export const DatasetInfoSchema = z.object({
  name: z.string(),
  createdAt: z.string(),
  sourceFile: z.string().nullable(),
  rows: z.union([z.number().int(), suppressed]),
  imported: z.union([z.number().int(), suppressed]),
  rejected: z.union([z.number().int(), suppressed]),
  /** events in the dataset (rows count source rows; one row can give several events) */
  events: z.union([z.number().int(), suppressed]),
  from: z.string().nullable(),
  to: z.string().nullable(),
  children: z.union([z.number().int(), suppressed]),
});

export const RejectionSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  reason: z.string(),
  /** the file (and workbook sheet) of the row, for imports of several files */
  file: z.string().optional(),
  sheet: z.string().nullable().optional(),
});

export const QualityProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  file: z.string(),
  sheet: z.string().nullable(),
  row: z.number().int(),
  field: z.string().nullable(),
  dfeRule: z.string().nullable(),
  isNew: z.boolean(),
});

export const QualityReportSchema = z.object({
  total: z.number().int(),
  newSinceLastImport: z.number().int(),
  comparedWithPrevious: z.boolean(),
  byCode: z.array(z.object({
    code: z.string(), summary: z.string(), dfeRule: z.string().nullable(), count: z.number().int(), newCount: z.number().int(),
    /** by event type, where the problems name one (an events CSV's duplicate rows: which events repeat) */
    byEvent: z.array(z.object({ event: z.string(), count: z.number().int() })).optional(),
  })),
  problems: z.array(QualityProblemSchema),
  truncated: z.boolean(),
});

/** The events CSV importer fills the first five fields; the Annex A, CIN census and SSDA903 importers all. */
export const ImportReportSchema = z.object({
  dataset: z.string(),
  rows: z.number().int(),
  imported: z.number().int(),
  rejected: z.array(RejectionSchema),
  warnings: z.array(z.string()),
  formats: z.array(z.string()).optional(),
  /** rows not imported (rows - imported), of which `unreadable` cannot be read and `notRead` were not read on purpose */
  rejectedRows: z.number().int().optional(),
  unreadable: z.number().int().optional(),
  notRead: z.number().int().optional(),
  children: z.number().int().optional(),
  /** events imported, in all and by type */
  eventCount: z.number().int().optional(),
  events: z.record(z.string(), z.number().int()).optional(),
  files: z.array(z.object({ file: z.string(), sheet: z.string().nullable(), rows: z.number().int(), imported: z.number().int(), rejected: z.number().int(), skipped: z.number().int(), unreadable: z.number().int() })).optional(),
  counts: z.record(z.string(), z.number().int()).optional(),
  quality: QualityReportSchema.optional(),
});

export const ErrorBodySchema = z.object({ error: z.string(), report: ImportReportSchema.optional() });
