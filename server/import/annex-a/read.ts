// Reads an Annex A workbook (.xlsx) or one list saved as CSV into the source log: lists 1–8 become
// events, lists 9 and 10 give child attributes, list 11 (adopters, not children) is skipped with a
// warning. Sheets are recognised by name ("List 3", "List 3 - Referrals") or, failing that, by their
// headers; headers and codes match tolerantly (see ./lists.ts and ../common/values.ts).
import { formatDay } from '../../../core/dates.js';
import { EV, outcomeCode } from '../../../core/events.js';
import { CsvParser } from '../csv-stream.js';
import { CLA_REASON, DISABILITY, ETHNICITY, SEX, SOURCE } from '../common/codes.js';
import { CodeList, YES_NO, normaliseName, parseFlexibleDate, dayFromExcelSerial } from '../common/values.js';
import { Workbook, columnName, type Cell, type SheetRow } from '../common/xlsx.js';
import type { Where } from '../quality/problems.js';
import type { SheetTally, SourceLog } from '../source-log.js';
import { LEGAL_STATUS_CODES, PLACEMENT_CODES, PROVIDER_CODES } from '../ssda903/codes.js';
import { ANNEX_A_LISTS, type AnnexColumn, type AnnexList } from './lists.js';

const ASSESSMENT_OUTCOME = new CodeList<number>([
  [outcomeCode('cin'), 'yes', 'y', 'cin', 'child in need'],
  [outcomeCode('nfa'), 'no', 'n', 'nfa', 'no further action'],
  [0, 'unknown', 'c) unknown'],
]);
const codeList = (codes: readonly string[]): CodeList<string> => new CodeList<string>(codes.map((c) => [c, c] as const));
const LEGAL_STATUS = codeList(LEGAL_STATUS_CODES);
const PLACEMENT = codeList(PLACEMENT_CODES);
const PROVIDER = codeList(PROVIDER_CODES);

/** Column index → column definition, for one sheet. */
interface SheetLayout {
  list: AnnexList;
  byIndex: (AnnexColumn | undefined)[];
  index: Map<string, number>;
  headerRow: number;
}

/** Reads a workbook held in `bytes`. */
export function readAnnexAWorkbook(bytes: Buffer, file: string, log: SourceLog): void {
  const workbook = Workbook.fromBytes(bytes);
  if (workbook.sheets.length === 0) log.warnings.push(`${file}: the workbook has no sheets`);
  for (const sheet of workbook.sheets) {
    const reader = new SheetReader(file, sheet.name, listFromName(sheet.name), log);
    workbook.readSheet(sheet, (row) => reader.row(row));
    reader.end();
  }
}

/** Reads one list saved as CSV (the list is told by the file name, or by its headers). */
export async function readAnnexACsv(input: AsyncIterable<Uint8Array | string>, file: string, log: SourceLog): Promise<void> {
  const reader = new SheetReader(file, null, listFromName(file), log);
  const parser = new CsvParser((record) => {
    const cells: (Cell | undefined)[] = [];
    for (let i = 0; i < record.count; i++) {
      const value = record.field(i);
      cells[i] = value.trim() === '' ? undefined : { value, number: null, formula: false, error: null };
    }
    reader.row({ row: record.line, cells });
  });
  for await (const chunk of input) parser.write(chunk);
  parser.end();
  reader.end();
}

function listFromName(name: string): AnnexList | null {
  const m = /list[\s_-]*0?(\d{1,2})(?!\d)/i.exec(name);
  if (!m) return null;
  return ANNEX_A_LISTS.find((l) => l.list === Number(m[1])) ?? null;
}

const HEADER_LOOKUP = new Map<AnnexList, Map<string, AnnexColumn>>(
  ANNEX_A_LISTS.map((list) => [list, new Map(list.columns.flatMap((c) => [c.header, ...(c.variants ?? [])].map((h) => [normaliseName(h), c] as const)))]),
);

const HEADERS = new Map<AnnexList, Map<string, string>>(ANNEX_A_LISTS.map((list) => [list, new Map(list.columns.map((c) => [c.key, c.header]))]));

function cellText(cell: Cell | undefined): string | null {
  if (cell === undefined || cell.value === null) return null;
  const text = cell.value.trim();
  return text === '' ? null : text;
}

class SheetReader {
  private layout: SheetLayout | null = null;
  private readonly tally: SheetTally;
  /** rows before the header row (titles), kept to count them if no header ever comes */
  private readonly rowsAboveHeader: number[] = [];
  private skippedReason: string | null = null;

