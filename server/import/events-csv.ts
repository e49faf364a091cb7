// The events CSV of ../shared/spec/events-csv.md, row by row: the header decides which field is which,
// then each row is checked and turned into codes. A bad value becomes a plain-English reason naming
// it; nothing here touches the database.
import { dayFromCivil, daysInMonth, parseBirthDate, parseTimestamp, type ParsedTimestamp } from '../../core/dates.js';
import {
  DISABILITY_CODES,
  ETHNICITY_CODES,
  EVENT_TYPES,
  OUTCOMES_BY_EVENT,
  SEX_CODES,
  SOURCE_CODES,
  outcomeCode,
  type EventType,
} from '../../core/events.js';

export const REQUIRED_COLUMNS = ['child_id', 'event', 'date'] as const;
export const OPTIONAL_COLUMNS = ['episode_id', 'outcome', 'source', 'dob', 'sex', 'ethnicity', 'disability', 'team'] as const;
export type EventsColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

const MAX_CHILD_ID = 64;

/** Where each known column sits in a row (-1 = absent), and how many fields a row must have. */
export interface EventsHeader {
  readonly index: Readonly<Record<EventsColumn, number>>;
  readonly fieldCount: number;
  readonly warnings: string[];
}

export class HeaderError extends Error {
  constructor(
    readonly column: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'HeaderError';
  }
}

/** Reads the header row; throws HeaderError for a duplicate or missing required column. */
export function readEventsHeader(fields: readonly string[]): EventsHeader {
  const index = Object.fromEntries([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].map((c) => [c, -1])) as Record<EventsColumn, number>;
  const seen = new Map<string, number>();
  const warnings: string[] = [];
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === '') {
      warnings.push(`column ${i + 1} has no name in the header and is ignored`);
      return;
    }
    const before = seen.get(name);
    if (before !== undefined) {
      throw new HeaderError(name, `the header names column "${name}" twice (columns ${before + 1} and ${i + 1})`);
    }
    seen.set(name, i);
    if (name in index) index[name as EventsColumn] = i;
    else warnings.push(`unknown column "${raw.trim()}" is ignored`);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length > 0) {
    const list = missing.map((c) => `"${c}"`).join(', ');
    throw new HeaderError(
      missing[0]!,
      `the header (line 1) has no required column ${list}; an events CSV needs child_id, event and date`,
    );
  }
  return { index, fieldCount: fields.length, warnings };
}

/** One checked row, as codes. Reused from row to row by the importer: copy what you keep. */
export interface EventRow {
  childId: string;
  type: number;
  day: number;
  /** seconds after midnight, -1 when only a date was given */
  seconds: number;
  episodeId: string | null;
  /** 0 = blank, else index into OUTCOME_CODES plus one */
  outcome: number;
  /** 0 = blank, else index into SOURCE_CODES plus one (likewise sex, ethnicity, disability) */
  source: number;
  team: string | null;
  /** day number, or null when blank */
  dob: number | null;
  sex: number;
  ethnicity: number;
  disability: number;
}

export function emptyEventRow(): EventRow {
  return { childId: '', type: 0, day: 0, seconds: -1, episodeId: null, outcome: 0, source: 0, team: null, dob: null, sex: 0, ethnicity: 0, disability: 0 };
}

export interface RowFault {
  column: EventsColumn | null;
  reason: string;
}

/** Lower-case spelling → stored code (index plus one). */
function codeIndex(codes: readonly string[]): Map<string, number> {
  return new Map(codes.flatMap((c, i) => [[c, i + 1], [c.toLowerCase(), i + 1]]));
}

const EVENT_BY_NAME = new Map<string, number>(EVENT_TYPES.map((t, i) => [t, i]));
/** Per event type: lower-case outcome → stored outcome code. */
const OUTCOMES = EVENT_TYPES.map(
  (t) => new Map(OUTCOMES_BY_EVENT[t].flatMap((o) => [[o, outcomeCode(o)], [o.toLowerCase(), outcomeCode(o)]])),
);
const SOURCES = codeIndex(SOURCE_CODES);
const SEXES = codeIndex(SEX_CODES);
const ETHNICITIES = codeIndex(ETHNICITY_CODES);
const DISABILITIES = codeIndex(DISABILITY_CODES);
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;
const BIRTH_SHAPE = /^\d{4}-\d{2}(-\d{2})?$/;

function fieldOf(fields: readonly string[], i: number): string {
  if (i < 0) return '';
  const value = fields[i]!;
  // trim() only when needed: most values have no surrounding spaces, and this runs 10 times a row.
  const n = value.length;
  return n > 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(n - 1) <= 32) ? value.trim() : value;
}

/** Looks up the canonical spelling first, then any other case. */
function lookup<T>(table: Map<string, T>, value: string): T | undefined {
  return table.get(value) ?? table.get(value.toLowerCase());
}

