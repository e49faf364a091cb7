// Reads an Annex A workbook (.xlsx) or one list saved as CSV into the source log: lists 1–8 become
// events, lists 9 and 10 give child attributes, list 11 (adopters, not children) is skipped with a
// warning. Sheets are recognised by name ("List 3", "List 3 - Referrals") or, failing that, by their
// headers; headers and codes match tolerantly (see ./headers.ts, ./lists.ts and ../common/values.ts).
// Dates of the child's life that give no event (visits, reviews, legal status) are kept as facts for
// the date-of-birth check. The episodes the events belong to are worked out once every list is read
// (./episodes.ts): Annex A has no episode ids.
import { EV, outcomeCode } from '../../../core/events.js';
import { CsvParser, checkHeaderRecord, recordFault, type CsvRecordView } from '../csv-stream.js';
import { CLA_REASON, DISABILITY, ETHNICITY, SEX, SOURCE } from '../common/codes.js';
import { CodeList, YES_NO, normaliseName, parseFlexibleDate, dayFromExcelSerial, dateRangeReason, type DateResult } from '../common/values.js';
import { Workbook, columnName, type Cell, type SheetRow } from '../common/xlsx.js';
import { dfeMessage, type DfeRule } from '../quality/problem-codes.js';
import type { Where } from '../quality/problems.js';
import type { SheetTally, SourceLog } from '../source-log.js';
import { LEGAL_STATUS_CODES, PLACEMENT_CODES, PROVIDER_CODES } from '../ssda903/codes.js';
import { columnBySpelling, matchHeaders } from './headers.js';
import { ANNEX_A_LISTS, type AnnexColumn, type AnnexList } from './lists.js';
import { childIdOf } from '../common/child-id.js';
import { TimeSlice, feedSliced } from '../time-slice.js';

const ASSESSMENT_OUTCOME = new CodeList<number>([
  [outcomeCode('cin'), 'yes', 'y', 'cin', 'child in need'],
  [outcomeCode('nfa'), 'no', 'n', 'nfa', 'no further action'],
  [0, 'unknown', 'c) unknown'],
]);
const codeList = (codes: readonly string[]): CodeList<string> => new CodeList<string>(codes.map((c) => [c, c] as const));
const LEGAL_STATUS = codeList(LEGAL_STATUS_CODES);
const PLACEMENT = codeList(PLACEMENT_CODES);
const PROVIDER = codeList(PROVIDER_CODES);
const NEED = codeList(['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']);
const CLOSURE = codeList(['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9']);

/** The date columns whose events a row of each list gives (a row of an events list needs one of them). */
const EVENT_DATES: Readonly<Record<number, readonly string[]>> = {
  1: ['contactDate'],
  2: ['ehStart', 'ehEnd'],
  3: ['referralDate'],
  4: ['assessmentStart', 'assessmentEnd'],
  5: ['s47Start', 'icpcDate'],
  6: ['cinStart', 'cinEnd'],
  7: ['cpStart', 'cpEnd'],
  8: ['claStart', 'claEnd'],
};
/** The date each list is about; a sheet without it is warned about. */
const MAIN_DATE: Readonly<Record<number, string>> = { 1: 'contactDate', 2: 'ehStart', 3: 'referralDate', 4: 'assessmentStart', 5: 's47Start', 6: 'cinStart', 7: 'cpStart', 8: 'claStart' };
/** Columns every list shares: they do not tell one list from another. */
const CHILD_KEYS = new Set(['childId', 'gender', 'ethnicity', 'dob', 'age', 'disability', 'team', 'worker']);

/** A date column present in the sheet. */
interface DateColumn {
  key: string;
  col: number;
  header: string;
  field: number;
  /** gives an event of the list (else, when about the child, a fact for the date-of-birth check) */
  event: boolean;
  childEvent: boolean;
}

