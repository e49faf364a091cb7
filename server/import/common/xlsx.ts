// Reads the sheets of an .xlsx workbook row by row: sheet names in workbook order, shared strings,
// and each cell's cached value. A formula cell gives its cached result (`formula: true`); an error
// cell (#N/A) gives its error text; a formula with no cached result gives `value: null` with
// `formula: true`, so the caller can report it. Nothing is evaluated.
import { StringDecoder } from 'node:string_decoder';
import { ZipArchive } from './zip.js';
import { letLoopIn } from '../../event-loop.js';
import { XmlSyntaxError, XmlTokenizer, attribute, decodeEntities } from './xml-tokenizer.js';

export interface Cell {
  /** the cell's value as text (a number's shortest form), null when the cell is empty */
  value: string | null;
  /** the value as a number when the cell is numeric, else null */
  number: number | null;
  /** the cell holds a formula (its cached result is `value`) */
  formula: boolean;
  /** Excel's error text (#N/A, #REF!, …) when the cell holds an error */
  error: string | null;
}

export interface SheetRow {
  /** the row number Excel shows */
  row: number;
  /** cells by column index (0 = A); holes are empty cells */
  cells: (Cell | undefined)[];
}

export interface SheetInfo {
  name: string;
  path: string;
}

const REL_NS_ID = 'id';
/** Bytes of a sheet decoded to text between two turns of the event loop by loadSheet, and about a part of its text. */
const TEXT_PART = 4 * 1024 ** 2;
/** A sheet unpacking to this much or more is read by the tokenizer, from its bytes. */
const MAX_SCANNED_BYTES = 256 * 1024 ** 2;

export class Workbook {
  readonly sheets: SheetInfo[];
  /** dates are counted from 1904-01-01 (`<workbookPr date1904="1"/>`, workbooks from old Mac Excel), not 1899-12-30 */
  readonly date1904: boolean;
  private sharedStrings: string[] | null = null;
  /** sheets unpacked and decoded ahead by loadSheet, by path, until sheetRows takes them */
  private readonly loaded = new Map<string, { bytes: readonly Buffer[]; texts: readonly string[] | null }>();

  constructor(private readonly zip: ZipArchive) {
    ({ sheets: this.sheets, date1904: this.date1904 } = readSheetList(zip));
  }

  /** `maxUnpackedBytes`: the most the whole workbook may unpack to (server/import/common/zip.ts). */
  static fromBytes(bytes: Buffer, maxUnpackedBytes?: number): Workbook {
    return new Workbook(new ZipArchive(bytes, maxUnpackedBytes));
  }

  private strings(): string[] {
    if (this.sharedStrings === null) this.sharedStrings = this.zip.has('xl/sharedStrings.xml') ? readSharedStrings(this.zip.read('xl/sharedStrings.xml')) : [];
    return this.sharedStrings;
  }

  /** Calls `onRow` for each row of the sheet that has a cell, in order. */
  readSheet(sheet: SheetInfo, onRow: (row: SheetRow) => void): void {
    for (const row of this.sheetRows(sheet)) onRow(row);
  }

  /**
   * The rows of the sheet that have a cell, in order, one at a time: a reader can let the event loop run between
   * them (annex-a/read.ts). Sheets written without namespace prefixes (nearly all) take the direct scan; others
   * the tokenizer, whose rows come once it has read the whole sheet.
   */
  *sheetRows(sheet: SheetInfo): Generator<SheetRow> {
    const ahead = this.loaded.get(sheet.path);
    this.loaded.delete(sheet.path);
    const bytes = ahead?.bytes ?? [this.zip.read(sheet.path)];
    const texts = ahead !== undefined ? ahead.texts : bytes[0]!.length < MAX_SCANNED_BYTES ? [bytes[0]!.toString('utf8')] : null;
    if (texts !== null && texts.some((t) => t.includes('<sheetData'))) {
      yield* scannedRows(texts, this.strings());
      return;
    }
    const rows: SheetRow[] = [];
    this.tokenizeSheet(bytes, (row) => rows.push(row));
    yield* rows;
  }

