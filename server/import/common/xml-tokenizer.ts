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

/** Line breaks in s[from, to): scans only that range (an unbounded indexOf would scan to the end of the chunk each time). */
function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (s.charCodeAt(k) === 10) n++;
  return n;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

export class XmlTokenizer {
  private buf = '';
  private line = 1;
  private textParts: string[] = [];
  private textLine = 1;
  private started = false;

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

  end(): void {
    this.consume(true);
    if (this.buf.trim() !== '') throw new XmlSyntaxError(this.line, 'the file ends inside a tag or comment');
    this.flushText();
  }

  private flushText(): void {
    if (this.textParts.length === 0) return;
    const raw = this.textParts.length === 1 ? this.textParts[0]! : this.textParts.join('');
    this.textParts = [];
    if (!this.keepBlank && raw.trim() === '') return;
    this.handler.text(decodeEntities(raw), this.textLine);
  }

  private consume(atEnd: boolean): void {
    const s = this.buf;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        // Text up to the end of the chunk; a later chunk may continue it.
        if (this.textParts.length === 0) this.textLine = this.line;
        this.textParts.push(s.slice(i));
        this.line += countLines(s, i, n);
        i = n;
        break;
      }
      if (lt > i) {
        if (this.textParts.length === 0) this.textLine = this.line;
        this.textParts.push(s.slice(i, lt));
        this.line += countLines(s, i, lt);
      }
      const next = s.charCodeAt(lt + 1);
      let end: number;
      if (next === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const close = s.indexOf('-->', lt + 4);
          if (close < 0) return this.keep(lt, atEnd);
          end = close + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const close = s.indexOf(']]>', lt + 9);
          if (close < 0) return this.keep(lt, atEnd);
          if (this.textParts.length === 0) this.textLine = this.line;
          // CDATA is literal text: escape its ampersands so decoding leaves it as it was.
          this.textParts.push(s.slice(lt + 9, close).replace(/&/g, '&amp;'));
          end = close + 3;
        } else {
          const close = s.indexOf('>', lt + 2);
          if (close < 0) return this.keep(lt, atEnd);
          end = close + 1;
        }
      } else if (next === 63 /* ? */) {
        const close = s.indexOf('?>', lt + 2);
        if (close < 0) return this.keep(lt, atEnd);
        end = close + 2;
      } else {
        end = tagEnd(s, lt + 1);
        if (end < 0) return this.keep(lt, atEnd);
        const breaks = tagBreaks;
        this.flushText();
        const tagLine = this.line;
        if (next === 47 /* / */) {
          this.handler.close(localName(s.slice(lt + 2, end - 1).trim()));
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
        this.line += breaks;
        i = end;
        continue;
      }
      this.line += countLines(s, lt, end);
      i = end;
    }
    this.buf = '';
  }

  /** Keeps the unfinished construct starting at `from` for the next chunk. */
  private keep(from: number, atEnd: boolean): void {
    this.buf = this.buf.slice(from);
    if (atEnd) throw new XmlSyntaxError(this.line, 'the file ends inside a tag, comment or CDATA section');
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Line breaks inside the tag tagEnd last found (one pass reads both). */
let tagBreaks = 0;

/** Index after the `>` closing the tag whose name starts at `from`, skipping quoted values; -1 if not yet in. */
function tagEnd(s: string, from: number): number {
  let quote = 0;
  let breaks = 0;
  for (let k = from; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 10) breaks++;
    else if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) {
      tagBreaks = breaks;
      return k + 1;
    }
  }
  return -1;
}