/** What a sheet's header row says: the list and where each of its columns is. */
interface SheetLayout {
  list: AnnexList;
  /** column key → column index */
  index: Map<string, number>;
  dates: DateColumn[];
  /** column key → index in `dates` */
  slot: Map<string, number>;
  headers: Map<string, string>;
}

/** Reads a workbook held in `bytes`. */
export async function readAnnexAWorkbook(bytes: Buffer, file: string, log: SourceLog, maxUnpackedBytes?: number, slice = new TimeSlice()): Promise<void> {
  const workbook = Workbook.fromBytes(bytes, maxUnpackedBytes);
  if (workbook.sheets.length === 0) log.warnings.push(`${file}: the workbook has no sheets`);
  if (workbook.date1904) log.warnings.push(`${file}: the workbook uses the 1904 date system (old Mac Excel); its date numbers are read from 1 January 1904`);
  for (const sheet of workbook.sheets) {
    const reader = new SheetReader(file, sheet.name, listFromName(sheet.name), log, workbook.date1904);
    // Row by row, letting the event loop run between slices (audit a12e B2: a 1.8 MB workbook of 18.7 MB
    // unpacked held the service for 0.5-1.3 s).
    let k = 0;
    await workbook.loadSheet(sheet); // unpacked and decoded with the loop let in (audit a12f M1)
    for (const row of workbook.sheetRows(sheet)) {
      reader.row(row);
      if ((++k & 15) === 0 && slice.due()) await slice.pause();
    }
    reader.end();
  }
}

/** Reads one list saved as CSV (the list is told by the file name, or by its headers). */
export async function readAnnexACsv(input: AsyncIterable<Uint8Array | string>, file: string, log: SourceLog): Promise<void> {
  const reader = new SheetReader(file, null, listFromName(file), log, false);
  const parser = new CsvParser((record) => {
    const cells: (Cell | undefined)[] = [];
    for (let i = 0; i < record.count; i++) {
      const value = record.field(i);
      cells[i] = value.trim() === '' ? undefined : { value, number: null, formula: false, error: null };
    }
    reader.row({ row: record.line, cells }, record);
  });
  await feedSliced(input, (chunk) => parser.write(chunk));
  parser.end();
  reader.end();
}

function listFromName(name: string): AnnexList | null {
  const m = /list[\s_-]*0?(\d{1,2})(?!\d)/i.exec(name);
  if (!m) return null;
  return ANNEX_A_LISTS.find((l) => l.list === Number(m[1])) ?? null;
}

function cellText(cell: Cell | undefined): string | null {
  if (cell === undefined || cell.value === null) return null;
  const text = cell.value.trim();
  return text === '' ? null : text;
}

const NO_DAY = Number.NaN;

class SheetReader {
  private layout: SheetLayout | null = null;
  private readonly place: number;
  private readonly tally: SheetTally;
  /** rows before the header row (titles), kept to count them if no header ever comes */
  private readonly rowsAboveHeader: number[] = [];
  private skippedReason: string | null = null;
  // The row being read.
  private cells: (Cell | undefined)[] = [];
  private where: Where = { file: '', sheet: null, row: 0 };
  private childId = '';
  private days: number[] = [];
  /** the header row's cells as written (names the column of a malformed CSV record) */
  private headerNames: string[] = [];

  constructor(
    private readonly file: string,
    private readonly sheet: string | null,
    private readonly named: AnnexList | null,
    private readonly log: SourceLog,
    private readonly date1904: boolean,
  ) {
    this.place = log.place(file, sheet, 'annex-a');
    this.tally = log.tallyOf(this.place);
  }

  private get label(): string {
    return this.sheet === null ? this.file : `${this.file} › ${this.sheet}`;
  }