  constructor(
    private readonly file: string,
    private readonly sheet: string | null,
    private readonly named: AnnexList | null,
    private readonly log: SourceLog,
  ) {
    this.tally = log.tally(file, sheet);
  }

  private get label(): string {
    return this.sheet === null ? this.file : `${this.file} › ${this.sheet}`;
  }

  row(row: SheetRow): void {
    const nonEmpty = row.cells.filter((c) => cellText(c) !== null || (c !== undefined && c.error !== null)).length;
    if (nonEmpty === 0) return;
    if (this.layout === null && this.skippedReason === null) {
      if (!this.tryHeader(row)) this.rowsAboveHeader.push(row.row);
      return;
    }
    this.tally.rows++;
    if (this.skippedReason !== null) {
      this.log.reject(this.tally, row.row, null, this.skippedReason, true);
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
    const headers = row.cells.map((c) => (cellText(c) === null ? '' : normaliseName(cellText(c)!)));
    const adopter = headers.includes(normaliseName('Individual adopter identifier'));
    const list = this.named ?? (adopter ? ANNEX_A_LISTS.find((l) => l.list === 11)! : bestList(headers));
    if (list === null) {
      const hasChildId = headers.some((h) => HEADER_LOOKUP.get(ANNEX_A_LISTS[0]!)!.get(h)?.key === 'childId');
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
    const lookup = HEADER_LOOKUP.get(list)!;
    if (!headers.some((h) => lookup.get(h)?.key === 'childId')) return false;
    const byIndex: (AnnexColumn | undefined)[] = [];
    const index = new Map<string, number>();
    headers.forEach((h, i) => {
      if (h === '') return;
      const column = lookup.get(h);
      const shown = cellText(row.cells[i])!;
      if (column === undefined) {
        this.log.warnings.push(`${this.label}: column ${columnName(i)} "${shown}" is not a column of List ${list.list} and is not read`);
        return;
      }
      if (index.has(column.key)) {
        this.log.warnings.push(`${this.label}: column ${columnName(i)} "${shown}" repeats column ${columnName(index.get(column.key)!)}; only the first is read`);
        return;
      }
      index.set(column.key, i);
      byIndex[i] = column;
    });
    this.layout = { list, byIndex, index, headerRow: row.row };
    if (list.use === 'attributes') this.log.warnings.push(`${this.label}: List ${list.list} (${list.title}) is read for the children's attributes only; it gives no events`);
    const missing = list.columns.filter((c) => c.kind === 'date' && c.childEvent && MAIN_DATE[list.list] === c.key && !index.has(c.key));
    for (const c of missing) this.log.warnings.push(`${this.label}: no "${c.header}" column, so its rows give no ${c.key} events`);
    return true;
  }

  private readRow(layout: SheetLayout, row: SheetRow): void {
    const t = this.tally;
    const where: Where = { file: this.file, sheet: this.sheet, row: row.row };
    const cell = (key: string): Cell | undefined => {
      const i = layout.index.get(key);
      return i === undefined ? undefined : row.cells[i];
    };
    const header = (key: string): string => HEADERS.get(layout.list)!.get(key) ?? key;

    const idCell = cell('childId');
    const childId = idCell?.number !== null && idCell?.number !== undefined && Number.isInteger(idCell.number) ? String(idCell.number) : cellText(idCell);
    if (childId === null) {
      this.log.reject(t, row.row, header('childId'), 'no child identifier');
      return;
    }
    if (childId.length > 64) {
      this.log.reject(t, row.row, header('childId'), `the child identifier is ${childId.length} characters long; at most 64 are allowed`);
      return;
    }

    // Dates first: a row of an event list with no usable event date cannot be imported.
    const dates = new Map<string, number>();
    for (const column of layout.list.columns) {
      if (column.kind !== 'date' || !layout.index.has(column.key)) continue;
      const day = this.date(cell(column.key), column.header, where, childId);
      if (day !== null) dates.set(column.key, day);
    }
    const eventKeys = EVENT_DATES[layout.list.list] ?? [];
    if (layout.list.use === 'events' && !eventKeys.some((k) => dates.has(k))) {
      const names = eventKeys.map(header).join('" or "');
      this.log.reject(t, row.row, header(eventKeys[0]!), `no usable date in "${names}"`);
      return;
    }

    const code = <T>(key: string, list: CodeList<T>, blank: T): T => {
      const c = cell(key);
      if (c !== undefined && c.error !== null) {
        this.cellError(c, header(key), where, childId);
        return blank;
      }
      const text = cellText(c);
      if (text === null) return blank;
      const value = list.find(text);
      if (value === undefined) {
        this.log.problem('code_not_in_list', childId, where, header(key), `"${text}" is not a code of "${header(key)}"; it is imported as blank`, [text]);
        return blank;
      }
      return value;
    };
    const text = (key: string): string | null => {
      const c = cell(key);
      if (c !== undefined && c.error !== null) {
        this.cellError(c, header(key), where, childId);
        return null;
      }
      return cellText(c);
    };

    const dob = dates.get('dob') ?? null;
    const attrs = { dob, sex: code('gender', SEX, 0), ethnicity: code('ethnicity', ETHNICITY, 0), disability: code('disability', DISABILITY, 0) };
    let latest: number | null = null;
    for (const key of eventKeys) {
      const d = dates.get(key);
      if (d !== undefined && (latest === null || d > latest)) latest = d;
    }
    const child = this.log.child(childId, attrs, latest, where, { dob: header('dob'), sex: header('gender'), ethnicity: header('ethnicity') });
    t.imported++;

    if (dob !== null) this.checkBirth(layout.list, dates, dob, where, childId);
    if (layout.list.use !== 'events') return;

    const team = layout.index.has('team') ? text('team') : null;
    const ev = (type: number, key: string, options: { outcome?: number; source?: number; team?: string | null } = {}): void => {
      const day = dates.get(key);
      if (day !== undefined) this.log.event(child, type, day, where, header(key), options);
    };
    const pair = (startKey: string, endKey: string): void => {
      const start = dates.get(startKey);
      const end = dates.get(endKey);
      if (end === undefined) return;
      if (start === undefined) {
        this.log.problem('end_without_start', childId, where, header(endKey), `"${header(endKey)}" is given but "${header(startKey)}" is blank`, [end]);
      } else if (end < start) {
        this.log.problem('end_before_start', childId, where, header(endKey), `"${header(endKey)}" is before "${header(startKey)}"`, [start, end]);
      }
    };

    switch (layout.list.list) {
      case 1:
        ev(EV.contact, 'contactDate', { source: code('contactSource', SOURCE, 0) });
        break;
      case 2:
        ev(EV.early_help_start, 'ehStart', { team: text('ehOrganisation') });
        ev(EV.early_help_end, 'ehEnd', { team: text('ehOrganisation') });
        pair('ehStart', 'ehEnd');
        break;
      case 3: {
        const nfa = code('referralNfa', YES_NO, false);
        ev(EV.referral, 'referralDate', { source: code('referralSource', SOURCE, 0), outcome: nfa ? outcomeCode('nfa') : 0, team });
        break;
      }
      case 4:
        ev(EV.assessment_start, 'assessmentStart', { team });
        ev(EV.assessment_end, 'assessmentEnd', { outcome: code('assessmentOutcome', ASSESSMENT_OUTCOME, 0), team });
        pair('assessmentStart', 'assessmentEnd');
        break;
      case 5: {
        // One date: the strategy discussion that started the enquiry.
        ev(EV.strategy_discussion, 's47Start', { team });
        ev(EV.s47_start, 's47Start', { team });
        const plan = code('icpcPlan', YES_NO, null as boolean | null);
        code('icpcUnnecessary', YES_NO, null as boolean | null);
        ev(EV.icpc, 'icpcDate', { outcome: plan === null ? 0 : outcomeCode(plan ? 'cp_plan' : 'no_plan'), team });
        const s47 = dates.get('s47Start');
        const icpc = dates.get('icpcDate');
        if (s47 !== undefined && icpc !== undefined && s47 > icpc) {
          this.log.problem('s47_after_icpc', childId, where, header('s47Start'), `the section 47 enquiry starts after its conference ("${header('icpcDate')}")`, [s47, icpc]);
        }
        break;
      }
      case 6:
        ev(EV.cin_plan_start, 'cinStart', { team });
        ev(EV.cin_plan_end, 'cinEnd', { team });
        code('needCode', NEED, null);
        code('closureReason', CLOSURE, null);
        pair('cinStart', 'cinEnd');
        this.log.interval('cin', child, childId, dates.get('cinStart'), dates.get('cinEnd'), where, header('cinStart'));
        break;
      case 7:
        ev(EV.cp_plan_start, 'cpStart', { team });
        ev(EV.cp_plan_end, 'cpEnd', { team });
        pair('cpStart', 'cpEnd');
        this.log.interval('cp', child, childId, dates.get('cpStart'), dates.get('cpEnd'), where, header('cpStart'));
        break;
      case 8: {
        const reason = code('claReason', CLA_REASON, 0);
        ev(EV.cla_start, 'claStart', { team });
        ev(EV.cla_end, 'claEnd', { outcome: reason, team });
        pair('claStart', 'claEnd');
        const start = dates.get('claStart');
        if (start !== undefined) {
          // Each list 8 row is a child's current (or just ended) period of care.
          this.log.counts.periodsOfCare = (this.log.counts.periodsOfCare ?? 0) + 1;
          if (!dates.has('claEnd')) this.log.counts.openPeriodsOfCare = (this.log.counts.openPeriodsOfCare ?? 0) + 1;
          this.log.careEpisodes.push({
            child,
            period: 1,
            start: dates.get('placementStart') ?? start,
            end: dates.get('claEnd') ?? null,
            rne: null,
            legalStatus: code('legalStatus', LEGAL_STATUS, null),
            needCode: null,
            placement: code('placementType', PLACEMENT, null),
            provider: code('placementProvider', PROVIDER, null),
            reasonEnded: reason === 0 ? null : (text('claReason') ?? null),
          });
        }
        break;
      }
    }
  }

  /** A cell read as a date: a number is an Excel serial date; text is parsed. Reports what it cannot read. */
  private date(c: Cell | undefined, field: string, where: Where, childId: string): number | null {
    if (c === undefined) return null;
    if (c.error !== null) {
      this.cellError(c, field, where, childId);
      return null;
    }
    if (c.value === null) {
      if (c.formula) this.log.problem('formula_without_value', childId, where, field, `"${field}" holds a formula with no saved result`, []);
      return null;
    }
    if (c.number !== null) {
      const day = dayFromExcelSerial(c.number);
      if (day === null) this.log.problem('bad_date', childId, where, field, `"${field}" holds ${c.value}, which is not a date`, [c.value]);
      return day;
    }
    const text = c.value.trim();
    if (text === '') return null;
    const parsed = parseFlexibleDate(text);
    if ('reason' in parsed) {
      this.log.problem('bad_date', childId, where, field, `"${field}": ${parsed.reason}`, [text]);
      return null;
    }
    return parsed.day;
  }

  private cellError(c: Cell, field: string, where: Where, childId: string): void {
    this.log.problem('cell_error', childId, where, field, `"${field}" holds the Excel error ${c.error}${c.formula ? ' from its formula' : ''}; it is read as blank`, [c.error]);
  }

  /** The date of birth must not be after any date of something that happened to the child in the row. */
  private checkBirth(list: AnnexList, dates: Map<string, number>, dob: number, where: Where, childId: string): void {
    let earliest: AnnexColumn | null = null;
    const before: string[] = [];
    for (const column of list.columns) {
      if (!column.childEvent) continue;
      const d = dates.get(column.key);
      if (d === undefined || d >= dob) continue;
      before.push(`"${column.header}"`);
      if (earliest === null || d < dates.get(earliest.key)!) earliest = column;
    }
    if (earliest === null) return;
    this.log.problem('dob_after_event', childId, where, earliest.header, `the date of birth (${formatDay(dob)}) is after ${before.join(', ')} (${formatDay(dates.get(earliest.key)!)})`, [dob, dates.get(earliest.key)!]);
  }
}

const NEED = codeList(['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']);
const CLOSURE = codeList(['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9']);

/** The date columns whose events a row of each list gives (a row needs one of them). */
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

/** The list whose own (non-child) columns the headers match best, or null when none matches. */
function bestList(headers: readonly string[]): AnnexList | null {
  let best: AnnexList | null = null;
  let bestScore = 0;
  for (const list of ANNEX_A_LISTS) {
    const lookup = HEADER_LOOKUP.get(list)!;
    let score = 0;
    for (const h of headers) {
      const column = lookup.get(h);
      if (column !== undefined && !['childId', 'gender', 'ethnicity', 'dob', 'age', 'disability', 'team', 'worker'].includes(column.key)) score++;
    }
    if (score > bestScore) {
      best = list;
      bestScore = score;
    }
  }
  return best;
}
