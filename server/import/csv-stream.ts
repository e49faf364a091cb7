// A streaming RFC 4180 parser: UTF-8 (BOM ignored), LF, CRLF or lone CR line ends (the file's first line
// end sets which: in a file whose lines end in LF or CRLF a lone CR is a stray character, flagged, not a
// line end that would make the rest of the row a record of its own), quoted fields with
// commas, doubled quotes and line breaks. It keeps only the record being read, never the file. A
// plain line (no quote) is split in one pass over its characters and handed over as offsets into the
// chunk's text, so reading it allocates nothing; other records go through a state machine.
//
// What no CSV value should hold is flagged on its record, with the field, and parsing goes on: a quote
// inside an unquoted field, text after a closing quote, a control character (NUL and the like; tab
// and, inside quotes, line breaks are fine), a byte-order mark after the start of the file. What
// makes the rest of the file unreadable stops it, with the line: bytes that are not UTF-8 (the line
// they are on), an unterminated quote, a field or record too long to be one.
import { InvalidUtf8Error, StrictUtf8Decoder, notUtf8Reason } from './common/strict-utf8.js';
import { spaceControlInside } from './common/spaces.js';

/** A record, copied out of the parser. */
export interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts (the header is line 1) */
  line: number;
  /** set when the record is malformed but parsing could go on (see the top of this file) */
  error: string | null;
  /** the 0-based field the error is in, -1 when none */
  errorField: number;
}

/**
 * A record as the parser hands it to its sink: field i is `text.slice(start[i], end[i])`. The parser
 * reuses it for the next record, so read it during the call (`fields()` copies).
 */
export class CsvRecordView {
  text = '';
  count = 0;
  start = new Int32Array(32);
  end = new Int32Array(32);
  line = 1;
  error: string | null = null;
  /** the 0-based field `error` is in, -1 when none */
  errorField = -1;

  /** A view of fields given as strings (tests, headers built by hand). */
  static of(fields: readonly string[], line = 1): CsvRecordView {
    const view = new CsvRecordView();
    view.setFields(fields);
    view.line = line;
    return view;
  }

  field(i: number): string {
    return this.text.slice(this.start[i], this.end[i]);
  }

  fields(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.field(i);
    return out;
  }

  /** Makes room for `n` fields. */
  reserve(n: number): void {
    if (n <= this.start.length) return;
    const size = Math.max(n, this.start.length * 2);
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    start.set(this.start);
    end.set(this.end);
    this.start = start;
    this.end = end;
  }

  setFields(fields: readonly string[]): void {
    this.reserve(fields.length);
    let at = 0;
    for (let i = 0; i < fields.length; i++) {
      this.start[i] = at;
      at += fields[i]!.length;
      this.end[i] = at;
    }
    this.text = fields.length === 1 ? fields[0]! : fields.join('');
    this.count = fields.length;
  }
}

