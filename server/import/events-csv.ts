// The events CSV of ../shared/spec/events-csv.md, row by row: the header decides which field is which,
// then each row is checked and turned into codes. A bad value becomes a plain-English reason naming
// its column and what was expected, never the value itself (it may be a child's name or date of
// birth, and reasons are stored and shown); nothing here touches the database.
import { addMonths, dayFromCivil, daysInMonth, formatDay, parseBirthDate, parseTimestamp } from '../../core/dates.js';
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
import { CodeTable } from './code-table.js';
import { CsvRecordView } from './csv-stream.js';
import { isTrimmed, trimmedRange, trimSpaces } from './common/spaces.js';
import { WarningList } from './import-report.js';
import { MAX_CHILD_ID, childIdOf } from './common/child-id.js';

export const REQUIRED_COLUMNS = ['child_id', 'event', 'date'] as const;
export const OPTIONAL_COLUMNS = ['episode_id', 'outcome', 'source', 'dob', 'sex', 'ethnicity', 'disability', 'team'] as const;
export type EventsColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** Dates (of events and of birth) before this are taken for typing errors. */
export const FIRST_DAY = dayFromCivil(1900, 1, 1);

/** Today's day number (UTC). */
export function today(): number {
  return Math.floor(Date.now() / 86_400_000);
}