  /** Reads a row; `csv`: the record it was read from, for a list saved as CSV (whose faults reject it). */
  row(row: SheetRow, csv?: CsvRecordView): void {
    let nonEmpty = false;
    for (const c of row.cells) {
      if (c !== undefined && (c.error !== null || cellText(c) !== null)) {
        nonEmpty = true;
        break;
      }
    }
    if (!nonEmpty) return;
    if (this.layout === null && this.skippedReason === null) {
      // Titles above the table are not read, so only the header row's own faults matter.
      if (!this.tryHeader(row)) this.rowsAboveHeader.push(row.row);
      else if (csv !== undefined) checkHeaderRecord(csv, this.file);
      return;
    }
    this.tally.rows++;
    if (this.skippedReason !== null) {
      this.log.reject(this.tally, row.row, null, this.skippedReason, true);
      return;
    }
    const fault = csv === undefined ? null : recordFault(csv, this.headerNames);
    if (fault !== null) {
      this.log.reject(this.tally, row.row, fault.column, fault.reason);
      return;
    }
    this.readRow(this.layout!, row);
  }

  end(): void {
    if (this.layout === null && this.skippedReason === null && this.rowsAboveHeader.length > 0) {
      // A cover or notes sheet: not one of the lists, so skipped (it does not fail a strict import).
      const reason = 'the sheet has no header row with a child identifier column (such as "Child Unique ID"), so it is not one of the lists';
      this.log.warnings.push(`${this.label}: ${reason}; its ${this.rowsAboveHeader.length} rows were not read`);
      this.tally.rows += this.rowsAboveHeader.length;
      for (const row of this.rowsAboveHeader) this.log.reject(this.tally, row, null, reason, true);
    }
  }

  /** Recognises the header row; returns false when `row` is not one (a title above the table). */
  private tryHeader(row: SheetRow): boolean {
    const headers = Array.from(row.cells, (c) => cellText(c) ?? '');
    this.headerNames = headers;
    const adopter = headers.some((h) => normaliseName(h) === normaliseName('Individual adopter identifier'));
    const list = this.named ?? (adopter ? ANNEX_A_LISTS.find((l) => l.list === 11)! : bestList(headers));
    if (list === null) {
      const hasChildId = matchHeaders(ANNEX_A_LISTS[0]!, headers).columns.some((c) => c?.key === 'childId');
      if (!hasChildId) return false;
      this.skippedReason = `${this.label} is not one of Annex A's lists (name it "List 1" … "List 11"); it was not read`;
      this.log.warnings.push(this.skippedReason);
      return true;
    }
    if (list.use === 'skipped') {
      this.skippedReason = `List ${list.list} (${list.title}) describes adopters, not children: it is not imported`;
      this.log.warnings.push(`${this.label}: ${this.skippedReason}`);
      return true;
    }
    const { columns, repeats } = matchHeaders(list, headers);
    if (!columns.some((c) => c?.key === 'childId')) return false;
    const index = new Map<string, number>();
    columns.forEach((column, i) => {
      if (column !== undefined) index.set(column.key, i);
    });
    for (const i of repeats) {
      const first = columnBySpelling(list, headers[i]!)!;
      this.log.warnings.push(`${this.label}: column ${columnName(i)} "${headers[i]}" repeats column ${columnName(index.get(first.key)!)}; only the first is read`);
    }
    headers.forEach((h, i) => {
      if (h !== '' && columns[i] === undefined && !repeats.includes(i)) this.log.warnings.push(`${this.label}: column ${columnName(i)} "${h}" is not a column of List ${list.list} and is not read`);
    });
    const eventKeys = EVENT_DATES[list.list] ?? [];
    const dates: DateColumn[] = [];
    for (const column of list.columns) {
      const col = index.get(column.key);
      if (column.kind !== 'date' || col === undefined) continue;
      dates.push({ key: column.key, col, header: column.header, field: this.log.fieldOf(column.header), event: list.use === 'events' && eventKeys.includes(column.key), childEvent: column.childEvent === true });
    }
    this.layout = { list, index, dates, slot: new Map(dates.map((d, k) => [d.key, k])), headers: new Map(list.columns.map((c) => [c.key, c.header])) };
    this.days = new Array<number>(dates.length).fill(NO_DAY);
    if (list.use === 'attributes') this.log.warnings.push(`${this.label}: List ${list.list} (${list.title}) is read for the children's attributes only; it gives no events`);
    const main = MAIN_DATE[list.list];
    if (main !== undefined && !index.has(main)) this.log.warnings.push(`${this.label}: no "${this.layout.headers.get(main)}" column, so its rows give no ${main} events`);
    return true;
  }