/** A fault that stops the whole file: an unterminated quote or bytes that are not UTF-8. */
export class CsvSyntaxError extends Error {
  readonly code = 'CSV_SYNTAX';
  constructor(
    readonly line: number,
    message: string,
    /** the file, when the reader that threw reads several (reports name it) */
    readonly file: string | null = null,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** A record's fault as its importer reports it: the column (named by the file's header) and why. */
export interface CsvFault {
  column: string | null;
  reason: string;
}

/**
 * What every importer of CSV asks of a data record before reading its values: the fault the parser
 * flagged on it (a stray quote, text after a closing quote, a control character, a byte-order mark in
 * the middle of the file), with its column named by `header`; null when there is none. Such a record is
 * rejected with its line and column, never read: a quote half-read would turn one child into two.
 */
export function recordFault(record: CsvRecordView, header: readonly string[]): CsvFault | null {
  if (record.error === null) return null;
  return { column: record.errorField >= 0 ? (header[record.errorField] ?? null) : null, reason: record.error };
}

/** A header record with a fault makes its file unreadable: throws CsvSyntaxError naming its line. */
export function checkHeaderRecord(record: CsvRecordView, file: string | null = null): void {
  if (record.error !== null) throw new CsvSyntaxError(record.line, `the header: ${record.error}`, file);
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const TAB = 9;
const DEL = 0x7f;
const BOM = 0xfeff;

/** Whether `c` may not appear in a field: control characters but tab, and a byte-order mark (line
 * breaks are handled before this is asked). A vertical tab or form feed is a Unicode space: refused only
 * where trimming keeps it, inside a value (isSpaceControl; checked once the record is read). */
function isForbidden(c: number): boolean {
  return (c < 32 && c !== TAB && c !== VT && c !== FF) || c === DEL || c === BOM;
}

const VT = 11;
const FF = 12;
const isSpaceControl = (c: number): boolean => c === VT || c === FF;

function strayCRReason(field: number): string {
  return `field ${field + 1} holds a carriage return (CR) on its own, inside a line of a file whose lines end in LF: was a line break typed into a value?`;
}

function forbiddenReason(c: number, field: number): string {
  return c === BOM
    ? `field ${field + 1} holds a byte-order mark (U+FEFF) in the middle of the file: were two files joined?`
    : `field ${field + 1} holds a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')}), which no CSV value may`;
}

export interface CsvLimits {
  /** longest field, in characters; @default 65,536 */
  maxFieldLength?: number;
  /** longest record, in characters; @default 16 Mi */
  maxRecordLength?: number;
}

// Parser states between two characters (and so between two chunks).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** a quote was read inside a quoted field: either the first of a doubled quote or the closing one */
const QUOTE_IN_QUOTED = 3;
const AFTER_QUOTE = 4;

export type RecordSink = (record: CsvRecordView) => void;

/** Push parser: feed it chunks with `write`, then call `end`; each complete record goes to `sink`. */
export class CsvParser {
  /** the bytes of a UTF-8 character cut by the end of the last chunk */
  private readonly decoder = new StrictUtf8Decoder();
  private state = FIELD_START;
  private field = '';
  private fields: string[] = [];
  private recordError: string | null = null;
  private recordErrorField = -1;
  /** characters of the record read so far (state machine) */
  private recordLength = 0;
  private readonly maxField: number;
  private readonly maxRecord: number;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** a CR ended the previous chunk: an LF starting the next one belongs to it */
  private skipLF = false;
  /** the file's line ends, from its first one outside quotes: 'lf' (LF or CRLF), 'cr' (lone CR), or not seen yet */
  private lineEnds: 'lf' | 'cr' | null = null;
  /**
   * In an LF file, a CR ended the previous chunk outside quotes (state UNQUOTED or AFTER_QUOTE, the field so
   * far in `field`): a line end if the next chunk starts with LF, else a stray character.
   */
  private pendingCR = false;
  /** the record being read (state machine) holds a vertical tab or form feed somewhere */
  private spaceControl = false;
  private started = false;
  private readonly view = new CsvRecordView();

  constructor(
    private readonly sink: RecordSink,
    limits: CsvLimits = {},
  ) {
    this.maxField = limits.maxFieldLength ?? 65_536;
    this.maxRecord = limits.maxRecordLength ?? 16 * 1024 * 1024;
  }

  /** Flags the record being read (the first fault found is the one reported). */
  private flag(field: number, reason: string): void {
    if (this.recordError !== null) return;
    this.recordError = reason;
    this.recordErrorField = field;
  }

  private tooLong(what: 'field' | 'record'): CsvSyntaxError {
    const limit = what === 'field' ? this.maxField : this.maxRecord;
    const hint = this.state === QUOTED ? ` (a quoted field opened on line ${this.quoteLine}: is its closing quote missing?)` : '';
    return new CsvSyntaxError(this.state === QUOTED ? this.quoteLine : this.recordLine, `a ${what} is longer than ${limit.toLocaleString('en-GB')} characters${hint}`);
  }

  write(chunk: Uint8Array | string): void {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else {
      try {
        text = this.decoder.write(chunk);
      } catch (error) {
        if (!(error instanceof InvalidUtf8Error)) throw error;
        // Read up to the bad bytes first, so the error names the line they are on.
        this.feedStart(error.before);
        throw this.notUtf8(error.column);
      }
    }
    this.feedStart(text);
  }

  private feedStart(text: string): void {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1); // the byte-order mark
    }
    this.feed(text);
  }

  private notUtf8(column: number): CsvSyntaxError {
    return new CsvSyntaxError(this.line, `${notUtf8Reason(column)} (save the file as UTF-8 CSV)`);
  }

  end(): void {
    try {
      this.decoder.end();
    } catch (error) {
      if (error instanceof InvalidUtf8Error) throw this.notUtf8(error.column);
      throw error;
    }
    if (this.pendingCR) {
      // the file's last character: a line end
      this.pendingCR = false;
      this.fields.push(this.field);
      this.field = '';
      this.emit();
      return;
    }
    switch (this.state) {
      case QUOTED:
        throw new CsvSyntaxError(this.quoteLine, 'unterminated quote: a quoted field opened here is never closed');
      case FIELD_START:
        if (this.fields.length === 0) return; // the file ended with a line break
        this.fields.push('');
        break;
      default:
        this.fields.push(this.field);
    }
    this.emit();
  }