  /**
   * Unpacks a sheet (and the shared strings) with the inflating off the event loop and decodes it about 4 MB
   * at a time with the loop let in between, for sheetRows to take: a 15.4 MB workbook's sheet unpacked and
   * decoded in one stretch held the service 315-412 ms (audit a12f M1). The sheet is never joined into one
   * buffer or one string (a 52 MB sheet: 40-50 ms for each join): its bytes stay in zlib's pieces and its
   * text in parts, each cut just after a `</row>`, so that no row spans two parts (scannedRows).
   */
  async loadSheet(sheet: SheetInfo): Promise<void> {
    if (this.sharedStrings === null && this.zip.has('xl/sharedStrings.xml')) this.sharedStrings = readSharedStrings(await this.zip.readAsync('xl/sharedStrings.xml'));
    const bytes = await this.zip.readPiecesAsync(sheet.path);
    let size = 0;
    for (const piece of bytes) size += piece.length;
    let texts: string[] | null = null;
    if (size < MAX_SCANNED_BYTES) {
      texts = [];
      const decoder = new StringDecoder('utf8');
      let decoded: string[] = [];
      let decodedBytes = 0;
      // the text after the last cut (a row not yet ended, at most)
      let rest = '';
      for (const piece of bytes) {
        decoded.push(decoder.write(piece));
        decodedBytes += piece.length;
        if (decodedBytes < TEXT_PART) continue;
        const text = rest + decoded.join('');
        decoded = [];
        decodedBytes = 0;
        const cut = text.lastIndexOf('</row>');
        if (cut < 0) rest = text;
        else {
          texts.push(text.slice(0, cut + 6));
          rest = text.slice(cut + 6);
        }
        // A sheet whose tags have prefixes (<x:sheetData>, <x:row>) is read by the tokenizer, from its bytes: its
        // text is not built (the tag comes in a sheet's first kilobytes, after at most 16,384 column widths).
        if (texts.length === 0 && !rest.includes('<sheetData')) {
          texts = null;
          break;
        }
        await letLoopIn();
      }
      if (texts !== null) texts.push(rest + decoded.join('') + decoder.end());
    }
    this.loaded.set(sheet.path, { bytes, texts });
  }

  /** The general reader: any well-formed sheet XML, prefixed names included. */
  private tokenizeSheet(bytes: Buffer | readonly Buffer[], onRow: (row: SheetRow) => void): void {
    const strings = this.strings();
    let row: SheetRow | null = null;
    let nextRow = 1;
    let cell: Cell | null = null;
    let cellType = '';
    let column = 0;
    let nextColumn = 0;
    let inValue = false;
    let inInline = false;
    let inFormula = false;
    let text = '';
    const tokenizer = new XmlTokenizer(
      {
        open(name, attrs, line) {
          switch (name) {
            case 'row': {
              const r = attribute(attrs, 'r');
              const number = r === null ? nextRow : Number.parseInt(r, 10);
              row = { row: number, cells: [] };
              nextRow = number + 1;
              nextColumn = 0;
              break;
            }
            case 'c': {
              const ref = attribute(attrs, 'r');
              column = ref === null ? nextColumn : columnIndex(ref);
              if (column >= MAX_COLUMNS) throw beyondLastColumn(line, ref ?? `column ${column + 1}`);
              nextColumn = column + 1;
              cellType = attribute(attrs, 't') ?? 'n';
              cell = { value: null, number: null, formula: false, error: null };
              text = '';
              break;
            }
            case 'v':
              inValue = true;
              text = '';
              break;
            case 'f':
              inFormula = true;
              if (cell !== null) cell.formula = true;
              break;
            case 'is':
              inInline = true;
              text = '';
              break;
          }
        },
        text(value) {
          if (inValue || (inInline && !inFormula)) text += value;
        },
        close(name) {
          switch (name) {
            case 'v':
              inValue = false;
              if (cell !== null) setValue(cell, cellType, text, strings);
              break;
            case 'f':
              inFormula = false;
              break;
            case 'is':
              inInline = false;
              if (cell !== null) cell.value = text;
              break;
            case 'c':
              // An empty cell (styled only) is a hole, as in the scan.
              if (row !== null && cell !== null && (cell.value !== null || cell.formula || cell.error !== null)) row.cells[column] = cell;
              cell = null;
              break;
            case 'row':
              if (row !== null && row.cells.length > 0) onRow(row);
              row = null;
              break;
          }
        },
      },
      true,
    );
    const decoder = new StringDecoder('utf8');
    const CHUNK = 1 << 20;
    for (const piece of Buffer.isBuffer(bytes) ? [bytes] : bytes) {
      for (let p = 0; p < piece.length; p += CHUNK) tokenizer.write(decoder.write(piece.subarray(p, p + CHUNK)));
    }
    tokenizer.write(decoder.end());
    tokenizer.end();
  }
}