/** Where each known column sits in a row (-1 = absent), and how many fields a row must have. */
export interface EventsHeader {
  readonly index: Readonly<Record<EventsColumn, number>>;
  /** like `index`, but an absent column is `fieldCount`: the empty field readEventRecord adds */
  readonly field: Readonly<Record<EventsColumn, number>>;
  readonly fieldCount: number;
  readonly warnings: string[];
  /** the header name of each field (for reporting a field's fault by its column) */
  readonly names: readonly string[];
  /** dates outside [firstDay, lastDay] are rejected: 1900-01-01 to one year after today */
  readonly firstDay: number;
  readonly lastDay: number;
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

/** A header cell as it may be quoted back: known names always, others cut short. */
function shownName(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

/**
 * Reads the header row; throws HeaderError for a duplicate or missing required column. `todayDay`
 * (default: today) sets the latest date accepted, one year after it.
 */
export function readEventsHeader(fields: readonly string[], todayDay = today()): EventsHeader {
  const index = Object.fromEntries([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].map((c) => [c, -1])) as Record<EventsColumn, number>;
  const seen = new Map<string, number>();
  const names = fields.map((raw) => trimSpaces(raw).toLowerCase());
  const unknown: number[] = [];
  const unnamed: number[] = [];
  names.forEach((name, i) => {
    if (name === '') {
      unnamed.push(i);
      return;
    }
    const before = seen.get(name);
    if (before !== undefined) {
      if (name in index) throw new HeaderError(name, `the header names column "${name}" twice (columns ${before + 1} and ${i + 1})`);
      throw new HeaderError(null, `the header has two columns of the same name (columns ${before + 1} and ${i + 1})`);
    }
    seen.set(name, i);
    if (name in index) index[name as EventsColumn] = i;
    else unknown.push(i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length > 0) {
    // The first line may be data rather than a header: none of it is quoted back.
    const list = missing.map((c) => `"${c}"`).join(', ');
    throw new HeaderError(
      missing[0]!,
      `the header (line 1) has no required column ${list}; an events CSV needs child_id, event and date`,
    );
  }
  const warnings = new WarningList();
  for (const i of unnamed) warnings.add(`column ${i + 1} has no name in the header and is ignored`);
  for (const i of unknown) warnings.add(`unknown column "${shownName(trimSpaces(fields[i]!))}" (column ${i + 1}) is ignored`);
  const field = Object.fromEntries(Object.entries(index).map(([c, i]) => [c, i < 0 ? fields.length : i])) as Record<EventsColumn, number>;
  return { index, field, fieldCount: fields.length, warnings: warnings.list(), names, firstDay: FIRST_DAY, lastDay: addMonths(todayDay, 12) };
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
  /** the dob was given as `YYYY-MM` (read as the 1st): its day is unknown */
  dobMonthOnly?: boolean;
  sex: number;
  ethnicity: number;
  disability: number;
}

export function emptyEventRow(): EventRow {
  return { childId: '', type: 0, day: 0, seconds: -1, episodeId: null, outcome: 0, source: 0, team: null, dob: null, dobMonthOnly: false, sex: 0, ethnicity: 0, disability: 0 };
}

export interface RowFault {
  column: EventsColumn | null;
  reason: string;
}

const EVENTS = CodeTable.indexed(EVENT_TYPES, 0);
/** Per event type: its outcomes → stored outcome code. */
const OUTCOMES = EVENT_TYPES.map((t) => new CodeTable(OUTCOMES_BY_EVENT[t].map((o) => [o, outcomeCode(o)])));
const SOURCES = CodeTable.indexed(SOURCE_CODES, 1);
const SEXES = CodeTable.indexed(SEX_CODES, 1);
const ETHNICITIES = CodeTable.indexed(ETHNICITY_CODES, 1);
const DISABILITIES = CodeTable.indexed(DISABILITY_CODES, 1);
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;
const BIRTH_SHAPE = /^\d{4}-\d{2}(-\d{2})?$/;

const D0 = 48; // '0'

/**
 * Day number of a plain `YYYY-MM-DD` at s[a, b), read digit by digit: the common case, several times
 * faster than parseTimestamp's regex and giving the same answer. NaN for any other text (then the
 * caller asks core's parser, which decides).
 */
function plainDay(s: string, a: number, b: number): number {
  if (b - a !== 10 || s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return NaN;
  const y0 = s.charCodeAt(a) - D0, y1 = s.charCodeAt(a + 1) - D0, y2 = s.charCodeAt(a + 2) - D0, y3 = s.charCodeAt(a + 3) - D0;
  const m0 = s.charCodeAt(a + 5) - D0, m1 = s.charCodeAt(a + 6) - D0, d0 = s.charCodeAt(a + 8) - D0, d1 = s.charCodeAt(a + 9) - D0;
  // (x >>> 0) > 9 is false only for a digit
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9) return NaN;
  if ((m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return dayFromCivil(year, month, day);
}

/** Whether `c` is printable ASCII other than space: no trimming to do on that side of a field. */
const plainAscii = (c: number): boolean => c > 32 && c < 0x7f;

/**
 * Trims the record's fields in place of every Unicode space, but only those that start or end with
 * something other than printable ASCII: most values have none, so most fields cost two reads.
 */
function trimFields(r: CsvRecordView): void {
  const s = r.text;
  for (let i = 0; i < r.count; i++) {
    const a = r.start[i]!;
    const b = r.end[i]!;
    if (a === b || (plainAscii(s.charCodeAt(a)) && plainAscii(s.charCodeAt(b - 1)))) continue;
    [r.start[i], r.end[i]] = trimmedRange(s, a, b);
  }
}

/**
 * `previous` when it equals s[a, b), else that text as a new string: values that repeat from row to
 * row (child id, team) then cost no allocation.
 */
function textAt(previous: string | null, s: string, a: number, b: number): string {
  return previous !== null && previous.length === b - a && s.startsWith(previous, a) ? previous : s.slice(a, b);
}

/** Checks one data row given as strings; see readEventRecord. */
export function readEventRow(header: EventsHeader, fields: readonly string[], row: EventRow): RowFault | null {
  return readEventRecord(header, CsvRecordView.of(fields), row);
}

/**
 * Checks one data row against the header and fills `row`; returns the first fault found (in the
 * order of the spec's columns), or null when the row is good. Values are read where they lie in the
 * record's text; strings are cut out only for what is kept (ids, team) or reported.
 */
export function readEventRecord(header: EventsHeader, r: CsvRecordView, row: EventRow): RowFault | null {
  if (r.count !== header.fieldCount) {
    return { column: null, reason: `the row has ${r.count} fields but the header has ${header.fieldCount}` };
  }
  trimFields(r);
  // An absent column reads as the empty field one past the last.
  r.reserve(r.count + 1);
  r.start[r.count] = 0;
  r.end[r.count] = 0;
  const s = r.text;
  const start = r.start;
  const end = r.end;
  const f = header.field;

  let a = start[f.child_id]!;
  let b = end[f.child_id]!;
  if (a === b) return { column: 'child_id', reason: 'child_id is blank' };
  if (b - a > MAX_CHILD_ID) {
    return { column: 'child_id', reason: `child_id is ${b - a} characters long; at most ${MAX_CHILD_ID} are allowed` };
  }
  let childId = textAt(row.childId, s, a, b);
  if (childId !== row.childId) {
    const checked = childIdOf(childId);
    if ('reason' in checked) return { column: 'child_id', reason: checked.reason };
    childId = checked.id;
  }

  a = start[f.event]!;
  b = end[f.event]!;
  if (a === b) return { column: 'event', reason: 'event is blank' };
  const type = EVENTS.find(s, a, b);
  if (type < 0) return { column: 'event', reason: 'unknown event: not one of the event types of the events CSV (contact, referral, assessment_start, …)' };
  const eventName = EVENT_TYPES[type] as EventType;

  a = start[f.date]!;
  b = end[f.date]!;
  if (a === b) return { column: 'date', reason: 'date is blank' };
  let day = plainDay(s, a, b);
  let seconds = -1;
  if (Number.isNaN(day)) {
    const date = s.slice(a, b);
    const when = parseTimestamp(date);
    if (when === null) {
      return DATE_SHAPE.test(date)
        ? { column: 'date', reason: 'impossible date: no such day in the calendar' }
        : { column: 'date', reason: 'date is not YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]' };
    }
    day = when.day;
    seconds = when.seconds;
  }
  const outOfRange = dateRangeFault(header, day, 'date');
  if (outOfRange !== null) return { column: 'date', reason: outOfRange };

  let outcome = 0;
  a = start[f.outcome]!;
  b = end[f.outcome]!;
  if (a !== b) {
    outcome = OUTCOMES[type]!.find(s, a, b);
    if (outcome < 0) {
      const allowed = OUTCOMES_BY_EVENT[eventName];
      const hint = allowed.length === 0 ? `${eventName} takes no outcome` : `expected one of ${allowed.join(', ')}`;
      return { column: 'outcome', reason: `the outcome is not an outcome of ${eventName} (${hint})` };
    }
  }

  const source = codeAt(SOURCES, r, f.source);
  if (source < 0) return unknownCode('source');

  let dob: number | null = null;
  a = start[f.dob]!;
  b = end[f.dob]!;
  // `YYYY-MM` is the only accepted shape of 7 characters (read as the 1st: the day is unknown).
  const dobMonthOnly = b - a === 7;
  if (a !== b) {
    dob = plainDay(s, a, b);
    if (Number.isNaN(dob)) {
      const text = s.slice(a, b);
      dob = parseBirthDate(text);
      if (dob === null) {
        return BIRTH_SHAPE.test(text)
          ? { column: 'dob', reason: 'impossible date of birth: no such day in the calendar' }
          : { column: 'dob', reason: 'dob is not YYYY-MM-DD or YYYY-MM' };
      }
    }
    const dobOutOfRange = dateRangeFault(header, dob, 'dob');
    if (dobOutOfRange !== null) return { column: 'dob', reason: dobOutOfRange };
  }
  const sex = codeAt(SEXES, r, f.sex);
  if (sex < 0) return unknownCode('sex');
  const ethnicity = codeAt(ETHNICITIES, r, f.ethnicity);
  if (ethnicity < 0) return unknownCode('ethnicity');
  const disability = codeAt(DISABILITIES, r, f.disability);
  if (disability < 0) return unknownCode('disability');

  a = start[f.episode_id]!;
  b = end[f.episode_id]!;
  row.episodeId = a === b ? null : textAt(row.episodeId, s, a, b);
  a = start[f.team]!;
  b = end[f.team]!;
  row.team = a === b ? null : textAt(row.team, s, a, b);
  row.childId = childId;
  row.type = type;
  row.day = day;
  row.seconds = seconds;
  row.outcome = outcome;
  row.source = source;
  row.dob = dob;
  row.dobMonthOnly = dob !== null && dobMonthOnly;
  row.sex = sex;
  row.ethnicity = ethnicity;
  row.disability = disability;
  return null;
}

/** The code in field `i` (0 when blank), or -1 when it is not in `table`. */
function codeAt(table: CodeTable, r: CsvRecordView, i: number): number {
  const a = r.start[i]!;
  const b = r.end[i]!;
  return a === b ? 0 : table.find(r.text, a, b);
}

const CODE_HINTS: Partial<Record<EventsColumn, string>> = {
  source: 'a CIN census source code such as 1A, 2B or 10',
  sex: 'M, F or U',
  ethnicity: 'a DfE ethnicity code such as WBRI or MWBC',
  disability: 'Y, N or U',
};

function unknownCode(column: EventsColumn): RowFault {
  return { column, reason: `unknown ${column} code (expected ${CODE_HINTS[column] ?? 'a code of the events CSV'})` };
}

/** Why a date is refused as out of range, or null when it is within [firstDay, lastDay]. */
function dateRangeFault(header: EventsHeader, day: number, column: 'date' | 'dob'): string | null {
  const what = column === 'date' ? 'the date' : 'the date of birth';
  if (day < header.firstDay) return `${what} is before 1900: a typing error?`;
  if (day > header.lastDay) return `${what} is more than a year after today (after ${formatDay(header.lastDay)}): a typing error?`;
  return null;
}

/** A record that holds no data: an empty line (or one of spaces only). */
export function isBlankRecord(r: CsvRecordView): boolean {
  if (r.count !== 1) return false;
  for (let k = r.start[0]!; k < r.end[0]!; k++) if (!isTrimmed(r.text.charCodeAt(k))) return false;
  return true;
}