  private header(key: string): string {
    return this.layout!.headers.get(key) ?? key;
  }

  private cell(key: string): Cell | undefined {
    const i = this.layout!.index.get(key);
    return i === undefined ? undefined : this.cells[i];
  }

  /** The day of a date column of the row (NaN: none). */
  private day(key: string): number {
    const slot = this.layout!.slot.get(key);
    return slot === undefined ? NO_DAY : this.days[slot]!;
  }

  private code<T>(key: string, list: CodeList<T>, blank: T): T {
    const c = this.cell(key);
    if (c === undefined) return blank;
    if (c.error !== null) {
      this.cellError(c, this.header(key));
      return blank;
    }
    const text = cellText(c);
    if (text === null) return blank;
    const value = list.find(text);
    if (value === undefined) {
      const header = this.header(key);
      this.log.problem('code_not_in_list', this.childId, this.where, header, `the value is not a code of "${header}"; it is imported as blank`, [text]);
      return blank;
    }
    return value;
  }

  private text(key: string): string | null {
    const c = this.cell(key);
    if (c !== undefined && c.error !== null) {
      this.cellError(c, this.header(key));
      return null;
    }
    return cellText(c);
  }

  /** Records event `type` dated by column `key`, if the row has that date; returns its index or -1. */
  private ev(child: number, type: number, key: string, outcome = 0, source = 0, team = -1): number {
    const slot = this.layout!.slot.get(key);
    if (slot === undefined) return -1;
    const day = this.days[slot]!;
    if (Number.isNaN(day)) return -1;
    return this.log.addEvent(child, type, day, this.place, this.where.row, this.layout!.dates[slot]!.field, outcome, source, -1, team);
  }

  /** An end given without its start, or before it (the row's own dates); `rule`: the DfE rule of an end before its start. */
  private pair(startKey: string, endKey: string, rule: DfeRule | null = null): void {
    const start = this.day(startKey);
    const end = this.day(endKey);
    if (Number.isNaN(end)) return;
    const endHeader = this.header(endKey);
    const startHeader = this.header(startKey);
    if (Number.isNaN(start)) this.log.problem('end_without_start', this.childId, this.where, endHeader, `"${endHeader}" is given but "${startHeader}" is blank`, [end]);
    else if (end < start) {
      const detail = `"${endHeader}" is before "${startHeader}"`;
      this.log.problem('end_before_start', this.childId, this.where, endHeader, rule === null ? detail : dfeMessage(rule, detail), [start, end], rule);
    }
  }