/**
 * Reads the rows of an unprefixed sheet straight from its text with indexOf (each search bounded by
 * the slice of its tag or cell), reading cell references, row numbers and shared-string indexes in
 * place: several times faster than tokenizing every tag, for the same cells (tests compare the two).
 */
export function scanSheet(s: string, strings: string[], onRow: (row: SheetRow) => void): void {
  for (const row of scannedRows([s], strings)) onRow(row);
}

/** Where readCell is: `at` in the part, `base` the part's start in the sheet's text, `whole` that text (for errors). */
interface Cursor {
  at: number;
  nextColumn: number;
  base: number;
  whole: () => string;
}

/**
 * scanSheet's rows, one at a time, from the sheet's text in parts, each but the last ending with a `</row>`
 * (loadSheet), so that no row spans two; an error's line and row are those in the whole text.
 */
function* scannedRows(parts: readonly string[], strings: string[]): Generator<SheetRow> {
  let nextRow = 1;
  const whole = (): string => (parts.length === 1 ? parts[0]! : parts.join(''));
  // A sheet cut short (an exporter stopped, a damaged copy) is refused whole, never read in part: the scan below
  // relies on every tag it starts being closed (audit a12e B1: a sheet ending inside "<c r=\"B3\"" looped for ever).
  let tail = '';
  for (let k = parts.length - 1; k >= 0 && tail.length < 64; k--) tail = parts[k]! + tail;
  if (!/<\/worksheet>\s*$/.test(tail.slice(-64))) throw cutShort(whole(), whole().length);
  const cursor: Cursor = { at: 0, nextColumn: 0, base: 0, whole };
  for (const s of parts) {
    let p = cursor.base === 0 ? s.indexOf('<sheetData') : 0;
    while ((p = s.indexOf('<row', p)) >= 0) {
      const after = s.charCodeAt(p + 4);
      if (after !== 32 && after !== 62 && after !== 47 && after !== 9 && after !== 10 && after !== 13) {
        p += 4;
        continue;
      }
      const tagClose = s.indexOf('>', p);
      if (tagClose < 0) throw cutShort(whole(), cursor.base + p);
      const rowAttrs = s.slice(p + 4, tagClose);
      const rAt = rowAttrs.indexOf(' r="');
      const number = rAt >= 0 ? digits(rowAttrs, rAt + 4) : attributeNumber(rowAttrs, 'r') ?? nextRow;
      nextRow = number + 1;
      if (s.charCodeAt(tagClose - 1) === 47) {
        p = tagClose + 1;
        continue;
      }
      let rowEnd = s.indexOf('</row>', tagClose);
      if (rowEnd < 0) rowEnd = s.length;
      const row: SheetRow = { row: number, cells: [] };
      cursor.at = tagClose + 1;
      cursor.nextColumn = 0;
      while (readCell(s, rowEnd, strings, row, cursor));
      if (row.cells.length > 0) yield row;
      p = rowEnd + 6;
    }
    cursor.base += s.length;
  }
}

/**
 * The error for a sheet whose XML ends inside a tag or before its data does: at the spreadsheet row last
 * begun before `at`, the row a user can find (a sheet's XML is one or two lines, so the line told nothing:
 * audit a12f m2), else at the XML's line.
 */
function cutShort(s: string, at: number): XmlSyntaxError {
  const row = rowBegunBefore(s, at);
  const reason = 'the workbook is cut short or damaged (save it again from the spreadsheet program)';
  if (row === null) return new XmlSyntaxError(lineAt(s, at), `the sheet ends inside a tag or before its data does: ${reason}`);
  return new XmlSyntaxError(row, `the sheet ends inside a tag or before its data does, in or after its row ${row}: ${reason}`);
}