  /** Hands over the record built by the state machine. */
  private emit(): void {
    if (this.spaceControl) {
      this.spaceControl = false;
      this.fields.forEach((f, k) => {
        const c = spaceControlInside(f, 0, f.length);
        if (c >= 0) this.flag(k, forbiddenReason(c, k));
      });
    }
    const view = this.view;
    view.setFields(this.fields);
    view.line = this.recordLine;
    view.error = this.recordError;
    view.errorField = this.recordErrorField;
    this.sink(view);
    this.fields = [];
    this.field = '';
    this.recordError = null;
    this.recordErrorField = -1;
    this.recordLength = 0;
  }

  private feed(s: string): void {
    const n = s.length;
    let i = 0;
    let countFrom = 0;
    if (this.skipLF && n > 0) {
      this.skipLF = false;
      const lf = s.charCodeAt(0) === LF;
      if (this.state !== QUOTED) this.lineEnds ??= lf ? 'lf' : 'cr';
      if (lf) {
        if (this.state === QUOTED) countFrom = 1;
        else i = 1;
      }
    }
    if (this.pendingCR && n > 0) {
      this.pendingCR = false;
      if (s.charCodeAt(0) === LF) {
        this.fields.push(this.field);
        this.field = '';
        i = this.delimiter(s, 0, LF);
      } else this.strayCR();
    }
    while (i < n) {
      if (this.state === FIELD_START && this.fields.length === 0) {
        const next = this.plainLine(s, i);
        if (next >= 0) {
          i = next;
          continue;
        }
      }
      switch (this.state) {
        case FIELD_START:
          if (s.charCodeAt(i) === QUOTE) {
            this.state = QUOTED;
            this.quoteLine = this.line;
            i++;
          } else this.state = UNQUOTED;
          break;
        case UNQUOTED: {
          const start = i;
          let c = 0;
          while (i < n) {
            c = s.charCodeAt(i);
            if (c === CR && this.lineEnds === 'lf' && i + 1 < n && s.charCodeAt(i + 1) !== LF) {
              this.flag(this.fields.length, strayCRReason(this.fields.length));
              i++;
              continue;
            }
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) this.flag(this.fields.length, `field ${this.fields.length + 1} has a quote inside an unquoted field (quote the whole field and double the quote)`);
            else if (isForbidden(c)) this.flag(this.fields.length, forbiddenReason(c, this.fields.length));
            else if (isSpaceControl(c)) this.spaceControl = true;
            i++;
          }
          this.grow(i - start);
          if (i === n) {
            this.field += s.slice(start, n);
            return;
          }
          if (c === CR && this.lineEnds === 'lf' && i + 1 === n) {
            this.field += s.slice(start, i);
            this.pendingCR = true;
            return;
          }
          this.fields.push(this.field === '' ? s.slice(start, i) : this.field + s.slice(start, i));
          this.field = '';
          i = this.delimiter(s, i, c);
          break;
        }
        case QUOTED: {
          const q = s.indexOf('"', i);
          const end = q < 0 ? n : q;
          this.countBreaks(s, i > countFrom ? i : countFrom, end);
          this.grow(end - i);
          this.field += s.slice(i, end);
          if (q < 0) return;
          i = q + 1;
          this.state = QUOTE_IN_QUOTED;
          break;
        }
        case QUOTE_IN_QUOTED:
          if (s.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i++;
            this.state = QUOTED;
          } else this.state = AFTER_QUOTE;
          break;
        case AFTER_QUOTE: {
          const c = s.charCodeAt(i);
          if (c === CR && this.lineEnds === 'lf') {
            if (i + 1 === n) {
              this.pendingCR = true;
              return;
            }
            if (s.charCodeAt(i + 1) !== LF) {
              i++;
              this.strayCR();
              break;
            }
          }
          if (c === COMMA || c === LF || c === CR) {
            this.fields.push(this.field);
            this.field = '';
            i = this.delimiter(s, i, c);
          } else {
            // `"abc"def`: not RFC 4180. Keep reading the field so the record stays aligned, but flag it.
            this.flag(this.fields.length, `field ${this.fields.length + 1} has text after its closing quote`);
            this.state = UNQUOTED;
          }
          break;
        }
      }
    }
  }

  /** Counts `chars` more characters into the field and record being read; throws past the limits. */
  private grow(chars: number): void {
    this.recordLength += chars;
    if (this.field.length + chars > this.maxField) throw this.tooLong('field');
    if (this.recordLength > this.maxRecord) throw this.tooLong('record');
  }

  /**
   * Fast path: when s[i…] holds a whole line with no quote and no lone CR, hands it over as offsets
   * into `s` and returns the index after its line break; else returns -1 and leaves everything as it
   * was (the state machine then reads the record).
   */
  private plainLine(s: string, i: number): number {
    const view = this.view;
    const n = s.length;
    let count = 0;
    let from = i;
    let bad = -1;
    let badChar = 0;
    let spaceControl = false;
    for (let k = i; k < n; k++) {
      const c = s.charCodeAt(k);
      // Every special character sorts at or below the comma, but DEL and the byte-order mark.
      if (c > COMMA) {
        if (c !== DEL && c !== BOM) continue;
      } else if (c === COMMA) {
        if (k - from > this.maxField) return -1; // the state machine reports it
        if (count + 1 >= view.start.length) view.reserve(count + 2);
        view.start[count] = from;
        view.end[count++] = k;
        from = k + 1;
        continue;
      } else if (c === LF || c === CR) {
        let next = k + 1;
        if (c === CR) {
          if (next >= n || s.charCodeAt(next) !== LF) return -1; // a lone CR, or one cut from its LF
          next++;
        }
        if (k - from > this.maxField || k - i > this.maxRecord) return -1;
        view.start[count] = from;
        view.end[count++] = k;
        view.text = s;
        view.count = count;
        view.line = this.line;
        if (bad < 0 && spaceControl) {
          for (let f = 0; f < count && bad < 0; f++) {
            const sc = spaceControlInside(s, view.start[f]!, view.end[f]!);
            if (sc >= 0) {
              bad = f;
              badChar = sc;
            }
          }
        }
        view.error = bad < 0 ? null : forbiddenReason(badChar, bad);
        view.errorField = bad;
        this.sink(view);
        this.line++;
        this.recordLine = this.line;
        this.lineEnds ??= 'lf';
        return next;
      } else if (c === QUOTE) return -1;
      if (isForbidden(c) && bad < 0) {
        bad = count;
        badChar = c;
      } else if (isSpaceControl(c)) spaceControl = true;
    }
    return -1; // the line goes on in the next chunk
  }

  /** Consumes the comma or line break at `i`; returns the index after it. */
  private delimiter(s: string, i: number, c: number): number {
    this.state = FIELD_START;
    if (c === COMMA) return i + 1;
    this.emit();
    this.line++;
    this.recordLine = this.line;
    if (c === LF) this.lineEnds ??= 'lf';
    if (c === CR) {
      if (i + 1 < s.length) {
        const lf = s.charCodeAt(i + 1) === LF;
        this.lineEnds ??= lf ? 'lf' : 'cr';
        if (lf) return i + 2;
      } else this.skipLF = true;
    }
    return i + 1;
  }

  /** A lone CR inside a line of an LF file: part of the field being read, which it flags (state UNQUOTED). */
  private strayCR(): void {
    this.flag(this.fields.length, strayCRReason(this.fields.length));
    this.field += '\r';
    this.grow(1);
    this.state = UNQUOTED;
  }

  /** Counts the line breaks inside quoted text s[from, to), and flags what no field may hold. */
  private countBreaks(s: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c > COMMA) {
        if (c === BOM || c === DEL) this.flag(this.fields.length, forbiddenReason(c, this.fields.length));
        continue;
      }
      if (c !== LF && c !== CR) {
        if (isForbidden(c)) this.flag(this.fields.length, forbiddenReason(c, this.fields.length));
        else if (isSpaceControl(c)) this.spaceControl = true;
        continue;
      }
      if (c === LF) this.line++;
      else if (c === CR) {
        // In a file whose lines end in LF or CRLF a CR is a break only before its LF (counted there): a lone
        // one inside quotes is text, and counted as a line it put every later row's number one too high.
        if (this.lineEnds === 'lf') continue;
        this.line++;
        if (k + 1 < s.length) {
          if (s.charCodeAt(k + 1) === LF) k++;
        } else this.skipLF = true;
      }
    }
  }
}

/**
 * Parses a byte or text stream, yielding the records of each chunk as one array (one await per chunk,
 * not per record, keeps it fast).
 */
export async function* parseCsvBatches(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>,
): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  const parser = new CsvParser((r) => batch.push({ fields: r.fields(), line: r.line, error: r.error, errorField: r.errorField }));
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    parser.write(chunk);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  parser.end();
  if (batch.length > 0) yield batch;
}

/** Parses a byte or text stream record by record. */
export async function* parseCsv(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>,
): AsyncGenerator<CsvRecord> {
  for await (const batch of parseCsvBatches(input)) yield* batch;
}