  private readRow(layout: SheetLayout, row: SheetRow): void {
    const t = this.tally;
    this.cells = row.cells;
    this.where = { file: this.file, sheet: this.sheet, row: row.row };
    const log = this.log;

    const idCell = this.cell('childId');
    const rawId = idCell?.number !== null && idCell?.number !== undefined && Number.isInteger(idCell.number) ? String(idCell.number) : cellText(idCell);
    if (rawId === null) {
      log.reject(t, row.row, this.header('childId'), 'no child identifier');
      return;
    }
    const checked = childIdOf(rawId);
    if ('reason' in checked) {
      log.reject(t, row.row, this.header('childId'), checked.reason);
      return;
    }
    const childId = checked.id;
    this.childId = childId;

    // Dates first: a row of an events list with no usable event date cannot be imported.
    const days = this.days;
    let anyEventDate = false;
    let latest: number | null = null;
    for (let k = 0; k < layout.dates.length; k++) {
      const d = layout.dates[k]!;
      const day = this.date(this.cells[d.col], d.header, d.key === 'dob');
      days[k] = day ?? NO_DAY;
      if (day !== null && d.event) {
        anyEventDate = true;
        if (latest === null || day > latest) latest = day;
      }
    }
    // a date before 1900 or over a year ahead refuses the row (listed with its column, never its value)
    if (log.rowRefused(t)) return;
    const eventKeys = EVENT_DATES[layout.list.list] ?? [];
    if (layout.list.use === 'events' && !anyEventDate) {
      log.reject(t, row.row, this.header(eventKeys[0]!), `no usable date in "${eventKeys.map((k) => this.header(k)).join('" or "')}"`);
      return;
    }

    const dob = this.day('dob');
    const attrs = { dob: Number.isNaN(dob) ? null : dob, sex: this.code('gender', SEX, 0), ethnicity: this.code('ethnicity', ETHNICITY, 0), disability: this.code('disability', DISABILITY, 0) };
    const child = log.child(childId, attrs, latest, this.where, { dob: this.header('dob'), sex: this.header('gender'), ethnicity: this.header('ethnicity') });
    t.imported++;

    // The other dates of the child's life in the row: checked against the date of birth.
    for (let k = 0; k < layout.dates.length; k++) {
      const d = layout.dates[k]!;
      if (d.childEvent && !d.event && !Number.isNaN(days[k]!)) log.fact(child, days[k]!, this.place, row.row, d.field);
    }
    if (layout.list.use !== 'events') return;

    const team = layout.index.has('team') ? log.teamOf(this.text('team')) : -1;
    switch (layout.list.list) {
      case 1:
        this.ev(child, EV.contact, 'contactDate', 0, this.code('contactSource', SOURCE, 0), team);
        break;
      case 2: {
        const organisation = log.teamOf(this.text('ehOrganisation'));
        this.ev(child, EV.early_help_start, 'ehStart', 0, 0, organisation);
        this.ev(child, EV.early_help_end, 'ehEnd', 0, 0, organisation);
        this.pair('ehStart', 'ehEnd');
        break;
      }
      case 3: {
        const nfa = this.code('referralNfa', YES_NO, false);
        this.ev(child, EV.referral, 'referralDate', nfa ? outcomeCode('nfa') : 0, this.code('referralSource', SOURCE, 0), team);
        break;
      }
      case 4:
        this.ev(child, EV.assessment_start, 'assessmentStart', 0, 0, team);
        this.ev(child, EV.assessment_end, 'assessmentEnd', this.code('assessmentOutcome', ASSESSMENT_OUTCOME, 0), 0, team);
        this.pair('assessmentStart', 'assessmentEnd', 'CIN 8608');
        break;
      case 5: {
        // One date: the strategy discussion that started the enquiry.
        this.ev(child, EV.strategy_discussion, 's47Start', 0, 0, team);
        this.ev(child, EV.s47_start, 's47Start', 0, 0, team);
        const plan = this.code('icpcPlan', YES_NO, null as boolean | null);
        this.code('icpcUnnecessary', YES_NO, null as boolean | null);
        this.ev(child, EV.icpc, 'icpcDate', plan === null ? 0 : outcomeCode(plan ? 'cp_plan' : 'no_plan'), 0, team);
        const s47 = this.day('s47Start');
        const icpc = this.day('icpcDate');
        if (s47 > icpc) {
          this.log.problem('s47_after_icpc', childId, this.where, this.header('s47Start'),
            dfeMessage('CIN 8615', `"${this.header('s47Start')}" is after "${this.header('icpcDate')}"`), [s47, icpc]);
        }
        break;
      }
      case 6: {
        const start = this.ev(child, EV.cin_plan_start, 'cinStart', 0, 0, team);
        this.ev(child, EV.cin_plan_end, 'cinEnd', 0, 0, team);
        this.code('needCode', NEED, null);
        this.code('closureReason', CLOSURE, null);
        this.pair('cinStart', 'cinEnd');
        if (start >= 0) log.interval('cin', child, childId, start, this.dayOrNull('cinEnd'), this.where, this.header('cinStart'));
        break;
      }
      case 7: {
        const start = this.ev(child, EV.cp_plan_start, 'cpStart', 0, 0, team);
        this.ev(child, EV.cp_plan_end, 'cpEnd', 0, 0, team);
        this.pair('cpStart', 'cpEnd', 'CIN 8925');
        if (start >= 0) log.interval('cp', child, childId, start, this.dayOrNull('cpEnd'), this.where, this.header('cpStart'));
        break;
      }
      case 8: {
        const reason = this.code('claReason', CLA_REASON, 0);
        const start = this.ev(child, EV.cla_start, 'claStart', 0, 0, team);
        this.ev(child, EV.cla_end, 'claEnd', reason, 0, team);
        this.pair('claStart', 'claEnd');
        if (start >= 0) {
          // Each list 8 row is a child's current (or just ended) period of care.
          const placementStart = this.dayOrNull('placementStart');
          log.careEpisodes.push({
            child,
            period: row.row,
            source: 'annex-a',
            startEvent: start,
            start: placementStart ?? this.day('claStart'),
            end: this.dayOrNull('claEnd'),
            rne: null,
            legalStatus: this.code('legalStatus', LEGAL_STATUS, null),
            needCode: null,
            placement: this.code('placementType', PLACEMENT, null),
            provider: this.code('placementProvider', PROVIDER, null),
            reasonEnded: reason === 0 ? null : (this.text('claReason') ?? null),
          });
        }
        break;
      }
    }
  }