/** The number (`r`) of the last `<row` tag begun before `at`, or null when there is none or it has no number. */
function rowBegunBefore(s: string, at: number): number | null {
  for (let p = s.lastIndexOf('<row', at - 1); p >= 0; p = s.lastIndexOf('<row', p - 1)) {
    const after = s.charCodeAt(p + 4);
    if (after !== 32 && after !== 9 && after !== 10 && after !== 13) continue;
    const end = s.indexOf('>', p);
    const attrs = s.slice(p + 4, end < 0 || end > at ? at : end);
    const r = attrs.indexOf(' r="');
    if (r < 0) return null;
    // a number the cut went through: the row before it is the last whole one
    if (!/^\d+"/.test(attrs.slice(r + 4))) continue;
    return digits(attrs, r + 4);
  }
  return null;
}

/** The line of the sheet's XML that position `at` is on. */
function lineAt(s: string, at: number): number {
  let line = 1;
  for (let k = s.indexOf('\n'); k >= 0 && k < at; k = s.indexOf('\n', k + 1)) line++;
  return line;
}

/**
 * Columns a worksheet can have (A to XFD). A cell past them is refused with the sheet: its row would be
 * an array as long as its column (audit a12f B1: one cell at JAAAAA1 made 36 million empty places and held
 * the service 13-65 s, at a larger column 3.7 billion).
 */
export const MAX_COLUMNS = 16_384;

function beyondLastColumn(line: number, ref: string): XmlSyntaxError {
  return new XmlSyntaxError(line, `cell ${ref.slice(0, 20)} is past the last column a worksheet has (XFD): the workbook is damaged or was not written by a spreadsheet program`);
}

/** Reads the next cell of a row (from cursor.at, before rowEnd) into row.cells; false when the row has no more. */
function readCell(s: string, rowEnd: number, strings: string[], row: SheetRow, cursor: Cursor): boolean {
  const q = s.indexOf('<c', cursor.at);
  if (q < 0 || q >= rowEnd) return false;
  const c = s.charCodeAt(q + 2);
  if (c !== 32 && c !== 62 && c !== 47 && c !== 9 && c !== 10 && c !== 13) {
    cursor.at = q + 2;
    return true;
  }
  const cClose = s.indexOf('>', q);
  if (cClose < 0 || cClose > rowEnd) throw cutShort(cursor.whole(), cursor.base + q);
  const selfClosing = s.charCodeAt(cClose - 1) === 47;
  const attrs = s.slice(q + 2, selfClosing ? cClose - 1 : cClose);
  const refAt = attrs.indexOf(' r="');
  const column = refAt >= 0 ? columnAt(attrs, refAt + 4) : columnOf(attrs, cursor.nextColumn);
  if (column >= MAX_COLUMNS) throw beyondLastColumn(lineAt(cursor.whole(), cursor.base + q), attribute(attrs, 'r') ?? `column ${column + 1}`);
  cursor.nextColumn = column + 1;
  if (selfClosing) {
    cursor.at = cClose + 1;
    return true;
  }
  let end = s.indexOf('</c>', cClose);
  if (end < 0 || end > rowEnd) end = rowEnd;
  cursor.at = end + 4;
  const body = s.slice(cClose + 1, end);
  const cell: Cell = { value: null, number: null, formula: body.indexOf('<f') >= 0, error: null };
  const tAt = attrs.indexOf(' t="');
  const type = tAt >= 0 ? attrs.slice(tAt + 4, attrs.indexOf('"', tAt + 4)) : (attribute(attrs, 't') ?? 'n');
  if (type === 'inlineStr') cell.value = inlineText(body);
  else {
    const v = body.indexOf('<v');
    if (v >= 0) {
      const open = body.indexOf('>', v);
      const close = body.indexOf('</v>', open);
      if (body.charCodeAt(open - 1) !== 47 && close > open) {
        if (type === 's') cell.value = strings[digits(body, open + 1)] ?? null;
        else setValue(cell, type, decodeEntities(body.slice(open + 1, close)), strings);
      }
    }
  }
  if (cell.value !== null || cell.formula || cell.error !== null) row.cells[column] = cell;
  return true;
}

/** The decimal integer written at s[at…] (digits until the first other character; 0 when none). */
function digits(s: string, at: number): number {
  let n = 0;
  for (let k = at; k < s.length; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return n;
}

/** 0-based column of the cell reference at s[at…]: A1 → 0, AB7 → 27. */
function columnAt(s: string, at: number): number {
  let n = 0;
  for (let k = at; k < s.length; k++) {
    const c = s.charCodeAt(k) | 32;
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
  }
  return n - 1;
}

/** An attribute written some other way (single quotes, a prefix): the general reader. */
function attributeNumber(attrs: string, name: string): number | null {
  const value = attribute(attrs, name);
  return value === null ? null : Number.parseInt(value, 10);
}

function columnOf(attrs: string, nextColumn: number): number {
  const ref = attribute(attrs, 'r');
  return ref === null ? nextColumn : columnIndex(ref);
}

/** The text of an inline string cell's body: its text runs joined (one run, the usual shape, without a list). */
function inlineText(body: string): string {
  if (body.startsWith('<is><t')) {
    const open = body.indexOf('>', 6);
    const close = body.indexOf('</t>', open);
    if (close > open && body.indexOf('<t', close) < 0) return decodeEntities(body.slice(open + 1, close));
  }
  const parts: string[] = [];
  for (let t = body.indexOf('<t'); t >= 0; t = body.indexOf('<t', t + 2)) {
    const open = body.indexOf('>', t);
    if (body.charCodeAt(t + 2) !== 62 && body.charCodeAt(t + 2) !== 32) continue;
    const close = body.indexOf('</t>', open);
    if (close < 0) break;
    parts.push(decodeEntities(body.slice(open + 1, close)));
  }
  return parts.join('');
}

function setValue(cell: Cell, type: string, text: string, strings: string[]): void {
  switch (type) {
    case 's': {
      const index = Number.parseInt(text, 10);
      cell.value = strings[index] ?? null;
      break;
    }
    case 'e':
      cell.error = text;
      cell.value = null;
      break;
    case 'b':
      cell.value = text === '1' ? 'TRUE' : 'FALSE';
      break;
    case 'str':
    case 'inlineStr':
    case 'd':
      cell.value = text;
      break;
    default: {
      cell.value = text;
      const number = Number(text);
      cell.number = text.trim() !== '' && Number.isFinite(number) ? number : null;
    }
  }
}

/** 0-based column of a cell reference: A1 → 0, AB7 → 27. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let k = 0; k < ref.length; k++) {
    const c = ref.charCodeAt(k) | 32; // lower case
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
  }
  return n - 1;
}

/** Column letters of a 0-based index: 0 → A, 27 → AB. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function parseXml(bytes: Buffer, handler: ConstructorParameters<typeof XmlTokenizer>[0], keepBlank = false): void {
  const tokenizer = new XmlTokenizer(handler, keepBlank);
  tokenizer.write(bytes.toString('utf8'));
  tokenizer.end();
}

function readSheetList(zip: ZipArchive): { sheets: SheetInfo[]; date1904: boolean } {
  if (!zip.has('xl/workbook.xml')) throw new Error('the file is a ZIP archive but not an .xlsx workbook (no xl/workbook.xml)');
  const targets = new Map<string, string>();
  if (zip.has('xl/_rels/workbook.xml.rels')) {
    parseXml(zip.read('xl/_rels/workbook.xml.rels'), {
      open(name, attrs) {
        if (name !== 'Relationship') return;
        const id = attribute(attrs, 'Id');
        const target = attribute(attrs, 'Target');
        if (id !== null && target !== null) targets.set(id, target);
      },
      close() {},
      text() {},
    });
  }
  const sheets: SheetInfo[] = [];
  let date1904 = false;
  parseXml(zip.read('xl/workbook.xml'), {
    open(name, attrs) {
      if (name === 'workbookPr') {
        const flag = attribute(attrs, 'date1904');
        date1904 = flag === '1' || flag === 'true';
        return;
      }
      if (name !== 'sheet') return;
      const sheetName = attribute(attrs, 'name') ?? `Sheet${sheets.length + 1}`;
      const rid = attribute(attrs, REL_NS_ID);
      let target = rid === null ? undefined : targets.get(rid);
      if (target === undefined) target = `worksheets/sheet${sheets.length + 1}.xml`;
      const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      if (zip.has(path)) sheets.push({ name: sheetName, path });
    },
    close() {},
    text() {},
  });
  return { sheets, date1904 };
}

function readSharedStrings(bytes: Buffer): string[] {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inT = false;
  let phonetic = 0;
  parseXml(
    bytes,
    {
      open(name) {
        if (name === 'si') current = [];
        else if (name === 't') inT = true;
        else if (name === 'rPh') phonetic++;
      },
      text(text) {
        if (inT && phonetic === 0 && current !== null) current.push(text);
      },
      close(name) {
        if (name === 'si') {
          strings.push(current === null ? '' : current.join(''));
          current = null;
        } else if (name === 't') inT = false;
        else if (name === 'rPh') phonetic--;
      },
    },
    true,
  );
  return strings;
}