function codeOf(table: Map<string, number>, column: EventsColumn, value: string): number | RowFault {
  if (value === '') return 0;
  return lookup(table, value) ?? { column, reason: `unknown ${column} "${value}"` };
}

const D0 = 48; // '0'

/**
 * Day number of a plain `YYYY-MM-DD`, read digit by digit: the common case, several times faster
 * than parseTimestamp's regex and giving the same answer. NaN for any other text (then the caller
 * asks core's parser, which decides).
 */
function plainDay(t: string): number {
  if (t.length !== 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return NaN;
  const y0 = t.charCodeAt(0) - D0, y1 = t.charCodeAt(1) - D0, y2 = t.charCodeAt(2) - D0, y3 = t.charCodeAt(3) - D0;
  const m0 = t.charCodeAt(5) - D0, m1 = t.charCodeAt(6) - D0, d0 = t.charCodeAt(8) - D0, d1 = t.charCodeAt(9) - D0;
  // (x >>> 0) > 9 is false only for a digit
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9) return NaN;
  if ((m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return dayFromCivil(year, month, day);
}

function readTimestamp(text: string): ParsedTimestamp | null {
  const day = plainDay(text);
  return Number.isNaN(day) ? parseTimestamp(text) : { day, seconds: -1 };
}

function readBirthDate(text: string): number | null {
  const day = plainDay(text);
  return Number.isNaN(day) ? parseBirthDate(text) : day;
}

/**
 * Checks one data row against the header and fills `row`; returns the first fault found (in the
 * order of the spec's columns), or null when the row is good.
 */
export function readEventRow(header: EventsHeader, fields: readonly string[], row: EventRow): RowFault | null {
  if (fields.length !== header.fieldCount) {
    return { column: null, reason: `the row has ${fields.length} fields but the header has ${header.fieldCount}` };
  }
  const ix = header.index;

  const childId = fieldOf(fields, ix.child_id);
  if (childId === '') return { column: 'child_id', reason: 'child_id is blank' };
  if (childId.length > MAX_CHILD_ID) {
    return { column: 'child_id', reason: `child_id is ${childId.length} characters long; at most ${MAX_CHILD_ID} are allowed` };
  }

  const event = fieldOf(fields, ix.event);
  if (event === '') return { column: 'event', reason: 'event is blank' };
  const type = lookup(EVENT_BY_NAME, event);
  if (type === undefined) return { column: 'event', reason: `unknown event "${event}"` };
  const eventName = EVENT_TYPES[type] as EventType;

  const date = fieldOf(fields, ix.date);
  if (date === '') return { column: 'date', reason: 'date is blank' };
  const when = readTimestamp(date);
  if (when === null) {
    return DATE_SHAPE.test(date)
      ? { column: 'date', reason: `impossible date "${date}"` }
      : { column: 'date', reason: `date "${date}" is not YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]` };
  }

  let outcome = 0;
  const outcomeText = fieldOf(fields, ix.outcome);
  if (outcomeText !== '') {
    const code = lookup(OUTCOMES[type]!, outcomeText);
    if (code === undefined) {
      const allowed = OUTCOMES_BY_EVENT[eventName];
      const hint = allowed.length === 0 ? `${eventName} takes no outcome` : `expected one of ${allowed.join(', ')}`;
      return { column: 'outcome', reason: `outcome "${outcomeText}" is not an outcome of ${eventName} (${hint})` };
    }
    outcome = code;
  }

  const source = codeOf(SOURCES, 'source', fieldOf(fields, ix.source));
  if (typeof source !== 'number') return source;

  let dob: number | null = null;
  const dobText = fieldOf(fields, ix.dob);
  if (dobText !== '') {
    dob = readBirthDate(dobText);
    if (dob === null) {
      return BIRTH_SHAPE.test(dobText)
        ? { column: 'dob', reason: `impossible date of birth "${dobText}"` }
        : { column: 'dob', reason: `dob "${dobText}" is not YYYY-MM-DD or YYYY-MM` };
    }
  }
  const sex = codeOf(SEXES, 'sex', fieldOf(fields, ix.sex));
  if (typeof sex !== 'number') return sex;
  const ethnicity = codeOf(ETHNICITIES, 'ethnicity', fieldOf(fields, ix.ethnicity));
  if (typeof ethnicity !== 'number') return ethnicity;
  const disability = codeOf(DISABILITIES, 'disability', fieldOf(fields, ix.disability));
  if (typeof disability !== 'number') return disability;

  const episodeId = fieldOf(fields, ix.episode_id);
  const team = fieldOf(fields, ix.team);
  row.childId = childId;
  row.type = type;
  row.day = when.day;
  row.seconds = when.seconds;
  row.episodeId = episodeId === '' ? null : episodeId;
  row.outcome = outcome;
  row.source = source;
  row.team = team === '' ? null : team;
  row.dob = dob;
  row.sex = sex;
  row.ethnicity = ethnicity;
  row.disability = disability;
  return null;
}

/** A record that holds no data: an empty line (or one of spaces only). */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}