  private dayOrNull(key: string): number | null {
    const d = this.day(key);
    return Number.isNaN(d) ? null : d;
  }

  /** A cell read as a date: a number is an Excel serial date; text is parsed. Reports what it cannot read. */
  /** `birth`: the child's date of birth, whose row is refused when it holds no date at all too. */
  private date(c: Cell | undefined, field: string, birth = false): number | null {
    if (c === undefined) return null;
    if (c.error !== null) {
      this.cellError(c, field);
      return null;
    }
    if (c.value === null) {
      if (c.formula) this.log.problem('formula_without_value', this.childId, this.where, field, `"${field}" holds a formula with no saved result`, []);
      return null;
    }
    let parsed: DateResult;
    if (c.number !== null) {
      const day = dayFromExcelSerial(c.number, this.date1904);
      const reason = day === null ? 'a number that is not a date (an Excel date is a count of days from 1900)' : dateRangeReason(day);
      parsed = reason === null ? { day: day! } : day === null ? { reason } : { reason, outOfRange: true };
    } else {
      const text = c.value.trim();
      if (text === '') return null;
      parsed = parseFlexibleDate(text);
    }
    if ('reason' in parsed) {
      if (!this.log.badDateRefused(this.tally, this.where.row, field, parsed, birth)) this.log.problem('bad_date', this.childId, this.where, field, `"${field}": ${parsed.reason}`, [c.value]);
      return null;
    }
    return parsed.day;
  }

  private cellError(c: Cell, field: string): void {
    this.log.problem('cell_error', this.childId, this.where, field, `"${field}" holds the Excel error ${c.error}${c.formula ? ' from its formula' : ''}; it is read as blank`, [c.error]);
  }
}

/** The list whose own (non-child) columns the headers name best, or null when none matches. */
function bestList(headers: readonly string[]): AnnexList | null {
  let best: AnnexList | null = null;
  let bestScore = 0;
  for (const list of ANNEX_A_LISTS) {
    // List 11 (adopters) is told by its identifier column, before this
    if (list.use === 'skipped') continue;
    let score = 0;
    for (const h of headers) {
      const column: AnnexColumn | undefined = h === '' ? undefined : columnBySpelling(list, h);
      if (column !== undefined && !CHILD_KEYS.has(column.key)) score++;
    }
    if (score > bestScore) {
      best = list;
      bestScore = score;
    }
  }
  return best;
}
