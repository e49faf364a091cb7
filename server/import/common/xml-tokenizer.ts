// A small streaming XML tokenizer: feed it text chunks, it calls back with each start tag (local name,
// raw attributes, the line it starts on), each end tag and the text between tags (entities decoded).
// It keeps only the unfinished tail of the input, never the document. Enough for the CIN census and
// the parts of an .xlsx workbook we read: no DTDs, no external entities (a <!DOCTYPE> is skipped
// unread, so nothing can be fetched or expanded), namespace prefixes dropped from names.

export interface XmlHandler {
  open(name: string, attrs: string, line: number, selfClosing: boolean): void;
  close(name: string): void;
  /** text between two tags, decoded; called only when it is not all whitespace, or when `keepBlank` */
  text(text: string, line: number): void;
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'XmlSyntaxError';
  }
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(ENTITY, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name]!;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** The value of attribute `name` in a start tag's raw attributes (prefix ignored), or null. */
const ATTRIBUTE_PATTERNS = new Map<string, RegExp>();

export function attribute(attrs: string, name: string): string | null {
  const at = attrs.indexOf(name);
  if (at < 0) return null;
  // The common case, ` name="value"` with no entity: read it in place.
  if (at > 0 && isSpace(attrs.charCodeAt(at - 1)) && attrs.charCodeAt(at + name.length) === 61 && attrs.charCodeAt(at + name.length + 1) === 34) {
    const close = attrs.indexOf('"', at + name.length + 2);
    if (close > 0) {
      const value = attrs.slice(at + name.length + 2, close);
      return value.indexOf('&') < 0 ? value : decodeEntities(value);
    }
  }
  let re = ATTRIBUTE_PATTERNS.get(name);
  if (re === undefined) {
    re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRIBUTE_PATTERNS.set(name, re);
  }
  const m = re.exec(attrs);
  if (!m) return null;
  return decodeEntities(m[1] ?? m[2] ?? '');
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** The longest text between two tags read (1 MiB of characters; Excel's longest cell text is 32,767). */
export const MAX_TEXT = 1_048_576;

export class XmlTokenizer {
  private buf = '';
  private line = 1;
  private textParts: string[] = [];
  /** characters in textParts */
  private textLength = 0;
  private textLine = 1;
  private started = false;
  // Forward-only searches in the current buffer: where the next line break, double and single quote
  // are at or after the position last asked about. Each moves forward only, so finding them costs one
  // pass over the buffer in all, however many tags and texts ask (an indexOf per tag for a quote the
  // file never has would scan to the end of the buffer every time).
  private s = '';
  private nextBreak = -1;
  private nextDouble = -1;
  private nextSingle = -1;
  /**
   * How far into the tag left unfinished at the buffer's start the last scan got (outside any quoted
   * value), so the next chunk's scan resumes there: rescanning a start tag of many attributes from its
   * start at every 64 KiB piece was quadratic (audit a12f B2: a 12.9 MB census held the service 88 s).
   */
  private resume = 0;
  /** where tagEnd's last unfinished scan stopped (-1: the last construct was no unfinished tag) */
  private scanned = -1;

  constructor(
    private readonly handler: XmlHandler,
    private readonly keepBlank = false,
  ) {}

  write(chunk: string): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.consume(false);
  }

  /** The line the input written so far ends on (what is not yet read included). */
  get currentLine(): number {
    let n = this.line;
    for (let k = this.buf.indexOf('\n'); k >= 0; k = this.buf.indexOf('\n', k + 1)) n++;
    return n;
  }

  end(): void {
    this.consume(true);
    if (this.buf.trim() !== '') throw new XmlSyntaxError(this.line, 'the file ends inside a tag or comment');
    this.flushText();
  }

  private flushText(): void {
    if (this.textParts.length === 0) return;
    const raw = this.textParts.length === 1 ? this.textParts[0]! : this.textParts.join('');
    this.textParts = [];
    this.textLength = 0;
    if (!this.keepBlank && isBlank(raw)) return;
    this.handler.text(decodeEntities(raw), this.textLine);
  }

  /**
   * Keeps a piece of the text between two tags, refusing a text longer than MAX_TEXT: no field of a return
   * holds one, and joining and decoding one of 50,000,000 characters held the service 178 ms (audit a12f m1).
   */
  private addText(part: string): void {
    this.textLength += part.length;
    if (this.textLength > MAX_TEXT) throw new XmlSyntaxError(this.textLine, `a value of more than ${MAX_TEXT.toLocaleString('en-GB')} characters begins here: no field of a return holds one, so the file is damaged or is not a return`);
    this.textParts.push(part);
  }

  /** Line breaks in s[from, to), for positions that only move forward. */
  private breaks(from: number, to: number): number {
    const s = this.s;
    if (this.nextBreak !== -2 && this.nextBreak < from) this.nextBreak = next(s, '\n', from);
    let n = 0;
    while (this.nextBreak >= 0 && this.nextBreak < to) {
      n++;
      this.nextBreak = next(s, '\n', this.nextBreak + 1);
    }
    return n;
  }

  /**
   * Index after the `>` closing the tag whose name starts at `from`, skipping quoted values; -1 if not yet
   * in, with `scanned` set to where a later scan may resume (outside any quoted value). Linear in what it
   * reads: the `>` is searched for again only when the last one found was inside a quoted value.
   */
  private tagEnd(from: number): number {
    const s = this.s;
    let k = from;
    let gt = s.indexOf('>', k);
    for (;;) {
      if (gt >= 0 && gt < k) gt = s.indexOf('>', k);
      if (this.nextDouble !== -2 && this.nextDouble < k) this.nextDouble = next(s, '"', k);
      if (this.nextSingle !== -2 && this.nextSingle < k) this.nextSingle = next(s, "'", k);
      const quote = Math.min(this.nextDouble < 0 ? Infinity : this.nextDouble, this.nextSingle < 0 ? Infinity : this.nextSingle);
      if (gt >= 0 && quote > gt) return gt + 1;
      if (quote === Infinity) {
        this.scanned = s.length; // no `>` and no quote: all of it read
        return -1;
      }
      // A quoted value before the `>` (or before the end): skip to its closing quote.
      const close = s.indexOf(s[quote]!, quote + 1);
      if (close < 0) {
        this.scanned = quote;
        return -1;
      }
      k = close + 1;
    }
  }

  private consume(atEnd: boolean): void {
    const s = this.buf;
    this.s = s;
    this.nextBreak = -1;
    this.nextDouble = -1;
    this.nextSingle = -1;
    const n = s.length;
    let i = 0;
    this.scanned = -1;
    // One construct (text and the tag after it) per call: a small method the engine optimises early,
    // rather than one long loop compiled mid-way.
    while (i < n) {
      const next = this.step(s, i, n);
      if (next < 0) return this.keep(-next - 1, atEnd);
      i = next;
    }
    this.buf = '';
  }

  /** Reads the text from `i` and the construct after it; the position after it, or -(start + 1) when it is not all in yet. */
  private step(s: string, i: number, n: number): number {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      // Text up to the end of the chunk; a later chunk may continue it.
      if (this.textParts.length === 0) this.textLine = this.line;
      this.addText(s.slice(i));
      this.line += this.breaks(i, n);
      return n;
    }
    if (lt > i) {
      // White space between tags (indentation) is dropped without being cut out of the chunk.
      if (this.keepBlank || this.textParts.length > 0 || !blankRange(s, i, lt)) {
        if (this.textParts.length === 0) this.textLine = this.line;
        this.addText(s.slice(i, lt));
      }
      this.line += this.breaks(i, lt);
    }
    const next = s.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) return this.special(s, lt, next);
    const resume = lt === 0 ? this.resume : 0;
    this.resume = 0;
    this.scanned = -1;
    const end = this.tagEnd(resume > 0 ? resume : lt + 1);
    if (end < 0) return -lt - 1;
    this.flushText();
    const tagLine = this.line;
    if (next === 47 /* / */) {
      let name = s.slice(lt + 2, end - 1);
      if (isSpace(name.charCodeAt(name.length - 1))) name = name.trim();
      this.handler.close(localName(name));
    } else {
      const selfClosing = s.charCodeAt(end - 2) === 47;
      const innerEnd = selfClosing ? end - 2 : end - 1;
      let k = lt + 1;
      while (k < innerEnd && !isSpace(s.charCodeAt(k))) k++;
      const name = localName(s.slice(lt + 1, k));
      if (name === '') throw new XmlSyntaxError(tagLine, 'a "<" that starts no tag (write it as &lt;)');
      this.handler.open(name, k < innerEnd ? s.slice(k, innerEnd) : '', tagLine, selfClosing);
      if (selfClosing) this.handler.close(name);
    }
    this.line += this.breaks(lt, end);
    return end;
  }

  /** A comment, CDATA section, declaration or processing instruction at `lt`. */
  private special(s: string, lt: number, next: number): number {
    let end: number;
    if (next === 63 /* ? */) {
      const close = s.indexOf('?>', lt + 2);
      if (close < 0) return -lt - 1;
      end = close + 2;
    } else if (s.startsWith('<!--', lt)) {
      const close = s.indexOf('-->', lt + 4);
      if (close < 0) return -lt - 1;
      end = close + 3;
    } else if (s.startsWith('<![CDATA[', lt)) {
      const close = s.indexOf(']]>', lt + 9);
      if (close < 0) return -lt - 1;
      if (this.textParts.length === 0) this.textLine = this.line;
      // CDATA is literal text: escape its ampersands so decoding leaves it as it was.
      this.addText(s.slice(lt + 9, close).replace(/&/g, '&amp;'));
      end = close + 3;
    } else {
      const close = s.indexOf('>', lt + 2);
      if (close < 0) return -lt - 1;
      end = close + 1;
    }
    this.line += this.breaks(lt, end);
    return end;
  }

  /** Keeps the unfinished construct starting at `from` for the next chunk. */
  private keep(from: number, atEnd: boolean): void {
    this.resume = this.scanned > from ? this.scanned - from : 0;
    this.buf = this.buf.slice(from);
    if (atEnd) throw new XmlSyntaxError(this.line, 'the file ends inside a tag, comment or CDATA section');
  }
}

/** The next `c` in s at or after `from`; -2 when there is none (so it is never searched for again). */
function next(s: string, c: string, from: number): number {
  const at = s.indexOf(c, from);
  return at < 0 ? -2 : at;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Whether s[from, to) is all white space. */
function blankRange(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

/** Whether text is all white space (without making a trimmed copy). */
function isBlank(text: string): boolean {
  for (let k = 0; k < text.length; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}
